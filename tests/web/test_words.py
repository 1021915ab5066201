"""Words for people: labels instead of codes, days and times in the agreement's time zone,
nothing as "None", and where each reference can be read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.model import default_taxonomy
from ceasewatch.web.words import NOTHING, Words


@pytest.fixture(scope="module")
def w() -> Words:
    return Words(default_taxonomy(), bundled("karabakh-2020"), [("deadline", "Deadlines")])


def test_codes_become_labels(w: Words) -> None:
    assert w.type("cfv.small_arms") == "Small-arms or machine-gun fire in breach of the ceasefire"
    assert w.type("nothing.like_this") == "Like this"  # not in the taxonomy: still words
    assert w.family("ceasefire_violation") == "Ceasefire violation"
    assert w.status("in_force") == "in force"
    assert w.party("AZ") == "Azerbaijan" and w.party(None) == "no party named"
    assert w.rule("deadline") == "Deadlines" and w.rule("mission-mandate") == "Mission mandate"
    assert w.reliability("b") == "B: Usually reliable"
    assert w.place_precision("unresolved").startswith("not known")
    assert w.provision("3") == "provision 3"
    summary = "Ceasefire violation by AM on 2020-12-11: cfv.small_arms; evidence: 1 claim"
    assert "cfv." not in w.text(summary) and "machine-gun" in w.text(summary)
    reason = "ceasefire_violation fits ceasefire_violation; dates meet"
    assert w.text(reason) == "ceasefire violation fits ceasefire violation; dates meet"
    assert w.text(None) == ""


def test_nothing_is_never_none(w: Words) -> None:
    for said in (w.value(None), w.value(""), w.day(None), w.when(None), w.type(None),
                 w.rule(None), w.reliability(None), w.provision(None)):  # fmt: skip
        assert said == NOTHING
    assert w.period(None, None) == "date not known"
    assert w.obligation({"summary": None, "kind": "cease_fire", "zones": ["line-of-contact"]},
                        {"line-of-contact": "Line of contact"}) == "Cease fire (Line of contact)"  # fmt: skip
    assert w.obligation({"summary": None, "kind": "return_displaced", "zones": []}) == (
        "Return displaced"
    )


def test_days_and_times_in_the_agreement_time_zone(w: Words) -> None:
    assert w.zone_name == "Europe/Moscow"
    assert w.day("2020-11-10") == "10 Nov 2020"
    assert w.period("2022-12-12", "2022-12-31") == "12 Dec 2022 to 31 Dec 2022"
    assert w.period("2022-12-12", "2022-12-12") == "12 Dec 2022"
    assert w.when("2026-12-06T01:12:27+00:00") == "6 Dec 2026, 04:12"  # UTC+3
    assert w.when(datetime(2026, 12, 5, 22, 30, tzinfo=UTC)) == "6 Dec 2026, 01:30"
    assert w.when("2026-12-06T01:12:27") == "6 Dec 2026, 04:12"  # no offset: UTC
    assert Words(default_taxonomy()).when("2026-12-06T01:12:27Z") == "6 Dec 2026, 01:12"


def test_where_each_reference_can_be_read(w: Words) -> None:
    assert w.link("event:scenario-karabakh-2020:evt-006") == (
        "/events/scenario-karabakh-2020%3Aevt-006"
    )
    assert w.link("claim:doc-001#3") == "/claims/doc-001%233"
    assert w.link("observation:obs-001") == "/observations/obs-001"
    assert w.link("source:am-mod") == "/sources/am-mod"
    assert w.link("crossing:x-002") == "/crossings/x-002"
    assert w.link("track:CONVOY-7") is None  # no page for a vehicle's track yet
    assert w.link("no reference") is None
