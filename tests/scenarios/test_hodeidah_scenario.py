"""A ceasefire far from Karabakh, end to end: the bundled Hodeidah agreement (2018) with
its UN mission, its own gazetteer, and an illustrative scenario of ACLED-format rows in
ACLED's actor naming and statements. Nothing in the code names the theatre
(tests/test_no_theatre_in_code.py); everything below comes from its data."""

from __future__ import annotations

from datetime import date

import pytest

from ceasewatch.workspace import Workspace

AS_OF = date(2023, 1, 1)
UNMHA_START, UNMHA_END = date(2019, 1, 16), date(2026, 3, 31)


@pytest.fixture
def hodeidah(ws: Workspace) -> Workspace:
    report = ws.load_scenario("hodeidah-2018")
    assert report.agreement == "hodeidah-2018" and report.counts["acled_events"] >= 20
    ws.extract_claims(learned=False)
    ws.corroborate()
    ws.assess(as_of=AS_OF)
    return ws


def test_every_dataset_actor_of_the_scenario_maps_to_a_party_or_the_mission(
    hodeidah: Workspace,
) -> None:
    unmapped = [
        name for name, party, mission, _ in hodeidah.actor_names() if not (party or mission)
    ]
    # groups that are no party to the agreement stay unmapped, and are listed
    assert all(
        "Unidentified" in n or n.startswith(("Civilians", "Protesters")) for n in unmapped
    ), unmapped
    assert hodeidah.event("acled:CW-HOD-0001").type_code == "cfv.shelling"


def test_violations_are_blamed_on_the_right_party_clashes_included(hodeidah: Workspace) -> None:
    found = [f for f in hodeidah.findings() if f.rule_id == "ceasefire-violation"]
    assert {f.party for f in found} >= {"HTH", "GOY"}
    clashes = [f for f in found if "clash.armed" in f.summary]
    assert clashes and all(f.party in ("HTH", "GOY") for f in clashes)
    # the Houthi shelling of 19 December 2018, the day after the ceasefire took effect
    first = [f for f in found if f.period.start == date(2018, 12, 19)]
    assert [f.party for f in first] == ["HTH"]
    # nothing before the effective day
    assert all(f.period.start and f.period.start >= date(2018, 12, 18) for f in found)


def test_obstruction_of_aid_is_judged_against_humanitarian_access(hodeidah: Workspace) -> None:
    aid = [
        f
        for f in hodeidah.findings()
        if f.rule_id == "obstruction" and "humanitarian aid" in f.summary
    ]
    assert aid and aid[0].party == "HTH"
    assert aid[0].subject == "11"


def test_mission_findings_lie_only_inside_the_missions_term(hodeidah: Workspace) -> None:
    mission = [f for f in hodeidah.findings() if f.rule_id == "mission-mandate"]
    assert mission, "the mission is judged"
    for f in mission:
        assert f.period.start is not None and UNMHA_START <= f.period.start <= UNMHA_END, f.summary
    # the air strike of 27 December 2018 is a violation, but not a gap in the mission's record
    violations = {f.period.start for f in hodeidah.findings() if f.rule_id == "ceasefire-violation"}
    assert date(2018, 12, 27) in violations


def test_statements_are_placed_with_the_hodeidah_gazetteer(hodeidah: Workspace) -> None:
    placed = [
        p for c in hodeidah.claims() for p in c.places if p.lat is not None and p.lon is not None
    ]
    assert len(placed) >= 5
    assert all(13.0 <= p.lat <= 16.5 and 42.0 <= p.lon <= 45.0 for p in placed)  # type: ignore[operator]
    names = {p.name for p in placed}
    assert names & {"Hodeidah", "Ad Durayhimi", "Red Sea Mills", "Salif", "Hays"}, names
    russian = [c for c in hodeidah.claims(document_id="hod-doc-005")]
    assert russian and any(p.lat is not None for c in russian for p in c.places)


def test_an_obligation_waiting_on_the_redeployment_follows_the_record(hodeidah: Workspace) -> None:
    summary = hodeidah.agreement_summary("hodeidah-2018", date(2019, 3, 1))
    status = {o["id"]: o["status"] for p in summary["provisions"] for o in p.get("obligations", [])}
    assert status["2.ports.HTH"] == "overdue"
    assert "waiting" in status.values()
    later = hodeidah.agreement_summary("hodeidah-2018", date(2019, 6, 1))
    done = {o["id"]: o for p in later["provisions"] for o in p.get("obligations", [])}
    assert done["2.ports.HTH"]["status"] == "done"  # the Houthi pull-out from the ports, May 2019
