"""Events read as assessment evidence and as actor names, straight from their rows.

Assessment reads every event of the record (millions): ``iter_evidence`` makes the items
``assess.evidence.from_event`` makes without building an ``Event`` first, and shares each
distinct value (actors, sources, days) among the items that have it. Functions take an
open ``Connection``; the Workspace owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

import orjson
from sqlalchemy import Connection, text

from ceasewatch.assess.evidence import Item
from ceasewatch.model import ActorRole, Family, GeoPrecision

_EVIDENCE_COLUMNS = (
    "id, type_code, family, date_start, date_end, lat, lon, geo_precision, actors, "
    "killed_best, wounded_best, status, sources, extra, notes"
)
_PERPETRATOR, _TARGET = ActorRole.PERPETRATOR.value, ActorRole.TARGET.value
_TAKING_PART = {ActorRole.PARTICIPANT.value, ActorRole.ESCORT.value, ActorRole.OBSERVER.value}


_KEPT = 100_000  # distinct values remembered by one reading of the evidence (each memo)


def _pages(conn: Connection, sql: str, batch: int) -> Iterator[Sequence[Any]]:
    """The rows of *sql* (which takes ``:after`` and ``:n`` and starts with the event id),
    a page of *batch* at a time in id order. The driver's own tuples: SQLAlchemy's Row for
    each of millions of rows cost a sixth of the reading."""
    query = text(sql)
    after = ""
    while True:
        result = conn.execute(query, {"after": after, "n": batch})
        rows = result.cursor.fetchall()
        result.close()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _parties_by_role(
    actors: str | None,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(perpetrators, targets, taking part, unnamed actors) of an event's actors JSON."""
    perpetrators: list[str] = []
    targets: list[str] = []
    taking_part: list[str] = []
    unnamed: list[tuple[str, str]] = []
    for name, role, party, _inter in orjson.loads(actors) if actors else ():
        if not party:
            if name:
                unnamed.append((name, role))
            continue
        bucket = (
            perpetrators
            if role == _PERPETRATOR
            else targets
            if role == _TARGET
            else taking_part
            if role in _TAKING_PART
            else None
        )
        if bucket is not None and party not in bucket:
            bucket.append(party)
    return tuple(perpetrators), tuple(targets), tuple(taking_part), tuple(unnamed)


def iter_evidence(
    conn: Connection,
    origins: Mapping[str, str] | None = None,
    batch: int = 20_000,
    boxes: Sequence[tuple[float, float, float, float]] | None = None,
) -> Iterator[Item]:
    """Every event as assessment evidence, read straight from its row (no Event object):
    the same items ``assess.evidence.from_event`` makes, at a fraction of the cost.
    *origins* maps source ids to who stands behind them (a party, the mission). With
    *boxes* ((west, south, east, north), edges included), a placed event outside all of
    them is left in the database: a record of the whole world assessed against one
    ceasefire reads that ceasefire's events (and every unplaced one), not the world's.

    The same actors, sources and days recur across millions of events: each distinct
    value is read once and its result shared by every item that has it (up to ``_KEPT``
    of each at a time), which saves both the reading and the memory of millions of
    equal tuples and dates."""
    origins = origins or {}
    sql = (
        f"SELECT {_EVIDENCE_COLUMNS} FROM events WHERE id > :after{_inside(boxes)} "
        "ORDER BY id LIMIT :n"
    )
    families = {m.value: m for m in Family}
    precisions = {m.value: m for m in GeoPrecision}
    loads = orjson.loads
    day = date.fromisoformat
    by_actors: dict[str | None, Any] = {}
    by_sources: dict[str | None, tuple[tuple[str, ...], str | None]] = {}
    days: dict[str, date] = {}
    for rows in _pages(conn, sql, batch):
        for memo in (by_actors, by_sources, days):
            if len(memo) > _KEPT:
                memo.clear()
        for (eid, code, family, start, end, lat, lon, gprec, actors, killed, wounded, status,
             sources, extra, notes) in rows:  # fmt: skip
            roles = by_actors.get(actors)
            if roles is None:
                roles = by_actors[actors] = _parties_by_role(actors)
            cited_origin = by_sources.get(sources)
            if cited_origin is None:
                cited = tuple(loads(sources)) if sources else ()
                cited_origin = by_sources[sources] = (
                    cited,
                    origins.get(cited[0]) if cited else None,
                )
            more = loads(extra) if extra else {}
            quantity = more.get("quantity")
            first = last = None
            if start:
                first = days.get(start)
                if first is None:
                    first = days[start] = day(start)
                last = first
            if end and end != start:
                last = days.get(end)
                if last is None:
                    last = days[end] = day(end)
            yield Item(
                f"event:{eid}",
                "event",
                code,
                families[family],
                first,
                last,
                lat,
                lon,
                precisions[gprec],
                roles[0],
                roles[1],
                roles[2],
                None,
                status,
                cited_origin[0],
                killed,
                wounded,
                float(quantity) if quantity else None,
                more.get("unit") or None,
                notes,
                cited_origin[1],
                None,
                roles[3],
            )


def _inside(boxes: Sequence[tuple[float, float, float, float]] | None) -> str:
    """The SQL condition (after AND) that an event is unplaced or inside one of *boxes*."""
    if boxes is None:
        return ""
    parts = ["lat IS NULL", "lon IS NULL"]
    for west, south, east, north in boxes:
        # repr of a float reads back as the same double, in SQLite and PostgreSQL alike
        parts.append(
            f"(lat BETWEEN {float(south)!r} AND {float(north)!r} "
            f"AND lon BETWEEN {float(west)!r} AND {float(east)!r})"
        )
    return " AND (" + " OR ".join(parts) + ")"


def unattributed_actor_names(conn: Connection, batch: int = 20_000) -> Iterator[str]:
    """The name of every actor of every event that carries no party, once per event."""
    sql = (
        "SELECT id, actors FROM events WHERE id > :after AND actors IS NOT NULL "
        "ORDER BY id LIMIT :n"
    )
    for rows in _pages(conn, sql, batch):
        for _eid, actors in rows:
            yield from {
                name for name, _role, party, _inter in orjson.loads(actors) if name and not party
            }
