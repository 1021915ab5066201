from __future__ import annotations

import math

import pytest

from ceasewatch.errors import GeoError
from ceasewatch.geo.zones import area_km2, corridor, disc, length_km, problems


def test_a_straight_corridor_is_exactly_its_width() -> None:
    line = [[46.0, 40.0], [46.0, 40.5]]  # due north, about 55.6 km
    band = corridor(line, 5.0)
    length = length_km({"type": "LineString", "coordinates": line})
    assert 55.0 < length < 56.0
    assert area_km2(band) == pytest.approx(5.0 * length, rel=0.005)


def test_a_disc_has_the_area_of_its_circle() -> None:
    assert area_km2(disc([46.7, 39.8], 10.0)) == pytest.approx(math.pi * 100.0, rel=0.01)


def test_problems_of_geometries() -> None:
    assert problems({"type": "Point", "coordinates": [46.7, 39.8]}) == []
    assert "outside lon" in problems({"type": "Point", "coordinates": [39.8, 146.7]})[0]
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    assert "not a valid geometry" in problems(bowtie)[0]
    assert problems({"type": "Nope"})
    with pytest.raises(GeoError):
        corridor([[0, 0], [1, 1]], 0)
