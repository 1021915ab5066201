"""News of a border ceasefire that no bundled file encodes, read with a user's first
agreement file (two states, their countries, no aliases): the constructions a session
found in real reporting of such a ceasefire, in sentences written for these tests."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.actors import PartyMatcher
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.model import ActorRole, Claim, ClaimStatus, Party

FIRST_FILE = dataclasses.replace(
    bundled("minsk-2015"),
    parties=(
        Party("IN", "Republic of India", country="India"),
        Party("PK", "Islamic Republic of Pakistan", country="Pakistan"),
    ),
    missions=(),
)
DAY = date(2025, 5, 13)  # a Tuesday
RULES = Extractor(FIRST_FILE, learned=False)


def claims(text: str, language: str = "en", published: date = DAY) -> list[Claim]:
    return RULES.extract("d", text, published, "Wire", language=language)


def roles(c: Claim) -> set[tuple[str | None, ActorRole]]:
    return {(a.party, a.role) for a in c.actors}


def test_a_party_is_found_by_the_country_its_file_names() -> None:
    found = PartyMatcher(FIRST_FILE).find("Pakistan and India traded fire overnight.")
    assert [(m.text, m.party) for m in found] == [("Pakistan", "PK"), ("India", "IN")]


@pytest.mark.parametrize(
    "text",
    [
        "The army on Monday accused Pakistan of violating a newly agreed ceasefire.",
        "India has accused Pakistan of intentionally breaching the fragile truce.",
    ],
)
def test_an_accusation_of_breaking_the_truce_names_the_accused(text: str) -> None:
    (c,) = claims(text)
    # the accuser's report, as CONVENTIONS.md reads it (no hedge of the outlet's own)
    assert c.type_code == "cfv.undetermined" and c.status is ClaimStatus.REPORTED
    assert ("PK", ActorRole.PERPETRATOR) in roles(c)
    assert c.claimant != "Monday"  # a day's name speaks for nobody


def test_soldiers_hurt_by_a_mine_suffered_it_and_the_country_near_is_the_land() -> None:
    (c,) = claims("Two Indian soldiers wounded by landmine near Pakistan border")
    assert c.type_code == "mine.explosion" and roles(c) == {("IN", ActorRole.TARGET)}


def test_a_landmine_explosion_is_one_mine_incident() -> None:
    text = "Three Indian soldiers were hurt on Sunday in a landmine explosion near the line."
    assert [c.type_code for c in claims(text)] == ["mine.explosion"]


@pytest.mark.parametrize(
    "text",
    [
        "Under the deal, both sides will pull back troops and let displaced villagers return home.",
        "The two sides agreed to exchange prisoners next week.",
        "The accord provides for the withdrawal of heavy weapons from the line.",
    ],
)
def test_an_agreements_terms_are_no_events(text: str) -> None:
    assert claims(text) == []


def test_the_agreement_itself_is_still_told() -> None:
    (c,) = claims("The sides agreed to a ceasefire on Monday.")
    assert c.type_code.startswith("agreement.")


def test_the_previous_day_counts_from_the_day_the_sentence_named() -> None:
    (c,) = claims(
        "In a statement on Tuesday, the Pakistani ministry expressed regret at the "
        "landmine explosion the previous day."
    )
    assert c.when is not None and str(c.when.start) == "2025-05-12"
    assert c.claimant == "PK"  # who expressed regret speaks


def test_the_day_an_agreement_was_signed_is_not_the_events() -> None:
    (c,) = claims(
        "Pakistan denied planting new mines after India suspended the implementation "
        "of a truce signed last month.",
        published=date(2025, 6, 10),
    )
    assert c.when is None or c.when.start is None or c.when.start.month != 5


@pytest.mark.parametrize(
    "text",
    [
        "A mine blast on Saturday in the neighbouring Foobar district wounded two soldiers.",
        "A mine blast on Saturday in Pakistan's Foobar district wounded two soldiers.",
        # a place followed by whom the sentence heard it from is no speaker
        "The blast followed a mine explosion in the Foobar district that the army said "
        "had wounded two soldiers.",
    ],
)
def test_an_area_the_gazetteer_does_not_know_is_not_moved_to_a_place_named_before(
    text: str,
) -> None:
    first, second = claims("Shelling hit Horlivka on Friday. " + text)
    assert first.places[0].lat is not None
    assert second.places[0].name == "Foobar" and second.places[0].lat is None
    assert any("Foobar" in u for u in second.unresolved)


def test_the_side_handed_a_detainee_receives_it() -> None:
    (c,) = claims("Pakistan handed over to India two detained fishermen on Friday.")
    assert ("IN", ActorRole.TARGET) in roles(c) and ("PK", ActorRole.PERPETRATOR) in roles(c)


@pytest.mark.parametrize(
    "text",
    [
        "Индия обвиняет Пакистан в нарушении перемирия.",
        "Индийская армия обвинила Пакистан в нарушении недавно подписанного соглашения о "
        "прекращении огня.",
    ],
)
def test_an_accusation_in_russian_names_the_accuser_and_the_accused(text: str) -> None:
    (c,) = claims(text, "ru")
    assert c.type_code == "cfv.undetermined" and c.claimant == "IN"
    assert ("PK", ActorRole.PERPETRATOR) in roles(c)


def test_in_his_words_is_the_side_that_spoke_in_the_sentence_before() -> None:
    (c,) = claims(
        "Премьер-министр Индии заявил журналистам, что перемирия сейчас нет. "
        "По его словам, именно Пакистан первым нарушил соглашение о прекращении огня.",
        "ru",
    )
    assert c.claimant == "IN" and c.status is ClaimStatus.REPORTED


def test_what_the_sides_agreed_to_stop_is_no_event_in_russian() -> None:
    assert claims("Стороны согласились прекратить боевые действия в течение суток.", "ru") == []


@pytest.mark.parametrize(
    ("caption", "language"),
    [
        ("Soldiers near the line, Pakistan, May 2, 2025 John Smith/AP", "en"),
        ("Военнослужащие у линии соприкосновения, 2 мая 2025 года Иван Петров/AP", "ru"),
    ],
)
def test_a_photographs_caption_is_furniture_and_its_day_not_the_texts(
    caption: str, language: str
) -> None:
    accused = {
        "en": "India accused Pakistan of breaching the truce.",
        "ru": "Индия обвинила Пакистан в нарушении перемирия.",
    }[language]
    (c,) = claims(caption + "\n\n" + accused, language)
    assert c.when is None or c.when.start is None or c.when.start.day != 2


LINE_FILE = """\
id: a-line-truce
title: A truce along a line (a user's first file, written for this test)
signed: 2021-02-24
effective: 2021-02-25
timezone: Asia/Kolkata
texts: [{id: en, language: en, kind: original, source: written for the test}]
parties:
  - {id: IN, name: Republic of India, country: India}
  - {id: PK, name: Islamic Republic of Pakistan, country: Pakistan}
provisions:
  - number: "1"
    summary: Both armies hold fire along the line.
zones:
  - id: line
    kind: line_of_contact
    name: Line of Control
    aliases: [LoC]
    line: [[74.65, 32.85], [74.05, 33.25], [74.1, 33.6], [74.25, 34.05]]
area: [73.0, 32.2, 78.0, 35.6]
"""


@pytest.fixture(scope="module")
def on_the_line() -> Extractor:
    from ceasewatch.agreements.loader import load_agreement

    return Extractor(load_agreement(LINE_FILE, "line.yaml"), learned=False)


@pytest.mark.parametrize(
    "text",
    [
        # the line is a region; the district named along it is where it happened, and the
        # state that holds the district is not
        "Pakistani troops shelled posts along the Line of Control in Jammu and Kashmir's "
        "Poonch district on Sunday.",
        # a district of a region is one place: one claim, not one per district
        "Pakistani troops fired at Indian posts on Sunday in Poonch district of Jammu region.",
    ],
)
def test_a_district_along_the_line_places_the_event(on_the_line: Extractor, text: str) -> None:
    (c,) = on_the_line.extract("d", text, DAY, "Wire")
    assert [p.name for p in c.places] == ["Pūnch"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Pakistani drones attacked energy facilities in the border area on Sunday.", "en"),
        ("The army said it recorded four attacks on power substations overnight.", "en"),
        ("Пакистанские военные за сутки четыре раза атаковали энергообъекты.", "ru"),
        ("Зафиксированы четыре атаки на объекты энергетики.", "ru"),
    ],
)
def test_an_attack_on_facilities_is_a_strike_not_a_battle(text: str, language: str) -> None:
    (c,) = claims(text, language)
    assert c.type_code.startswith("cfv."), c.type_code


def test_an_attack_on_troops_is_still_a_battle_in_russian() -> None:
    (c,) = claims("Пакистанские военные атаковали индийских военнослужащих у линии.", "ru")
    assert c.type_code == "clash.armed"


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("The IDF said it struck launchers overnight.", [("IDF", "IL")]),
        ("ЦАХАЛ нанёс удары по позициям.", [("ЦАХАЛ", "IL")]),
        ("ВСУ атаковали подстанцию.", [("ВСУ", "UA")]),
    ],
)
def test_a_states_armed_forces_are_found_by_their_abbreviation(
    sentence: str, found: list[tuple[str, str]]
) -> None:
    # a user's first file: each side given by its country, no other name written
    two = dataclasses.replace(
        FIRST_FILE,
        parties=(
            Party("IL", "State of Israel", country="Israel"),
            Party("UA", "Ukraine", country="Ukraine"),
        ),
    )
    assert [(m.text, m.party) for m in PartyMatcher(two).find(sentence)] == found


def test_headlines_listed_under_read_more_are_furniture() -> None:
    text = (
        "India accused Pakistan of breaching the truce on Monday.\n\n"
        "Read more:\n"
        "Pakistan says troops repulsed an attack on border posts\n"
        "India and Pakistan exchange fire along the line\n\n"
        "Pakistani troops fired on Indian posts on Tuesday, the army said."
    )
    found = claims(text)
    assert [c.text.split()[0] for c in found] == ["India", "Pakistani"], [c.text for c in found]


@pytest.mark.parametrize(
    ("text", "language", "claimant"),
    [
        ("Pakistani troops fired on Indian posts on Monday, said the foreign ministry of "
         "Turkey after talks in Istanbul.", "en", None),
        ("Пакистанские военные в понедельник обстреляли индийские посты, сообщил МИД Турции "
         "после переговоров в Стамбуле.", "ru", "МИД Турции"),
    ],
)  # fmt: skip
def test_the_speaker_ends_where_what_followed_begins(
    text: str, language: str, claimant: str | None
) -> None:
    (c,) = claims(text, language)
    assert c.claimant not in ("Istanbul", "Стамбуле")
    assert claimant is None or c.claimant == claimant


DATED_NAME = dataclasses.replace(
    FIRST_FILE,
    parties=(
        Party("GOV", "Republic of Utopia", country="India"),
        Party(
            "M9",
            "March 9 Movement",
            kind="armed_group",
            aliases=("M9", "Движение 9 марта"),
        ),
    ),
)


@pytest.mark.parametrize(
    ("text", "language", "day"),
    [
        ("Fighters of the March 9 Movement shelled the town of Kupwara.", "en", None),
        ("On Sunday the March 9 Movement shelled the town of Kupwara.", "en", date(2025, 5, 11)),
        ("Боевики «Движения 9 марта» обстреляли город Купвара.", "ru", None),
        ("Боевики «Движения 9 марта» обстреляли город Купвара 10 мая.", "ru", date(2025, 5, 10)),
    ],
)
def test_a_name_that_holds_a_date_tells_no_day(text: str, language: str, day: date | None) -> None:
    rules = Extractor(DATED_NAME, learned=False)
    [claim] = rules.extract("d", text, DAY, "Wire", language=language)
    assert claim.when.start == day
