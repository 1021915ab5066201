"""Repositories for the other monitoring records: agreements, sources, documents,
observations, checkpoint crossings and track points."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, select

from ceasewatch.model import (
    CargoItem,
    CfvDetail,
    CfvKind,
    Crossing,
    Direction,
    Document,
    GeoPrecision,
    Observation,
    ObservationMeans,
    Place,
    Reliability,
    Source,
    SourceKind,
    TrackPoint,
)
from ceasewatch.store.schema import (
    RECORD_TABLES,
    agreements,
    crossings,
    documents,
    observations,
    sources,
    track_points,
)


def _json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def insert_rows(conn: Connection, kind: str, rows: Sequence[dict[str, Any]]) -> int:
    """Insert rows made by the ``*_row`` functions below into the table of ``kind``."""
    if rows:
        conn.execute(RECORD_TABLES[kind][0].insert(), list(rows))
    return len(rows)


# -- agreements ----------------------------------------------------------------------


def put_agreement(
    conn: Connection, aid: str, title: str, sha256: str, text: str, at: str
) -> tuple[dict[str, Any], bool]:
    """Store an agreement's file, replacing an earlier version with the same id.

    Returns the stored row and whether it replaced one."""
    replaced = conn.execute(agreements.delete().where(agreements.c.id == aid)).rowcount > 0
    row = {"id": aid, "title": title, "sha256": sha256, "source_text": text, "loaded_at": at}
    conn.execute(agreements.insert(), row)
    return row, replaced


def agreement_text(conn: Connection, aid: str) -> tuple[str, str] | None:
    """(sha256, source text) of one stored agreement."""
    c = agreements.c
    row = conn.execute(select(c.sha256, c.source_text).where(c.id == aid)).first()
    return None if row is None else (row[0], row[1])


def agreement_texts(conn: Connection) -> list[tuple[str, str, str, str]]:
    """(id, title, sha256, source text) of every stored agreement."""
    c = agreements.c
    rows = conn.execute(select(c.id, c.title, c.sha256, c.source_text).order_by(c.id))
    return [(r[0], r[1], r[2], r[3]) for r in rows]


# -- sources ---------------------------------------------------------------------------


def source_row(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind.value,
        "affiliation": s.affiliation,
        "reliability": s.reliability.value,
        "parent": s.parent,
        "scale": s.scale,
        "protected": s.protected,
        "illustrative": s.illustrative,
    }


def list_sources(conn: Connection) -> list[Source]:
    return [
        Source(
            r.id,
            r.name,
            SourceKind(r.kind),
            r.affiliation,
            Reliability(r.reliability),
            r.parent,
            r.scale,
            bool(r.protected),
            bool(r.illustrative),
        )
        for r in conn.execute(select(sources).order_by(sources.c.id))
    ]


# -- documents -------------------------------------------------------------------------


def document_row(d: Document) -> dict[str, Any]:
    return {
        "id": d.id,
        "sha256": d.sha256,
        "source_id": d.source_id,
        "published": d.published.isoformat() if d.published else None,
        "language": d.language,
        "title": d.title,
        "url": d.url,
        "text": d.text,
        "illustrative": d.illustrative,
    }


def list_documents(conn: Connection) -> list[Document]:
    return [
        Document(
            r.id,
            r.sha256,
            r.source_id,
            datetime.fromisoformat(r.published) if r.published else None,
            r.language,
            r.title,
            r.url,
            r.text,
            bool(r.illustrative),
        )
        for r in conn.execute(select(documents).order_by(documents.c.published, documents.c.id))
    ]


# -- observations ----------------------------------------------------------------------


def _place_json(p: Place) -> str | None:
    return _json({"name": p.name, "lat": p.lat, "lon": p.lon, "precision": p.precision.value})


def observation_row(o: Observation) -> dict[str, Any]:
    return {
        "id": o.id,
        "observer": o.observer,
        "position": _place_json(o.position),
        "start": o.start.isoformat(),
        "end": o.end.isoformat(),
        "type_code": o.type_code,
        "means": o.means.value,
        "cfv_kind": o.cfv.kind.value if o.cfv else None,
        "cfv_count": o.cfv.count if o.cfv else None,
        "weapon": o.cfv.weapon if o.cfv else None,
        "bearing_deg": o.bearing_deg,
        "distance_min_km": o.distance_km[0] if o.distance_km else None,
        "distance_max_km": o.distance_km[1] if o.distance_km else None,
        "notes": o.notes,
        "event_id": o.event_id,
        "illustrative": o.illustrative,
    }


def list_observations(conn: Connection) -> list[Observation]:
    out = []
    for r in conn.execute(select(observations).order_by(observations.c.start, observations.c.id)):
        pos = orjson.loads(r.position)
        out.append(
            Observation(
                r.id,
                r.observer,
                Place(pos["name"], pos["lat"], pos["lon"], GeoPrecision(pos["precision"])),
                datetime.fromisoformat(r.start),
                datetime.fromisoformat(r.end),
                r.type_code,
                ObservationMeans(r.means),
                CfvDetail(CfvKind(r.cfv_kind), r.cfv_count, r.weapon) if r.cfv_kind else None,
                r.bearing_deg,
                (r.distance_min_km, r.distance_max_km) if r.distance_min_km is not None else None,
                r.notes,
                r.event_id,
                bool(r.illustrative),
            )
        )
    return out


# -- crossings -------------------------------------------------------------------------


def _cargo_json(items: Sequence[CargoItem] | None) -> str | None:
    if items is None:
        return None
    return _json([[c.category, c.description, c.quantity, c.unit] for c in items])


def _cargo(text: str | None) -> tuple[CargoItem, ...] | None:
    if text is None:
        return None
    return tuple(CargoItem(*item) for item in orjson.loads(text))


def crossing_row(c: Crossing) -> dict[str, Any]:
    return {
        "id": c.id,
        "checkpoint": c.checkpoint,
        "time": c.time.isoformat(),
        "vehicle": c.vehicle,
        "direction": c.direction.value,
        "declared": _cargo_json(c.declared),
        "observed": _cargo_json(c.observed),
        "escort": c.escort,
        "inspection": c.inspection,
        "notes": c.notes,
        "illustrative": c.illustrative,
    }


def list_crossings(conn: Connection) -> list[Crossing]:
    return [
        Crossing(
            r.id,
            r.checkpoint,
            datetime.fromisoformat(r.time),
            r.vehicle,
            Direction(r.direction),
            _cargo(r.declared) or (),
            _cargo(r.observed),
            r.escort,
            r.inspection,
            r.notes,
            bool(r.illustrative),
        )
        for r in conn.execute(select(crossings).order_by(crossings.c.time, crossings.c.id))
    ]


# -- tracks ----------------------------------------------------------------------------


def track_point_row(t: TrackPoint) -> dict[str, Any]:
    return {
        "vehicle": t.vehicle,
        "time": t.time.isoformat(),
        "lat": t.lat,
        "lon": t.lon,
        "speed_kmh": t.speed_kmh,
        "illustrative": t.illustrative,
    }


def list_track_points(conn: Connection, vehicle: str | None = None) -> list[TrackPoint]:
    stmt = select(track_points).order_by(track_points.c.vehicle, track_points.c.time)
    if vehicle:
        stmt = stmt.where(track_points.c.vehicle == vehicle)
    return [
        TrackPoint(
            r.vehicle,
            datetime.fromisoformat(r.time),
            r.lat,
            r.lon,
            r.speed_kmh,
            bool(r.illustrative),
        )
        for r in conn.execute(stmt)
    ]
