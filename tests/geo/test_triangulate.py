"""Known answers for the origin of fire from bearings."""

from __future__ import annotations

import math

import pytest

from ceasewatch.geo.triangulate import Sighting, triangulate


def bearing(px: float, py: float, ox: float, oy: float) -> float:
    return math.degrees(math.atan2(ox - px, oy - py)) % 360.0


POSTS = [(-6000.0, -3000.0), (7000.0, -2500.0), (1500.0, 9000.0)]
ORIGIN = (800.0, 1200.0)


def test_three_bearings_recover_the_known_origin() -> None:
    exact = [Sighting(x, y, bearing(x, y, *ORIGIN)) for x, y in POSTS]
    e = triangulate(exact)
    assert e.x == pytest.approx(ORIGIN[0], abs=0.01) and e.y == pytest.approx(ORIGIN[1], abs=0.01)
    errors = [1.0, -0.8, 0.6]  # degrees, as a monitor's compass might give them
    noisy = [
        Sighting(x, y, bearing(x, y, *ORIGIN) + d, ref=f"OP-{k}")
        for k, ((x, y), d) in enumerate(zip(POSTS, errors, strict=True))
    ]
    e = triangulate(noisy)
    assert e.found and math.hypot(e.x - ORIGIN[0], e.y - ORIGIN[1]) < 200.0  # type: ignore[operator]
    assert e.semi_major_m is not None and e.semi_minor_m is not None
    assert 0 < e.semi_minor_m <= e.semi_major_m < 2000
    assert math.hypot(e.x - ORIGIN[0], e.y - ORIGIN[1]) < e.semi_major_m  # type: ignore[operator]


def test_parallel_bearings_are_reported_not_forced() -> None:
    e = triangulate([Sighting(0, 0, 45.0), Sighting(1000, 0, 45.0)])
    assert not e.found and "parallel" in (e.problem or "")
    e = triangulate([Sighting(0, 0, 90.0), Sighting(0, 1000, 270.0)])  # opposite ways
    assert not e.found and "parallel" in (e.problem or "")


def test_bearings_that_meet_behind_an_observer_are_reported() -> None:
    e = triangulate([Sighting(0, 0, 0.0, ref="OP-1"), Sighting(1000, 0, 10.0, ref="OP-2")])
    assert not e.found and "behind" in (e.problem or "")


def test_a_stated_distance_range_that_disagrees_is_noted() -> None:
    s = [
        Sighting(x, y, bearing(x, y, *ORIGIN), (1.0, 2.0) if k == 0 else None, f"OP-{k}")
        for k, (x, y) in enumerate(POSTS)
    ]
    e = triangulate(s)
    assert e.found and e.notes and "OP-0 put it 1-2 km away" in e.notes[0]
    assert triangulate([Sighting(0, 0, 10.0)]).problem == "needs two or more bearings"
