"""Zone geometry: corridors from centre lines, areas and lengths in a metric projection.

Geometries come and go as GeoJSON mappings (lon, lat in WGS84). Measurements are made in
the UTM zone of the geometry's centre, where a few hundred kilometres of extent distort
lengths by well under one percent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import mapping, shape

from ceasewatch.errors import GeoError

WGS84 = "EPSG:4326"


@cache
def _utm(zone: int, north: bool) -> tuple[Transformer, Transformer]:
    crs = CRS.from_epsg((32600 if north else 32700) + zone)
    fwd = Transformer.from_crs(WGS84, crs, always_xy=True)
    back = Transformer.from_crs(crs, WGS84, always_xy=True)
    return fwd, back


def metric_transformers(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    """(to metres, back to lon/lat) for the UTM zone holding (lon, lat)."""
    zone = min(60, max(1, int((lon + 180.0) // 6.0) + 1))
    return _utm(zone, lat >= 0.0)


def to_shape(geometry: Mapping[str, Any]) -> shapely.Geometry:
    try:
        geom = shape(geometry)
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError) as exc:
        raise GeoError(f"not a GeoJSON geometry: {exc}") from None
    if geom.is_empty:
        raise GeoError("the geometry is empty")
    return geom


def reproject(geom: shapely.Geometry, transformer: Transformer) -> shapely.Geometry:
    """``geom`` with every coordinate passed through ``transformer`` (x, y order)."""

    def move(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, move)


def _metric(geom: shapely.Geometry) -> tuple[shapely.Geometry, Transformer]:
    c = geom.centroid
    fwd, back = metric_transformers(c.x, c.y)
    return reproject(geom, fwd), back


def corridor(line: Sequence[Sequence[float]], width_km: float) -> dict[str, Any]:
    """The polygon of a corridor ``width_km`` wide around a centre line (flat ends)."""
    if width_km <= 0:
        raise GeoError(f"a corridor width must be positive, not {width_km}")
    metric, back = _metric(shapely.LineString(line))
    band = metric.buffer(width_km * 500.0, cap_style="flat", join_style="round", quad_segs=8)
    return dict(mapping(reproject(band, back)))


def disc(point: Sequence[float], radius_km: float) -> dict[str, Any]:
    """A circle of ``radius_km`` around a point, as a polygon."""
    metric, back = _metric(shapely.Point(point))
    return dict(mapping(reproject(metric.buffer(radius_km * 1000.0, quad_segs=16), back)))


def area_km2(geometry: Mapping[str, Any]) -> float:
    metric, _ = _metric(to_shape(geometry))
    return float(metric.area) / 1e6


def length_km(geometry: Mapping[str, Any]) -> float:
    """Length of a line, or perimeter of a polygon, in kilometres."""
    metric, _ = _metric(to_shape(geometry))
    return float(metric.length) / 1e3


def problems(geometry: Mapping[str, Any]) -> list[str]:
    """What is wrong with a GeoJSON geometry in WGS84; empty when nothing is."""
    try:
        geom = to_shape(geometry)
    except GeoError as exc:
        return [str(exc)]
    out = []
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        out.append("has coordinates outside lon -180..180 / lat -90..90 (give [lon, lat])")
    if not geom.is_valid:
        out.append(f"is not a valid geometry ({shapely.is_valid_reason(geom)})")
    return out
