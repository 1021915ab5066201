"""Sources as a user declares them: add one, or change its name, kind, party, scale or the
origin it re-reports (its parent).

Each change is logged in the ledger with who made it and why, and the events whose
claims the changed sources stand behind are brought up to date: an outlet given a parent
counts as the origin it copies from then on, not as another independent voice. The
reliability grade and protection have their own use cases (``analysts``), which
ask for a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection

from ceasewatch.assess.grading import source_origins
from ceasewatch.errors import Conflict, InvalidInput, NotFound, SchemaError
from ceasewatch.ledger.entries import Op
from ceasewatch.model import Reliability, Source, SourceKind, Taxonomy
from ceasewatch.store import clusters as cluster_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import records as repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.store.keys import overlong
from ceasewatch.workspace.members import Sources, parties
from ceasewatch.workspace.parsing import Stamp
from ceasewatch.workspace.recordfiles import parent_problem
from ceasewatch.workspace.refreshing import Writer, regrade

EDITABLE = ("name", "kind", "affiliation", "parent", "scale")
SHOWN = {"affiliation": "party"}  # a field as the command line names it


@dataclass(frozen=True, slots=True)
class SourceChange:
    """What adding or editing a source did."""

    source: Source
    changed: tuple[tuple[str, str | None, str | None], ...]  # (field, old, new)
    origin: str  # what the source counts as now
    events: int  # events brought up to date


def _text(value: str | None) -> str | None:
    """A value as given: stripped; empty means none."""
    return (value or "").strip() or None


def _kind(value: str) -> SourceKind:
    return SourceKind.parse(value, field="kind")


def _reliability(value: str) -> Reliability:
    try:
        return Reliability.parse(value, field="reliability")
    except SchemaError:
        raise InvalidInput(
            f"{value!r} is not a reliability grade; expected one of A, B, C, D, E, F",
            field="reliability",
        ) from None


def _check(conn: Connection, s: Source, known: Mapping[str, Source]) -> None:
    """What every source must be: an id without spaces, a name, fields that fit their
    columns, a parent that is a source and makes no loop, a party of the stored
    agreements (when any is stored) or the mission."""
    if not s.id or any(c.isspace() for c in s.id):
        raise InvalidInput(f"{s.id!r} is not a source id: no spaces, not empty", field="id")
    if not s.name:
        raise InvalidInput("a source needs a name", field="name")
    too_long = overlong("source", texts_repo.source_row(s))
    if too_long:
        column, limit = too_long[0]
        raise InvalidInput(
            f"{SHOWN.get(column, column)} is longer than {limit} characters",
            field=SHOWN.get(column, column),
        )
    problem = parent_problem(s.id, s.parent, {**known, s.id: s})
    if problem:
        raise InvalidInput(f"parent {s.parent!r} {problem}", field="parent")
    if s.affiliation and s.affiliation != "mission":
        allowed = parties(conn)
        if allowed and s.affiliation not in allowed:
            raise InvalidInput(
                f"party {s.affiliation!r} is not a party or mission contributor of the stored "
                f"agreements ({', '.join(sorted(allowed))}), nor 'mission'",
                field="party",
            )


def add_source(
    conn: Connection,
    taxonomy: Taxonomy,
    stamp: Stamp,
    source_id: str,
    name: str,
    kind: str,
    *,
    party: str | None = None,
    parent: str | None = None,
    reliability: str = "F",
    scale: str | None = None,
    protected: bool = False,
    reason: str | None = None,
) -> SourceChange:
    """Add a source; the events its documents' claims are in are graded again (a text
    may name a source before the source is declared)."""
    s = Source(
        (source_id or "").strip(),
        (name or "").strip(),
        _kind(kind),
        _text(party),
        _reliability(reliability),
        _text(parent),
        _text(scale),
        protected,
    )
    ledger_repo.lock(conn)
    known = {x.id: x for x in texts_repo.list_sources(conn)}
    if s.id in known:
        raise Conflict(f"source {s.id} exists already; change it with 'sources edit'")
    _check(conn, s, known)
    w = Writer(conn, stamp)
    row = texts_repo.source_row(s)
    repo.insert_rows(conn, "source", [row])
    w.changed("source", s.id, _reason(reason, "source added"), Op.CREATE)
    return _after(w, taxonomy, s, (), {s.id})


def edit_source(
    conn: Connection,
    taxonomy: Taxonomy,
    stamp: Stamp,
    source_id: str,
    changes: Mapping[str, str | None],
    reason: str | None = None,
) -> SourceChange:
    """Change fields of a source (``EDITABLE``; an empty value clears an optional one)."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(
            f"cannot edit {', '.join(unknown)}; editable: {', '.join(EDITABLE)} (the grade "
            "and protection have 'sources grade' and 'sources protect')",
            field=unknown[0],
        )
    if not changes:
        raise InvalidInput("name a field to change: --name, --kind, --party, --parent, --scale")
    ledger_repo.lock(conn)
    known = {x.id: x for x in texts_repo.list_sources(conn)}
    old = known.get(source_id)
    if old is None:
        raise NotFound("source", source_id)
    values: dict[str, Any] = {}
    for fld, value in changes.items():
        if fld == "kind":
            values[fld] = _kind(value or "")
        elif fld == "name":
            values[fld] = (value or "").strip()
        else:
            values[fld] = _text(value)
    new = replace(old, **values)
    _check(conn, new, known)
    changed = tuple(
        (SHOWN.get(f, f), _shown(getattr(old, f)), _shown(getattr(new, f)))
        for f in EDITABLE
        if getattr(old, f) != getattr(new, f)
    )
    if not changed:
        raise Conflict(f"source {source_id} has these values already")
    before = source_origins(list(known.values()))
    after = source_origins([new if x.id == source_id else x for x in known.values()])
    moved = {sid for sid in after if after[sid] != before.get(sid)} | {source_id}
    w = Writer(conn, stamp)
    w.before("source", source_id)
    row = texts_repo.source_row(new)
    cluster_repo.update_source(conn, source_id, {k: row[k] for k in EDITABLE})
    said = "; ".join(f"{f} {a or '-'} -> {b or '-'}" for f, a, b in changed)
    w.changed("source", source_id, _reason(reason, said))
    return _after(w, taxonomy, new, changed, moved)


def _after(
    w: Writer,
    taxonomy: Taxonomy,
    s: Source,
    changed: tuple[tuple[str, str | None, str | None], ...],
    moved: set[str],
) -> SourceChange:
    """Grade again what the sources in ``moved`` stand behind, and write it all."""
    srcs = Sources.read(w.conn)
    touched_before = len(w.entries)
    regrade(w, taxonomy, srcs, moved, f"source {s.id} {'edited' if changed else 'added'}")
    events = sum(1 for e in w.entries[touched_before:] if e.kind == "event")
    w.flush()
    return SourceChange(s, changed, srcs.origins[s.id], events)


def _shown(value: object) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _reason(given: str | None, default: str) -> str:
    given = (given or "").strip()
    return f"{default}: {given}" if given else default
