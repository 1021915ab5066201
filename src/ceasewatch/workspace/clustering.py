"""Clustering after the write: an observation filed through the web application is stored
and queued in one short transaction, and the server's clusterer, a thread of its own,
clusters what waits in the queue a few records at a time, each batch in a transaction
of its own, as ``corroborate`` would. The queue is a table: a record not clustered yet
when the server stops is clustered when it starts again.

The Workspace makes its clusterer when it opens, so this module loads nothing heavy: the
clustering itself (and the agreement machinery it reads parties with) is imported when a
record is filed or clustered.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection

from ceasewatch.errors import Conflict, InvalidInput, NotFound
from ceasewatch.model import Event, Observation, Taxonomy
from ceasewatch.store import clusters as repo
from ceasewatch.workspace.parsing import Stamp

if TYPE_CHECKING:
    from ceasewatch.workspace.corroborating import CorroborationReport

# Records clustered at a time. Only the writing of a batch holds the write lock; while
# monitors file, batches are small, so that a monitor's write waits little behind one.
BATCH, BUSY_BATCH = 32, 2
# While monitors keep filing, batches are written at least SPACING seconds apart (each
# one changes what readers see, and the server's answers are kept until the record
# changes), and the clusterer rests at least REST times as long as a batch took, so that
# it takes at most half of the one core Python runs on. Once the filing stops, what is
# left is clustered batch after batch.
SPACING = 2.0
REST = 1.0
ACTOR = "clusterer"  # who the ledger says clustered what the server's clusterer clustered
log = logging.getLogger("ceasewatch.clusterer")


@dataclass(frozen=True, slots=True)
class Filed:
    """A record as the clusterer sees it: waiting in the queue, or done (in an event, or
    left alone: ``event`` None)."""

    kind: str
    id: str
    pending: bool
    event: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "clustered": self.event is not None,
            "pending": self.pending,
            "event": self.event,
        }


def file_observations(
    conn: Connection, filed: Sequence[tuple[Observation, Stamp]]
) -> list[Filed | Conflict | InvalidInput]:
    """Store checked observations (logged in the ledger, each under its own stamp) and
    queue them for the clusterer; one whose id is taken gets its Conflict, one whose post
    reports for another source its InvalidInput."""
    from ceasewatch.workspace import access

    refused = access.add_observations(conn, filed)
    stored = [(o.id, stamp.time) for (o, stamp), no in zip(filed, refused, strict=True) if not no]
    repo.enqueue(conn, "observation", stored)
    return [
        no or Filed("observation", o.id, True, None)
        for (o, _), no in zip(filed, refused, strict=True)
    ]


def observation_state(conn: Connection, observation_id: str) -> Filed:
    row = repo.row_of(conn, "observation", observation_id)
    if row is None:
        raise NotFound("observation", observation_id)
    pending = repo.is_queued(conn, "observation", observation_id)
    return Filed("observation", observation_id, pending, row["event_id"])


def cluster_queued(
    conn: Connection, taxonomy: Taxonomy, stamp: Stamp, limit: int | None
) -> tuple[int, CorroborationReport]:
    """Cluster the records that waited longest in the queue (at most *limit*) in this
    transaction; returns how many left the queue, and what clustering did."""
    from ceasewatch.workspace import corroborating

    refs = repo.queued(conn, limit)
    if not refs:
        return 0, corroborating.CorroborationReport()
    return len(refs), corroborating.corroborate(conn, taxonomy, stamp, refs)


class Changed(NamedTuple):
    """An event as it was or as it is after the clusterer changed it: enough for a
    server to tell which of its kept answers may show it."""

    id: str
    start: date | None
    end: date | None
    lat: float | None
    lon: float | None


def _changed(e: Event) -> Changed:
    return Changed(e.id, e.when.start, e.when.end or e.when.start, e.where.lat, e.where.lon)


class Changes:
    """What the clusterers changed, commit by commit: the view size each took the record
    from and to, and the events it changed (as they were and as they became). Between
    two view sizes joined by these commits alone, nothing else changed what the views
    show. Kept in the database (view_changes), so that every worker of a server learns
    what the clusterer of any of them did; read from it once, kept here."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._steps: dict[int, tuple[int, tuple[Changed, ...]]] = {}
        self._gaps: set[int] = set()  # view sizes that something else moved the record on from

    def learn(self, before: int, after: int, events: Sequence[Any]) -> None:
        with self._lock:
            self._steps[before] = (after, tuple(Changed(*_day(e)) for e in events))
            if len(self._steps) > 4096:  # forget the oldest half
                for k in sorted(self._steps)[:2048]:
                    del self._steps[k]

    def between(
        self, old: int, new: int, read: Callable[[int, int], list[tuple[int, int, Any]]]
    ) -> list[Changed] | None:
        """The events changed from view size *old* to *new*, if the clusterers' commits
        alone lead from one to the other; None if anything else may have changed. *read*
        gives the commits noted in the database from one view size up to another."""
        out: list[Changed] = []
        at, fetched = old, False
        while at != new:
            with self._lock:
                step = self._steps.get(at)
                gap = at in self._gaps
            if step is None and not gap and not fetched:
                for before, after, events in read(at, new):
                    self.learn(before, after, events)
                fetched = True
                continue
            if step is None or step[0] <= at or step[0] > new:
                if step is None:
                    with self._lock:
                        self._gaps.add(at)
                return None
            at = step[0]
            out += step[1]
        return out


def _day(e: Sequence[Any]) -> tuple[Any, ...]:
    """[id, start, end, lat, lon] with its days as dates."""

    def day(d: Any) -> date | None:
        return d if d is None or isinstance(d, date) else date.fromisoformat(d)

    return (e[0], day(e[1]), day(e[2]), e[3], e[4])


@dataclass(frozen=True, slots=True)
class Applied:
    """A batch written: how many records left the queue, the view sizes before and after,
    and the events changed."""

    records: int
    before: int
    after: int
    changed: tuple[Changed, ...]
    taken: bool = False  # another clusterer had taken some of the batch: nothing written


@dataclass
class Planned:
    """A batch clustered in a read transaction, to be written in a write transaction if
    nothing it read has changed in between."""

    refs: list[str]
    version: int  # the ledger's view size it was read at
    plan: Any


def plan_queued(conn: Connection, taxonomy: Taxonomy, limit: int, skip: int = 0) -> Planned | None:
    """Cluster the records that waited longest (at most *limit*, past the first *skip*
    if there are so many), reading only: the costly part of clustering, done without
    holding the write lock."""
    from ceasewatch.store import ledger as ledger_repo
    from ceasewatch.workspace import corroborating

    refs = repo.queued(conn, limit, skip) or (repo.queued(conn, limit) if skip else [])
    if not refs:
        return None
    version = ledger_repo.view_size(conn)
    return Planned(refs, version, corroborating.plan(conn, taxonomy, refs))


def apply_planned(conn: Connection, taxonomy: Taxonomy, stamp: Stamp, p: Planned) -> Applied:
    """Write a planned batch, under the write lock. Every change that clustering reads
    (events, members, sources, agreements: all but new observations and crossings) grows
    the ledger's view size, so if it is still the size the plan was read at, the plan
    holds; otherwise the batch is clustered again, here. If some of its records left the
    queue meanwhile (another worker's clusterer took them), nothing is written, and the
    caller plans the next batch. Returns what was written."""
    from ceasewatch.store import ledger as ledger_repo
    from ceasewatch.workspace import corroborating

    ledger_repo.lock(conn)
    plan = p.plan
    before = ledger_repo.view_size(conn)
    if not repo.all_queued(conn, p.refs):
        # another clusterer (another worker's) took some: plan again, without the lock
        return Applied(len(p.refs), before, before, (), taken=True)
    if before != p.version:  # something else changed: plan again, here (seldom)
        plan = corroborating.plan(conn, taxonomy, p.refs)
    events = plan.loaded.events if plan.loaded is not None else {}
    was = [_changed(events[k]) for k in plan.touched if k in events]
    corroborating.apply(conn, stamp, plan)
    now = [_changed(events[k]) for k in plan.touched if k in events]
    after = ledger_repo.view_size(conn)
    if after != before:
        rows = [[c.id, _iso(c.start), _iso(c.end), c.lat, c.lon] for c in was + now]
        repo.note_view_change(conn, before, after, rows)
    return Applied(len(p.refs), before, after, tuple(was + now))


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


class Clusterer:
    """Once started, runs *drain* (one batch, a small one if *busy*, records being filed;
    returns how many records it took) in a thread until the queue is empty, whenever
    woken. While records are being filed, it rests between batches until ``spacing``
    seconds have passed since the batch began, and at least ``rest`` times as long as
    the batch took. A failed batch (the database busy for long, say) is tried again after a
    pause that doubles with each failure up to ``MAX_PAUSE`` seconds, for as long as the
    clusterer runs: records that wait are never given up on (each failure is logged).
    Until it is started (a server starts it; a command clusters with ``corroborate``),
    a wake does nothing."""

    MAX_PAUSE = 30.0

    def __init__(
        self,
        drain: Callable[[bool], int],
        rest: float = REST,
        spacing: float = SPACING,
        pause: float = 0.5,
    ) -> None:
        self._drain = drain
        self.rest, self.spacing, self.pause = rest, spacing, pause
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False
        self._woken = 0  # how many times work came: records filed
        self._halt = threading.Event()
        self._started = False

    def start(self) -> None:
        """Work from now on, beginning with what waits in the queue."""
        with self._lock:
            self._started = True
        self.wake()

    def wake(self) -> None:
        """There is work: run now, or again once the current run ends."""
        with self._lock:
            if self._halt.is_set() or not self._started:
                return
            self._again = True
            self._woken += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="ceasewatch-clusterer", daemon=True
                )
                self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the batch in hand and stop until started again."""
        with self._lock:
            self._halt.set()
            self._started = False
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        with self._lock:
            self._halt.clear()

    @property
    def running(self) -> bool:
        with self._lock:
            return self._thread is not None

    def _run(self) -> None:
        failures = 0
        while True:
            with self._lock:
                if self._halt.is_set() or not self._again:
                    self._thread = None
                    return
                self._again = False
            try:
                busy = False
                while not self._halt.is_set():
                    began, woken = time.monotonic(), self._woken
                    if not self._drain(busy):
                        break
                    failures = 0
                    busy = self._woken != woken  # records were filed meanwhile
                    if busy:
                        took = time.monotonic() - began
                        self._halt.wait(max(self.rest * took, self.spacing - took))
            except Exception:  # the thread must not die with records queued
                failures += 1
                log.exception("clustering the queued records failed (attempt %d)", failures)
                self._halt.wait(min(self.MAX_PAUSE, self.pause * 2 ** min(failures, 16)))
                with self._lock:
                    self._again = True
