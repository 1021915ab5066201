"""A party given by its country is found by what news call that country's side."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.actors import PartyMatcher, country_names
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.model import ActorRole, ClaimStatus, Party
from ceasewatch.model.agreement import Agreement


def _agreement(*parties: Party) -> Agreement:
    """An agreement of these parties alone, no aliases and no mission: a user's first file."""
    return dataclasses.replace(bundled("minsk-2015"), parties=parties, missions=())


BARE = _agreement(
    Party("IN", "India"), Party("PK", "Islamic Republic of Pakistan", country="Pakistan")
)


def _found(agreement: Agreement, sentence: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.party) for m in PartyMatcher(agreement).find(sentence)]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        (
            "Indian troops fired at Pakistani posts, Islamabad said.",
            [("Indian", "IN"), ("Pakistani", "PK"), ("Islamabad", "PK")],
        ),
        (
            "New Delhi denied that Pakistanis were hurt.",
            [("New Delhi", "IN"), ("Pakistanis", "PK")],
        ),
        (
            "Индийские военные обстреляли позиции Пакистана, заявили в Исламабаде.",
            [("Индийские", "IN"), ("Пакистана", "PK"), ("Исламабаде", "PK")],
        ),
        ("Пакистанская армия ответила огнём.", [("Пакистанская", "PK")]),
    ],
)
def test_a_party_given_by_its_country_is_found_by_its_adjective_people_and_capital(
    sentence: str, found: list[tuple[str, str]]
) -> None:
    assert _found(BARE, sentence) == found


def test_the_side_that_fired_is_the_perpetrator_with_no_alias_written() -> None:
    rules = Extractor(BARE, learned=False)
    text = "Indian troops shelled Pakistani positions on Monday, the army said."
    (claim,) = rules.extract("d", text, date(2025, 5, 8), "Wire")
    roles = {(a.party, a.role) for a in claim.actors}
    assert ("IN", ActorRole.PERPETRATOR) in roles and ("PK", ActorRole.TARGET) in roles


def test_two_parties_of_one_country_get_no_names_from_it() -> None:
    split = _agreement(
        Party("GOV", "Government", country="Yemen"), Party("REB", "Rebels", country="Yemen")
    )
    assert country_names(split.parties) == {}
    assert _found(split, "Yemeni forces advanced.") == []


def test_a_party_named_by_another_name_of_its_country_is_found() -> None:
    other = _agreement(Party("TR", "Türkiye"), Party("RU", "Russian Federation"))
    assert _found(other, "Turkish drones and Russian jets.") == [
        ("Turkish", "TR"),
        ("Russian", "RU"),
    ]
    assert _found(other, "Москва и Анкара договорились.") == [("Москва", "RU"), ("Анкара", "TR")]


def test_the_agreements_own_aliases_come_before_a_countrys_names() -> None:
    # the file says "Kyiv" is the rebels' word here (contrived): its alias wins
    own = _agreement(Party("UA", "Ukraine"), Party("X", "Rebels", aliases=("Kyiv",)))
    assert _found(own, "Kyiv said Ukrainian units held.") == [("Kyiv", "X"), ("Ukrainian", "UA")]


KARABAKH = PartyMatcher(bundled("karabakh-2020"))


@pytest.mark.parametrize(
    ("source", "party"),
    [
        ("Ministry of Defence of Armenia", "AM"),
        ("Azerbaijan", "AZ"),
        ("Press service of the Azerbaijani Defence Ministry", "AZ"),
        ("Минобороны России", "RU"),
        ("The Armenian Weekly", None),
        ("Moscow Times", None),
        ("Azeri Press Agency", None),
        ("Office of the UN envoy for Armenia", None),
    ],
)
def test_a_source_speaks_for_a_party_it_is_or_an_institution_of_not_an_outlet_named_after_it(
    source: str, party: str | None
) -> None:
    assert KARABAKH.voice_of(source) == party


def test_an_outlet_relaying_a_sides_ministry_reports_it_the_ministry_asserts_it() -> None:
    rules = Extractor(bundled("karabakh-2020"), learned=False)
    text = "Azerbaijani forces shelled Armenian positions near Sotk, the Armenian Defence Ministry said."
    by_outlet = rules.extract("o", text, date(2022, 9, 13), "The Armenian Weekly")
    by_ministry = rules.extract("m", text, date(2022, 9, 13), "Ministry of Defence of Armenia")
    assert [c.status for c in by_outlet] == [ClaimStatus.REPORTED]
    assert [c.status for c in by_ministry] == [ClaimStatus.ASSERTED]


@pytest.mark.parametrize(
    ("text", "source", "statuses"),
    [
        # a quotation is another's voice, whether or not a verb of speech is in its sentence
        ("“Azerbaijani soldiers opened fire near Sotk.", "Global Wire", [ClaimStatus.REPORTED]),
        (
            "“We were ploughing near Sotk. Then Azerbaijani soldiers opened fire on us.”",
            "Global Wire",
            [ClaimStatus.REPORTED],
        ),
        # the side's own release quoting its own ministry speaks in its own voice
        (
            "“Azerbaijani units fired at our positions near Sotk,” the ministry said.",
            "Ministry of Defence of Armenia",
            [ClaimStatus.ASSERTED],
        ),
    ],
)
def test_a_quotation_is_reported_unless_the_source_quotes_itself(
    text: str, source: str, statuses: list[ClaimStatus]
) -> None:
    rules = Extractor(bundled("karabakh-2020"), learned=False)
    assert [c.status for c in rules.extract("q", text, date(2022, 9, 13), source)] == statuses


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Azerbaijani troops shelled Sotk on Monday, the ombudsman informs.", "en"),
        ("The ministry recalled that Azerbaijani troops shelled Sotk on Monday.", "en"),
        ("The ministry admitted that its troops shelled Sotk on Monday.", "en"),
        ("Азербайджанские военные обстреляли Сотк, отмечают в ведомстве.", "ru"),
        ("В ведомстве напомнили, что азербайджанские военные обстреляли Сотк.", "ru"),
    ],
)
def test_the_fields_verbs_of_relaying_make_a_report(text: str, language: str) -> None:
    rules = Extractor(bundled("karabakh-2020"), learned=False)
    claims = rules.extract("r", text, date(2022, 9, 13), "Global Wire", language=language)
    assert [c.status for c in claims] == [ClaimStatus.REPORTED]


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Russian troops escorted the worshippers' buses to the church.", "en"),
        ("Russian servicemen accompanied the worshippers on the road to the church.", "en"),
        ("Российские военные сопроводили верующих до церкви.", "ru"),
    ],
)
def test_the_soldiers_of_a_state_that_contributes_the_mission_are_the_mission(
    sentence: str, language: str
) -> None:
    """Where a state that is no side contributes the armed mission, its soldiers named by
    its name are the mission, and what they do is the mission's activity."""
    karabakh = bundled("karabakh-2020")
    [mention] = PartyMatcher(karabakh).find(sentence)
    assert mention.mission and mention.party == "RU"
    claims = Extractor(karabakh, learned=False).extract(
        "d", sentence, date(2021, 9, 30), "Wire", language=language
    )
    assert [c.type_code for c in claims][:1] == ["mission.escort"], claims


def test_a_side_s_soldiers_stay_the_side_s_where_the_mission_is_another_s() -> None:
    """The same words where the state is a side (or the mission is unarmed) name the side."""
    minsk = bundled("minsk-2015")
    found = PartyMatcher(minsk).find("Russian troops crossed the border near the town.")
    assert found and not any(m.mission for m in found)
    # and the state's name alone, not followed by its soldiers, is the state
    karabakh = bundled("karabakh-2020")
    [mention] = PartyMatcher(karabakh).find("Russian officials met the envoy.")
    assert not mention.mission


GROUPS = _agreement(
    Party("GV", "Republic of Utopia", country="India"),
    Party("NF", "Northern Front", kind="armed_group", aliases=("Северный фронт", "Сабра", "СФ")),
)


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        # a name the file writes in the nominative, in the cases of a sentence
        ("Позиции Северного фронта обстреляли.", [("Северного фронта", "NF")]),
        ("Бойцы Сабры и СФ отступили.", [("Сабры", "NF"), ("СФ", "NF")]),
        ("Переговоры с Саброй продолжатся.", [("Саброй", "NF")]),
        # an abbreviation in capitals is not declined, and no longer word is the name
        ("Сабратская улица.", []),
    ],
)
def test_a_russian_name_is_found_in_any_case(sentence: str, found: list[tuple[str, str]]) -> None:
    assert _found(GROUPS, sentence) == found
