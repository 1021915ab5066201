"""The Workspace class: one monitoring database. Each use case is one transaction.

The edges (cli, api, web) call only this class; they never see tables or connections.
This module assembles it: its state, opening and closing, and the plain queries. Its use
cases live in the parts it inherits, one concept each, over base.py: people.py,
filing.py, seeing.py and analytics.py, keeping.py, publishing.py, listing.py,
subscribing.py, transferring.py, agreeing.py, reading.py, weighing.py, judging.py and
locating.py.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from ceasewatch.errors import NotFound, StoreError
from ceasewatch.model import Crossing, Event, Observation, Taxonomy, TrackPoint, default_taxonomy
from ceasewatch.model.access import User
from ceasewatch.model.query import EventQuery
from ceasewatch.store import events as event_repo
from ceasewatch.store import migrate
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.store.engine import PAGE_CACHE_MIB, normalise_url, open_engine
from ceasewatch.workspace import ledgering, writing
from ceasewatch.workspace.agreeing import Agreeing
from ceasewatch.workspace.analytics import Analytics
from ceasewatch.workspace.base import default_target
from ceasewatch.workspace.clustering import Changes, Clusterer
from ceasewatch.workspace.filing import Filing
from ceasewatch.workspace.importing import ImportReport
from ceasewatch.workspace.judging import Judging
from ceasewatch.workspace.keeping import Keeping
from ceasewatch.workspace.listing import Listing
from ceasewatch.workspace.locating import Locating
from ceasewatch.workspace.people import People
from ceasewatch.workspace.publishing import KeptReports, Publishing
from ceasewatch.workspace.reading import Reading
from ceasewatch.workspace.seeing import Seeing
from ceasewatch.workspace.sender import Sender
from ceasewatch.workspace.subscribing import Subscribing
from ceasewatch.workspace.transferring import Transferring
from ceasewatch.workspace.views import Redactions
from ceasewatch.workspace.weighing import Weighing

__all__ = ["ImportReport", "Workspace", "default_target"]


class Workspace(
    People,
    Filing,
    Analytics,
    Seeing,
    Keeping,
    Publishing,
    Listing,
    Subscribing,
    Transferring,
    Reading,
    Weighing,
    Judging,
    Locating,
    Agreeing,
):
    """A monitoring database and the operations on it.

    The agreement machinery (geometry libraries among it) is imported by the methods that
    need it, so that an import job does not carry it in memory.
    """

    def __init__(
        self,
        engine: Engine,
        taxonomy: Taxonomy | None = None,
        clock: Callable[[], datetime] | None = None,
        actor: str | None = None,
    ) -> None:
        self.engine = engine
        self.taxonomy = taxonomy or default_taxonomy()
        self.clock = clock or (lambda: datetime.now(UTC))
        # the database as it was named, to find the ledger key beside it
        self.target = engine.url.render_as_string(hide_password=False)
        self._watch: Any = None  # see ledger_size
        self._public: Any = None  # see events_json
        self.redactions = Redactions()  # what each view withholds, kept per state
        self._sized: tuple[tuple[int, int], int, int] | None = None
        # who the ledger says made each change; the API sets it per request
        self.actor = (
            actor or os.environ.get("CEASEWATCH_USER") or os.environ.get("USER") or "ceasewatch"
        )
        self._turns = writing.turns(engine)  # this process's writers, first come first served
        # clusters what the web application files, after the write (workspace/clustering.py)
        self._clusterer = Clusterer(self._drain_queue)
        self._skip = 0  # how far down the queue the clusterer's next batch begins
        self._changes = Changes()
        self._kept_reports = KeptReports()  # the public's last reports
        self._sender = Sender(self.send_webhooks)  # webhooks, once the server starts it

    def as_user(self, user: User) -> Workspace:
        """The same workspace, its changes logged under *user*'s name (the edges make one
        per request that writes)."""
        other = Workspace(self.engine, self.taxonomy, clock=self.clock, actor=user.name)
        other._watch, other._sized = self._watch, self._sized
        other.redactions = self.redactions
        other._clusterer = self._clusterer  # one clusterer, clustering as the server
        other._changes = self._changes
        other._kept_reports = self._kept_reports
        other._sender = self._sender  # one sender, woken by any request's write
        return other

    # -- opening --------------------------------------------------------------------
    @classmethod
    def open(
        cls, target: str | None = None, *, upgrade: bool = False, page_cache_mib: int | None = None
    ) -> Workspace:
        """Open an existing workspace; with ``upgrade`` create or migrate its schema first.
        ``page_cache_mib``: the pages each SQLite connection keeps (``store.engine``)."""
        target = target or default_target()
        url = normalise_url(target)
        if url.startswith("sqlite:///") and not upgrade:
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:" and not Path(path).exists():
                raise StoreError(f"no workspace at {path}; run 'ceasewatch init' first")
        ws = cls(open_engine(target, page_cache_mib or PAGE_CACHE_MIB))
        try:
            if upgrade:
                migrate.upgrade(ws.engine)
            current, head = migrate.current_revision(ws.engine), migrate.head_revision()
        except OperationalError as exc:
            raise StoreError(f"cannot open the database {target!r}: {exc.orig}") from None
        # What is loaded by now (modules, the schema, the taxonomy) lives as long as the
        # process. Moving it out of the collector's reach keeps the full collections that
        # building hundreds of events triggers from scanning it each time (p95 of the map
        # query: 27 ms before, 12 ms after, on 1M events).
        gc.freeze()
        if current != head:
            raise StoreError(
                f"the database schema is at {current or 'nothing'}, this ceasewatch needs "
                f"{head}; run 'ceasewatch db upgrade'"
            )
        return ws

    @classmethod
    def init(cls, target: str | None = None) -> Workspace:
        """Create or migrate the database, and make the ledger's signing key if missing; a
        database whose ledger was begun under a key that is not there is refused (see
        ``ledgering.init_key``)."""
        ws = cls.open(target, upgrade=True)
        try:
            with ws._read() as conn:
                path = ledgering.key_path(ws.target)
                ledgering.init_key(conn, path, ledgering.log_name(ws.target))
        except BaseException:
            ws.close()
            raise
        return ws

    def upgrade(self) -> tuple[str | None, str | None]:
        return migrate.upgrade(self.engine)

    def close(self) -> None:
        self._clusterer.stop()
        self._sender.stop()
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries --------------------------------------------------------------------
    def events(self, query: EventQuery | None = None) -> list[Event]:
        with self._read() as conn:
            return event_repo.query_events(conn, query or EventQuery())

    def event(self, event_id: str) -> Event:
        with self._read() as conn:
            found = event_repo.get_event(conn, event_id)
        if found is None:
            raise NotFound("event", event_id)
        return found

    def observations(self) -> list[Observation]:
        with self._read() as conn:
            return monitoring_repo.list_observations(conn)

    def crossings(self) -> list[Crossing]:
        with self._read() as conn:
            return monitoring_repo.list_crossings(conn)

    def track_points(self, vehicle: str | None = None) -> list[TrackPoint]:
        with self._read() as conn:
            return monitoring_repo.list_track_points(conn, vehicle)
