"""The built-in rules on small, hand-made evidence: the edge cases a review found."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from ceasewatch.agreements.bundled import bundled
from ceasewatch.assess.builtin import (
    CeasefireViolation,
    CorridorMovement,
    Deadlines,
    MissionMandate,
    Obstruction,
    RestrictedActivity,
)
from ceasewatch.assess.evidence import FIRST_HAND, Item
from ceasewatch.assess.rules import Context, scope
from ceasewatch.geo.measure import Frame
from ceasewatch.geo.tracks import ZoneTest, excursions
from ceasewatch.model import (
    Family,
    FindingStatus,
    GeoPrecision,
    TrackPoint,
    default_taxonomy,
)

KARABAKH = bundled("karabakh-2020")
MINSK = bundled("minsk-2015")
TAX = default_taxonomy()
DAY = date(2021, 10, 9)
CFV = Family.CEASEFIRE_VIOLATION


def item(ref: str, kind: str = "claim", status: str = "asserted", **kw) -> Item:  # type: ignore[no-untyped-def]
    base = dict(
        type_code="cfv.small_arms",
        family=CFV,
        start=DAY,
        end=DAY,
        lat=39.80,
        lon=46.80,
        precision=GeoPrecision.NEAR,
    )
    base.update(kw)
    return Item(ref, kind, status=status, **base)  # type: ignore[arg-type]


def run(rule, agreement, items, **kw):  # type: ignore[no-untyped-def]
    return list(
        rule.run(Context(agreement, scope(items, agreement), kw.pop("tracks", {}), TAX, **kw))
    )


def test_a_denial_or_a_hedge_with_an_observation_never_confirms_a_party() -> None:
    seen = item("observation:o1", "observation", FIRST_HAND, claimant="OP-5")
    denial = item("claim:d1#1", status="denied", claimant="AZ", sources=("d1",))
    [f] = run(CeasefireViolation(), KARABAKH, [denial, seen])
    assert f.party is None and f.status is FindingStatus.CONFIRMED  # it happened; who: open
    hedge = item("claim:d2#1", status="alleged", claimant="AM", sources=("d2",))
    found = {f.party: f for f in run(CeasefireViolation(), KARABAKH, [hedge, seen])}
    assert found["AZ"].status is FindingStatus.ALLEGED


def test_firm_blame_with_an_independent_report_that_it_happened_is_substantiated() -> None:
    blame = item("claim:d1#1", claimant="AM", sources=("d1",))
    bulletin = item("claim:d2#1", status="reported", claimant="RU", sources=("d2",))
    [f] = run(CeasefireViolation(), KARABAKH, [blame, bulletin])
    assert (f.party, f.status) == ("AZ", FindingStatus.SUBSTANTIATED)


def test_refuted_events_prove_nothing() -> None:
    refuted = item("event:e1", "event", "refuted", perpetrators=("AZ",), sources=("x",))
    assert run(CeasefireViolation(), KARABAKH, [refuted]) == []


def test_first_hand_days_are_the_agreements_days() -> None:
    kyiv_15th = datetime(2015, 2, 14, 23, 30, tzinfo=UTC)  # 01:30 in Kyiv on the 15th
    kyiv_14th = datetime(2015, 2, 15, 0, 30, tzinfo=timezone(timedelta(hours=4)))
    early = item(
        "observation:a",
        "observation",
        FIRST_HAND,
        lat=48.3,
        lon=38.4,
        start=date(2015, 2, 14),
        end=date(2015, 2, 14),
        moment=kyiv_15th,
    )
    late = item(
        "observation:b",
        "observation",
        FIRST_HAND,
        lat=48.3,
        lon=38.4,
        start=date(2015, 2, 15),
        end=date(2015, 2, 15),
        moment=kyiv_14th,
    )
    found = run(CeasefireViolation(), MINSK, [early, late])
    assert [f.evidence for f in found] == [("observation:a",)]


def test_a_mission_sourced_report_is_not_a_gap() -> None:
    own = item(
        "event:e1",
        "event",
        "unverified",
        lat=48.3,
        lon=38.4,
        sources=("osce-smm",),
        start=date(2015, 3, 1),
        end=date(2015, 3, 1),
    )
    gaps = [f for f in run(MissionMandate(), MINSK, [own]) if "monitor" in f.subject]
    assert gaps == []


def test_a_mission_whose_mandate_the_file_leaves_out_does_nothing_outside_it() -> None:
    patrol = item(
        "event:p1",
        "event",
        "unverified",
        type_code="mission.patrol",
        family=Family.MISSION_ACTIVITY,
        lat=48.3,
        lon=38.4,
        participants=("osce-smm",),
        start=date(2014, 6, 1),  # within its first term
        end=date(2014, 6, 1),
    )
    with_mandate = [m for m in MINSK.missions if m.mandate]
    assert with_mandate and not any(
        t.task.value == "patrol" for m in with_mandate for t in m.mandate
    )
    outside = [f for f in run(MissionMandate(), MINSK, [patrol]) if "outside" in f.subject]
    assert [f.evidence for f in outside] == [("event:p1",)]
    unknown = replace(MINSK, missions=tuple(replace(m, mandate=()) for m in MINSK.missions))
    assert not [f for f in run(MissionMandate(), unknown, [patrol]) if "outside" in f.subject]


def test_deadlines_ignore_records_from_before_the_obligation_opens() -> None:
    early = item(
        "event:w1",
        "event",
        "unverified",
        type_code="movement.withdrawal",
        family=Family.MILITARY_MOVEMENT,
        lat=48.36,
        lon=37.95,
        participants=("UA",),
        start=date(2014, 9, 1),
        end=date(2014, 9, 1),
    )
    found = run(Deadlines(), MINSK, [early], as_of=date(2015, 4, 1))
    assert any(
        f.party == "UA" and "withdraw_heavy_weapons" in f.summary and "no record" in f.summary
        for f in found
    )


def test_a_restriction_after_a_deadline_holds_from_the_next_day() -> None:
    def guns(day: date) -> Item:
        return item(
            f"event:g{day.day}",
            "event",
            "unverified",
            type_code="movement.forces",
            family=Family.MILITARY_MOVEMENT,
            lat=48.45,
            lon=37.95,
            perpetrators=("UA",),
            unit="artillery_100mm_and_above",
            quantity=4,
            sources=("osce-smm",),
            start=day,
            end=day,
        )

    found = run(RestrictedActivity(), MINSK, [guns(date(2015, 3, 3)), guns(date(2015, 3, 4))])
    assert [f.evidence for f in found] == [("event:g4",)]


def test_obstruction_under_another_partys_obligation_says_so() -> None:
    stop = item(
        "event:s1",
        "event",
        "unverified",
        type_code="obstruction.mission",
        family=Family.OBSTRUCTION,
        lat=47.12,
        lon=37.74,
        perpetrators=("RU",),
        start=date(2015, 3, 18),
        end=date(2015, 3, 18),
    )
    [f] = run(Obstruction(), MINSK, [stop])
    assert "binds other parties, not RU" in f.summary


def test_a_track_that_only_comes_near_the_corridor_again_has_not_rejoined_it() -> None:
    frame = Frame.of(KARABAKH.zones)
    test = ZoneTest(frame, next(z for z in KARABAKH.zones if z.id == "lachin-corridor"))
    lons, lats = [46.5504, 46.52, 46.5504], [39.5988, 39.63, 39.5988]
    times = [datetime(2022, 1, 1, tzinfo=UTC) + timedelta(minutes=k) for k in range(3)]
    [run_] = excursions(test, times, lons, lats, 500)
    assert run_.rejoins and run_.back_at == times[2]
    assert not excursions(test, times[:2], lons[:2], lats[:2], 500)[0].rejoins


def test_a_vehicle_is_linked_to_records_that_name_it_exactly_and_near_in_time() -> None:
    t0 = datetime(2022, 6, 14, 1, 0, tzinfo=UTC)
    route = [(39.8177, 46.7528), (39.79, 46.73), (39.77, 46.64), (39.74, 46.69), (39.7300, 46.69)]
    points = [
        TrackPoint("CONVOY-7", t0 + timedelta(minutes=10 * k), lat, lon)
        for k, (lat, lon) in enumerate(route)
    ]
    named = item(
        "event:e1",
        "event",
        "unverified",
        type_code="mission.escort",
        family=Family.MISSION_ACTIVITY,
        participants=("RU",),
        text="Night convoy escorted; see track CONVOY-7.",
        start=date(2022, 6, 14),
        end=date(2022, 6, 14),
    )
    other = item(
        "crossing:x9",
        "crossing",
        FIRST_HAND,
        participants=("AZ",),
        text="CONVOY-71 (inbound)",
        start=date(2022, 6, 14),
        end=date(2022, 6, 14),
    )
    found = run(CorridorMovement(), KARABAKH, [named, other], tracks={"CONVOY-7": points})
    track = [f for f in found if "track:CONVOY-7" in f.evidence]
    assert track and track[0].party == "RU" and "crossing:x9" not in track[0].evidence
