"""The public map answered from memory gives, page by page, what the database gives for
the same public question; the columns are read again when the record changes, and only
then; past its limit the database answers."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest

from ceasewatch.model import (
    Actor,
    ActorRole,
    Event,
    Family,
    GeoPrecision,
    Place,
    TimePrecision,
    TimeSpan,
    VerificationStatus,
    default_taxonomy,
)
from ceasewatch.model.access import ANONYMOUS
from ceasewatch.model.query import BBox, EventQuery
from ceasewatch.store import events as event_repo
from ceasewatch.store.rows import event_values
from ceasewatch.workspace import Workspace
from ceasewatch.workspace.publicmap import _ENTRY, PublicMap, Rendered

TYPES = ["cfv.small_arms", "cfv.shelling", "mission.patrol", "protest.peaceful", "clash.armed"]
PARTIES = ["AZ", "AM", "RU", None]


def synthetic_events(n: int, seed: int) -> list[Event]:
    """Events of every status, some undated, some with no place, some open-ended, ids
    of several shapes (the order of ids is part of what is compared)."""
    rnd = random.Random(seed)
    taxonomy = default_taxonomy()
    out = []
    for i in range(n):
        code = rnd.choice(TYPES)
        first = date(2021, 1, 1) + timedelta(days=rnd.randrange(700))
        when = rnd.choice(
            [
                TimeSpan.day(first),
                TimeSpan(first, first + timedelta(days=rnd.randrange(1, 60)), TimePrecision.MONTH),
                TimeSpan(None, None),
                TimeSpan(first, None),
            ]
        )
        place = (
            Place(None)
            if rnd.random() < 0.05
            else Place("x", round(39.5 + rnd.random(), 4), round(46.3 + rnd.random(), 4))
        )
        actors = tuple(
            Actor(f"actor {k}", rnd.choice(list(ActorRole)), rnd.choice(PARTIES))
            for k in range(rnd.randrange(3))
        )
        shape = rnd.choice(["ev-{:05d}", "acled:X{}", "Z_{}", "ev-{}b"])
        out.append(
            Event(
                shape.format(i),
                code,
                taxonomy.get(code).family,
                when,
                replace(place, precision=GeoPrecision.NEAR),
                actors,
                status=rnd.choice(list(VerificationStatus)),
                dataset="test",
            )
        )
    return out


@pytest.fixture
def filled(ws: Workspace) -> Workspace:
    with ws.engine.begin() as conn:
        event_repo.insert_values(conn, [event_values(e) for e in synthetic_events(3000, 7)])
    return ws


def random_query(rnd: random.Random) -> EventQuery:
    kw: dict[str, object] = {"limit": rnd.choice([1, 7, 50, 200, 1000])}
    if rnd.random() < 0.8:
        side = 10 ** rnd.uniform(-2, 0.2)
        west, south = 46.2 + rnd.random(), 39.4 + rnd.random()
        kw["bbox"] = BBox(west, south, west + side, south + side)
    if rnd.random() < 0.4:
        kw["start"] = date(2021, 1, 1) + timedelta(days=rnd.randrange(750))
    if rnd.random() < 0.3:
        kw["end"] = date(2021, 3, 1) + timedelta(days=rnd.randrange(750))
        if "start" in kw and kw["end"] < kw["start"]:  # type: ignore[operator]
            kw["start"], kw["end"] = kw["end"], kw["start"]
    if rnd.random() < 0.2:
        kw["families"] = tuple(rnd.sample(list(Family), 2))
    if rnd.random() < 0.2:
        kw["types"] = (rnd.choice(TYPES), "no.such_type")
    if rnd.random() < 0.2:
        kw["statuses"] = tuple(rnd.sample(list(VerificationStatus), 2))
    if rnd.random() < 0.2:
        kw["party"] = rnd.choice(["AZ", "AM", "RU", "perpetrator", "nobody"])
    return EventQuery(**kw)  # type: ignore[arg-type]


def test_memory_answers_as_the_database_does(filled: Workspace) -> None:
    rnd = random.Random(11)
    nonempty = 0
    for _ in range(250):
        q = random_query(rnd)
        for _page in range(3):  # and the pages after, by their cursor
            expected = filled.events_page(ANONYMOUS, q)
            assert orjson.loads(filled.events_json(ANONYMOUS, q)) == expected, q
            nonempty += expected["count"] > 0
            if not expected["next"]:
                break
            q = replace(q, after=expected["next"])
    assert nonempty > 150  # the questions found something, mostly
    assert filled._public.columns is not None  # and were answered from memory


def test_only_published_events_and_each_once(filled: Workspace) -> None:
    seen: list[str] = []
    q = EventQuery(limit=500)
    while True:
        page = orjson.loads(filled.events_json(ANONYMOUS, q))
        seen += [e["id"] for e in page["events"]]
        if not page["next"]:
            break
        q = replace(q, after=page["next"])
    assert seen == sorted(set(seen))
    statuses = {e.id: e.status.value for e in synthetic_events(3000, 7)}
    assert {statuses[i] for i in seen} == {"corroborated", "verified"}
    assert len(seen) == sum(s in ("corroborated", "verified") for s in statuses.values())


def test_the_columns_are_read_again_when_the_record_changes_and_only_then(
    filled: Workspace,
) -> None:
    filled.ledger_head()  # the ledger has entries, so a change shows in its size
    filled._public = PublicMap(reread=0)
    q = EventQuery(limit=1000)
    filled.events_json(ANONYMOUS, q)
    first = filled._public.columns
    filled.events_json(ANONYMOUS, replace(q, bbox=BBox(46, 39, 47, 40)))
    assert filled._public.columns is first
    unverified = next(
        e for e in synthetic_events(3000, 7) if e.status == VerificationStatus.UNVERIFIED
    )
    everything = EventQuery()
    assert unverified.id not in filled.events_json(ANONYMOUS, everything).decode()
    filled.verify_event(unverified.id, "verified", "checked on the ground")
    assert unverified.id in filled.events_json(ANONYMOUS, everything).decode()
    assert filled._public.columns is not first
    assert orjson.loads(filled.events_json(ANONYMOUS, everything)) == filled.events_page(
        ANONYMOUS, everything
    )


def test_while_the_record_changes_often_the_database_answers(filled: Workspace) -> None:
    filled.ledger_head()
    everything = EventQuery()
    filled.events_json(ANONYMOUS, everything)
    first = filled._public.columns
    unverified = next(
        e for e in synthetic_events(3000, 7) if e.status == VerificationStatus.UNVERIFIED
    )
    filled.verify_event(unverified.id, "verified", "checked on the ground")
    # within seconds of the last reading: the database answers, as of now
    answer = filled.events_json(ANONYMOUS, everything)
    assert unverified.id in answer.decode() and filled._public.columns is first
    assert orjson.loads(answer) == filled.events_page(ANONYMOUS, everything)
    filled._public.read_at -= filled._public.reread  # the interval has passed
    assert filled.events_json(ANONYMOUS, everything) == answer
    assert filled._public.columns is not first and filled._public.columns is not None


def test_past_its_limit_the_database_answers(filled: Workspace) -> None:
    filled._public = PublicMap(max_published=10)
    q = EventQuery(bbox=BBox(46.3, 39.5, 46.9, 40.0), limit=100)
    assert orjson.loads(filled.events_json(ANONYMOUS, q)) == filled.events_page(ANONYMOUS, q)
    assert filled._public.columns is None


def test_rendered_events_are_kept_within_their_budget() -> None:
    each = 30 + _ENTRY
    kept = Rendered(size=20, budget=3 * each + 10)
    kept.put({i: b"x" * 30 for i in range(10)})
    assert kept.used == 3 * each and list(kept.order) == [7, 8, 9]
    assert kept.get([7, 1]) == [b"x" * 30, None]
    kept.put({10: b"y" * 30})
    assert list(kept.order) == [8, 9, 10] and kept.get([7]) == [None]


def test_the_public_query_reads_the_published_index(tmp_path: Path) -> None:
    """SQLite uses a partial index only when the query holds its very condition."""
    from sqlalchemy import text
    from sqlalchemy.dialects import sqlite

    from ceasewatch.store.schema import PUBLISHED_WHERE, events

    q = EventQuery(bbox=BBox(46.3, 39.5, 46.4, 39.6), limit=200)
    with Workspace.init(str(tmp_path / "plan.db")) as ws, ws.engine.begin() as conn:
        event_repo.insert_values(conn, [event_values(e) for e in synthetic_events(300, 5)])
        stmt = event_repo._select(conn, q).where(text(PUBLISHED_WHERE)).order_by(events.c.id)
        sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
        plan = " ".join(str(r) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "ix_events_published" in plan
