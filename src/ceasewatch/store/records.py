"""Writing the rows of the monitoring records, and what the repositories of those records
share: JSON columns, look-ups a few hundred keys at a time, and narrowing a query to the
members of some events.

The records themselves are in ``texts`` (sources, documents, claims), ``monitoring``
(observations, crossings, track points), ``agreements`` and ``findings``; their
``*_row`` functions make the rows that ``insert_rows`` writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, select

from ceasewatch.store.clusters import mark_members
from ceasewatch.store.schema import RECORD_TABLES


def _json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def insert_rows(conn: Connection, kind: str, rows: Sequence[dict[str, Any]]) -> int:
    """Insert rows made by the ``*_row`` functions below into the table of ``kind``. The
    events that claims or observations come in already belonging to are listed as events
    with members (clustering's index)."""
    if rows:
        conn.execute(RECORD_TABLES[kind][0].insert(), list(rows))
        if kind in ("claim", "observation"):
            mark_members(conn, [r["event_id"] for r in rows if r.get("event_id")])
    return len(rows)


def _lookup(conn: Connection, key: Any, value: Any, wanted: Sequence[Any]) -> dict[Any, Any]:
    """key -> value for the rows whose key is among *wanted*, asked 500 at a time."""
    out: dict[Any, Any] = {}
    for i in range(0, len(wanted), 500):
        part = list(wanted[i : i + 500])
        out.update({r[0]: r[1] for r in conn.execute(select(key, value).where(key.in_(part)))})
    return out


def _by_event(q: Any, column: Any, events: Sequence[str] | None, unassigned: bool) -> Any:
    """Narrow a query to the members of these events, or to records in none."""
    if unassigned:
        q = q.where(column.is_(None))
    if events is not None:
        q = q.where(column.in_(list(events)))
    return q
