"""The assessment on the illustrative scenarios, on both databases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ceasewatch.assess.builtin import builtin_rules
from ceasewatch.model import Finding, FindingStatus
from ceasewatch.workspace import Workspace

P = "event:scenario-karabakh-2020:"


@pytest.fixture
def karabakh(ws: Workspace) -> list[Finding]:
    ws.load_scenario("karabakh-2020")
    ws.extract_claims()
    report = ws.assess(as_of=date(2025, 1, 1))
    assert [r.problems for r in report.results] == [[]]
    return ws.findings()


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule_id == rule]


def test_the_missions_activities_outside_its_mandate(karabakh: list[Finding]) -> None:
    outside = [f for f in of(karabakh, "mission-mandate") if "outside the mandate" in f.subject]
    evidence = {ref for f in outside for ref in f.evidence}
    assert {P + "pkc-006", P + "pkc-008", P + "pkc-009"} <= evidence  # chapel, schools, aid
    chapel = next(f for f in outside if P + "pkc-006" in f.evidence)
    assert chapel.party == "RU" and chapel.status is FindingStatus.CONFIRMED
    assert "religious or cultural" in chapel.summary
    # what the mandate does cover is not listed: escorts and patrols
    assert not any(P + "pkc-004" in f.evidence or P + "pkc-003" in f.evidence for f in outside)


def test_the_convoy_that_left_the_corridor(karabakh: list[Finding]) -> None:
    [convoy] = [f for f in of(karabakh, "corridor-movement") if "track:CONVOY-7" in f.evidence]
    assert convoy.status is FindingStatus.CONFIRMED and convoy.party == "RU"
    assert convoy.subject == "6" and P + "pkc-010" in convoy.evidence
    assert "CONVOY-7 left the corridor" in convoy.summary and "3.0 km outside" in convoy.summary


def test_ore_through_the_checkpoint_against_its_provision(karabakh: list[Finding]) -> None:
    cargo = [f for f in of(karabakh, "prohibited-cargo") if "crossing:x-002" in f.evidence]
    assert len(cargo) == 1
    ore = cargo[0]
    assert ore.subject == "6" and ore.status is FindingStatus.CONFIRMED
    assert "mineral_ore" in ore.summary and "interpretation" in ore.summary
    reported = [
        f
        for f in of(karabakh, "prohibited-cargo")
        if any(r.startswith("claim:doc-009#") for r in f.evidence)
    ]
    assert reported and reported[0].status is FindingStatus.ALLEGED  # "allegedly", "sources"


def test_the_obstruction_of_journalists(karabakh: list[Finding]) -> None:
    [f] = [f for f in of(karabakh, "obstruction") if P + "evt-005" in f.evidence]
    assert f.party == "RU" and "journalists" in f.summary
    # the event (Caspian Herald) and a claim of another outlet: corroborated, not first-hand
    assert f.status is FindingStatus.SUBSTANTIATED
    assert "no provision" in f.summary


def test_ceasefire_violations_per_party_with_their_status(karabakh: list[Finding]) -> None:
    cfv = of(karabakh, "ceasefire-violation")
    by_day = {(str(f.period.start), f.party): f for f in cfv}
    assert by_day[("2021-08-20", None)].status is FindingStatus.CONFIRMED  # two posts heard it
    # AM's claim of Friday evening's fire (the wire's dateline is Saturday's), the contingent's
    # bulletin, AZ's denial
    sniper = by_day[("2021-10-08", "AZ")]
    assert sniper.status is FindingStatus.SUBSTANTIATED and "denied by AZ" in sniper.summary
    assert by_day[("2022-03-24", "AZ")].status is FindingStatus.ALLEGED  # one side's word
    assert {f.party for f in cfv} >= {"AM", "AZ"}


def test_no_confirmed_finding_rests_on_claims_alone(ws: Workspace, karabakh: list[Finding]) -> None:
    confirmed = [f for f in karabakh if f.status is FindingStatus.CONFIRMED]
    assert confirmed
    for f in confirmed:
        _, items = ws.finding(f.id)
        assert {i.ref for i in items} | {r for r in f.evidence if r.startswith("track:")} == set(
            f.evidence
        )
        first_hand = [i for i in items if i.kind != "claim"]
        assert first_hand or any(r.startswith("track:") for r in f.evidence), f.id
        if f.party is not None:  # a record beside the claims names the party found against
            assert any(f.party in i.perpetrators + i.participants for i in first_hand), f.id
    for f in karabakh:
        if all(r.startswith("claim:") for r in f.evidence):
            _, items = ws.finding(f.id)
            if all(i.status in ("alleged", "speculative", "denied") for i in items):
                assert f.status is FindingStatus.ALLEGED, f.id


def test_rerun_is_idempotent_and_says_what_changed(
    ws: Workspace, karabakh: list[Finding], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    again = ws.assess(as_of=date(2025, 1, 1)).results[0].changes
    assert not again and again.unchanged == len(karabakh)
    note = tmp_path / "bulletin.txt"
    note.write_text(
        "Over the past day, the Russian peacekeeping contingent recorded a ceasefire violation "
        "in the Martuni district: Azerbaijani units fired on Armenian positions near Martuni."
    )
    ws.import_documents([str(note)], date(2022, 3, 25), "ru-pkc")
    ws.extract_claims()
    changes = ws.assess(as_of=date(2025, 1, 1)).results[0].changes
    grown = [
        (old, new, why)
        for old, new, why in changes.changed
        if any("new evidence claim:" in w for w in why)
    ]
    assert grown  # the same findings, with more behind them
    # and the mission's own bulletin of that day closes the gap its silence had left
    assert [f.subject for f in changes.removed] == ["mission ru-pkc: monitor_ceasefire"]
    for old, new, _why in grown:
        assert old.id == new.id and set(old.evidence) < set(new.evidence)
    ws.ledger_head()
    assert ws.ledger_verify().ok


def test_a_second_agreement_gives_findings_of_other_kinds(ws: Workspace) -> None:
    ws.load_scenario("minsk-2015")
    report = ws.assess("minsk-2015", as_of=date(2015, 4, 1))
    assert report.results[0].problems == []
    found = ws.findings("minsk-2015")
    kinds = {f.rule_id for f in found}
    assert {"restricted-activity", "obstruction", "deadline"} <= kinds
    weapons = of(found, "restricted-activity")
    assert {f.party for f in weapons} == {"UA", "CADLR"}
    assert all(f.status is FindingStatus.CONFIRMED and f.subject == "2" for f in weapons)
    assert not any("smm-005" in r for f in weapons for r in f.evidence)  # far behind the line
    [monitors] = of(found, "obstruction")
    assert monitors.subject == "3" and monitors.party == "CADLR"
    late = [f for f in of(found, "deadline") if "after its deadline" in f.summary]
    assert [f.party for f in late] == ["CADLR"]
    overdue = [f for f in of(found, "deadline") if "no record shows it done" in f.summary]
    assert {f.party for f in overdue} == {"UA", "CADLR"}


def test_a_rule_that_raises_does_not_stop_the_assessment(ws: Workspace) -> None:
    class Broken:
        id, version, title = "broken", "1", "raises"

        def run(self, ctx):  # type: ignore[no-untyped-def]
            raise KeyError("zone")

    ws.load_scenario("minsk-2015")
    report = ws.assess("minsk-2015", as_of=date(2015, 4, 1), rules=[Broken(), *builtin_rules()])
    [problem] = report.results[0].problems
    assert problem.rule == "broken"
    assert len(ws.findings("minsk-2015")) >= 3


def test_evidence_read_from_rows_equals_evidence_from_events(ws: Workspace, acled_sample) -> None:  # type: ignore[no-untyped-def]
    from ceasewatch.assess.evidence import from_event
    from ceasewatch.model.query import EventQuery
    from ceasewatch.store import events as event_repo
    from ceasewatch.store import evidence as evidence_repo

    ws.load_scenario("karabakh-2020")
    ws.import_file(str(acled_sample))
    with ws.engine.connect() as conn:
        fast = list(evidence_repo.iter_evidence(conn))
        slow = [from_event(e) for e in event_repo.iter_events(conn, EventQuery())]
    assert len(fast) > 20 and fast == slow


def test_a_partial_run_leaves_findings_that_reach_outside_it(ws: Workspace) -> None:
    ws.load_scenario("karabakh-2020")
    ws.extract_claims()
    ws.assess(as_of=date(2025, 1, 1))
    before = {f.id: f for f in ws.findings()}
    part = ws.assess(start=date(2022, 1, 1), end=date(2022, 6, 30), as_of=date(2025, 1, 1))
    changes = part.results[0].changes
    assert not changes.removed and not changes.added
    after = {f.id: f for f in ws.findings()}
    assert after.keys() == before.keys()


def test_the_default_day_of_judgement_is_the_latest_record(ws: Workspace) -> None:
    ws.load_scenario("minsk-2015")
    ws.assess("minsk-2015")
    first = {f.id for f in ws.findings("minsk-2015")}
    again = ws.assess("minsk-2015").results[0].changes
    assert not again and {f.id for f in ws.findings("minsk-2015")} == first
    overdue = [f for f in ws.findings("minsk-2015") if "no record shows it done" in f.summary]
    assert overdue and all("as of 2015-03-18" in f.summary for f in overdue)


def test_a_plugin_finding_without_its_agreement_is_stored_once(ws: Workspace) -> None:
    from ceasewatch.assess.rules import finding as make
    from ceasewatch.model import Severity

    class Careless:
        id, version, title = "careless", "1", "forgets the agreement"

        def run(self, ctx):  # type: ignore[no-untyped-def]
            from dataclasses import replace

            f = make(self, ctx.agreement, "k", "1", None, [], "x", Severity.LOW)
            yield replace(f, agreement=None)

    ws.load_scenario("minsk-2015")
    ws.assess("minsk-2015", rules=[Careless()])
    assert ws.assess("minsk-2015", rules=[Careless()]).results[0].changes.unchanged == 1


def test_events_beyond_every_agreements_reach_are_not_read(
    ws: Workspace, acled_sample: Path, tmp_path: Path
) -> None:
    """A record of the whole world assessed against one ceasefire: the events placed
    elsewhere stay in the database, and what the rules see is the same."""
    import csv

    from ceasewatch.agreements.bundled import bundled
    from ceasewatch.assess.rules import reach, scope
    from ceasewatch.store import evidence as evidence_repo
    from ceasewatch.workspace import assessing

    ws.load_scenario("karabakh-2020")
    ws.import_file(str(acled_sample))
    # the same rows again, placed on the Red Sea coast, and naming the same parties
    with acled_sample.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    far_file = tmp_path / "far.csv"
    with far_file.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=list(rows[0]))
        out.writeheader()
        for row in rows:
            out.writerow({**row, "event_id_cnty": row["event_id_cnty"] + "-FAR",
                          "latitude": "14.8", "longitude": "42.95"})  # fmt: skip
    ws.import_file(str(far_file))
    karabakh = ws.agreement("karabakh-2020").agreement
    minsk = bundled("minsk-2015")
    box = reach(karabakh)
    assert box is not None
    west, south, east, north = box
    with ws.engine.connect() as conn:
        every, _ = assessing.evidence(conn, ws.taxonomy)
        near, _ = assessing.evidence(conn, ws.taxonomy, [karabakh])
        both, _ = assessing.evidence(conn, ws.taxonomy, [karabakh, minsk])
        placed = [i for i in every if i.kind == "event" and i.lat is not None]
        # a box's edges are inside it: one event's own point as the box finds that event
        one = placed[0]
        point = (one.lon, one.lat, one.lon, one.lat)
        found = list(evidence_repo.iter_evidence(conn, boxes=[point]))
    far = {i.ref for i in placed if not (west <= i.lon <= east and south <= i.lat <= north)}  # type: ignore[operator]
    assert len(far) == len(rows)
    assert far.isdisjoint(i.ref for i in near)
    assert scope(near, karabakh) == scope(every, karabakh)
    assert scope(both, minsk) == scope(every, minsk) and scope(both, karabakh) == scope(
        every, karabakh
    )
    assert one.ref in {i.ref for i in found}
    assert all(i.lat is None or (i.lat, i.lon) == (one.lat, one.lon) for i in found)
    before = {f.id: f for f in ws.findings()}
    ws.assess(as_of=date(2025, 1, 1))
    assert {f.id for f in ws.findings()} - before.keys()
