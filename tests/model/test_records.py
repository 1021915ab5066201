from __future__ import annotations

from datetime import date, datetime

import pytest

from ceasewatch.errors import SchemaError
from ceasewatch.model import (
    Count,
    GeoPrecision,
    Observation,
    Place,
    Reliability,
    TimePrecision,
    TimeSpan,
    VerificationStatus,
)
from ceasewatch.model.query import BBox, EventQuery


def test_place_refuses_out_of_range_coordinates() -> None:
    with pytest.raises(SchemaError, match="latitude"):
        Place("x", lat=123.0, lon=46.0)
    with pytest.raises(SchemaError, match="longitude"):
        Place("x", lat=40.0, lon=190.0)
    with pytest.raises(SchemaError, match="together"):
        Place("x", lat=40.0)
    with pytest.raises(SchemaError):
        Place("x", lat=float("nan"), lon=1.0)


def test_unresolved_place_is_kept_not_dropped() -> None:
    p = Place("Hakari bridge", precision=GeoPrecision.UNRESOLVED)
    assert not p.resolved and p.name == "Hakari bridge"


def test_count_orders_estimates() -> None:
    assert Count(2, 3, 5).best == 3
    with pytest.raises(SchemaError):
        Count(5, None, 2)
    with pytest.raises(SchemaError):
        Count(-1)


def test_time_span_cannot_run_backwards() -> None:
    with pytest.raises(SchemaError):
        TimeSpan(date(2021, 1, 2), date(2021, 1, 1))


def test_precision_codes_convert_to_and_from_the_datasets() -> None:
    assert TimePrecision.from_acled(2) is TimePrecision.WEEK
    assert TimePrecision.MONTH.to_acled() == 3
    assert TimePrecision.from_ucdp(5) is TimePrecision.YEAR
    assert GeoPrecision.from_ucdp(7) is GeoPrecision.REGION
    assert GeoPrecision.from_acled(1).to_acled() == 1


def test_enums_parse_with_a_clear_error() -> None:
    assert Reliability.parse("B").letter == "B"
    assert VerificationStatus.parse(" Disputed ") is VerificationStatus.DISPUTED
    with pytest.raises(SchemaError, match="not one of"):
        VerificationStatus.parse("maybe", field="status")


def test_observation_checks_bearing_and_distance() -> None:
    t = datetime(2021, 1, 1, 12, 0)
    pos = Place("OP 7", 39.8, 46.7)
    with pytest.raises(SchemaError, match="bearing"):
        Observation("o1", "OP 7", pos, t, t, "cfv.small_arms", bearing_deg=360.0)
    with pytest.raises(SchemaError, match="distance"):
        Observation("o1", "OP 7", pos, t, t, "cfv.small_arms", distance_km=(3.0, 2.0))


def test_query_checks_its_bbox_and_range() -> None:
    assert BBox.parse("46,39,47,40").east == 47
    with pytest.raises(SchemaError, match="not a box"):
        BBox.parse("47,39,46,40")
    with pytest.raises(SchemaError, match="four numbers"):
        BBox.parse("a,b")
    with pytest.raises(SchemaError):
        EventQuery(start=date(2021, 2, 1), end=date(2021, 1, 1))
