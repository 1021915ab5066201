"""Zones in a metric frame and track runs outside a corridor."""

from __future__ import annotations

from ceasewatch.agreements.bundled import bundled
from ceasewatch.geo.measure import Frame

# a corridor 5 km wide along the line of latitude 39.60 from 46.40 to 46.80 E
LINE = [(46.40 + 0.05 * k, 39.60) for k in range(9)]


def frame() -> Frame:
    from ceasewatch.model.agreement import Zone, ZoneKind

    z = Zone(
        "c",
        ZoneKind.CORRIDOR,
        "test corridor",
        {"type": "LineString", "coordinates": [list(p) for p in LINE]},
        width_km=5,
    )
    return Frame.of([z])


def test_distances_to_a_line_zone() -> None:
    a = bundled("minsk-2015")
    f = Frame.of(a.zones)
    assert f.distance_km("contact-line", 38.25, 48.15) < 35
    assert f.distance_km("contact-line", 37.56, 48.74) > 35
    assert list(f.contains_many("smm-area", [38.0, 30.0], [48.0, 48.0])) == [True, False]
