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
from datetime import datetime, timedelta
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
    # runs of points not inside; a run counts when it reaches beyond the tolerance and the
    # track was inside before it (a track that starts outside and joins has not left)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], (~inside).astype(np.int8), [0]))))
    result = []
    for run_first, stop in zip(edges[::2], edges[1::2], strict=True):
        run_first, run_last = int(run_first), int(stop) - 1
        beyond = np.flatnonzero(far[run_first : run_last + 1])
        if not len(beyond) or run_first == 0:
            continue
        first, last = run_first + int(beyond[0]), run_first + int(beyond[-1])
        back = run_last + 1 if run_last + 1 < n else None
        start = run_first - 1  # the last point inside
        end = back if back is not None else run_last
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
                back is not None,
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


def passes_at(
    test: ZoneTest,
    times: Sequence[datetime],
    lons: Any,
    lats: Any,
    max_gap: timedelta = timedelta(minutes=30),
) -> list[datetime]:
    """When a track enters the zone, each time it does: at the first point of each stay
    inside, or, for a segment between two points outside that crosses the zone (tracks
    sampled every few minutes jump a 1 km checkpoint), at the segment's middle. A segment
    longer in time than ``max_gap`` is a gap in the record, not a passage."""
    lon = np.asarray(lons, float)
    lat = np.asarray(lats, float)
    if not len(lon):
        return []
    inside = test.inside(lon, lat)
    entries = [
        int(i) for i in np.flatnonzero(np.diff(np.concatenate(([0], inside.astype(np.int8)))) == 1)
    ]
    out = [times[i] for i in entries]
    if len(lon) > 1:
        both_out = ~inside[:-1] & ~inside[1:]
        minx, miny, maxx, maxy = test.shape.bounds
        near = both_out & ~(
            (np.maximum(lon[:-1], lon[1:]) < minx)
            | (np.minimum(lon[:-1], lon[1:]) > maxx)
            | (np.maximum(lat[:-1], lat[1:]) < miny)
            | (np.minimum(lat[:-1], lat[1:]) > maxy)
        )
        ks = [int(k) for k in np.flatnonzero(near) if times[int(k) + 1] - times[int(k)] <= max_gap]
        if ks:
            idx = np.asarray(ks)
            coords = np.stack(
                [
                    np.column_stack([lon[idx], lat[idx]]),
                    np.column_stack([lon[idx + 1], lat[idx + 1]]),
                ],
                axis=1,
            )
            hit = shapely.intersects(test.shape, shapely.linestrings(coords))
            for k, crossed in zip(ks, hit, strict=True):
                if crossed:
                    out.append(times[k] + (times[k + 1] - times[k]) / 2)
    return sorted(out)
