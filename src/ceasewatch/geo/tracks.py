"""Vehicle tracks against zones: excursions out of a corridor, and dwells at sites.

Containment is tested for all points at once in longitude and latitude against the
zone's polygon (``shapely.intersects_xy``: a point on the boundary is inside); only the
points found outside are projected into the metric frame to measure how far out they are,
so a track that keeps to its corridor costs one vectorised test per point. Lengths are
measured in the frame along the track.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import shapely

from ceasewatch.geo.measure import Frame, zone_shape
from ceasewatch.model.agreement import Zone


@dataclass(frozen=True, slots=True)
class Excursion:
    """A stretch of track farther than the tolerance outside a zone."""

    first: int  # index of the first point outside
    last: int  # index of the last point outside
    left_at: datetime  # the time of the first point outside
    back_at: datetime | None  # the time of the first point inside again (None: never)
    left_lonlat: tuple[float, float]
    back_lonlat: tuple[float, float] | None
    length_m: float  # along the track, from the last point inside to the first back
    duration_s: float  # from the first point outside to the first point back
    max_distance_m: float
    rejoins: bool  # it was inside before and is inside again after: a bypass


@dataclass(frozen=True, slots=True)
class Dwell:
    zone: str
    first: int
    last: int
    start: datetime
    end: datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


class ZoneTest:
    """One zone prepared for many points: its polygon in lon/lat, and in metres."""

    def __init__(self, frame: Frame, zone: Zone) -> None:
        self.zone = zone.id
        self.frame = frame
        self.shape = zone_shape(zone)
        shapely.prepare(self.shape)
        self.metric = frame.shapes[zone.id]

    def inside(self, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        return np.asarray(shapely.intersects_xy(self.shape, lons, lats), dtype=bool)

    def distance_m(self, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        if not len(lons):
            return np.zeros(0)
        x, y = self.frame.xy(lons, lats)
        return np.asarray(shapely.distance(self.metric, shapely.points(x, y)), dtype=float)


def excursions(
    test: ZoneTest,
    times: Sequence[datetime],
    lons: Any,
    lats: Any,
    tolerance_m: float = 500.0,
) -> list[Excursion]:
    """The excursions of one track (points in time order) out of the zone."""
    lon = np.asarray(lons, dtype=float)
    lat = np.asarray(lats, dtype=float)
    n = len(lon)
    if n == 0:
        return []
    inside = test.inside(lon, lat)
    if inside.all():
        return []
    out_idx = np.flatnonzero(~inside)
    distance = np.zeros(n)
    distance[out_idx] = test.distance_m(lon[out_idx], lat[out_idx])
    far = distance > tolerance_m
    if not far.any():
        return []
    inside_idx = np.flatnonzero(inside)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], far.astype(np.int8), [0]))))
    result = []
    for first, stop in zip(edges[::2], edges[1::2], strict=True):
        first, last = int(first), int(stop) - 1
        cut = int(np.searchsorted(inside_idx, first))  # inside points before the run
        back = int(inside_idx[cut]) if cut < len(inside_idx) else None
        if back is not None and back < last:  # only near-inside points in the run
            after = int(np.searchsorted(inside_idx, last))
            back = int(inside_idx[after]) if after < len(inside_idx) else None
        start = int(inside_idx[cut - 1]) if cut > 0 else first
        end = back if back is not None else last
        sx, sy = test.frame.xy(lon[start : end + 1], lat[start : end + 1])
        seg = np.hypot(np.diff(sx), np.diff(sy))
        result.append(
            Excursion(
                first,
                last,
                times[first],
                times[back] if back is not None else None,
                (float(lon[first]), float(lat[first])),
                (float(lon[back]), float(lat[back])) if back is not None else None,
                float(seg.sum()),
                ((times[end] - times[first]).total_seconds()),
                float(distance[first : last + 1].max()),
                bool(cut > 0 and back is not None),
            )
        )
    return result


def dwells(
    test: ZoneTest,
    times: Sequence[datetime],
    lons: Any,
    lats: Any,
    min_seconds: float = 300.0,
) -> list[Dwell]:
    """The stays of one track inside a site of at least ``min_seconds``."""
    lon = np.asarray(lons, dtype=float)
    lat = np.asarray(lats, dtype=float)
    if not len(lon):
        return []
    inside = test.inside(lon, lat)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], inside.astype(np.int8), [0]))))
    out = []
    for first, stop in zip(edges[::2], edges[1::2], strict=True):
        d = Dwell(test.zone, int(first), int(stop) - 1, times[int(first)], times[int(stop) - 1])
        if d.seconds >= min_seconds:
            out.append(d)
    return out


def first_pass(test: ZoneTest, times: Sequence[datetime], lons: Any, lats: Any) -> datetime | None:
    """When a track first enters the zone: at a point inside it, or along a segment
    between two points that crosses it (timed at the segment's middle); None if never.
    Tracks sampled every few minutes jump over a 1 km checkpoint."""
    lon = np.asarray(lons, float)
    lat = np.asarray(lats, float)
    if not len(lon):
        return None
    inside = np.flatnonzero(test.inside(lon, lat))
    first_point = int(inside[0]) if len(inside) else None
    if len(lon) > 1:
        coords = np.stack(
            [np.column_stack([lon[:-1], lat[:-1]]), np.column_stack([lon[1:], lat[1:]])], axis=1
        )
        crossing = np.flatnonzero(shapely.intersects(test.shape, shapely.linestrings(coords)))
        if len(crossing) and (first_point is None or int(crossing[0]) < first_point):
            k = int(crossing[0])
            return times[k] + (times[k + 1] - times[k]) / 2
    return times[first_point] if first_point is not None else None
