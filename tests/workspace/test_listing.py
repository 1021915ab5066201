"""The event list, the findings list and the record pages of workspace/listing.py, on
SQLite and PostgreSQL: what each role finds, in which order, a page at a time."""

from __future__ import annotations

from datetime import date

import pytest

from ceasewatch.errors import NotFound, SchemaError
from ceasewatch.model import Family, VerificationStatus
from ceasewatch.model.access import ANONYMOUS, PUBLISHED_EVENTS, Role, User
from ceasewatch.model.query import EventQuery
from ceasewatch.workspace import Workspace
from ceasewatch.workspace.listing import EventSearch

ANALYST = User("analyst", Role.ANALYST)
LIAISON = User("liaison", Role.LIAISON)


@pytest.fixture
def scenario(ws: Workspace) -> Workspace:
    ws.load_scenario("karabakh-2020")
    ws.extract_claims()
    ws.corroborate()
    ws.assess(as_of=date(2025, 1, 1))
    return ws


def _all(ws: Workspace, user: User, **wanted: object) -> list[str]:
    out: list[str] = []
    page = 1
    while True:
        got = ws.event_list(user, EventSearch(page=page, per_page=10, **wanted))  # type: ignore[arg-type]
        out += [e["id"] for e in got["events"]]
        if page >= got["pages"]:
            assert len(out) == got["total"]
            return out
        page += 1


def test_every_event_once_in_date_order_either_way(scenario: Workspace) -> None:
    events = scenario.events()
    newest = _all(scenario, ANALYST)
    assert sorted(newest) == sorted(e.id for e in events)
    oldest = _all(scenario, ANALYST, newest=False)
    assert oldest == [e.id for e in events]  # the workspace's own order: by date, then id
    days = {e.id: e.when.start for e in events}
    assert [days[i] for i in newest] == sorted(days.values(), reverse=True)


def test_the_filters_agree_with_the_workspace_query(scenario: Workspace) -> None:
    cases = [
        ({"families": (Family.CEASEFIRE_VIOLATION,)},
         EventQuery(families=(Family.CEASEFIRE_VIOLATION,))),
        ({"party": "AM"}, EventQuery(party="AM")),
        ({"start": date(2022, 1, 1), "end": date(2022, 12, 31)},
         EventQuery(start=date(2022, 1, 1), end=date(2022, 12, 31))),
    ]  # fmt: skip
    for wanted, query in cases:
        assert _all(scenario, ANALYST, newest=False, **wanted) == [
            e.id for e in scenario.events(query)
        ]


def test_the_public_finds_the_published_events_only(scenario: Workspace) -> None:
    published = [e.id for e in scenario.events() if e.status.value in PUBLISHED_EVENTS]
    assert published
    assert sorted(_all(scenario, ANONYMOUS)) == sorted(published)
    unverified = (VerificationStatus.UNVERIFIED,)
    assert _all(scenario, ANONYMOUS, statuses=unverified) == []
    both = tuple(VerificationStatus(s) for s in PUBLISHED_EVENTS)
    assert sorted(_all(scenario, ANALYST, statuses=both)) == sorted(published)


def test_words_each_match_and_withheld_names_find_nothing(scenario: Workspace) -> None:
    drone = [e.id for e in scenario.events() if "drone" in (e.notes or "").lower()]
    found = _all(scenario, ANALYST, text="drone")
    assert set(drone) <= set(found)
    assert _all(scenario, ANALYST, text="drone no-such-word") == []
    for secret in ("OP-5", "Observation post 12"):  # the protected team's post, a place
        assert _all(scenario, ANALYST, text=secret)
        assert _all(scenario, LIAISON, text=secret) == []
        assert _all(scenario, ANONYMOUS, text=secret) == []


def test_bad_pages_are_named(scenario: Workspace) -> None:
    with pytest.raises(SchemaError, match="page"):
        EventSearch(page=0)
    with pytest.raises(SchemaError, match="events a page"):
        EventSearch(per_page=1000)
    with pytest.raises(SchemaError, match="before it starts"):
        EventSearch(start=date(2022, 2, 1), end=date(2022, 1, 1))


def test_a_finding_and_a_record_as_each_role_sees_them(scenario: Workspace) -> None:
    finding = next(f for f in scenario.findings() if any(r.startswith("observation:")
                                                          for r in f.evidence))  # fmt: skip
    page = scenario.finding_page(ANALYST, finding.id)
    assert [r["ref"] for r in page["evidence"]] == list(finding.evidence)
    assert all(r["event"] for r in page["evidence"] if r["kind"] == "observation")
    obs = next(r for r in finding.evidence if r.startswith("observation:"))
    assert scenario.record_page(ANALYST, obs)["event"]
    with pytest.raises(NotFound):  # op-team's posts are protected
        scenario.record_page(LIAISON, obs)
    listed = scenario.finding_list(ANALYST, party="AZ")
    assert listed["findings"] and all(f["party"] == "AZ" for f in listed["findings"])
    assert set(listed["parties"]) >= {"AM", "AZ"}
