"""The illustrative karabakh-2020 scenario: every fact of DESIGN.md's case section has a
home in it, every record is labelled illustrative, and loading is all or nothing."""

from __future__ import annotations

import re
from datetime import date

import pytest
import shapely

from ceasewatch.errors import Conflict
from ceasewatch.geo.zones import corridor, to_shape
from ceasewatch.workspace import Workspace


@pytest.fixture
def loaded(ws: Workspace) -> Workspace:
    ws.load_scenario("karabakh-2020")
    return ws


def _docs(ws: Workspace, *needles: str) -> list[str]:
    """Ids of documents whose text holds every needle (case-insensitive)."""
    return [d.id for d in ws.documents() if all(n.lower() in d.text.lower() for n in needles)]


def _events(ws: Workspace, type_code: str) -> list:
    return [e for e in ws.events() if e.type_code == type_code]


# Each fact of DESIGN.md "The case it was born from", and where the scenario holds it.
def fact_contingent_strength(ws: Workspace) -> None:
    a = ws.agreement("karabakh-2020").agreement
    assert dict(a.missions[0].strength) == {
        "personnel": 1960,
        "armoured_personnel_carriers": 90,
        "vehicles_and_special_equipment": 380,
    }
    (report,) = _events(ws, "mission.strength_report")
    assert report.extra["quantity"] == "1960"


def fact_five_year_term_with_extension(ws: Workspace) -> None:
    term = ws.agreement("karabakh-2020").agreement.missions[0].term
    assert (term.years, term.extension_years, term.notice_months) == (5, 5, 6)


def fact_aid_35_tonnes_early_2023(ws: Workspace) -> None:
    (aid,) = _events(ws, "humanitarian.delivery")
    assert (aid.extra["quantity"], aid.extra["unit"]) == ("35", "t")
    assert date(2023, 1, 1) <= aid.when.start <= date(2023, 3, 31)
    assert _docs(ws, "35 tonnes")


def fact_church_in_camp_near_khankendi_nov_2021(ws: Workspace) -> None:
    (church,) = _events(ws, "mission.religious_cultural")
    assert (church.when.start.year, church.when.start.month) == (2021, 11)
    assert "Khankendi" in (church.where.name or "")
    assert _docs(ws, "chapel")


def fact_school_visits_4600_pupils(ws: Workspace) -> None:
    (schools,) = _events(ws, "mission.education")
    assert schools.extra["quantity"] == "4600" and "50 schools" in (schools.notes or "")
    assert _docs(ws, "4,600")


def fact_ore_from_gulyatagh_over_the_lachin_road(ws: Workspace) -> None:
    ore = [
        c
        for c in ws.crossings()
        if c.direction.value == "outbound"
        and any(i.category in ("mineral_ore", "metal_concentrate") for i in c.declared)
    ]
    assert len(ore) >= 2 and all(c.checkpoint == "kornidzor-checkpoint" for c in ore)
    assert _docs(ws, "Gulyatagh", "allegedly")


def fact_dirt_road_bypass_escorted_convoy(ws: Workspace) -> None:
    zone = ws.agreement("karabakh-2020").agreement.zone("lachin-corridor")
    band = to_shape(corridor(zone.geometry["coordinates"], zone.width_km or 5))  # type: ignore[index]
    band = band.buffer(0.0005)  # about 50 m of tolerance at the corridor's flat ends
    inside = [band.covers(shapely.Point(p.lon, p.lat)) for p in ws.track_points("CONVOY-7")]
    first_out, last_out = inside.index(False), len(inside) - 1 - inside[::-1].index(False)
    assert inside[0] and inside[-1] and first_out > 0 and last_out < len(inside) - 1
    assert any(
        e.type_code == "mission.escort" and e.when.start == date(2022, 6, 14) for e in ws.events()
    )
    assert _docs(ws, "dirt roads", "reportedly", "ammunition")


def fact_journalists_blocked_at_headquarters(ws: Workspace) -> None:
    (blocked,) = _events(ws, "obstruction.journalists")
    assert blocked.actors[0].party == "RU"
    assert _docs(ws, "journalists", "headquarters")


def fact_one_sided_hedged_claims(ws: Workspace) -> None:
    for hedge in ("allegedly", "reportedly", "sources revealed", "groundless"):
        assert _docs(ws, hedge), hedge


def fact_violations_reported_by_both_sides_with_casualties(ws: Workspace) -> None:
    by_source: dict[str, list[str]] = {}
    for d in ws.documents():
        if re.search(r"\b(killed|wounded)\b", d.text):
            by_source.setdefault(d.source_id or "", []).append(d.id)
    assert "az-mod" in by_source and ({"am-mod", "nk-army"} & set(by_source))


def fact_firing_seen_from_two_posts(ws: Workspace) -> None:
    fire = [o for o in ws.observations() if o.bearing_deg is not None and o.cfv]
    nights = {}
    for o in fire:
        nights.setdefault(o.start.date(), set()).add(o.observer)
    assert any(len(posts) >= 2 for posts in nights.values())


FACTS = [
    fact_contingent_strength,
    fact_five_year_term_with_extension,
    fact_aid_35_tonnes_early_2023,
    fact_church_in_camp_near_khankendi_nov_2021,
    fact_school_visits_4600_pupils,
    fact_ore_from_gulyatagh_over_the_lachin_road,
    fact_dirt_road_bypass_escorted_convoy,
    fact_journalists_blocked_at_headquarters,
    fact_one_sided_hedged_claims,
    fact_violations_reported_by_both_sides_with_casualties,
    fact_firing_seen_from_two_posts,
]


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f.__name__.removeprefix("fact_"))
def test_every_design_fact_has_a_home(loaded: Workspace, fact) -> None:  # type: ignore[no-untyped-def]
    fact(loaded)


def test_every_record_is_labelled_illustrative(loaded: Workspace) -> None:
    assert all("illustrative" in e.tags for e in loaded.events())
    assert all(d.illustrative for d in loaded.documents())
    assert all(s.illustrative for s in loaded.sources())
    assert all(o.illustrative for o in loaded.observations())
    assert all(c.illustrative for c in loaded.crossings())
    assert all(t.illustrative for t in loaded.track_points())
    assert len(loaded.documents()) >= 30


def test_no_real_person_is_named(loaded: Workspace) -> None:
    # leaders and officials of the period, by surname: none may appear in the scenario
    names = ("Aliyev", "Pashinyan", "Putin", "Lavrov", "Shoigu", "Muradov", "Volkov",
             "Bayramov", "Mirzoyan", "Harutyunyan", "Ruben", "Vardanyan", "Hasanov")  # fmt: skip
    texts = [d.text + (d.title or "") for d in loaded.documents()]
    texts += [e.notes or "" for e in loaded.events()]
    for name in names:
        assert not any(name in t for t in texts), name


def test_loading_twice_is_refused_and_changes_nothing(loaded: Workspace) -> None:
    before = len(loaded.events()), len(loaded.documents())
    with pytest.raises(Conflict, match="loaded in this workspace already"):
        loaded.load_scenario("karabakh-2020")
    assert (len(loaded.events()), len(loaded.documents())) == before
