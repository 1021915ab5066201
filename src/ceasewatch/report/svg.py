"""The report's pictures as SVG text of our own: a map of zones and events with no tiles,
stacked bars over time, and horizontal bars. Output depends only on the input (numbers
are rounded to 0.1 px), so the same data draws the same picture."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from math import cos, radians

import shapely

from ceasewatch.model.vocab import FAMILY_COLOURS

# Zones by kind; anything else draws in the last colour.
ZONE_COLOURS = {
    "corridor": "#c98a00",
    "line_of_contact": "#202020",
    "withdrawal_line": "#6b6b6b",
    "security_zone": "#6b8e23",
    "area_of_responsibility": "#4a6fa5",
    "checkpoint": "#b03a2e",
    "site": "#7d3c98",
}
ZONE_DEFAULT = "#4a6fa5"
# The parties' colours in charts, kept apart from the families' and the zones' (so the
# tests can tell a chart from the map on a page).
SERIES_COLOURS = ["#00429d", "#e8a33d", "#2e8b57", "#b5338a", "#6c6c9a", "#8b6f00", "#5f9ea0"]
BAR_COLOUR = "#3b5b92"


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


class _Projection:
    """Equirectangular, scaled by the cosine of the middle latitude: fine for a region."""

    def __init__(self, bounds: tuple[float, float, float, float], width: float, height: float):
        w, s, e, n = bounds
        k = cos(radians((s + n) / 2))
        span_x, span_y = max((e - w) * k, 1e-6), max(n - s, 1e-6)
        self.scale = min(width / span_x, height / span_y)
        self.k, self.w, self.n = k, w, n
        self.ox = (width - span_x * self.scale) / 2
        self.oy = (height - span_y * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.ox + (lon - self.w) * self.k * self.scale,
            self.oy + (self.n - lat) * self.scale,
        )

    def km_px(self, km: float) -> float:
        return km / 111.32 * self.scale


def _path(geom: shapely.Geometry, proj: _Projection) -> str:
    parts: list[str] = []
    for g in getattr(geom, "geoms", [geom]):
        rings = [g.exterior, *g.interiors] if g.geom_type == "Polygon" else [g]
        for ring in rings:
            pts = [proj(x, y) for x, y in ring.coords]
            if not pts:
                continue
            d = "M" + " L".join(f"{_n(x)},{_n(y)}" for x, y in pts)
            parts.append(d + ("Z" if g.geom_type == "Polygon" else ""))
    return " ".join(parts)


def map_svg(
    zones: Sequence[tuple[str, str, shapely.Geometry]],
    points: Sequence[tuple[float, float, str]],
    width: int = 640,
    height: int = 340,
    numbered: Sequence[tuple[float, float, int]] = (),
) -> str:
    """Zones (id, kind, lon/lat shape) and events (lon, lat, family) on one map, with a
    legend of the families shown and a scale bar. *numbered* (lon, lat, number) are the
    report's significant events, drawn over everything as numbered markers that match
    the list of significant events."""
    shapes = [g for _, _, g in zones]
    if shapes:
        w, s, e, n = shapely.total_bounds(shapes)
    elif points:
        w, s = min(p[0] for p in points), min(p[1] for p in points)
        e, n = max(p[0] for p in points), max(p[1] for p in points)
    else:
        w, s, e, n = 0.0, 0.0, 1.0, 1.0
    pad_x, pad_y = max((e - w) * 0.08, 0.05), max((n - s) * 0.08, 0.05)
    bounds = (w - pad_x, s - pad_y, e + pad_x, n + pad_y)
    inside = [
        p for p in points if bounds[0] <= p[0] <= bounds[2] and bounds[1] <= p[1] <= bounds[3]
    ]
    shown: dict[str, int] = {}
    for _lon, _lat, family in inside:
        shown[family] = shown.get(family, 0) + 1
    # the legend: as many rows of families as it takes
    rows: list[list[tuple[str, float]]] = [[]]
    x = 4.0
    for family in sorted(shown):
        label = f"{family.replace('_', ' ')} ({shown[family]})"
        step = 16 + 5.4 * len(label)
        if x + step > width and rows[-1]:
            rows.append([])
            x = 4.0
        rows[-1].append((label, x))
        x += step
    legend_h = 4 + 14 * len(rows)
    proj = _Projection(bounds, width, height - legend_h)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Map of zones and events">',
        f'<rect x="0" y="0" width="{width}" height="{height - legend_h}" fill="#efe6d2" '
        'stroke="#999" stroke-width="1"/>',
    ]
    paths = [(zid, kind, geom, _path(geom, proj)) for zid, kind, geom in zones]
    for _zid, kind, geom, d in paths:  # fills under the events
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            colour = ZONE_COLOURS.get(kind, ZONE_DEFAULT)
            out.append(f'<path d="{d}" fill="{colour}" fill-opacity="0.25" stroke="none"/>')
    # many events draw smaller and let each other show through
    r = 3.2 if len(inside) < 500 else 2.2 if len(inside) < 3000 else 1.4
    for lon, lat, family in sorted(inside, key=lambda p: (p[2], p[0], p[1])):
        x, y = proj(lon, lat)
        colour = FAMILY_COLOURS.get(family, "#000")
        out.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{r}" fill="{colour}" fill-opacity="0.85"/>'
        )
    for zid, kind, _geom, d in paths:  # outlines over them
        colour = ZONE_COLOURS.get(kind, ZONE_DEFAULT)
        out.append(
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.5">'
            f"<title>{escape(zid)}</title></path>"
        )
    # the significant events' numbers, the first drawn last (on top); several at one
    # place fan out so that each number can be read
    seen: dict[tuple[float, float], int] = {}
    for lon, lat, number in sorted(numbered, key=lambda p: -p[2]):
        if not (bounds[0] <= lon <= bounds[2] and bounds[1] <= lat <= bounds[3]):
            continue
        x, y = proj(lon, lat)
        cell = (round(x / 12), round(y / 12))
        k = seen.get(cell, 0)
        seen[cell] = k + 1
        x, y = x + 13 * k, y - 13 * k
        out.append(
            f'<g class="marker" data-number="{number}">'
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="7" fill="#ffffff" stroke="#111" '
            f'stroke-width="1.2"/><text x="{_n(x)}" y="{_n(y + 3.2)}" font-size="9" '
            f'font-weight="bold" text-anchor="middle">{number}</text></g>'
        )
    # scale bar: 10 km, or 50 km on a wide map
    km = 10 if proj.km_px(10) > 30 else 50
    bar = proj.km_px(km)
    y0 = height - legend_h - 12
    out.append(f'<rect x="10" y="{_n(y0)}" width="{_n(bar)}" height="4" fill="#333"/>')
    out.append(f'<text x="{_n(14 + bar)}" y="{_n(y0 + 5)}" font-size="10">{km} km</text>')
    for n, row in enumerate(rows):
        y = height - legend_h + 12 + 14 * n
        for label, x in row:
            family = label.rsplit(" (", 1)[0].replace(" ", "_")
            out.append(
                f'<circle cx="{_n(x + 5)}" cy="{y - 4}" r="4" '
                f'fill="{FAMILY_COLOURS.get(family, "#000")}"/>'
                f'<text x="{_n(x + 12)}" y="{y}" font-size="10">{escape(label)}</text>'
            )
    if len(points) > len(inside):
        out.append(
            f'<text x="{width - 4}" y="14" font-size="10" text-anchor="end">'
            f"{len(points) - len(inside)} event(s) off the map</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def stacked_bars_svg(
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[int]],
    width: int = 640,
    height: int = 170,
    colours: Mapping[str, str] | None = None,
) -> str:
    """Bars over *labels* (days, weeks or months), each stacked by series, with a legend
    in as many rows as it needs. *colours* fixes each series' colour."""
    colours = colours or {
        name: SERIES_COLOURS[n % len(SERIES_COLOURS)] for n, name in enumerate(series)
    }
    keys: list[list[tuple[str, float]]] = [[]]
    x = 34.0
    for name in series:
        room = 24.0 + 6 * len(name)
        if x + room > width and keys[-1]:
            keys.append([])
            x = 34.0
        keys[-1].append((name, x))
        x += room
    left, right, top, bottom = 34, 8, 24, 26 + 14 * len(keys)
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(v[i] for v in series.values()) for i in range(len(labels))]
    peak = max(totals, default=0) or 1
    step = plot_w / max(len(labels), 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="{left}" y="14" font-size="12" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#333"/>',
        f'<text x="{left - 4}" y="{top + 8}" font-size="9" text-anchor="end">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" font-size="9" text-anchor="end">0</text>',
    ]
    for i, label in enumerate(labels):
        y: float = top + plot_h
        for name, values in series.items():
            h = values[i] / peak * plot_h
            if h > 0:
                y -= h
                out.append(
                    f'<rect x="{_n(left + i * step + step * 0.1)}" y="{_n(y)}" '
                    f'width="{_n(max(step * 0.8, 0.5))}" height="{_n(h)}" '
                    f'fill="{colours[name]}"/>'
                )
        every = max(1, len(labels) // 8)
        if i % every == 0:
            out.append(
                f'<text x="{_n(left + i * step + step / 2)}" y="{top + plot_h + 12}" '
                f'font-size="9" text-anchor="middle">{escape(label)}</text>'
            )
    for row, entries in enumerate(keys):
        y = height - 14 * (len(keys) - row)
        for name, kx in entries:
            out.append(
                f'<rect x="{_n(kx)}" y="{y}" width="10" height="10" fill="{colours[name]}"/>'
                f'<text x="{_n(kx + 14)}" y="{y + 9}" font-size="10">{escape(name)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)


def hbars_svg(title: str, rows: Sequence[tuple[str, int]], width: int = 640) -> str:
    """Horizontal bars, one per row, labelled with their value."""
    left, bar_h, gap, top = 220, 14, 6, 24
    height = top + len(rows) * (bar_h + gap) + 8
    peak = max((v for _, v in rows), default=0) or 1
    plot_w = width - left - 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="4" y="14" font-size="12" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = value / peak * plot_w
        short = label if len(label) <= 36 else label[:35] + "…"
        out.append(
            f'<text x="{left - 6}" y="{y + 11}" font-size="10" text-anchor="end">'
            f"{escape(short)}</text>"
            f'<rect x="{left}" y="{y}" width="{_n(w)}" height="{bar_h}" fill="{BAR_COLOUR}"/>'
            f'<text x="{_n(left + w + 4)}" y="{y + 11}" font-size="10">{value}</text>'
        )
    if not rows:
        out.append(f'<text x="4" y="{top + 10}" font-size="10">nothing in this period</text>')
    out.append("</svg>")
    return "\n".join(out)
