"""Zones in a metric frame and track runs outside a corridor."""

from __future__ import annotations

from ceasewatch.agreements.bundled import bundled
from ceasewatch.geo.measure import Frame, outside_runs

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


def test_a_track_that_leaves_and_rejoins_is_a_bypass() -> None:
    f = frame()
    # 0.01 deg of latitude is about 1.11 km
    lats = [39.60, 39.60, 39.65, 39.66, 39.65, 39.60, 39.60]
    lons = [46.45, 46.50, 46.55, 46.60, 46.65, 46.70, 46.75]
    [run] = outside_runs(f, "c", lons, lats, tolerance_m=500)
    assert (run.first, run.last, run.rejoins) == (2, 4, True)
    assert 4100 < run.max_distance_m < 4250  # 0.06 deg (6.66 km) north of the line, less 2.5 km


def test_tolerance_and_the_boundary() -> None:
    f = frame()
    edge = 39.60 + 2.5 / 111.0  # on the corridor's edge
    assert f.contains("c", 46.6, edge - 0.0005)
    assert outside_runs(f, "c", [46.5, 46.6, 46.7], [39.6, edge + 0.003, 39.6], 500) == []
    leaving = outside_runs(f, "c", [46.5, 46.6], [39.6, 39.7], 500)
    assert len(leaving) == 1 and not leaving[0].rejoins  # gone, not back: not a bypass
    assert outside_runs(f, "c", [], [], 500) == []


def test_distances_to_a_line_zone() -> None:
    a = bundled("minsk-2015")
    f = Frame.of(a.zones)
    assert f.distance_km("contact-line", 38.25, 48.15) < 35
    assert f.distance_km("contact-line", 37.56, 48.74) > 35
    assert list(f.contains_many("smm-area", [38.0, 30.0], [48.0, 48.0])) == [True, False]
