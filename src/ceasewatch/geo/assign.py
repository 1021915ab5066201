"""Which zones a place is in, given how precisely it is known.

A place known to within ``radius_m`` is *inside* an area zone only when that whole disc
is; *outside* when none of it is; otherwise *uncertain*: a report placed only to a
district cannot prove that something happened inside a 5 km corridor. For a line zone (a
line of contact) the answer is the side of the line (left or right as the line is drawn)
and the distance to it; a place closer to the line than its radius is on an uncertain
side.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import shapely

from ceasewatch.geo.measure import Frame


@dataclass(frozen=True, slots=True)
class Assignment:
    zone: str
    status: str  # inside, outside, uncertain; for a line: left, right, uncertain
    distance_m: float  # to the zone's boundary, or to the line


def _side(line: shapely.Geometry, x: float, y: float) -> float:
    """Positive when (x, y) lies left of the line as drawn, negative when right."""
    coords = (
        list(line.coords)
        if line.geom_type == "LineString"
        else [c for part in line.geoms for c in part.coords]
    )
    p = shapely.Point(x, y)
    best, sign = float("inf"), 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(coords):
        seg = shapely.LineString([(x1, y1), (x2, y2)])
        d = seg.distance(p)
        if d < best:
            best = d
            sign = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)
    return sign


def assign(frame: Frame, lon: float, lat: float, radius_m: float = 0.0) -> list[Assignment]:
    """The zones of the frame that a place (known to within ``radius_m``) falls in."""
    (x,), (y,) = frame.xy([lon], [lat])
    point = shapely.Point(x, y)
    out = []
    for zid, shape in frame.shapes.items():
        if shape.geom_type in ("LineString", "MultiLineString"):
            d = float(shape.distance(point))
            side = _side(shape, x, y)
            status = "uncertain" if d < radius_m or side == 0 else "left" if side > 0 else "right"
            out.append(Assignment(zid, status, d))
            continue
        inside = bool(shape.intersects(point))
        d = float(shape.boundary.distance(point))
        if inside and d >= radius_m:
            status = "inside"
        elif not inside and d >= radius_m:
            status = "outside"
        else:
            status = "uncertain"
        out.append(Assignment(zid, status, d))
    return out
