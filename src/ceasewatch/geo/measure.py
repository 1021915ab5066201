"""Zones as shapes in one metric frame, distances to them, and track runs outside them.

``Frame`` fixes one UTM projection for a set of zones (that of their first zone's
centre), so that every distance and every containment test of one assessment is made in
metres, on arrays at once where there are many points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer

from ceasewatch.geo.zones import corridor, disc, metric_transformers, reproject, to_shape
from ceasewatch.model.agreement import Agreement, Zone


def zone_shape(zone: Zone) -> shapely.Geometry:
    """A zone's geometry in lon/lat: a corridor line grows to its width, a point to its
    radius; anything else is taken as given."""
    g: Any = zone.geometry
    if g["type"] == "LineString" and zone.width_km:
        return to_shape(corridor(g["coordinates"], zone.width_km))
    if g["type"] == "Point" and zone.radius_km:
        return to_shape(disc(g["coordinates"], zone.radius_km))
    return to_shape(g)


def zones_box(agreement: Agreement, margin: float) -> tuple[float, float, float, float] | None:
    """The bounds of an agreement's zones (west, south, east, north, in degrees) with
    *margin* degrees around them; None for an agreement with no zones."""
    bounds = [zone_shape(z).bounds for z in agreement.zones]
    if not bounds:
        return None
    return (
        min(b[0] for b in bounds) - margin,
        min(b[1] for b in bounds) - margin,
        max(b[2] for b in bounds) + margin,
        max(b[3] for b in bounds) + margin,
    )


@dataclass(frozen=True)
class Frame:
    """A metric projection and the zones drawn in it."""

    fwd: Transformer
    shapes: dict[str, shapely.Geometry]  # zone id -> shape in metres
    back: Transformer | None = None

    @classmethod
    def of(cls, zones: Sequence[Zone]) -> Frame:
        if not zones:
            fwd, back = metric_transformers(0.0, 0.0)
            return cls(fwd, {}, back)
        centre = zone_shape(zones[0]).centroid
        fwd, back = metric_transformers(centre.x, centre.y)
        shapes = {z.id: reproject(zone_shape(z), fwd) for z in zones}
        for s in shapes.values():
            shapely.prepare(s)
        return cls(fwd, shapes, back)

    @classmethod
    def local(cls, lon: float, lat: float) -> Frame:
        """An azimuthal equidistant frame centred on (lon, lat): true north is up at the
        centre, and distances from it are true; for bearings taken near it."""
        from pyproj import CRS

        crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
        fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        return cls(fwd, {}, back)

    @classmethod
    def around(cls, lon: float, lat: float) -> Frame:
        """A frame with no zones, for measuring near one place."""
        fwd, back = metric_transformers(lon, lat)
        return cls(fwd, {}, back)

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        assert self.back is not None
        lon, lat = self.back.transform(x, y)
        return float(lon), float(lat)

    def xy(self, lons: Any, lats: Any) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.fwd.transform(np.asarray(lons, float), np.asarray(lats, float))
        return np.asarray(x), np.asarray(y)

    def contains(self, zone: str, lon: float, lat: float) -> bool:
        x, y = self.xy([lon], [lat])
        return bool(shapely.intersects_xy(self.shapes[zone], x[0], y[0]))

    def contains_many(self, zone: str, lons: Sequence[float], lats: Sequence[float]) -> Any:
        """For each point, whether it lies in the zone (its boundary included)."""
        if not len(lons):
            return np.zeros(0, dtype=bool)
        x, y = self.xy(lons, lats)
        return shapely.intersects_xy(self.shapes[zone], x, y)

    def distance_km(self, zone: str, lon: float, lat: float) -> float:
        x, y = self.xy([lon], [lat])
        return float(shapely.distance(self.shapes[zone], shapely.Point(x[0], y[0]))) / 1e3
