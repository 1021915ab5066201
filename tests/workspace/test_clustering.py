"""Clustering after the write: an observation filed is stored and queued at once, and the
clusterer places it in an event afterwards, as ``corroborate`` would; the queue outlives
a restart; writers on one database all get their turn. On both databases."""

from __future__ import annotations

import random
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from math import cos, radians, sin
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from ceasewatch.assess import corroborate as cl
from ceasewatch.errors import Conflict
from ceasewatch.ingest.monitoring import observation_from
from ceasewatch.model import Event, Family, Observation, VerificationStatus
from ceasewatch.model.query import EventQuery
from ceasewatch.store import events as event_repo
from ceasewatch.workspace import Workspace, corroborating
from ceasewatch.workspace.writing import Batches, Turns

SAMPLE = Path(__file__).resolve().parents[2] / "src/ceasewatch/ingest/samples/acled_sample.csv"

TYPES = ("cfv.small_arms", "cfv.shelling", "clash.armed", "obstruction.movement")


def fill(ws: Workspace) -> Workspace:
    """The scenario clustered, the ACLED sample beside it (events the bulk importer logged
    in runs, some placed only to their region)."""
    ws.load_scenario("karabakh-2020")
    ws.import_file(SAMPLE)
    ws.extract_claims(learned=False)
    ws.corroborate()
    return ws


@pytest.fixture
def record(ws: Workspace) -> Workspace:
    return fill(ws)


def observations_near(ws: Workspace, n: int, seed: int = 5) -> list[Observation]:
    """Observations on the days and near the places of events on record (a few km off, or
    tens of km), and some far from any."""
    rng = random.Random(seed)
    placed = sorted(
        (e for e in ws.events() if e.where.lat is not None and e.where.lon is not None),
        key=lambda e: e.id,
    )
    out = []
    for i in range(n):
        e = rng.choice(placed)
        assert e.where.lat is not None and e.where.lon is not None and e.when.start
        off = rng.choice((0.01, 0.05, 0.3)) if i % 5 else 2.0
        start = datetime.combine(e.when.start, clock(rng.randrange(24)), UTC)
        far = rng.uniform(1, 8)
        out.append(
            observation_from(
                id=f"obs-filed-{seed}-{i}",
                observer=f"OP-{rng.randrange(1, 6)}",
                lat=max(-89.0, min(89.0, e.where.lat + rng.uniform(-off, off))),
                lon=e.where.lon + rng.uniform(-off, off),
                start=start,
                end=start + timedelta(hours=rng.choice((0, 1, 30))),
                type_code=rng.choice(TYPES),
                means="heard",
                distance_min_km=far / 2,
                distance_max_km=far,
            )
        )
    return out


def assignments(ws: Workspace) -> dict[str, str | None]:
    return {o.id: o.event_id for o in ws.observations() if o.id.startswith("obs-filed")}


def verified(ws: Workspace) -> bool:
    """The ledger verifies: the entries of the records the clusterer changed (imported
    events among them, logged in runs) were written out before they changed."""
    ws.ledger_head()
    audit = ws.ledger_verify()
    assert audit.ok, audit.problems
    return True


def wait_until_clustered(ws: Workspace, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while ws.queued() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ws.queued() == 0, "the clusterer did not empty its queue"


def test_a_write_is_answered_before_clustering_and_clustered_afterwards(
    record: Workspace,
) -> None:
    [o] = observations_near(record, 1)
    filed = record.add_observation(o)
    assert filed == {"id": o.id, "clustered": False, "pending": True, "event": None}
    assert record.observation_state(o.id)["pending"] is True
    assert record.queued() == 1
    size, view = record.ledger_size(), record.view_size()
    record.start_clustering()  # as a server does: the clusterer's thread takes it
    try:
        wait_until_clustered(record)
    finally:
        record.stop_clustering()
    state = record.observation_state(o.id)
    assert state["pending"] is False and state["clustered"] is True
    assert state["event"] == assignments(record)[o.id]
    # what the clusterer wrote is in the ledger under its own name, and changes the views
    assert record.ledger_size() > size and record.view_size() > view
    history = record.event_dossier(state["event"])["history"]
    assert any(h["actor"] == "clusterer" and f"observation:{o.id}" in h["refs"] for h in history)
    assert verified(record)


def test_filing_changes_no_view_until_clustered(record: Workspace) -> None:
    size, view = record.ledger_size(), record.view_size()
    [o] = observations_near(record, 1, seed=9)
    record.add_observation(o)
    assert record.ledger_size() == size + 1 and record.view_size() == view
    record.cluster_queued()
    assert record.view_size() > view


def test_the_clusterer_clusters_as_corroborate_does(record: Workspace, db_url: str) -> None:
    """The same records filed in two copies of one record: the clusterer's thread places
    them in the first, ``corroborate`` (the command) in the second, the same way."""
    filed = observations_near(record, 30)
    with copy_of(record, db_url) as other:
        for o in filed:
            record.add_observation(o)
            other.add_observation(o)
        record.start_clustering()
        try:
            wait_until_clustered(record)
        finally:
            record.stop_clustering()
        other.corroborate()
        assert other.queued() == 0  # corroborate takes what waits in the queue too
        mine, theirs = assignments(record), assignments(other)
        assert None not in mine.values() and mine == theirs
        events = sorted({e for e in mine.values() if e})
        assert [event_row(record, e) for e in events] == [event_row(other, e) for e in events]
        assert verified(record) and verified(other)


@contextmanager
def copy_of(ws: Workspace, db_url: str) -> Iterator[Workspace]:
    """A second workspace holding the same records: the SQLite file copied; on
    PostgreSQL, the same records loaded again into a database of its own."""
    if db_url.startswith("sqlite"):
        path = Path(db_url.removeprefix("sqlite:///"))
        target = path.with_name("copy.db")
        ws.engine.dispose()  # everything written is in the file itself
        shutil.copy(path, target)
        with Workspace.open(str(target)) as copy:
            yield copy
        return
    url = make_url(db_url)
    name = f"{url.database}_copy"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        with Workspace.init(url.set(database=name).render_as_string(hide_password=False)) as c:
            yield fill(c)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def event_row(ws: Workspace, event_id: str | None) -> tuple[Any, ...]:
    assert event_id is not None
    e = ws.event(event_id)
    return (e.id, e.status, e.when.start, e.when.end, e.where.lat, e.where.lon, e.family)


def every_event(conn: Connection, members: Any) -> list[Event]:
    """Every event on record (but those withdrawn): no neighbourhood at all."""
    return [
        e
        for e in event_repo.query_events(conn, EventQuery())
        if e.status is not VerificationStatus.WITHDRAWN
    ]


def joins(p: corroborating.Plan) -> dict[str, tuple[str, bool, str]]:
    return {j.ref: (key, j.opened, j.reason) for key, js in p.touched.items() for j in js}


@pytest.mark.parametrize("seed", [5, 6])
def test_the_neighbourhood_misses_no_event_a_record_could_join(
    record: Workspace, seed: int
) -> None:
    """Clustering against the events read near each record gives what clustering
    against every event on record gives: the same joins, for the same reasons."""
    refs = []
    for o in observations_near(record, 40, seed):
        record.add_observation(o)
        refs.append(f"observation:{o.id}")
    with record.engine.connect() as conn:
        near = corroborating.plan(conn, record.taxonomy, refs)
        everywhere = corroborating.plan(conn, record.taxonomy, refs, near=every_event)
    assert joins(near) == joins(everywhere) and set(refs) <= set(joins(near))
    assert near.report.left == everywhere.report.left
    assert near.windows == everywhere.windows
    assert any(not opened for _, opened, _ in joins(near).values())  # some joined one


def test_a_restart_finds_the_records_still_waiting(ws: Workspace, db_url: str) -> None:
    ws.load_scenario("karabakh-2020")
    filed = observations_near(ws, 5, seed=3)
    for o in filed:
        ws.add_observation(o)  # no clusterer started: they wait
    ws.close()
    again = Workspace.open(db_url)
    try:
        assert again.queued() == 5
        assert all(again.observation_state(o.id)["pending"] for o in filed)
        again.start_clustering()
        wait_until_clustered(again)
        again.stop_clustering()
        assert all(e is not None for e in assignments(again).values())
    finally:
        again.close()


def test_writers_on_one_database_all_get_their_turn(
    ws: Workspace, db_url: str, ledger_key_in_tmp: Path
) -> None:
    """Twelve threads filing at once through two workspaces on the same database, the
    clusterer writing beside them: every observation acknowledged, stored and, once the
    queue is empty, clustered."""
    ws.load_scenario("karabakh-2020")
    second = Workspace.open(db_url)
    ws.start_clustering()
    errors: list[BaseException] = []
    filed: list[str] = []
    lock = threading.Lock()

    def file(who: int, target: Workspace) -> None:
        for o in observations_near(target, 15, seed=100 + who):
            mine = replace(o, id=f"{o.id}-w{who}")
            try:
                answer = target.add_observation(mine)
            except BaseException as exc:  # counted: the test fails on any
                errors.append(exc)
                continue
            assert answer["pending"] is True
            with lock:
                filed.append(mine.id)

    threads = [threading.Thread(target=file, args=(i, ws if i % 2 else second)) for i in range(12)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors and len(filed) == 12 * 15
        stored = {o.id: o.event_id for o in ws.observations()}
        assert set(filed) <= set(stored)
        wait_until_clustered(ws)
        stored = {o.id: o.event_id for o in ws.observations()}
        assert all(stored[i] is not None for i in filed)
        assert verified(ws)
    finally:
        ws.stop_clustering()
        second.close()


def test_writers_take_turns_in_the_order_they_came() -> None:
    turns, order = Turns(), []

    def writer(n: int) -> None:
        with turns:
            order.append(n)

    with turns:  # the first writer holds the lock while the others queue
        threads = []
        for n in range(6):
            t = threading.Thread(target=writer, args=(n,))
            t.start()
            threads.append(t)
            while turns.waiting < n + 2:  # each has its ticket before the next comes
                time.sleep(0.001)
    for t in threads:
        t.join(10)
    assert order == list(range(6)) and turns.waiting == 0


def test_a_batch_of_filings_is_written_at_once_and_a_refused_one_alone() -> None:
    """Group commit: what comes while a batch is written goes in the next batch, written
    at once; when a batch fails, each of its records is written alone, so that only the
    one at fault fails."""
    batches, seen, release = Batches(), [], threading.Event()

    def write(items: list[int]) -> list[Any]:
        seen.append(list(items))
        if items == [0]:
            release.wait(10)  # the first batch is slow: the others gather meanwhile
        if 13 in items:  # the batch holding it fails as a whole
            raise RuntimeError("13 cannot be written")
        return [Conflict("refused") if i == 7 else i * 10 for i in items]

    results: dict[int, Any] = {}

    def submit(i: int) -> None:
        try:
            results[i] = batches.run(i, write)
        except Exception as exc:  # the outcome is what is tested
            results[i] = exc

    first = threading.Thread(target=submit, args=(0,))
    first.start()
    while not seen:
        time.sleep(0.001)
    rest = [threading.Thread(target=submit, args=(i,)) for i in range(1, 15)]
    for t in rest:
        t.start()
    while batches.waiting < 14:  # all fourteen wait for the first batch
        time.sleep(0.001)
    release.set()
    for t in [first, *rest]:
        t.join(10)
    assert seen[0] == [0] and sorted(seen[1]) == list(range(1, 15))  # one batch of the rest
    assert sorted(map(tuple, seen[2:])) == [(i,) for i in range(1, 15)]  # then each alone
    assert isinstance(results[7], Conflict) and results[1] == 10 and results[0] == 0
    assert isinstance(results[13], RuntimeError)  # written alone, it still fails
    assert all(results[i] == i * 10 for i in range(1, 15) if i not in (7, 13))


def test_box_holds_every_place_a_record_may_join() -> None:
    """Whatever an event's radius up to the box's, an event close enough to join (by
    ``km``, the clustering's own distance) lies in the box drawn for the record."""
    rng = random.Random(11)
    for _ in range(20000):
        lat = rng.uniform(-85, 85)
        m = cl.Member("observation:x", "observation", Family.CEASEFIRE_VIOLATION, "cfv.shelling",
                      None, None, "o", lat=lat, lon=rng.uniform(-180, 180),
                      radius_km=rng.uniform(0, 20))  # fmt: skip
        radius = rng.choice((0.1, 5.0, 25.0, 75.0))
        box = cl.box(m, radius)
        assert box is not None and m.lat is not None and m.lon is not None
        limit = m.radius_km + radius + cl.SLACK_KM
        # a place at a random bearing, at most the limit away (or just past it)
        d = limit * rng.uniform(0.0, 1.05)
        angle = rng.uniform(0, 6.283)
        e_lat = m.lat + d * sin(angle) / 110.57
        e_lon = m.lon + d * cos(angle) / (111.32 * cos(radians((m.lat + e_lat) / 2)))
        e = cl.Member("event:e", "event", Family.CEASEFIRE_VIOLATION, "cfv.shelling", None,
                      None, "p", lat=e_lat, lon=e_lon, radius_km=radius)  # fmt: skip
        if cl.km(m, e) <= limit:
            west, south, east, north = box
            assert west <= e_lon <= east and south <= e_lat <= north


def test_the_clusterer_never_gives_up_on_records_that_wait() -> None:
    """A batch that fails again and again (the database busy for long) is tried again,
    the pauses growing, until it goes through: no number of failures ends the thread
    while it runs."""
    from ceasewatch.workspace.clustering import Clusterer

    waiting = [3]  # records in the queue
    failures = [0]

    def drain(busy: bool) -> int:
        if failures[0] < 12:  # more than any fixed number of retries would allow
            failures[0] += 1
            raise RuntimeError("database is locked")
        took = min(waiting[0], 1)
        waiting[0] -= took
        return took

    clusterer = Clusterer(drain, rest=0.0, spacing=0.0, pause=0.0001)
    clusterer.start()
    try:
        deadline = time.monotonic() + 20
        while waiting[0] and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        clusterer.stop()
    assert failures[0] == 12 and waiting[0] == 0
