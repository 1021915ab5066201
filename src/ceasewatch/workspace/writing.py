"""Writers take turns. SQLite lets one transaction write at a time; a writer that finds
the lock taken waits (``busy_timeout``), but waiters are not served in order, and one
that waits past the timeout fails. Within one process every writer of a database instead
takes a ticket and writes when its number comes up, first come first served, so the
database's own lock is contended only by other processes (a command run beside the
server). PostgreSQL needs no turns: its writers wait for the rows and the ledger lock
they need (store.ledger.lock).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from types import TracebackType
from typing import Any

from sqlalchemy import Engine


class Turns:
    """A first-come-first-served lock: each caller takes a ticket and enters when its
    number is served. A thread that holds it may enter again (a write inside a write)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next = 0  # the next ticket to hand out
        self._serving = 0  # the ticket whose holder may write
        self._owner: int | None = None
        self._depth = 0

    def __enter__(self) -> Turns:
        me = threading.get_ident()
        with self._cond:
            if self._owner == me:
                self._depth += 1
                return self
            ticket = self._next
            self._next += 1
            while ticket != self._serving:
                self._cond.wait()
            self._owner, self._depth = me, 1
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._cond:
            self._depth -= 1
            if self._depth:
                return
            self._owner = None
            self._serving += 1
            self._cond.notify_all()

    @property
    def done(self) -> int:
        """How many writers have had their turn (each after its transaction ended)."""
        return self._serving

    @property
    def waiting(self) -> int:
        """How many writers hold a ticket (the one writing among them)."""
        with self._cond:
            return self._next - self._serving


_TURNS: dict[str, Turns] = {}
_GUARD = threading.Lock()


def turns(engine: Engine) -> AbstractContextManager[object]:
    """The turns of this process's writers to the engine's database (one per database,
    whichever Workspace or engine opened it); nothing to wait for on PostgreSQL."""
    if engine.dialect.name != "sqlite":
        return nullcontext()
    key = engine.url.render_as_string(hide_password=True)
    with _GUARD:
        found = _TURNS.get(key)
        if found is None:
            found = _TURNS[key] = Turns()
        return found


def done(turns: AbstractContextManager[object]) -> int:
    """How many of this process's writers have written to the database (0 where they
    take no turns)."""
    return turns.done if isinstance(turns, Turns) else 0


class _Job:
    __slots__ = ("done", "error", "item", "result")

    def __init__(self, item: Any) -> None:
        self.item = item
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None


class Batches:
    """Group commit: writers of small records of one kind hand them in, and one of them
    (the first to find no batch being written) writes all those waiting in one
    transaction while the others wait for it; what comes in meanwhile is the next batch.
    Under load a transaction carries many records, so its fixed costs (taking the lock,
    growing the ledger, committing) are paid once for them all; alone, a record is
    written at once.

    *write* takes the items and returns, for each, its result or the exception it is to
    raise (a record refused leaves the others to be written). If *write* itself fails,
    each item is written again on its own, so that the failure is the one record's."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._waiting: list[_Job] = []
        self._writing = False

    @property
    def waiting(self) -> int:
        """How many records wait for the next batch."""
        with self._cond:
            return len(self._waiting)

    def run(self, item: Any, write: Callable[[list[Any]], list[Any]]) -> Any:
        job = _Job(item)
        with self._cond:
            self._waiting.append(job)
            while self._writing and not job.done:
                self._cond.wait()
            if not job.done:
                self._writing = True
                batch, self._waiting = self._waiting, []
        if not job.done:
            try:
                self._write(batch, write)
            finally:
                with self._cond:
                    self._writing = False
                    self._cond.notify_all()
        if job.error is not None:
            raise job.error
        return job.result

    @staticmethod
    def _write(batch: list[_Job], write: Callable[[list[Any]], list[Any]]) -> None:
        outcomes: list[Any]
        try:
            outcomes = write([j.item for j in batch])
        except Exception as exc:
            if len(batch) == 1:
                outcomes = [exc]
            else:
                outcomes = []
                for j in batch:
                    try:
                        outcomes.append(write([j.item])[0])
                    except Exception as alone:
                        outcomes.append(alone)
        for j, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                j.error = outcome
            else:
                j.result = outcome
            j.done = True


_BATCHES: dict[tuple[str, str], Batches] = {}


def batches(engine: Engine, kind: str) -> Batches:
    """The batches of records of *kind* written to the engine's database by this
    process."""
    key = (engine.url.render_as_string(hide_password=True), kind)
    with _GUARD:
        found = _BATCHES.get(key)
        if found is None:
            found = _BATCHES[key] = Batches()
        return found
