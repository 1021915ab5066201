"""The event repository: events in and out of the database.

Functions take an open ``Connection`` (the Workspace owns the transaction) and work in
batches so that imports stream in constant memory.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Select, false, func, or_, select, text
from sqlalchemy.exc import IntegrityError

from ceasewatch.model import ActorRole, Event
from ceasewatch.model.access import PUBLISHED_EVENTS
from ceasewatch.model.query import EventQuery
from ceasewatch.store.copytext import CopyRows
from ceasewatch.store.engine import param_mark
from ceasewatch.store.limits import LIMITS
from ceasewatch.store.rows import COLUMNS as _COLUMNS
from ceasewatch.store.rows import row_event
from ceasewatch.store.schema import PUBLISHED_WHERE, events, ledger_entries
from ceasewatch.store.values import TupleCheck

if [c.name for c in events.columns] != _COLUMNS:
    raise RuntimeError("store/rows.py is out of step with store/schema.py")
_PUBLISHED_TERM = "status IN (" + ", ".join(f"'{s}'" for s in PUBLISHED_EVENTS) + ")"
if _PUBLISHED_TERM != PUBLISHED_WHERE:
    raise RuntimeError("the published events' index is out of step with model/access.py")


def _insert_sql(conn: Connection) -> str:
    """A positional INSERT in the driver's own parameter style."""
    mark = param_mark(conn)
    quote = conn.dialect.identifier_preparer.quote
    cols = ", ".join(quote(n) for n in _COLUMNS)
    return f"INSERT INTO events ({cols}) VALUES ({', '.join([mark] * len(_COLUMNS))})"


CHECK = TupleCheck(LIMITS[events.name], _COLUMNS)


def insert_values(
    conn: Connection,
    rows: Sequence[tuple[Any, ...]] | CopyRows,
    *,
    checked: bool = False,
    copy: bool = True,
) -> None:
    """Insert new event rows made by ``store.rows.event_values``; raises ``IntegrityError``
    if an id is taken, ``BatchRejected`` if a value does not fit its column (store/limits.py;
    ``checked``: the caller ran ``CHECK`` already).

    On PostgreSQL the rows go through ``COPY ... FROM STDIN`` (``copy`` false: the
    driver's ``executemany``, as before COPY was used); ``rows`` may then be ``CopyRows``,
    rendered already by the parser processes, which are always taken as checked. On SQLite
    tuples go to ``executemany``: building SQLAlchemy's per-row parameter dicts costs more
    than the insert itself."""
    if isinstance(rows, CopyRows):
        if conn.dialect.name != "postgresql":
            raise ValueError("rows in COPY text format need PostgreSQL")
        if rows.ids:
            _copy(conn, rows.text)
        return
    if not checked:
        CHECK.check(rows)
    if not rows:
        return
    if copy and conn.dialect.name == "postgresql":
        _copy(conn, rows)
    else:
        conn.exec_driver_sql(_insert_sql(conn), list(rows))


_COPY_SQL = f"COPY events ({', '.join(_COLUMNS)}) FROM STDIN"
_COPY_CHUNK = 1 << 20


def _copy(conn: Connection, rows: str | Sequence[tuple[Any, ...]]) -> None:
    """COPY rows into events on PostgreSQL: text already in COPY's format, or tuples that
    psycopg adapts. A taken id raises ``IntegrityError`` as an INSERT would."""
    from psycopg import errors as pg_errors

    driver = conn.connection.driver_connection
    if driver is None:
        raise RuntimeError("the connection is closed")
    try:
        with driver.cursor() as cur, cur.copy(_COPY_SQL) as copy:
            if isinstance(rows, str):
                for i in range(0, len(rows), _COPY_CHUNK):
                    copy.write(rows[i : i + _COPY_CHUNK])
            else:
                for row in rows:
                    copy.write_row(row)
    except pg_errors.IntegrityError as exc:
        raise IntegrityError(_COPY_SQL, None, exc) from exc


def count_estimate(conn: Connection) -> int:
    """A cheap upper estimate of how many events are stored."""
    if conn.dialect.name == "sqlite":
        return int(conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM events").scalar() or 0)
    est = conn.exec_driver_sql("SELECT reltuples FROM pg_class WHERE relname = 'events'").scalar()
    return max(int(est or 0), 0)


@contextmanager
def bulk_load(conn: Connection) -> Iterator[None]:
    """Drop the secondary indexes of ``events`` and ``ledger_entries`` (but the partial
    one) for a large load and build them again after.

    Building an index once over sorted keys is several times cheaper than updating it row
    by row at random places. Both happen inside the caller's transaction, so a failed load
    rolls back to the old table with its indexes. The primary keys stay: they find the ids
    a file repeats or that are stored already. On PostgreSQL, DROP INDEX locks readers out
    of the table until the load commits, so the importer only asks for this when the load
    brings more rows than the table holds (importing.py); the rebuild there gets more
    working memory for its sorts (server memory, for this transaction only).
    """
    dialect = conn.dialect.name
    indexes = sorted(
        (
            ix
            for ix in [*events.indexes, *ledger_entries.indexes]
            # a partial index (the published events') holds none of an import's rows:
            # kept, it costs a check per row; rebuilt, a pass over the whole table
            if ix.dialect_options[dialect].get("where") is None
        ),
        key=lambda ix: str(ix.name),
    )
    for ix in indexes:
        ix.drop(conn)
    yield
    if dialect == "postgresql":
        conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{_BUILD_MEMORY}'")
    for ix in indexes:
        ix.create(conn)


_BUILD_MEMORY = "256MB"  # PostgreSQL's default (64MB) sorts 10M keys in several passes


def refresh_statistics(conn: Connection) -> None:
    """After a large load, let PostgreSQL's planner see the new rows (its autovacuum would
    get there later; the map query plans badly until it does). SQLite needs nothing."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE events")


def existing_ids(conn: Connection, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` are stored already (queried in chunks the databases accept)."""
    ids = list(ids)
    found: set[str] = set()
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        found.update(conn.scalars(select(events.c.id).where(events.c.id.in_(chunk))))
    return found


def rows_by_id(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """The stored rows (in ``COLUMNS`` order) of those of ``ids`` that are stored."""
    out: dict[str, tuple[Any, ...]] = {}
    for i in range(0, len(ids), 900):
        chunk = list(ids[i : i + 900])
        for row in conn.execute(select(events).where(events.c.id.in_(chunk))):
            out[row[0]] = tuple(row)
    return out


def update_rows(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Write these rows (in ``COLUMNS`` order) over the stored rows with their ids."""
    if not rows:
        return
    mark = param_mark(conn)
    quote = conn.dialect.identifier_preparer.quote
    sets = ", ".join(f"{quote(n)} = {mark}" for n in _COLUMNS[1:])
    conn.exec_driver_sql(
        f"UPDATE events SET {sets} WHERE id = {mark}", [(*r[1:], r[0]) for r in rows]
    )


def set_status(conn: Connection, ids: Sequence[str], status: str) -> None:
    for i in range(0, len(ids), 900):
        chunk = list(ids[i : i + 900])
        conn.execute(events.update().where(events.c.id.in_(chunk)).values(status=status))


def ids_covered(
    conn: Connection,
    dataset: str,
    countries: Collection[str | None],
    first: str,
    last: str,
    but: str,
) -> set[str]:
    """The ids of a data set's events in these countries (None: with no country) whose
    date_start lies from ``first`` to ``last``, except those whose status is ``but``."""
    c = events.c
    named = sorted({x for x in countries if x is not None})
    where = [c.country.in_(named)] if named else []
    if None in countries:
        where.append(c.country.is_(None))
    if not where:
        return set()
    q = select(c.id).where(
        c.dataset == dataset,
        c.date_start >= first,
        c.date_start <= last,
        c.status != but,
        or_(*where),
    )
    return set(conn.scalars(q))


def _max_span(conn: Connection) -> int:
    return int(conn.scalar(select(func.max(events.c.span_days))) or 0)


def _where(conn: Connection, q: EventQuery) -> list[Any]:
    c = events.c
    cond: list[Any] = []
    if q.end is not None:
        cond.append(c.date_start <= q.end.isoformat())
    if q.start is not None:
        # Overlap needs date_end >= start; bounding date_start from below as well lets the
        # (date_start, lon, lat) index serve the query.
        low = q.start - timedelta(days=_max_span(conn))
        cond += [c.date_start >= low.isoformat(), c.date_end >= q.start.isoformat()]
    if q.bbox is not None:
        b = q.bbox
        cond += [c.lon >= b.west, c.lon <= b.east, c.lat >= b.south, c.lat <= b.north]
    if q.types:
        cond.append(c.type_code.in_(q.types))
    if q.families:
        cond.append(c.family.in_([f.value for f in q.families]))
    if q.statuses:
        cond.append(c.status.in_([s.value for s in q.statuses]))
    if q.dataset:
        cond.append(c.dataset == q.dataset)
    if q.actor:
        cond.append(func.lower(c.actors).contains(q.actor.lower(), autoescape=True))
    if q.words:
        hay = _searched(conn)
        cond += [hay.contains(w, autoescape=True) for w in q.words]
    if q.party:
        # actors are [name, role, party, inter]: the party follows a role, each quoted;
        # a role's own name (also preceded by '","') is no party
        needle = '","' + q.party + '",'
        if q.party in {r.value for r in ActorRole}:
            cond.append(false())
        else:
            cond.append(c.actors.contains(needle, autoescape=True))
    return cond


# the columns a free-text search looks in (EventQuery.text)
SEARCHED = ("place_name", "admin1", "admin2", "type_code", "notes", "actors")


def _searched(conn: Connection) -> Any:
    """The searched columns joined and in lower case, in every alphabet. SQLite's own
    lower() knows only ASCII letters, so there it is cw_lower (engine.py), Python's; a
    PostgreSQL database made with no locale (C) is the same, so there lower() is asked
    in ICU's root collation where the server has ICU."""
    c = events.c
    hay: Any = func.coalesce(c[SEARCHED[0]], "")
    for name in SEARCHED[1:]:
        hay = hay + " " + func.coalesce(c[name], "")
    if conn.dialect.name == "sqlite":
        return func.cw_lower(hay)
    if _has_icu(conn):
        hay = hay.self_group().collate("und-x-icu")
    return func.lower(hay)


def _has_icu(conn: Connection) -> bool:
    info = conn.connection.info  # kept with the database connection, asked once
    if "cw_icu" not in info:
        sql = "SELECT count(*) FROM pg_collation WHERE collname = 'und-x-icu'"
        info["cw_icu"] = bool(conn.exec_driver_sql(sql).scalar())
    return bool(info["cw_icu"])


def _select(conn: Connection, q: EventQuery) -> Select[Any]:
    stmt = select(events).where(*_where(conn, q))
    if q.after:
        stmt = stmt.where(events.c.id > q.after)
    return stmt


def query_events(conn: Connection, q: EventQuery) -> list[Event]:
    """Events matching ``q``, ordered by date then id (``q.newest``: the latest first)."""
    if q.newest:
        stmt = _select(conn, q).order_by(events.c.date_start.desc(), events.c.id.desc())
    else:
        stmt = _select(conn, q).order_by(events.c.date_start, events.c.id)
    if q.limit is not None:
        stmt = stmt.limit(q.limit)
    return [row_event(r) for r in conn.execute(stmt)]


# How many events in id order a filtered page looks through before it asks the planner
# instead (``_paged``).
PAGE_WINDOW = 20_000


def _paged(conn: Connection, stmt: Select[Any], q: EventQuery, filtered: bool) -> list[Event]:
    """The first ``q.limit`` rows of *stmt* (ordered by id, after ``q.after``).

    With filters, a database plans by them: a period makes it read every event of the
    period through the date index and sort them all by id for the 50 it sends, a cost
    that grows with the record (a second at a million events). So a page first looks
    through the next ``PAGE_WINDOW`` events in id order alone (the primary key's index, a
    bounded cost), which fills it whenever one event in 400 or more matches; only a page
    that window does not fill is asked of the planner, for filters so narrow that their
    own index finds few events."""
    if q.limit is None or not filtered:
        if q.limit is not None:
            stmt = stmt.limit(q.limit)
        return [row_event(r) for r in conn.execute(stmt)]
    bound_q = select(events.c.id).order_by(events.c.id).offset(PAGE_WINDOW).limit(1)
    if q.after:
        bound_q = bound_q.where(events.c.id > q.after)
    bound = conn.scalar(bound_q)
    window = stmt.with_hint(events, "INDEXED BY sqlite_autoindex_events_1", "sqlite")
    if bound is not None:
        window = window.where(events.c.id <= bound)
    found = [row_event(r) for r in conn.execute(window.limit(q.limit))]
    if len(found) >= q.limit or bound is None:
        return found
    return [row_event(r) for r in conn.execute(stmt.limit(q.limit))]


def page_events(conn: Connection, q: EventQuery) -> list[Event]:
    """One page of the events matching ``q`` in id order, after ``q.after``: the order a
    cursor can resume."""
    where = _where(conn, q)
    stmt = _select(conn, q).order_by(events.c.id)
    return _paged(conn, stmt, q, bool(where))


def iter_events(conn: Connection, q: EventQuery, batch: int = 2000) -> Iterator[Event]:
    """Every event matching ``q`` in id order, a page at a time (constant memory)."""
    after = q.after
    while True:
        stmt = _select(conn, q).order_by(events.c.id).limit(batch)
        if after:
            stmt = stmt.where(events.c.id > after)
        rows = conn.execute(stmt).all()
        if not rows:
            return
        for r in rows:
            yield row_event(r)
        after = rows[-1][0]


def published_count(conn: Connection) -> int:
    """How many events are published (read from their own index)."""
    return int(
        conn.exec_driver_sql(f"SELECT count(*) FROM events WHERE {PUBLISHED_WHERE}").scalar() or 0
    )


def published_places(conn: Connection) -> Iterator[tuple[Any, ...]]:
    """``(id, lon, lat, date_start, date_end, family, type_code, status)`` of every
    published event, in id order."""
    sql = (
        "SELECT id, lon, lat, date_start, date_end, family, type_code, status FROM events "
        f"WHERE {PUBLISHED_WHERE} ORDER BY id"
    )
    yield from conn.exec_driver_sql(sql)


def published_actors(conn: Connection) -> Iterator[tuple[str, str]]:
    """``(id, actors)`` of every published event that has actors, in id order."""
    sql = f"SELECT id, actors FROM events WHERE {PUBLISHED_WHERE} AND actors IS NOT NULL"
    for eid, actors in conn.exec_driver_sql(sql + " ORDER BY id"):
        yield str(eid), str(actors)


def page_published(conn: Connection, q: EventQuery) -> list[Event]:
    """``page_events`` among the published events only, through their own index (a
    filtered page as ``_paged`` has it)."""
    stmt = _select(conn, q).where(text(PUBLISHED_WHERE)).order_by(events.c.id)
    if _where(conn, q):
        return _paged(conn, stmt, q, True)
    if q.limit is not None:
        stmt = stmt.limit(q.limit)
    return [row_event(r) for r in conn.execute(stmt)]


def events_by_id(conn: Connection, ids: Sequence[str]) -> dict[str, Event]:
    """The events of these ids that exist, by id (read as plain rows: the statement's
    result processing would cost more than the reads)."""
    mark = param_mark(conn)
    quote = conn.dialect.identifier_preparer.quote
    cols = ", ".join(quote(n) for n in _COLUMNS)
    found: dict[str, Event] = {}
    for i in range(0, len(ids), 900):
        chunk = tuple(ids[i : i + 900])
        sql = f"SELECT {cols} FROM events WHERE id IN ({', '.join([mark] * len(chunk))})"
        for r in conn.exec_driver_sql(sql, chunk):
            found[r[0]] = row_event(r)
    return found


def matching_among(conn: Connection, q: EventQuery, ids: Sequence[str]) -> list[Event]:
    """The events of these ids that ``q`` finds (its filters; not its order or limit),
    newest first."""
    found: list[Event] = []
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), 900):
        stmt = select(events).where(*_where(conn, q), events.c.id.in_(ordered[i : i + 900]))
        found += [row_event(r) for r in conn.execute(stmt)]
    found.sort(key=lambda e: (e.when.start or date.min, e.id), reverse=True)
    return found


def get_event(conn: Connection, event_id: str) -> Event | None:
    row = conn.execute(select(events).where(events.c.id == event_id)).first()
    if row is None:
        return None
    return row_event(row)


def monthly_counts(conn: Connection, q: EventQuery) -> list[tuple[str, str, int]]:
    """(YYYY-MM, type code, count) for events matching ``q``, by month of their start."""
    month = func.substr(events.c.date_start, 1, 7).label("month")
    stmt = (
        select(month, events.c.type_code, func.count())
        .where(*_where(conn, q))
        .group_by(month, events.c.type_code)
        .order_by(month, events.c.type_code)
    )
    return [(m, t, int(n)) for m, t, n in conn.execute(stmt)]


def totals(conn: Connection) -> dict[str, Any]:
    c = events.c
    n, first, last = conn.execute(
        select(func.count(), func.min(c.date_start), func.max(c.date_end))
    ).one()

    def grouped(col: Any) -> dict[str, int]:
        rows = conn.execute(select(func.coalesce(col, ""), func.count()).group_by(col)).all()
        return {str(k): int(v) for k, v in sorted(rows)}

    return {
        "events": int(n),
        "first_date": first,
        "last_date": last,
        "by_family": grouped(c.family),
        "by_status": grouped(c.status),
        "by_dataset": grouped(c.dataset),
    }
