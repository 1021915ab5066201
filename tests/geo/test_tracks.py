"""Known answers for tracks against corridors, checkpoints and the UTM boundary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pyproj import Geod

from ceasewatch.geo.measure import Frame
from ceasewatch.geo.tracks import ZoneTest, dwells, excursions, passes_at
from ceasewatch.model.agreement import Zone, ZoneKind

T0 = datetime(2022, 6, 14, 1, 0, tzinfo=UTC)


class Local:
    """Metres east and north of a point, in the UTM frame around it."""

    def __init__(self, lon: float, lat: float) -> None:
        self.frame = Frame.around(lon, lat)
        (self.x0,), (self.y0,) = self.frame.xy([lon], [lat])

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        return self.frame.lonlat(self.x0 + x, self.y0 + y)


HERE = Local(46.6, 39.7)


def corridor_in_metres() -> tuple[Frame, ZoneTest]:
    """A 5 km corridor along y = 0 from x = 0 to x = 20 km, near 46.6E 39.7N."""
    ends = [HERE.lonlat(0.0, 0.0), HERE.lonlat(20000.0, 0.0)]
    zone = Zone(
        "c",
        ZoneKind.CORRIDOR,
        "c",
        {"type": "LineString", "coordinates": [list(e) for e in ends]},
        width_km=5,
    )
    frame = Frame.of([zone])
    return frame, ZoneTest(frame, zone)


def track(
    _frame: Frame, xy: list[tuple[float, float]]
) -> tuple[list[datetime], list[float], list[float]]:
    times = [T0 + timedelta(seconds=60 * k) for k in range(len(xy))]
    lonlat = [HERE.lonlat(x, y) for x, y in xy]
    return times, [p[0] for p in lonlat], [p[1] for p in lonlat]


def test_a_convoy_leaves_and_rejoins_the_corridor_to_the_second_and_the_metre() -> None:
    frame, test = corridor_in_metres()
    xy = [(1000.0 * k, 0.0) for k in range(11)]  # along the centre line
    xy += [
        (10000, 2000),
        (10000, 3200),
        (10000, 4000),
        (10000, 3600),
        (10000, 2800),
        (10000, 1000),
        (11000, 0),
        (12000, 0),
    ]
    times, lons, lats = track(frame, xy)
    [e] = excursions(test, times, lons, lats, tolerance_m=500)
    assert (e.first, e.last, e.rejoins) == (12, 14, True)  # 2800 is out by only 300 m
    assert e.left_at == T0 + timedelta(minutes=12)
    assert e.back_at == T0 + timedelta(minutes=16)
    assert e.duration_s == 240.0
    assert e.max_distance_m == pytest.approx(1500.0, abs=1.0)  # 4000 - 2500
    assert e.length_m == pytest.approx(1200 + 800 + 400 + 800 + 1800, abs=1.0)


def test_points_on_the_boundary_are_inside() -> None:
    frame, test = corridor_in_metres()
    times, lons, lats = track(frame, [(5000, 0), (6000, 2500), (7000, -2500), (8000, 0)])
    assert excursions(test, times, lons, lats, tolerance_m=0.01) == []
    times, lons, lats = track(frame, [(5000, 0), (6000, 2510), (7000, 0)])
    [e] = excursions(test, times, lons, lats, tolerance_m=0.0)
    assert e.max_distance_m == pytest.approx(10.0, abs=0.01)


def test_a_track_that_never_comes_back_is_no_bypass() -> None:
    frame, test = corridor_in_metres()
    times, lons, lats = track(frame, [(1000, 0), (2000, 4000), (3000, 9000)])
    [e] = excursions(test, times, lons, lats)
    assert not e.rejoins and e.back_at is None


def test_a_track_across_the_utm_zone_boundary_at_48_east() -> None:
    """Zones 38 and 39 meet at 48E; one frame measures both sides alike."""
    line = [[47.8 + 0.02 * k, 40.0] for k in range(21)]  # along the parallel
    zone = Zone(
        "c", ZoneKind.CORRIDOR, "c", {"type": "LineString", "coordinates": line}, width_km=2
    )
    frame = Frame.of([zone])
    test = ZoneTest(frame, zone)
    lons = [47.85, 47.90, 47.97, 47.99, 48.01, 48.03, 48.10, 48.15]
    lats = [40.0, 40.0, 40.0, 40.03, 40.03, 40.0, 40.0, 40.0]
    times = [T0 + timedelta(minutes=k) for k in range(len(lons))]
    [e] = excursions(test, times, lons, lats, tolerance_m=100)
    assert (e.first, e.last, e.rejoins) == (3, 4, True)
    # geodesic distance from 40.03N to the centre line, less the half width
    _, _, metres = Geod(ellps="WGS84").inv(48.0, 40.0, 48.0, 40.03)
    assert e.max_distance_m == pytest.approx(metres - 1000.0, abs=5.0)
    x1 = test.distance_m(*[[v] for v in (47.99, 40.03)])
    x2 = test.distance_m(*[[v] for v in (48.01, 40.03)])
    assert abs(float(x1[0]) - float(x2[0])) < 1.0  # the same on both sides of 48E


def test_dwells_and_a_passage_between_samples() -> None:
    site = Zone(
        "s",
        ZoneKind.CHECKPOINT,
        "s",
        {"type": "Point", "coordinates": list(HERE.lonlat(0.0, 0.0))},
        radius_km=1,
    )
    frame = Frame.of([site])
    test = ZoneTest(frame, site)
    times, lons, lats = track(
        frame, [(-3000, 0), (-200, 0), (100, 50), (0, 0), (300, 0), (200, 0), (3000, 0)]
    )
    [d] = dwells(test, times, lons, lats, min_seconds=180)
    assert d.seconds == 240.0 and (d.first, d.last) == (1, 5)
    times, lons, lats = track(frame, [(-3000, 0), (3000, 0)])  # jumps over the site
    assert passes_at(test, times, lons, lats) == [T0 + timedelta(seconds=30)]
    # out and back again: two passages; a jump across a long gap is none
    times, lons, lats = track(frame, [(-3000, 0), (0, 0), (3000, 0), (0, 0), (-3000, 0)])
    assert passes_at(test, times, lons, lats) == [
        T0 + timedelta(minutes=1),
        T0 + timedelta(minutes=3),
    ]
    late = [T0, T0 + timedelta(hours=12)]
    assert passes_at(test, late, lons[:1] + lons[2:3], lats[:1] + lats[2:3]) == []


def test_one_excursion_that_comes_near_the_edge_is_one_and_a_start_outside_is_none() -> None:
    frame, test = corridor_in_metres()
    times, lons, lats = track(
        frame,
        [(1000, 0), (2000, 0), (3000, 4000), (4000, 2800), (5000, 4000), (6000, 0), (7000, 0)],
    )
    [e] = excursions(test, times, lons, lats, tolerance_m=500)
    assert (e.first, e.last, e.rejoins) == (2, 4, True)
    times, lons, lats = track(frame, [(1000, 9000), (2000, 5000), (3000, 0), (4000, 0)])
    assert excursions(test, times, lons, lats) == []  # it joined; it never left


def test_each_passage_is_matched_to_its_own_record() -> None:
    from ceasewatch.geo.checkpoints import reconcile
    from ceasewatch.model import Crossing, Direction, TrackPoint

    site = Zone(
        "k",
        ZoneKind.CHECKPOINT,
        "k",
        {"type": "Point", "coordinates": list(HERE.lonlat(0.0, 0.0))},
        radius_km=1,
    )
    frame = Frame.of([site])
    test = ZoneTest(frame, site)
    xy = [(-3000, 0), (0, 0), (3000, 0)]
    there = [T0, T0 + timedelta(minutes=10), T0 + timedelta(minutes=20)]
    back = [t + timedelta(hours=5) for t in there]
    pts = [
        TrackPoint("V", t, *reversed(HERE.lonlat(x, y)))
        for t, (x, y) in zip(there + back, xy + xy[::-1], strict=True)
    ]
    out = Crossing("x1", "k", T0 + timedelta(minutes=10), "V", Direction.OUTBOUND)
    home = Crossing("x2", "k", T0 + timedelta(hours=5, minutes=10), "V", Direction.INBOUND)
    assert reconcile({"k": test}, {"V": pts}, [out, home]) == []
    [m] = reconcile({"k": test}, {"V": pts}, [out])
    assert m.kind == "unrecorded_passage" and m.time == T0 + timedelta(hours=5, minutes=10)
