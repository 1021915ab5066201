"""Clustering and grading, pure: no database."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from ceasewatch.assess.corroborate import (
    DENIAL_LAG_DAYS,
    Clusterer,
    Member,
    cluster,
    event_key,
)
from ceasewatch.assess.grading import (
    affirming,
    auto_status,
    contradictions,
    credibility,
    grade,
    opened_event,
    source_origins,
)
from ceasewatch.model import (
    ClaimStatus,
    Credibility,
    Family,
    Reliability,
    Source,
    VerificationStatus,
)

D = date(2021, 5, 27)
SOTK = (40.2031, 45.8647)
CFV = Family.CEASEFIRE_VIOLATION


def m(
    ref: str,
    origin: str = "AM",
    *,
    family: Family = CFV,
    day: date = D,
    days: int = 0,
    at: tuple[float, float] | None = SOTK,
    radius: float = 5.0,
    status: str = ClaimStatus.ASSERTED.value,
    perp: tuple[str, ...] = (),
    target: tuple[str, ...] = (),
    killed: int | None = None,
    text: str = "",
) -> Member:
    return Member(
        ref=f"claim:{ref}",
        kind="claim",
        family=family,
        type_code="cfv.small_arms" if family == CFV else "x.y",
        start=day,
        end=day + timedelta(days=days),
        origin=origin,
        lat=at[0] if at else None,
        lon=at[1] if at else None,
        radius_km=radius if at else 0.0,
        place="Sotk" if at else None,
        perpetrators=frozenset(perp),
        targets=frozenset(target),
        status=status,
        killed=killed,
        text=text,
        words=frozenset(w.lower() for w in text.split() if len(w) >= 4),
    )


def events_of(joins: list) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for j in joins:
        if j.event:
            out.setdefault(j.event, set()).add(j.ref)
    return out


def test_one_incident_told_three_ways_is_one_event_and_each_join_says_why() -> None:
    joins = cluster(
        [
            m("am#1", "AM", perp=("AZ",)),
            m("az#1", "AZ", status="denied", day=D + timedelta(days=1), perp=("AZ",)),
            m("wire#1", "global-wire", at=(40.21, 45.88), perp=("AZ",)),
        ]
    )
    assert len(events_of(joins)) == 1
    [opened] = [j for j in joins if j.opened]
    assert opened.ref == "claim:am#1" and opened.event == event_key("claim:am#1")
    wire = next(j for j in joins if j.ref == "claim:wire#1")
    assert (
        "dates meet (2021-05-27)" in wire.reason and "km from Sotk (within 12.0 km)" in wire.reason
    )
    assert "parties agree (AZ)" in wire.reason
    denial = next(j for j in joins if j.ref == "claim:az#1")
    assert "denied on 2021-05-28, 1 day(s) after" in denial.reason


def test_what_keeps_records_apart() -> None:
    base = m("a")
    apart = {
        "another family": m("b", family=Family.PROTEST),
        "another day": m("c", day=D + timedelta(days=1)),
        "too far for both precisions": m("d", at=(40.40, 45.86), radius=5.0),
        "other parties, not belligerents": m("e", perp=("X",)),
    }
    for why, other in apart.items():
        joins = cluster([replace(base, perpetrators=frozenset({"AZ"})), other])
        assert len(events_of(joins)) == 2, why
    # 22 km apart: two districts' radii (25 km each) reach, two exact places do not
    far = (40.40, 45.86)
    assert len(events_of(cluster([m("a", radius=25.0), m("b", at=far, radius=25.0)]))) == 1
    assert len(events_of(cluster([m("a", radius=0.1), m("b", at=far, radius=0.1)]))) == 2


def test_the_missions_activities_of_a_day_are_one_event_per_type() -> None:
    mission = Family.MISSION_ACTIVITY
    patrol = m("pk#1", "RU", family=mission)
    escort = replace(m("pk#2", "RU", family=mission), type_code="mission.escort")
    again = m("wire#1", "global-wire", family=mission)  # the patrol, told again
    events = events_of(cluster([patrol, escort, again]))
    assert sorted(map(sorted, events.values())) == [
        ["claim:pk#1", "claim:wire#1"],
        ["claim:pk#2"],
    ]


def test_both_sides_blaming_each_other_is_one_incident_with_a_contradiction() -> None:
    records = [m("am#1", "AM", perp=("AZ",)), m("az#1", "AZ", perp=("AM",))]
    assert len(events_of(cluster(records, Clusterer()))) == 2  # nothing known of the sides
    assert len(events_of(cluster(records, Clusterer({"AM", "AZ"})))) == 1
    [c] = contradictions(records)
    assert c.kind == "perpetrator" and "AZ by am#1 (AM) vs AM by az#1 (AZ)" in c.text
    assert auto_status(records)[0] is VerificationStatus.DISPUTED


def test_what_is_left_out_and_why() -> None:
    joins = cluster(
        [
            m("spec", status="speculative"),
            m("vague", days=20),
            replace(m("undated"), start=None, end=None),
            m("lonely-denial", status="denied"),
        ]
    )
    reasons = {j.ref.split(":")[1]: j.reason for j in joins}
    assert all(j.event is None for j in joins)
    assert reasons["spec"].startswith("speculative")
    assert reasons["vague"] == "known only to 21 days: too vague to cluster"
    assert reasons["undated"] == "no date to place it in time"
    assert reasons["lonely-denial"] == "a denial of nothing on record"


def test_a_denial_joins_up_to_the_lag_after_the_incident() -> None:
    late = m("late", "AZ", status="denied", day=D + timedelta(days=DENIAL_LAG_DAYS))
    later = m("later", "AZ", status="denied", day=D + timedelta(days=DENIAL_LAG_DAYS + 1))
    joins = cluster([m("claim"), late, later])
    assert {j.ref: j.event is not None for j in joins} == {
        "claim:claim": True,
        "claim:late": True,
        "claim:later": False,
    }


def test_a_record_without_a_place_joins_and_says_so_text_breaks_ties() -> None:
    c = Clusterer()
    cluster(
        [
            m("sotk", text="mortar fire near the border village overnight"),
            m("other", at=(40.5, 45.5), radius=0.1, text="sniper shots at a checkpoint"),
        ],
        c,
    )
    j = c.add(m("unplaced", at=None, text="sniper shots reported at the checkpoint"))
    assert j.event == event_key("claim:other") and "no place to compare" in j.reason


def test_the_same_records_in_any_order_give_the_same_events() -> None:
    rng = random.Random(7)
    records = []
    for n in range(3000):
        day = D + timedelta(days=rng.randrange(60))
        at = (39.5 + rng.random() * 0.8, 46.0 + rng.random() * 1.0)
        records.append(
            m(
                f"r{n}",
                rng.choice(["AM", "AZ", "RU", "wire"]),
                family=rng.choice([CFV, Family.ARMED_CLASH, Family.OBSTRUCTION]),
                day=day,
                days=rng.choice([0, 0, 0, 2]),
                at=at if rng.random() > 0.1 else None,
                radius=rng.choice([0.1, 5.0, 25.0]),
                status=rng.choice(["asserted", "reported", "alleged", "denied"]),
                perp=(rng.choice(["AM", "AZ"]),),
            )
        )
    first = events_of(cluster(records, Clusterer({"AM", "AZ"})))
    for _ in range(3):
        rng.shuffle(records)
        assert events_of(cluster(records, Clusterer({"AM", "AZ"}))) == first
    assert 50 < len(first) < 3000  # some records joined, not all into one


def test_corroboration_counts_origins_not_copies() -> None:
    one = [m("mod", "AZ"), m("tabloid", "AZ"), m("paper", "AZ")]
    assert auto_status(one) == (VerificationStatus.UNVERIFIED, "one origin only (AZ)")
    two = [*one, m("wire", "global-wire")]
    status, why = auto_status(two)
    assert status is VerificationStatus.CORROBORATED and why.endswith("AZ, global-wire")


def test_outlets_count_as_what_they_re_report() -> None:
    sources = [
        Source("az-mod", "MoD", affiliation="AZ"),
        Source("tabloid", "Tabloid", parent="az-mod"),
        Source("copy", "Copy of the tabloid", parent="tabloid"),
        Source("wire", "Wire"),
        Source("pkc", "Bulletin", affiliation="mission"),
        Source("loop-a", "A", parent="loop-b"),
        Source("loop-b", "B", parent="loop-a"),
    ]
    found = source_origins(sources)
    assert found["tabloid"] == found["copy"] == "AZ"
    assert found["wire"] == "wire" and found["pkc"] == "pkc"
    assert found["loop-a"] in ("loop-a", "loop-b")  # a cycle ends, it does not hang


def test_contradictions_kept_side_by_side() -> None:
    records = [
        m("am", "AM", killed=2),
        m("ru", "RU", killed=0),
        m("am-update", "AM", killed=3),  # one origin revising itself is not a contradiction
        m("az", "AZ", status="denied"),
        m("az2", "AZ", status="denied"),
    ]
    found = {c.kind: c for c in contradictions(records)}
    assert set(found) == {"denial", "killed"}
    assert found["denial"].text == "AZ denies what AM, RU report"
    assert found["denial"].refs[:2] == ("claim:az", "claim:az2")
    assert found["killed"].text == "killed: 0 by RU vs 3 by AM"  # AM's revised toll
    assert not contradictions([m("a", killed=2), m("b", killed=3)])  # both AM
    # AM revises 2 to 3 and RU says 3: they agree, and nobody is contradicted
    revised = [m("am", "AM", killed=2), m("am2", "AM", killed=3), m("ru", "RU", killed=3)]
    assert not contradictions(revised)
    assert credibility(revised[2], revised, Reliability.C)[0] is Credibility.PROBABLY_TRUE


def test_credibility_from_corroboration_and_contradiction() -> None:
    c = Reliability.C

    def cred(x: Member, group: list[Member], r: Reliability | None = c, **kw: object) -> int:
        return int(credibility(x, group, r, **kw)[0])  # type: ignore[arg-type]

    am = m("am", "AM")
    assert cred(am, [am, m("ru", "RU"), m("wire", "wire")]) == 1
    first_hand = replace(m("op5", "observer OP-5"), status="first_hand", kind="observation")
    assert cred(am, [am, first_hand]) == 1
    assert cred(am, [am, m("ru", "RU")]) == 2
    assert cred(am, [am, m("copy", "AM")]) == 3  # a copy is no confirmation
    assert cred(am, [am, m("az", "AZ", status="denied")]) == 5
    assert cred(am, [am, m("ru", "RU"), m("w", "w"), m("az", "AZ", status="denied")]) == 3
    assert cred(m("h", status="alleged"), [m("h", status="alleged")]) == 4
    assert cred(am, [am], Reliability.D) == 4
    assert cred(am, [am], Reliability.F) == 6
    assert cred(am, [am], None) == 6
    assert cred(m("s", status="speculative"), []) == 6
    denial = m("az", "AZ", status="denied")
    assert cred(am, [am, denial], decided=VerificationStatus.VERIFIED) == 1
    assert cred(denial, [am, denial], decided=VerificationStatus.VERIFIED) == 5
    assert cred(denial, [am, denial], decided=VerificationStatus.REFUTED) == 1
    _, why = credibility(am, [am, m("ru", "RU")], c)
    assert why == "corroborated by one independent origin (RU)"
    assert grade(Reliability.B, Credibility.PROBABLY_TRUE) == "B2"
    assert grade(None, Credibility.CANNOT_BE_JUDGED) == "F6"


def test_an_opened_event_is_made_from_its_members() -> None:
    members = [
        m("a", "AM", perp=("AZ",), killed=1, radius=25.0),
        m("b", "RU", perp=("AZ",), killed=3, at=(40.21, 45.87), radius=0.1),
        m("c", "AZ", status="denied"),
    ]
    e = opened_event("cw-x", members, D, D, VerificationStatus.DISPUTED)
    assert e.where.precision.value == "exact" and e.where.lat == 40.21  # the most precise
    assert (e.killed.low, e.killed.best, e.killed.high) == (1, 1, 3)
    assert [(a.party, a.role.value) for a in e.actors] == [("AZ", "perpetrator")]
    assert e.dataset == "ceasewatch" and e.status is VerificationStatus.DISPUTED
    assert len(affirming(members)) == 2


def test_an_event_on_record_takes_its_window_from_what_affirms_it() -> None:
    claim = m("wide", days=2, day=D - timedelta(days=2))
    denial = m("denial", "AZ", status="denied")
    one, two = Clusterer(), Clusterer()
    a, b = one.seed("x", [denial, claim]), two.seed("x", [claim, denial])
    assert (a.lo, a.hi) == (b.lo, b.hi) == (D - timedelta(days=2), D)
    e1 = opened_event("x", [m("p", family=Family.ARMED_CLASH), m("q")], D, D,
                      VerificationStatus.UNVERIFIED)  # fmt: skip
    e2 = opened_event("x", [m("q"), m("p", family=Family.ARMED_CLASH)], D, D,
                      VerificationStatus.UNVERIFIED)  # fmt: skip
    assert e1 == e2  # a tie in type is broken the same way whatever the order
