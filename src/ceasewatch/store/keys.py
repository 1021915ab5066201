"""Which records are stored already, and what fits in a column: the checks a batch of
records makes against the database before it writes anything."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, String, select

from ceasewatch.store.schema import RECORD_TABLES

CHUNK = 900  # ids per IN list: below SQLite's oldest limit on bound parameters


def stored_ids(conn: Connection, kind: str, ids: Sequence[str]) -> set[str]:
    """Which of these ids a record of ``kind`` (one with a single-column key) holds."""
    table, keys = RECORD_TABLES[kind]
    if keys != ("id",):
        raise ValueError(f"{kind} records have a composite id")
    found: set[str] = set()
    for i in range(0, len(ids), CHUNK):
        chunk = list(ids[i : i + CHUNK])
        found.update(conn.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    return found


@cache
def text_limits(kind: str) -> dict[str, int]:
    """Column -> the most characters it holds, for the bounded text columns of ``kind``
    (PostgreSQL enforces them; SQLite does not, so they are checked before writing)."""
    table, _ = RECORD_TABLES[kind]
    return {
        c.name: c.type.length
        for c in table.columns
        if isinstance(c.type, String) and c.type.length is not None
    }


def overlong(kind: str, row: Mapping[str, Any]) -> list[tuple[str, int]]:
    """(column, limit) of each text value of a row that does not fit its column."""
    limits = text_limits(kind)
    return [
        (name, limit)
        for name, limit in limits.items()
        if isinstance(row.get(name), str) and len(row[name]) > limit
    ]
