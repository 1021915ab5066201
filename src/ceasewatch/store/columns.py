"""The event columns the analytics read (the Parquet snapshot, and the row store's own
answers to the same questions), a batch at a time in constant memory.

``parties_of`` is the one reading of an event's parties both take: every distinct party
its actors name, in sorted order (the event list's ``party=`` filter finds an event by
any of them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from sqlalchemy import Connection, func, select, text

from ceasewatch.model.query import EventQuery
from ceasewatch.store.events import _where
from ceasewatch.store.schema import PUBLISHED_WHERE, events

# what a snapshot keeps of each event, as read from the row (actors is turned into parties)
SNAPSHOT_COLUMNS = (
    "id",
    "dataset",
    "type_code",
    "family",
    "date_start",
    "date_end",
    "lat",
    "lon",
    "place_name",
    "status",
    "actors",
    "killed_best",
    "wounded_best",
)


def parties_of(actors: str | None) -> list[str]:
    """The distinct parties an event's actors (JSON ``[[name, role, party, inter], ...]``)
    name, sorted."""
    if not actors:
        return []
    return sorted({str(a[2]) for a in orjson.loads(actors) if len(a) > 2 and a[2]})


def event_batches(
    conn: Connection, columns: tuple[str, ...] = SNAPSHOT_COLUMNS, batch: int = 100_000
) -> Iterator[list[tuple[Any, ...]]]:
    """Every event's *columns*, in batches of *batch* rows, in the table's own order (no
    sort: aggregates need none, and a scan in storage order reads each page once)."""
    quote = conn.dialect.identifier_preparer.quote
    sql = f"SELECT {', '.join(quote(c) for c in columns)} FROM events"
    result = conn.execution_options(stream_results=True, yield_per=batch).exec_driver_sql(sql)
    for part in result.partitions(batch):
        yield [tuple(r) for r in part]


def matching_batches(
    conn: Connection,
    q: EventQuery,
    columns: tuple[str, ...],
    *,
    published: bool = False,
    batch: int = 50_000,
) -> Iterator[list[tuple[Any, ...]]]:
    """*columns* of the events matching ``q``'s filters (as ``store.events`` reads them;
    not its order, limit or cursor), in batches; *published*: the published events only."""
    c = events.c
    stmt = select(*(c[name] for name in columns)).where(*_where(conn, q))
    if published:
        stmt = stmt.where(text(PUBLISHED_WHERE))
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(stmt)
    for part in result.partitions(batch):
        yield [tuple(r) for r in part]


def monthly_by_family(conn: Connection, q: EventQuery) -> list[tuple[str, str, int]]:
    """(YYYY-MM, family, count) of the events matching ``q``, by month of their start."""
    month = func.substr(events.c.date_start, 1, 7).label("month")
    stmt = (
        select(month, events.c.family, func.count())
        .where(*_where(conn, q))
        .group_by(month, events.c.family)
        .order_by(month, events.c.family)
    )
    return [(m, f, int(n)) for m, f, n in conn.execute(stmt)]
