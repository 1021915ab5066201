"""The mission's own record files (docs/formats.md): sources, events in the activity-log
layout, observations, checkpoint crossings, vehicle tracks and documents.

Each file is read by its reader in ``ingest`` (every bad row logged with its line), then
checked against itself, the files of the same batch read before it, and the workspace: an
id given twice or stored already, a parent that is no source, a time outside 1900-2100,
a value too long for its column. ``RecordFiles.add`` stores a file's records with their
ledger entries, as the scenario loader always has, but only while the batch is free of
problems; the caller refuses the whole batch (and rolls it back) if any file had one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from sqlalchemy import Connection

from ceasewatch.errors import InvalidInput, ParseError
from ceasewatch.ingest import documents as doc_reader
from ceasewatch.ingest import monitoring
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.ledger.records import Item, item
from ceasewatch.model import Document, Event, Source, Taxonomy
from ceasewatch.store import events as event_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.store import privacy
from ceasewatch.store import records as repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.store.keys import overlong, stored_ids
from ceasewatch.store.ledger import record_id
from ceasewatch.store.rows import COLUMNS, event_values
from ceasewatch.workspace.parsing import Stamp
from ceasewatch.workspace.posts import new_posts

# The order a batch is stored in: what a record may name comes before it.
ORDER = ("sources", "events", "observations", "crossings", "tracks", "documents")
KIND = {
    "sources": "source",
    "events": "event",
    "documents": "document",
    "observations": "observation",
    "crossings": "crossing",
    "tracks": "track_point",
}
NOUN = {"tracks": "track points"}
STORED = {
    "sources": "a source has this id",
    "events": "an event has this id",
    "documents": "a document with another text has this id",
    "observations": "an observation has this id",
    "crossings": "a crossing has this id",
    "tracks": "this vehicle has a point at this time",
}
# a stored column whose field in the file has another name
FIELD = {
    "type_code": "type",
    "speed_kmh": "speed",
    "source_id": "source",
    "place_name": "place",
    "external_id": "id",
}
DEFAULT_DATASET = "mission-log"  # the data set of events imported from an activity log


def created(kind: str, rows: Sequence[dict[str, Any]], stamp: Stamp) -> list[Item]:
    """The ledger entries, in full, of new rows of one kind of record."""
    return [
        item(kind, record_id(kind, row), row, stamp.actor, stamp.time, stamp.reason) for row in rows
    ]


def read_records(
    fmt: str, stream: TextIO, file: str, taxonomy: Taxonomy, log: ProblemLog, dataset: str
) -> list[tuple[int, Any]]:
    """(line, record) for every good row of a record file; the bad ones go to ``log``.

    A file that cannot be read on (broken quoting, bytes that are not UTF-8) is logged at
    the line where reading stopped."""
    found: Iterator[tuple[int, Any]]
    if fmt == "sources":
        found = monitoring.read_sources(stream, file, log)
    elif fmt == "events":
        found = monitoring.read_activities(stream, file, taxonomy, log, dataset=dataset)
    elif fmt == "observations":
        found = monitoring.read_observations(stream, file, taxonomy, log)
    elif fmt == "crossings":
        found = monitoring.read_crossings(stream, file, log)
    elif fmt == "tracks":
        found = monitoring.read_tracks(stream, file, log)
    elif fmt == "documents":
        found = doc_reader.read_jsonl_documents(stream, file, log)
    else:
        raise InvalidInput(f"unknown record format {fmt!r}; expected one of {', '.join(ORDER)}")
    out: list[tuple[int, Any]] = []
    try:
        out.extend(found)
    except ParseError as exc:
        text = str(exc)
        for prefix in (f"{file}:{exc.row}: ", f"{file}: "):
            text = text.removeprefix(prefix)
        log.add(exc.row, exc.field, None, text)
    return out


@dataclass(frozen=True, slots=True)
class RecordReport:
    file: str
    format: str
    rows: int  # good rows read
    stored: int
    already: int = 0  # documents whose text is stored already (kept once)
    vehicles: int = 0  # of a tracks file

    @property
    def noun(self) -> str:
        return NOUN.get(self.format, self.format)


def _key(fmt: str, record: Any) -> Any:
    if fmt == "tracks":
        return (record.vehicle, record.time)  # an instant: the same with another offset
    return record.id


def _row(fmt: str, record: Any) -> dict[str, Any]:
    if fmt == "events":
        return dict(zip(COLUMNS, event_values(record), strict=True))
    if fmt == "sources":
        return texts_repo.source_row(record)
    if fmt == "documents":
        return texts_repo.document_row(record)
    if fmt == "observations":
        return monitoring_repo.observation_row(record)
    if fmt == "crossings":
        return monitoring_repo.crossing_row(record)
    return monitoring_repo.track_point_row(record)


class RecordFiles:
    """The record files of one batch, checked together and stored in one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.seen: dict[str, dict[Any, tuple[str, int]]] = defaultdict(dict)
        self.texts: dict[str, str] = {}  # sha256 -> id of a document of this batch
        self.new_sources: dict[str, Source] = {}
        self._stored_sources: dict[str, Source] | None = None

    def add(
        self,
        fmt: str,
        file: str,
        records: Sequence[tuple[int, Any]],
        log: ProblemLog,
        stamp: Stamp,
        *,
        write: bool,
    ) -> RecordReport:
        """Check a file's records (problems go to ``log``); store them, each logged in the
        ledger under ``stamp``, if ``write`` and the file has no problem."""
        kept, already = self._check(fmt, file, records, log)
        stored = 0
        if write and not log:
            stored = self._store(fmt, [r for _, r in kept], stamp)
        vehicles = len({r.vehicle for _, r in kept}) if fmt == "tracks" else 0
        return RecordReport(file, fmt, len(records), stored, already, vehicles)

    # -- checks ------------------------------------------------------------------------
    def _check(
        self, fmt: str, file: str, records: Sequence[tuple[int, Any]], log: ProblemLog
    ) -> tuple[list[tuple[int, Any]], int]:
        seen = self.seen[fmt]
        taken = self._stored_keys(fmt, [r for _, r in records])
        field = "time" if fmt == "tracks" else "id"
        kept: list[tuple[int, Any]] = []
        already = 0
        for line, r in records:
            key = _key(fmt, r)
            shown = f"{r.vehicle}@{r.time.isoformat()}" if fmt == "tracks" else str(key)
            if fmt == "documents":
                known = self._known_text(r)
                if known is not None:  # the same text twice is stored once
                    already += 1
                    continue
            if key in seen:
                other_file, other_line = seen[key]
                where = f"line {other_line}" if other_file == file else f"{other_file}:{other_line}"
                log.add(line, field, shown, f"repeats the {field} of {where}")
                continue
            seen[key] = (file, line)
            if key in taken:
                log.add(line, field, shown, f"is already stored: {STORED[fmt]}")
                continue
            problems = self._problems(fmt, r)
            for fld, value, expected in problems:
                log.add(line, fld, value, expected)
            if not problems:
                kept.append((line, r))
                if fmt == "documents":
                    self.texts[r.sha256] = r.id
        if fmt == "sources":
            self._check_parents(kept, log)
        return kept, already

    def _stored_keys(self, fmt: str, records: Sequence[Any]) -> set[Any]:
        if fmt == "tracks":
            vehicles = sorted({r.vehicle for r in records})
            return (
                set(monitoring_repo.track_point_instants(self.conn, vehicles))
                if vehicles
                else set()
            )
        ids = sorted({r.id for r in records})
        if fmt == "events":
            return event_repo.existing_ids(self.conn, ids)
        return stored_ids(self.conn, KIND[fmt], ids)

    def _known_text(self, d: Document) -> str | None:
        if d.sha256 in self.texts:
            return self.texts[d.sha256]
        return texts_repo.stored_hashes(self.conn, [d.sha256]).get(d.sha256)

    def _problems(self, fmt: str, r: Any) -> list[tuple[str, str | None, str]]:
        from ceasewatch.workspace.access import check_moment

        out: list[tuple[str, str | None, str]] = []
        moments: list[tuple[str, datetime]] = []
        if fmt == "observations":
            moments = [("start", r.start), ("end", r.end)]
            if r.end < r.start:
                out.append(("end", r.end.isoformat(), "is before start"))
        elif fmt == "crossings" or fmt == "tracks":
            moments = [("time", r.time)]
        for fld, when in moments:
            try:
                check_moment(when, fld)
            except InvalidInput as exc:
                out.append((fld, None, str(exc)))
        for column, limit in overlong(KIND[fmt], _row(fmt, r)):
            fld = "vehicle_id" if fmt == "tracks" and column == "vehicle" else column
            out.append((FIELD.get(fld, fld), None, f"is longer than {limit} characters"))
        return out

    def _sources(self) -> dict[str, Source]:
        if self._stored_sources is None:
            self._stored_sources = {s.id: s for s in texts_repo.list_sources(self.conn)}
        return {**self._stored_sources, **self.new_sources}

    def _check_parents(self, kept: list[tuple[int, Any]], log: ProblemLog) -> None:
        """Each parent names a source, of this batch or stored, and no chain of parents
        comes back to where it started."""
        mine = {r.id: r for _, r in kept}
        known = {**self._sources(), **mine}
        bad: set[str] = set()
        for line, s in kept:
            problem = parent_problem(s.id, s.parent, known)
            if problem:
                log.add(line, "parent", s.parent, problem)
                bad.add(s.id)
        kept[:] = [(line, s) for line, s in kept if s.id not in bad]
        self.new_sources.update({s.id: s for _, s in kept})

    # -- writing -----------------------------------------------------------------------
    def _store(self, fmt: str, records: list[Any], stamp: Stamp) -> int:
        if not records:
            return 0
        if fmt == "events":
            return store_events(self.conn, records, stamp)
        kind = KIND[fmt]
        rows = [_row(fmt, r) for r in records]
        # the posts these observations tie to their team (a source) for the first time
        posts = (
            new_posts(self.conn, records, list(self._sources())) if fmt == "observations" else []
        )
        repo.insert_rows(self.conn, kind, rows)
        entries = created(kind, rows, stamp)
        if posts:
            repo.insert_rows(self.conn, "post", posts)
            entries += created("post", posts, stamp)
        if fmt == "documents":
            privacy.add_document_files(self.conn, records)  # where each was read, kept apart
        ledger_repo.append(self.conn, entries)
        return len(rows)


def store_events(conn: Connection, events: Sequence[Event], stamp: Stamp) -> int:
    """Insert new events, logged in the ledger by reference to their rows."""
    values = [event_values(e) for e in events]
    event_repo.insert_values(conn, values)
    ledger_repo.append(conn, stamp.items(values))
    return len(values)


def parent_problem(source_id: str, parent: str | None, known: dict[str, Source]) -> str | None:
    """What is wrong with giving this source that parent, or None: the parent must be a
    known source, and following parents must not come back to the source."""
    if parent is None:
        return None
    if parent == source_id:
        return "names the source itself; a parent is the origin it re-reports"
    if parent not in known:
        return "is not a source of the workspace or of this import; add that source first"
    chain = [source_id, parent]
    at = known[parent].parent
    while at is not None and at in known:
        if at in chain:
            return "makes a loop of parents: " + " -> ".join([*chain, at])
        chain.append(at)
        at = known[at].parent
    return None


__all__ = [
    "DEFAULT_DATASET",
    "ORDER",
    "RecordFiles",
    "RecordReport",
    "created",
    "parent_problem",
    "read_records",
    "store_events",
]
