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
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from ceasewatch.errors import NotFound
from ceasewatch.model import Observation, Taxonomy
from ceasewatch.store import clusters as repo
from ceasewatch.workspace.parsing import Stamp

if TYPE_CHECKING:
    from ceasewatch.workspace.corroborating import CorroborationReport

BATCH = 8  # records clustered in one transaction: writers wait for at most one batch
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


def file_observation(conn: Connection, o: Observation, taxonomy: Taxonomy, stamp: Stamp) -> Filed:
    """Store an observation (logged in the ledger) and queue it for the clusterer."""
    from ceasewatch.workspace import access

    access.add_observation(conn, o, taxonomy, stamp)
    repo.enqueue(conn, "observation", [o.id], stamp.time)
    return Filed("observation", o.id, True, None)


def observation_state(conn: Connection, observation_id: str) -> Filed:
    row = repo.row_of(conn, "observation", observation_id)
    if row is None:
        raise NotFound("observation", observation_id)
    pending = repo.is_queued(conn, "observation", observation_id)
    return Filed("observation", observation_id, pending, row["event_id"])


def cluster_queued(
    conn: Connection, taxonomy: Taxonomy, stamp: Stamp, limit: int | None
) -> tuple[int, CorroborationReport]:
    """Cluster the records that waited longest in the queue (at most *limit*); returns
    how many left the queue, and what clustering did."""
    from ceasewatch.workspace import corroborating

    refs = repo.queued(conn, limit)
    if not refs:
        return 0, corroborating.CorroborationReport()
    return len(refs), corroborating.corroborate(conn, taxonomy, stamp, refs)


class Clusterer:
    """Runs *drain* (one batch; returns how many records it took) in a thread until the
    queue is empty, whenever woken. A failed batch (the database busy for long, say) is
    tried again after a pause, a few times; what it held stays queued for the next wake or
    the next start."""

    RETRIES = 5

    def __init__(self, drain: Callable[[], int]) -> None:
        self._drain = drain
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False
        self._halt = threading.Event()

    def wake(self) -> None:
        """There is work: run now, or again once the current run ends."""
        with self._lock:
            if self._halt.is_set():
                return
            self._again = True
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="ceasewatch-clusterer", daemon=True
                )
                self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the batch in hand and stop; a later ``wake`` starts again."""
        with self._lock:
            self._halt.set()
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
                while not self._halt.is_set() and self._drain():
                    failures = 0
            except Exception:  # the thread must not die with records queued
                failures += 1
                log.exception("clustering the queued records failed (attempt %d)", failures)
                if failures < self.RETRIES:
                    self._halt.wait(min(30.0, 0.5 * 2**failures))
                    with self._lock:
                        self._again = True
