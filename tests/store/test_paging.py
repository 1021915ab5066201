"""A filtered page looks through a window of events in id order before it asks the
planner (store/events.py, ``_paged``): the pages are the same either way, on SQLite and
on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ceasewatch.model import Family, VerificationStatus
from ceasewatch.model.access import ANONYMOUS, Role, User
from ceasewatch.model.query import EventQuery
from ceasewatch.store import events as event_repo
from ceasewatch.workspace import Workspace

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ANALYST = User("analyst", Role.ANALYST)


def pages(ws: Workspace, user: User, q: EventQuery) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        page = ws.events_page(user, replace(q, limit=2, after=after))
        seen += [e["id"] for e in page["events"]]
        after = page["next"]
        if after is None:
            return seen


@pytest.mark.parametrize("window", [1, 3, 1000])
def test_pages_are_the_same_whatever_the_window(
    ws: Workspace, acled_sample: Path, window: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws.load_scenario("karabakh-2020")
    ws.import_file(acled_sample)
    ws.import_file(FIXTURES / "ucdp_sample.csv")
    monkeypatch.setattr(event_repo, "PAGE_WINDOW", window)
    published = {s.value for s in (VerificationStatus.CORROBORATED, VerificationStatus.VERIFIED)}
    for q in (
        EventQuery(families=(Family.CEASEFIRE_VIOLATION,)),
        EventQuery(start=date(2021, 1, 1), end=date(2022, 12, 31)),
        EventQuery(types=("territory.handover",)),
        EventQuery(dataset="ucdp"),
    ):
        with ws.engine.connect() as conn:  # every match in the database's id order
            stmt = event_repo._select(conn, q).order_by(event_repo.events.c.id)
            wanted = [(r.id, r.status) for r in conn.execute(stmt)]
        assert wanted, q
        assert pages(ws, ANALYST, q) == [i for i, _ in wanted], q
        assert pages(ws, ANONYMOUS, q) == [i for i, s in wanted if s in published], q
