"""The Workspace: one monitoring database. Each use case is one transaction.

The edges (cli, api, web) call only this class; they never see tables or connections.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ceasewatch.errors import BatchRejected, InvalidInput, NotFound, ParseError, StoreError
from ceasewatch.ingest import acled, exports, ucdp
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.model import Event, Taxonomy, default_taxonomy
from ceasewatch.model.query import EventQuery
from ceasewatch.store import events as event_repo
from ceasewatch.store import migrate
from ceasewatch.store.engine import DEFAULT_FILE, normalise_url, open_engine

IMPORT_FORMATS = ("acled", "ucdp")
BATCH = 5000
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ImportReport:
    file: str
    format: str
    rows: int
    events: int


def default_target() -> str:
    """The database the CLI uses when none is given: $CEASEWATCH_DB or ./ceasewatch.db."""
    return os.environ.get("CEASEWATCH_DB") or DEFAULT_FILE


def sniff_format(header_line: str) -> str | None:
    cols = {c.strip().strip('"') for c in header_line.split(",")}
    if "event_id_cnty" in cols:
        return "acled"
    if "type_of_violence" in cols:
        return "ucdp"
    return None


class Workspace:
    """A monitoring database and the operations on it."""

    def __init__(self, engine: Engine, taxonomy: Taxonomy | None = None) -> None:
        self.engine = engine
        self.taxonomy = taxonomy or default_taxonomy()

    # -- opening --------------------------------------------------------------------
    @classmethod
    def open(cls, target: str | None = None, *, upgrade: bool = False) -> Workspace:
        """Open an existing workspace; with ``upgrade`` create or migrate its schema first."""
        target = target or default_target()
        url = normalise_url(target)
        if url.startswith("sqlite:///") and not upgrade:
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:" and not Path(path).exists():
                raise StoreError(f"no workspace at {path}; run 'ceasewatch init' first")
        ws = cls(open_engine(target))
        try:
            if upgrade:
                migrate.upgrade(ws.engine)
            current, head = migrate.current_revision(ws.engine), migrate.head_revision()
        except OperationalError as exc:
            raise StoreError(f"cannot open the database {target!r}: {exc.orig}") from None
        if current != head:
            raise StoreError(
                f"the database schema is at {current or 'nothing'}, this ceasewatch needs "
                f"{head}; run 'ceasewatch db upgrade'"
            )
        return ws

    @classmethod
    def init(cls, target: str | None = None) -> Workspace:
        return cls.open(target, upgrade=True)

    def upgrade(self) -> tuple[str | None, str | None]:
        return migrate.upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"the database refused the write: {exc}") from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    # -- import ---------------------------------------------------------------------
    def import_file(
        self, path: str | Path, fmt: str | None = None, progress: Progress | None = None
    ) -> ImportReport:
        """Import an ACLED or UCDP CSV file, all or nothing."""
        path = Path(path)
        name = str(path)
        try:
            stream = path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise InvalidInput(f"{name}: cannot open: {exc.strerror}", file=name) from None
        with stream:
            if fmt is None:
                try:
                    first = stream.readline()
                except UnicodeDecodeError:
                    raise ParseError(f"{name}:1: the header is not UTF-8 text", file=name) from None
                fmt = sniff_format(first)
                if fmt is None:
                    raise ParseError(
                        f"{name}:1: cannot tell the format from the header; expected ACLED "
                        "(event_id_cnty, ...) or UCDP GED (id, type_of_violence, ...) columns, "
                        "or pass --format",
                        file=name,
                        row=1,
                    )
                stream.seek(0)
            return self.import_stream(stream, name, fmt, progress)

    def import_stream(
        self, stream: TextIO, name: str, fmt: str, progress: Progress | None = None
    ) -> ImportReport:
        if fmt not in IMPORT_FORMATS:
            raise InvalidInput(f"unknown import format {fmt!r}; expected one of {IMPORT_FORMATS}")
        log = ProblemLog(name)
        reader = (acled.read_acled if fmt == "acled" else ucdp.read_ucdp)(
            stream, name, self.taxonomy, log
        )
        rows = stored = 0
        with self._write() as conn:
            batch: list[tuple[int, Event]] = []
            for item in reader:
                rows += 1
                batch.append(item)
                if len(batch) >= BATCH:
                    stored += self._store_batch(conn, batch, log)
                    batch = []
                    if progress:
                        progress(rows)
            stored += self._store_batch(conn, batch, log)
            if progress:
                progress(rows)
            if log:
                conn.rollback()
                raise BatchRejected(log.problems, file=name, total=log.total, shown=log.cap)
        return ImportReport(name, fmt, rows, stored)

    def _store_batch(
        self, conn: Connection, batch: list[tuple[int, Event]], log: ProblemLog
    ) -> int:
        if not batch:
            return 0
        seen: dict[str, int] = {}
        for line, e in batch:
            if e.id in seen:
                log.add(line, "id", e.external_id, f"repeats the event id of line {seen[e.id]}")
            else:
                seen[e.id] = line
        stored_already = event_repo.existing_ids(conn, seen)
        for eid in sorted(stored_already, key=seen.__getitem__):
            log.add(seen[eid], "id", eid, "is already stored; nothing was imported")
        if log:  # once anything is wrong, only keep checking: the batch will be refused
            return 0
        event_repo.insert_events(conn, [e for _, e in batch])
        return len(batch)

    # -- export ---------------------------------------------------------------------
    def export(self, out: TextIO, fmt: str, query: EventQuery | None = None) -> int:
        """Write the events matching ``query`` to ``out``; return how many."""
        query = query or EventQuery()
        if fmt not in exports.FORMATS:
            raise InvalidInput(f"unknown export format {fmt!r}; expected one of {exports.FORMATS}")
        with self._read() as conn:
            items = event_repo.iter_events(conn, query)
            if fmt == "acled":
                return exports.write_acled(out, items, self.taxonomy)
            if fmt == "geojson":
                return exports.write_geojson(out, items)
            return exports.write_jsonl(out, items)

    def export_text(self, fmt: str, query: EventQuery | None = None) -> str:
        buf = io.StringIO()
        self.export(buf, fmt, query)
        return buf.getvalue()

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

    def monthly_counts(self, query: EventQuery | None = None) -> list[tuple[str, str, int]]:
        with self._read() as conn:
            return event_repo.monthly_counts(conn, query or EventQuery())

    def stats(self) -> dict[str, Any]:
        with self._read() as conn:
            out = event_repo.totals(conn)
        out["schema"] = migrate.current_revision(self.engine)
        out["database"] = self.engine.url.render_as_string(hide_password=True)
        return out
