"""What an agreement leaves open may be left out of its file: a mission with no contributor,
strength, term or mandate, an effective day with no time, a provision of the only text."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import jsonschema
import pytest
import yaml
from tests.agreements.test_loader import MINIMAL
from tests.agreements.test_schema_doc import SCHEMA, _plain

from ceasewatch.agreements.calendar import agreement_calendar, mission_active, mission_term
from ceasewatch.agreements.dump import dump_agreement
from ceasewatch.agreements.loader import load_agreement
from ceasewatch.errors import Invalid

# the minimal file with its mission cut down to a name and a kind (the mission is the
# file's last part)
OPEN = (
    MINIMAL[: MINIMAL.index("    contributor: UN\n")]
    .replace("effective: 2021-03-02T00:00:00+02:00", "effective: 2021-03-02")
    .replace("    text: en\n", "")
) + "    kind: unarmed_observers\n    armed: false\n"


def test_the_open_file_is_the_minimal_one_with_the_parts_left_out() -> None:
    assert "contributor" not in OPEN and "strength" not in OPEN and "term" not in OPEN
    assert "mandate" not in OPEN and "text: en" not in OPEN and "T00:00" not in OPEN


def test_what_is_left_open_loads_with_its_meaning() -> None:
    a = load_agreement(OPEN, "open.yaml")
    # a day alone is midnight in the agreement's own zone (Kyiv: UTC+2 in March)
    assert a.effective == datetime(2021, 3, 1, 22, 0, tzinfo=UTC)
    assert a.effective.utcoffset() == timedelta(hours=2)
    assert a.provisions[0].text_version == "en"
    m = a.missions[0]
    assert m.contributor == "obs"  # the mission answers for itself
    assert dict(m.strength) == {} and m.mandate == ()
    assert m.term.start == date(2021, 3, 2) and m.term.years is None and m.term.months is None


def test_a_mission_with_no_term_serves_from_the_effective_day_until_further_notice() -> None:
    m = load_agreement(OPEN, "open.yaml").missions[0]
    assert not mission_active(m, date(2021, 3, 1))
    assert mission_active(m, date(2021, 3, 2)) and mission_active(m, date(2040, 1, 1))
    t = mission_term(m, date(2040, 1, 1))
    assert not t.expired and t.period_end is None and t.first_term_end is None
    assert t.next_periods == () and t.last_notice is None


def test_an_open_term_with_an_end_expires_after_it() -> None:
    text = OPEN.replace(
        "    armed: false\n", "    armed: false\n    term: {start: 2021-04-01, end: 2022-01-31}\n"
    )
    m = load_agreement(text, "ended.yaml").missions[0]
    assert mission_active(m, date(2022, 1, 31)) and not mission_active(m, date(2022, 2, 1))
    assert not mission_active(m, date(2021, 3, 31))
    t = mission_term(m, date(2022, 2, 1))
    assert t.expired and t.period_end == date(2022, 1, 31)


def test_the_open_file_round_trips_and_shows_in_the_calendar() -> None:
    a = load_agreement(OPEN, "open.yaml")
    assert load_agreement(dump_agreement(a), "dumped.yaml") == a
    cal = agreement_calendar(a, date(2021, 6, 1))
    assert cal.effective == date(2021, 3, 2) and not cal.missions[0].expired


def test_the_published_schema_accepts_the_open_file() -> None:
    doc = _plain(yaml.safe_load(OPEN))
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert json.loads(json.dumps(doc))["effective"] == "2021-03-02"


def test_a_provision_must_name_its_text_when_there_are_several() -> None:
    two = OPEN.replace(
        "    source: written for the tests\n",
        "    source: written for the tests\n  - id: fr\n    language: fr\n"
        "    kind: translation\n    source: written for the tests\n",
    )
    with pytest.raises(Invalid) as err:
        load_agreement(two, "two.yaml")
    assert any(
        "provisions[0].text" in str(p) and "is missing" in str(p) for p in err.value.problems
    )


def test_a_mission_still_needs_its_name_and_kind() -> None:
    with pytest.raises(Invalid) as err:
        load_agreement(OPEN.replace("    kind: unarmed_observers\n", ""), "nokind.yaml")
    assert any("missions[0].kind" in str(p) for p in err.value.problems)
