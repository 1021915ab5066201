from __future__ import annotations

from datetime import date

from ceasewatch.agreements.bundled import bundled
from ceasewatch.assess.deadlines import done_dates
from ceasewatch.model import (
    Actor,
    ActorRole,
    Event,
    Family,
    GeoPrecision,
    Place,
    TimeSpan,
)


def _handover(eid: str, day: date, place: Place, party: str | None = "AM") -> Event:
    actors = (Actor("Armenian armed forces", ActorRole.PARTICIPANT, party),)
    return Event(eid, "territory.handover", Family.TERRITORY_TRANSFER, TimeSpan.day(day), place,
                 actors)  # fmt: skip


def test_a_handover_inside_the_district_marks_the_obligation_done() -> None:
    a = bundled("karabakh-2020")
    aghdam = Place("Aghdam", 39.99096, 46.92736, GeoPrecision.NEAR)
    assert done_dates(a, [_handover("e1", date(2020, 11, 20), aghdam)]) == {
        "2.1": date(2020, 11, 20)
    }


def test_the_wrong_place_party_or_a_vague_place_do_not_count_or_do_not_prove() -> None:
    a = bundled("karabakh-2020")
    martakert = Place("Martakert", 40.21528, 46.81278, GeoPrecision.NEAR)
    assert done_dates(a, [_handover("e1", date(2020, 11, 20), martakert)]) == {}
    aghdam = Place("Aghdam", 39.99096, 46.92736, GeoPrecision.NEAR)
    assert done_dates(a, [_handover("e2", date(2020, 11, 20), aghdam, party="AZ")]) == {}
    # known only to region level: it cannot show that the handover was in the district
    region = Place("Karabakh", 39.99, 46.93, GeoPrecision.REGION)
    assert done_dates(a, [_handover("e3", date(2020, 11, 21), region)]) == {}


def test_the_first_event_counts() -> None:
    a = bundled("karabakh-2020")
    lachin = Place("Lachin", 39.5988, 46.5504, GeoPrecision.NEAR)
    events = [
        _handover("late", date(2020, 12, 3), lachin),
        _handover("early", date(2020, 12, 1), lachin),
    ]
    assert done_dates(a, events)["6.lachin"] == date(2020, 12, 1)
