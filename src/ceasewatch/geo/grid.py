"""A square grid over lon/lat for the map's bins at low zoom, and the zones each point
lies in, both over arrays.

The grid is in degrees: at ``LEVEL`` each cell is ``360 / 2**LEVEL`` degrees on a side
(about 600 m at the equator), numbered from the south-west corner (-180, -90). A coarser
level's cell is a finer cell's number shifted right, so a point's cell is worked out
once (``cells``) and every coarser bin is read from it with integer shifts, by DuckDB or
by numpy alike. Leaflet's zoom *z* shows a 256-pixel tile for ``360 / 2**z`` degrees of
longitude; ``level_for_zoom`` picks cells about 64 pixels wide.

Pure: values in, values out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ceasewatch.errors import SchemaError
from ceasewatch.model.query import BBox

LEVEL = 16  # the finest level: the cell numbers kept for each event
PIXELS_PER_BIN = 64  # the map's bins are about this wide on screen
MAX_ZOOM = LEVEL - 2  # level_for_zoom stays within LEVEL up to this zoom


def level_for_zoom(zoom: int) -> int:
    """The grid level whose cells are about ``PIXELS_PER_BIN`` pixels wide at a Leaflet
    zoom level (256-pixel tiles)."""
    if not 0 <= zoom <= MAX_ZOOM:
        raise SchemaError(f"zoom {zoom} is not from 0 to {MAX_ZOOM}", field="zoom")
    return zoom + 2  # 256 / 2**2 = 64 pixels


def cell_degrees(level: int) -> float:
    return 360.0 / (1 << level)


def cells(lons: Any, lats: Any) -> tuple[np.ndarray, np.ndarray]:
    """Each point's cell at ``LEVEL`` as (column, row), int32; -1 where a coordinate is
    missing (NaN)."""
    lon = np.asarray(lons, dtype=np.float64)
    lat = np.asarray(lats, dtype=np.float64)
    size = cell_degrees(LEVEL)
    top = (1 << LEVEL) - 1
    with np.errstate(invalid="ignore"):
        cx = np.floor((lon + 180.0) / size)
        cy = np.floor((lat + 90.0) / size)
    missing = np.isnan(cx) | np.isnan(cy)
    cx = np.clip(np.nan_to_num(cx, nan=-1.0), -1, top).astype(np.int32)
    cy = np.clip(np.nan_to_num(cy, nan=-1.0), -1, top).astype(np.int32)
    cx[missing] = -1
    cy[missing] = -1
    return cx, cy


@dataclass(frozen=True, slots=True)
class Bin:
    """One cell of the grid at a level and how many events fall in it, by family."""

    level: int
    column: int
    row: int
    count: int
    families: dict[str, int]

    def bounds(self) -> tuple[float, float, float, float]:
        size = cell_degrees(self.level)
        west, south = -180.0 + self.column * size, -90.0 + self.row * size
        return west, south, west + size, south + size

    def as_dict(self) -> dict[str, Any]:
        west, south, east, north = self.bounds()
        return {
            "lon": round((west + east) / 2, 6),
            "lat": round((south + north) / 2, 6),
            "bounds": [round(west, 6), round(south, 6), round(east, 6), round(north, 6)],
            "count": self.count,
            "families": dict(sorted(self.families.items())),
        }


def box_cells(box: BBox, level: int) -> tuple[int, int, int, int]:
    """The first and last column and row at ``LEVEL`` of the cells a box touches at
    *level* (whole cells of that level, so that a bin is counted in full or not at all)."""
    shift = LEVEL - level
    lo_x, lo_y = cells([box.west], [box.south])
    hi_x, hi_y = cells([box.east], [box.north])
    return (
        (int(lo_x[0]) >> shift) << shift,
        (int(lo_y[0]) >> shift) << shift,
        ((int(hi_x[0]) >> shift) + 1 << shift) - 1,
        ((int(hi_y[0]) >> shift) + 1 << shift) - 1,
    )


def gather(level: int, rows: Sequence[tuple[int, int, str, int]]) -> list[Bin]:
    """Bins from ``(column, row, family, count)`` at *level* (several rows per cell, one
    per family), ordered by row then column."""
    found: dict[tuple[int, int], dict[str, int]] = {}
    for col, row, family, n in rows:
        fams = found.setdefault((int(col), int(row)), {})
        fams[family] = fams.get(family, 0) + int(n)
    return [
        Bin(level, col, row, sum(fams.values()), fams)
        for (col, row), fams in sorted(found.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]


def bin_points(
    level: int, cx: np.ndarray, cy: np.ndarray, families: Sequence[str]
) -> list[tuple[int, int, str, int]]:
    """``(column, row, family, count)`` at *level* of points given by their cells at
    ``LEVEL`` (those with no cell, -1, left out)."""
    shift = LEVEL - level
    keep = (cx >= 0) & (cy >= 0)
    fam = np.asarray(families, dtype=object)[keep]
    bx, by = cx[keep] >> shift, cy[keep] >> shift
    if not len(bx):
        return []
    names, codes = np.unique(fam.astype(str), return_inverse=True)
    keys = np.stack([bx.astype(np.int64), by.astype(np.int64), codes.astype(np.int64)], axis=1)
    uniq, counts = np.unique(keys, axis=0, return_counts=True)
    return [
        (int(x), int(y), str(names[f]), int(n)) for (x, y, f), n in zip(uniq, counts, strict=True)
    ]


def zone_hits(shapes: dict[str, Any], xs: np.ndarray, ys: np.ndarray) -> list[list[str]]:
    """For each point (already projected into the shapes' frame), the ids of the shapes
    that hold it (their boundary included), in the shapes' order."""
    import shapely

    out: list[list[str]] = [[] for _ in range(len(xs))]
    if not len(xs):
        return out
    for zid, shape in shapes.items():
        hit = shapely.intersects_xy(shape, xs, ys)
        for i in np.flatnonzero(hit):
            out[int(i)].append(zid)
    return out
