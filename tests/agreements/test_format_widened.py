"""The agreement format's later parts: time zones checked, points outside the area warned
about, kinds of the file's own, deadlines that wait on another obligation, dataset actor
names, mission aliases and a term that ended."""

from __future__ import annotations

from datetime import date

import pytest

from ceasewatch.agreements.actors import ActorMap
from ceasewatch.agreements.bundled import bundled
from ceasewatch.agreements.calendar import Due, agreement_calendar, mission_active
from ceasewatch.agreements.dump import dump_agreement
from ceasewatch.agreements.loader import check_agreement, load_agreement
from ceasewatch.assess.deadlines import shown_by
from ceasewatch.errors import Invalid

from .test_loader import MINIMAL


def _with(extra: str, base: str = MINIMAL) -> str:
    return base + extra


def test_an_unknown_time_zone_is_refused_with_its_line() -> None:
    text = MINIMAL.replace("timezone: Europe/Kyiv", "timezone: Europe/Kyiw")
    with pytest.raises(Invalid) as err:
        load_agreement(text, "tz.yaml")
    [problem] = err.value.problems
    assert str(problem).startswith("tz.yaml:5 timezone: 'Europe/Kyiw' is not an IANA time zone")


def test_a_point_outside_the_declared_area_is_a_warning_naming_it() -> None:
    text = _with("area: [29.0, 47.0, 32.0, 49.0]\n").replace(
        "line: [[30.0, 48.0], [30.5, 48.2]]", "line: [[30.0, 48.0], [48.2, 30.5]]"
    )
    agreement, warnings = check_agreement(text, "area.yaml")
    assert agreement.area == (29.0, 47.0, 32.0, 49.0)
    [w] = [w for w in warnings if w.field.startswith("zones")]
    line = text.splitlines().index("    line: [[30.0, 48.0], [48.2, 30.5]]") + 1
    assert w.field == "zones[0].line[1]" and "swapped" in w.expected and w.row == line


def test_without_an_area_a_point_far_from_the_others_is_warned_about() -> None:
    text = MINIMAL.replace(
        "line: [[30.0, 48.0], [30.5, 48.2]]",
        "line: [[30.0, 48.0], [30.5, 48.2], [30.6, 48.1], [48.1, 30.6]]",
    )
    _, warnings = check_agreement(text, "far.yaml")
    assert [w.field for w in warnings if w.field.startswith("zones")] == ["zones[0].line[3]"]
    assert not [w for w in check_agreement(MINIMAL, "ok.yaml")[1] if w.field.startswith("zones")]


def test_a_party_or_mission_without_aliases_is_warned_about() -> None:
    """News seldom writes a party's formal name: without aliases it is seldom found."""
    _, every = check_agreement(MINIMAL, "bare.yaml")
    warnings = [w for w in every if w.field != "gazetteer"]
    assert [(w.field, w.value) for w in warnings] == [
        ("parties[0]", "Side A"),
        ("parties[1]", "Side B"),
        ("missions[0]", "Observers"),
    ]
    assert all("has no aliases" in w.expected for w in warnings)
    named = MINIMAL.replace("    name: Side A\n", "    name: Side A\n    aliases: [A forces]\n")
    assert [w.field for w in check_agreement(named, "named.yaml")[1]] == [
        "parties[1]",
        "missions[0]",
        "gazetteer",
    ]
    for bundled_id in ("karabakh-2020", "minsk-2015", "hodeidah-2018"):
        from ceasewatch.agreements.bundled import bundled_text

        assert check_agreement(bundled_text(bundled_id), bundled_id)[1] == []


def test_a_kind_of_the_files_own_is_declared_and_read_by_the_rules() -> None:
    text = _with(
        "kinds:\n"
        "  - id: clear_mines\n"
        "    summary: Clear the mines laid in the city\n"
        "    shown_by: [mission.demining, mine.found]\n"
        "  - id: open_roads\n"
        "    like: unblock_transport\n"
    ).replace("kind: withdraw\n", "kind: clear_mines\n")
    a = load_agreement(text, "kinds.yaml")
    o = a.provision("1").obligations[1]
    assert o.kind == "clear_mines" and shown_by(a, o) == {"mission.demining", "mine.found"}
    assert load_agreement(dump_agreement(a), "again.yaml") == a
    bad = text.replace("shown_by: [mission.demining, mine.found]", "shown_by: [mines.gone]")
    with pytest.raises(
        Invalid, match=r"kinds\[0\]\.shown_by\[0\]: 'mines.gone' is not an event type"
    ):
        load_agreement(bad, "bad.yaml")
    undeclared = MINIMAL.replace("kind: withdraw\n", "kind: clear_mines\n")
    with pytest.raises(Invalid, match=r"declare a kind of your own under 'kinds'"):
        load_agreement(undeclared, "undeclared.yaml")


def test_a_deadline_after_an_obligation_with_none_waits_until_the_record_shows_it_done() -> None:
    text = MINIMAL.replace(
        "        kind: withdraw\n        deadline: 2021-03-20\n",
        "        kind: withdraw\n"
        "        id: foreign-forces\n"
        "      - party: B\n"
        "        kind: hand_over_weapons\n"
        "        id: heavy-weapons\n"
        "        deadline: {after: foreign-forces, days: 10}\n",
    )
    a = load_agreement(text, "after.yaml")
    waiting = {i.obligation: i for i in agreement_calendar(a, date(2021, 6, 1)).items}
    assert (
        waiting["heavy-weapons"].status is Due.WAITING and waiting["heavy-weapons"].deadline is None
    )
    done = {"foreign-forces": date(2021, 5, 1)}
    due = {i.obligation: i for i in agreement_calendar(a, date(2021, 5, 5), done).items}
    assert (
        due["heavy-weapons"].deadline == date(2021, 5, 11)
        and due["heavy-weapons"].status is Due.DUE
    )
    late = {i.obligation: i for i in agreement_calendar(a, date(2021, 6, 1), done).items}
    assert late["heavy-weapons"].status is Due.OVERDUE
    assert shown_by(a, a.provision("1").obligations[2]) == {"weapons.handover"}


def test_actor_names_map_to_parties_and_missions() -> None:
    text = (
        _with(
            "actors:\n"
            "  - {name: 'Military Forces of Side A (2014-) Eastern Command', party: B}\n"
            "  - {name: 'Militia (Side*)', party: B}\n"
            "  - {name: 'Observer Team', mission: obs}\n"
        )
        .replace("    name: Side A\n", "    name: Side A\n    country: Atlantis\n")
        .replace("    name: Observers\n", "    name: Observers\n    aliases: [Blue Helmets]\n")
    )
    a = load_agreement(text, "actors.yaml")
    m = ActorMap(a)
    assert m.resolve("Military Forces of Atlantis (2014-)").party == "A"  # ACLED's way
    assert m.resolve("Police Forces of Atlantis (2014-2019)").party == "A"
    assert m.resolve("Protesters (Atlantis)").party == "A"
    assert m.resolve("Government of Atlantis").party == "A"  # UCDP's way
    assert m.resolve("Military Forces of Side A (2014-) Eastern Command").party == "B"
    assert m.resolve("Militia (Side B)").party == "B"
    assert m.resolve("Military Forces of Atlantis (2014-) Navy") is None  # a faction: no default
    found = m.resolve("blue helmets")
    assert found is not None and found.mission == "obs" and found.party is None  # UN: no party
    assert m.resolve("Unidentified Armed Group (Atlantis)") is None
    wrong = text.replace("party: B}\n  - {name: 'Militia", "party: C}\n  - {name: 'Militia")
    with pytest.raises(Invalid, match=r"actors\[0\]\.party: 'C' is not a party id"):
        load_agreement(wrong, "wrong.yaml")


def test_two_parties_of_one_country_get_no_default() -> None:
    text = MINIMAL.replace(
        "    name: Side A\n", "    name: Side A\n    country: Atlantis\n"
    ).replace("    name: Side B\n", "    name: Side B\n    country: Atlantis\n")
    assert (
        ActorMap(load_agreement(text, "same.yaml")).resolve("Military Forces of Atlantis (2014-)")
        is None
    )


def test_a_mission_is_active_only_inside_its_term() -> None:
    text = MINIMAL.replace(
        "term: {start: 2021-03-02, months: 6}",
        "term: {start: 2021-04-01, months: 6, end: 2023-01-31}",
    )
    m = load_agreement(text, "term.yaml").missions[0]
    assert not mission_active(m, date(2021, 3, 20))
    assert mission_active(m, date(2022, 12, 1))  # renewed: the file says it ran to its end
    assert not mission_active(m, date(2023, 2, 1))
    karabakh = bundled("karabakh-2020").missions[0]
    assert not mission_active(karabakh, date(2020, 11, 9)) and mission_active(
        karabakh, date(2024, 1, 1)
    )


def test_an_agreement_without_a_gazetteer_is_warned_about() -> None:
    """Without one, the world's populated places around its zones place an event (no
    district, checkpoint or road); with no zone, area or country either, nothing does."""
    [warning] = [w for w in check_agreement(MINIMAL, "bare.yaml")[1] if w.field == "gazetteer"]
    assert "no gazetteer" in warning.expected and warning.row is not None
    assert "GeoNames" in warning.expected and "gazetteer draft" in warning.expected
    zones = "zones:\n  - id: line\n"
    nowhere = MINIMAL.replace("        zones: [line]\n", "").split(zones)[0]
    [warning] = [w for w in check_agreement(nowhere, "none.yaml")[1] if w.field == "gazetteer"]
    assert "stay unresolved" in warning.expected
    placed = MINIMAL.replace("\nparties:", "\ngazetteer: places.csv\nparties:", 1)
    assert placed != MINIMAL
    assert not [w for w in check_agreement(placed, "placed.yaml")[1] if w.field == "gazetteer"]
