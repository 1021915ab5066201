"""The mission's own records as stored: observations from its posts, checkpoint
crossings with their cargo, and vehicle track points."""

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
    GeoPrecision,
    Observation,
    ObservationMeans,
    Place,
    TrackPoint,
)
from ceasewatch.store.records import _by_event, _json, _lookup
from ceasewatch.store.schema import crossings, observations, posts, track_points


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


def list_observations(
    conn: Connection, *, events: Sequence[str] | None = None, unassigned: bool = False
) -> list[Observation]:
    """Observations in time order; with ``events`` those of these events only, with
    ``unassigned`` those in no event."""
    q = (
        select(observations, posts.c.source)
        .outerjoin(posts, posts.c.id == observations.c.observer)
        .order_by(observations.c.start, observations.c.id)
    )
    q = _by_event(q, observations.c.event_id, events, unassigned)
    return [_row_observation(r) for r in conn.execute(q)]


def stored_observation_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    """Which of *ids* are ids of stored observations."""
    return set(_lookup(conn, observations.c.id, observations.c.id, ids))


def observations_by_ids(conn: Connection, ids: Sequence[str]) -> list[Observation]:
    """The stored observations among *ids*, in time order."""
    out: list[Observation] = []
    for i in range(0, len(ids), 500):
        q = (
            select(observations, posts.c.source)
            .outerjoin(posts, posts.c.id == observations.c.observer)
            .where(observations.c.id.in_(list(ids[i : i + 500])))
        )
        out += [_row_observation(r) for r in conn.execute(q)]
    return sorted(out, key=lambda o: (o.start.isoformat(), o.id))


def _row_observation(r: Any) -> Observation:
    pos = orjson.loads(r.position)
    return Observation(
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
        r.source,
    )


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


def track_point_instants(conn: Connection, vehicles: Sequence[str]) -> set[tuple[str, datetime]]:
    """(vehicle, time) of the stored points of these vehicles, times parsed: the same
    instant written with another UTC offset is the same point."""
    q = select(track_points.c.vehicle, track_points.c.time).where(
        track_points.c.vehicle.in_(list(vehicles))
    )
    return {(v, datetime.fromisoformat(t)) for v, t in conn.execute(q)}
