"""The event repository: events and their actors in and out of the database.

Functions take an open ``Connection`` (the Workspace owns the transaction) and work in
batches so that imports stream in constant memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Select, and_, exists, func, select

from ceasewatch.model import (
    AcledType,
    Actor,
    ActorRole,
    CfvDetail,
    CfvKind,
    Count,
    Event,
    Family,
    GeoPrecision,
    Place,
    TimePrecision,
    TimeSpan,
    VerificationStatus,
)
from ceasewatch.model.query import EventQuery
from ceasewatch.store.schema import event_actors, events

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _list(values: Sequence[str]) -> str | None:
    return _dumps(list(values)) if values else None


def event_row(e: Event) -> dict[str, Any]:
    w, k, wd, t = e.where, e.killed, e.wounded, e.when
    acled = e.acled
    return {
        "id": e.id,
        "dataset": e.dataset,
        "external_id": e.external_id,
        "type_code": e.type_code,
        "family": e.family.value,
        "acled_event_type": acled.event_type if acled else None,
        "acled_sub_event_type": acled.sub_event_type if acled else None,
        "disorder_type": acled.disorder_type if acled else None,
        "date_start": t.start.isoformat() if t.start else None,
        "date_end": t.end.isoformat() if t.end else None,
        "span_days": (t.end - t.start).days if t.start and t.end else 0,
        "time_precision": t.precision.value,
        "place_name": w.name,
        "lat": w.lat,
        "lon": w.lon,
        "geo_precision": w.precision.value,
        "radius_m": w.radius_m,
        "geometry": _dumps(w.geometry) if w.geometry else None,
        "country": w.country,
        "iso": w.iso,
        "region": w.region,
        "admin1": w.admin1,
        "admin2": w.admin2,
        "admin3": w.admin3,
        "killed_low": k.low,
        "killed_best": k.best,
        "killed_high": k.high,
        "killed_civilian": k.civilian,
        "killed_military": k.military,
        "wounded_low": wd.low,
        "wounded_best": wd.best,
        "wounded_high": wd.high,
        "wounded_civilian": wd.civilian,
        "wounded_military": wd.military,
        "status": e.status.value,
        "civilian_targeting": e.civilian_targeting,
        "cfv": _dumps([[c.kind.value, c.count, c.weapon] for c in e.cfv]) if e.cfv else None,
        "notes": e.notes,
        "sources": _list(e.sources),
        "source_scale": e.source_scale,
        "tags": _list(e.tags),
        "extra": _dumps(dict(e.extra)) if e.extra else None,
    }


def actor_rows(e: Event) -> list[dict[str, Any]]:
    return [
        {
            "event_id": e.id,
            "seq": i,
            "name": a.name,
            "role": a.role.value,
            "party": a.party,
            "inter": a.inter,
        }
        for i, a in enumerate(e.actors)
    ]


def insert_events(conn: Connection, batch: Sequence[Event]) -> None:
    """Insert a batch of new events with their actors (executemany, one round trip each)."""
    if not batch:
        return
    conn.execute(events.insert(), [event_row(e) for e in batch])
    actors = [row for e in batch for row in actor_rows(e)]
    if actors:
        conn.execute(event_actors.insert(), actors)


def existing_ids(conn: Connection, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` are stored already (queried in chunks the databases accept)."""
    ids = list(ids)
    found: set[str] = set()
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        found.update(conn.scalars(select(events.c.id).where(events.c.id.in_(chunk))))
    return found


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _count(row: Any, what: str) -> Count:
    return Count(
        row[f"{what}_low"],
        row[f"{what}_best"],
        row[f"{what}_high"],
        row[f"{what}_civilian"],
        row[f"{what}_military"],
    )


def row_event(row: Any, actors: Sequence[Actor]) -> Event:
    acled = None
    if row["acled_event_type"]:
        acled = AcledType(
            row["acled_event_type"], row["acled_sub_event_type"], row["disorder_type"]
        )
    return Event(
        id=row["id"],
        type_code=row["type_code"],
        family=Family(row["family"]),
        when=TimeSpan(
            _date(row["date_start"]), _date(row["date_end"]), TimePrecision(row["time_precision"])
        ),
        where=Place(
            name=row["place_name"],
            lat=row["lat"],
            lon=row["lon"],
            precision=GeoPrecision(row["geo_precision"]),
            radius_m=row["radius_m"],
            geometry=json.loads(row["geometry"]) if row["geometry"] else None,
            country=row["country"],
            iso=row["iso"],
            region=row["region"],
            admin1=row["admin1"],
            admin2=row["admin2"],
            admin3=row["admin3"],
        ),
        actors=tuple(actors),
        killed=_count(row, "killed"),
        wounded=_count(row, "wounded"),
        status=VerificationStatus(row["status"]),
        acled=acled,
        cfv=tuple(CfvDetail(CfvKind(k), n, w) for k, n, w in json.loads(row["cfv"]))
        if row["cfv"]
        else (),
        notes=row["notes"],
        sources=tuple(json.loads(row["sources"])) if row["sources"] else (),
        source_scale=row["source_scale"],
        tags=tuple(json.loads(row["tags"])) if row["tags"] else (),
        civilian_targeting=bool(row["civilian_targeting"]),
        dataset=row["dataset"],
        external_id=row["external_id"],
        extra=json.loads(row["extra"]) if row["extra"] else {},
    )


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
        a = event_actors.c
        cond.append(
            exists().where(and_(a.event_id == c.id, func.lower(a.name).contains(q.actor.lower())))
        )
    return cond


def _select(conn: Connection, q: EventQuery) -> Select[Any]:
    stmt = select(events).where(*_where(conn, q))
    if q.after:
        stmt = stmt.where(events.c.id > q.after)
    return stmt


def _actors_for(conn: Connection, ids: Sequence[str]) -> dict[str, list[Actor]]:
    out: dict[str, list[Actor]] = {i: [] for i in ids}
    a = event_actors.c
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        rows = conn.execute(
            select(a.event_id, a.name, a.role, a.party, a.inter)
            .where(a.event_id.in_(chunk))
            .order_by(a.event_id, a.seq)
        )
        for eid, name, role, party, inter in rows:
            out[eid].append(Actor(name, ActorRole(role), party, inter))
    return out


def query_events(conn: Connection, q: EventQuery) -> list[Event]:
    """Events matching ``q``, ordered by date then id."""
    stmt = _select(conn, q).order_by(events.c.date_start, events.c.id)
    if q.limit is not None:
        stmt = stmt.limit(q.limit)
    rows = conn.execute(stmt).mappings().all()
    actors = _actors_for(conn, [r["id"] for r in rows])
    return [row_event(r, actors[r["id"]]) for r in rows]


def iter_events(conn: Connection, q: EventQuery, batch: int = 2000) -> Iterator[Event]:
    """Every event matching ``q`` in id order, a page at a time (constant memory)."""
    after = q.after
    while True:
        stmt = _select(conn, q).order_by(events.c.id).limit(batch)
        if after:
            stmt = stmt.where(events.c.id > after)
        rows = conn.execute(stmt).mappings().all()
        if not rows:
            return
        actors = _actors_for(conn, [r["id"] for r in rows])
        for r in rows:
            yield row_event(r, actors[r["id"]])
        after = rows[-1]["id"]


def get_event(conn: Connection, event_id: str) -> Event | None:
    row = conn.execute(select(events).where(events.c.id == event_id)).mappings().first()
    if row is None:
        return None
    return row_event(row, _actors_for(conn, [event_id])[event_id])


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
