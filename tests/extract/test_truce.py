"""A violation needs a truce: fire told of the days before the ceasefire took effect is
fighting (``extract/truce.py``), in sentences written for these tests."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.extract.truce import before_truce
from ceasewatch.model import Family, TimeSpan, default_taxonomy

# a truce of our own: in effect from 20 March 2025
TRUCE = dataclasses.replace(
    bundled("minsk-2015"), effective=datetime(2025, 3, 20, 0, 0, tzinfo=UTC)
)
RULES = Extractor(TRUCE, learned=False)


def test_shelling_before_the_truce_is_fighting_after_it_a_violation() -> None:
    text = (
        "Ukrainian forces shelled Horlivka on 18 March, the city's mayor said. "
        "Ukrainian forces shelled Horlivka again on 23 March, the mayor said."
    )
    before, after = RULES.extract("d", text, date(2025, 3, 24), "Wire", language="en")
    assert before.family is Family.ARMED_CLASH and before.type_code == "clash.armed"
    assert any("before the truce" in b for b in before.basis)
    assert after.family is Family.CEASEFIRE_VIOLATION


def test_nothing_moves_without_a_day_the_truce_took_effect() -> None:
    # the day it took effect is the truce's: fire that day may well break it
    (same_day,) = RULES.extract(
        "d", "Ukrainian forces shelled Horlivka on 20 March.", date(2025, 3, 24), "Wire"
    )
    assert same_day.family is Family.CEASEFIRE_VIOLATION
    # the same violation told of the day before: moved with the truce's day, kept without one
    earlier = dataclasses.replace(same_day, when=TimeSpan.day(date(2025, 3, 19)))
    taxonomy = default_taxonomy()
    assert before_truce([earlier], None, taxonomy) == [earlier]
    (moved,) = before_truce([earlier], date(2025, 3, 20), taxonomy)
    assert moved.family is Family.ARMED_CLASH
