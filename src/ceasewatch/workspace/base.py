"""What every part of the Workspace shares: its state (set by ``Workspace.__init__`` in
core.py, which assembles the parts) and the transactions each use case runs in."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from ceasewatch.errors import StoreError
from ceasewatch.model import Taxonomy
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import webhooks as hooks_repo
from ceasewatch.store.engine import DEFAULT_FILE
from ceasewatch.workspace.clustering import Changes, Clusterer
from ceasewatch.workspace.importing import Stamp
from ceasewatch.workspace.views import Redactions

_WATCH_LOCK = threading.Lock()


def default_target() -> str:
    """The database the CLI uses when none is given: $CEASEWATCH_DB or ./ceasewatch.db."""
    return os.environ.get("CEASEWATCH_DB") or DEFAULT_FILE


class Base:
    """The Workspace's state and its transactions."""

    engine: Engine
    taxonomy: Taxonomy
    clock: Callable[[], datetime]
    target: str  # the database as it was named, to find the ledger key beside it
    actor: str  # who the ledger says made each change
    redactions: Redactions
    _watch: Any
    _public: Any
    _sized: tuple[tuple[int, int], int, int] | None
    _turns: AbstractContextManager[object]
    _clusterer: Clusterer
    _skip: int
    _changes: Changes
    _sender: Any  # webhooks.Sender: sends what was queued (workspace/webhooks.py)

    def _stamp(self, reason: str) -> Stamp:
        return Stamp(self.actor, self.clock().isoformat(), reason)

    @contextmanager
    def _transaction(self, *, write: bool, snapshot: bool) -> Iterator[Connection]:
        """One transaction. A writer takes SQLite's write lock at once; with ``snapshot``,
        every query sees the same state (PostgreSQL's REPEATABLE READ; an SQLite read
        transaction is one already)."""
        with self.engine.connect() as conn:
            if write:
                conn = conn.execution_options(sqlite_immediate=True)
            if snapshot and conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    @contextmanager
    def _write(self, *, snapshot: bool = False) -> Iterator[Connection]:
        """A write transaction. When anyone subscribes to webhooks, what it publishes is
        queued for them before it commits (workspace/webhooks.py), and the sender woken
        after."""
        queued = 0
        try:
            with self._turns, self._transaction(write=True, snapshot=snapshot) as conn:
                since = ledger_repo.size(conn) if hooks_repo.any_subscription(conn) else None
                yield conn
                if since is not None:
                    from ceasewatch.workspace import webhooks

                    queued = webhooks.queue_published(conn, since, self.clock())
        except SQLAlchemyError as exc:
            raise StoreError(f"the database refused the write: {exc}") from None
        if queued:
            self._sender.wake()

    @contextmanager
    def _read(self, *, snapshot: bool = False) -> Iterator[Connection]:
        with self._transaction(write=False, snapshot=snapshot) as conn:
            yield conn
