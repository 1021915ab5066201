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
from contextlib import AbstractContextManager, nullcontext
from types import TracebackType

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
