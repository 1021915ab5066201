"""Who did it and who suffered it: the side named first is not always the one that fired."""

from __future__ import annotations

from datetime import date

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.model import ActorRole


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(bundled("karabakh-2020"))


@pytest.fixture(scope="module")
def rules() -> Extractor:
    """The rules alone: the roles they read before the model weighs them."""
    return Extractor(bundled("karabakh-2020"), learned=False)


VIOLENT = {"ceasefire_violation", "armed_clash"}
DAY = date(2022, 3, 28)  # a Monday


def roles_in(
    ex: Extractor,
    sentence: str,
    day: date,
    families: set[str],
    language: str = "en",
    source: str = "Global Wire",
) -> set[tuple[str | None, ActorRole]]:
    """The (party, role) pairs of the first claim of one of *families* the sentence gives;
    failing when it gives none."""
    claims = ex.extract("r", sentence, day, source, language=language)
    found = [c for c in claims if c.family.value in families]
    assert found, [(c.type_code, c.text) for c in claims]
    return {(a.party, a.role) for a in found[0].actors}


@pytest.mark.parametrize(
    "sentence",
    [
        "Two servicemen of the Artsakh Defence Army were killed and eleven wounded in an "
        "Azerbaijani drone strike near Khramort yesterday.",
        "Armenian positions near Martakert came under fire from Azerbaijani units on Monday.",
        "Three soldiers of the Armenian armed forces were wounded when Azerbaijani forces "
        "shelled their post near Sotk.",
    ],
)
def test_the_victims_side_named_first_is_the_target(extractor: Extractor, sentence: str) -> None:
    roles = roles_in(extractor, sentence, date(2022, 3, 26), VIOLENT, source="Ararat Daily")
    assert ("AZ", ActorRole.PERPETRATOR) in roles
    assert ("AM", ActorRole.PERPETRATOR) not in roles


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Positions of the Azerbaijani army near Kalbajar came under fire from the positions "
         "of the Armenian armed forces on Tuesday.", "en"),
        ("Позиции азербайджанской армии подверглись обстрелу с позиций армянских вооруженных "
         "сил во вторник.", "ru"),
    ],
)  # fmt: skip
def test_where_the_fire_came_from_names_who_fired(
    extractor: Extractor, sentence: str, language: str
) -> None:
    roles = roles_in(extractor, sentence, date(2021, 6, 9), {"ceasefire_violation"}, language)
    assert ("AM", ActorRole.PERPETRATOR) in roles
    assert ("AZ", ActorRole.PERPETRATOR) not in roles


def test_the_missions_own_bulletin_names_it_where_it_does_not_name_itself(
    rules: Extractor,
) -> None:
    # written for this test (illustrative); the source is the mission's own
    [claim] = rules.extract(
        "b", "Two routes were patrolled in the Martuni district.", date(2021, 3, 5), "ru-pkc"
    )
    assert claim.type_code == "mission.patrol"
    assert [(a.party, a.role) for a in claim.actors] == [("RU", ActorRole.PARTICIPANT)]
    # in anyone else's text, a patrol that names no mission is no mission's activity
    assert (
        rules.extract(
            "b", "Two routes were patrolled in the Martuni district.", date(2021, 3, 5), "ccw"
        )
        == []
    )


def test_a_road_named_by_its_two_ends_is_blocked(rules: Extractor) -> None:
    claims = rules.extract(
        "r", "Protesters blocked the Stepanakert-Goris highway on Monday.", date(2022, 12, 13)
    )
    assert "obstruction.blockade" in {c.type_code for c in claims}


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Russian peacekeepers escorted a group of Armenian pilgrims to the monastery on "
         "Sunday.", "en"),
        ("The command of the Russian peacekeeping contingent held talks with the Azerbaijani "
         "side on reopening the road.", "en"),
        ("Российские миротворцы сопроводили колонну армянских паломников к монастырю.", "ru"),
    ],
)  # fmt: skip
def test_the_sides_named_in_the_missions_work_are_not_its_doers(
    rules: Extractor, sentence: str, language: str
) -> None:
    # written for this test (illustrative)
    roles = roles_in(rules, sentence, date(2021, 5, 2), {"mission_activity"}, language)
    assert {party for party, role in roles if role is not ActorRole.TARGET} == {"RU"}


def test_a_movement_told_with_the_other_side_named_blames_one_side(extractor: Extractor) -> None:
    # written for this test (illustrative): the side whose village was entered is no mover
    roles = roles_in(
        extractor,
        "Azerbaijani troops advanced into the Armenian village of Khramort overnight.",
        date(2022, 3, 25),
        {"military_movement", "armed_clash"},
    )
    assert {party for party, role in roles if role is ActorRole.PERPETRATOR} == {"AZ"}


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("A group of Azerbaijani journalists was prevented from reaching the headquarters of "
         "the Russian peacekeeping contingent on Tuesday.", "en"),
        ("Российские миротворцы во вторник не пропустили азербайджанских журналистов к "
         "штабу контингента.", "ru"),
    ],
)  # fmt: skip
def test_the_side_of_the_journalists_turned_back_is_the_target(
    extractor: Extractor, sentence: str, language: str
) -> None:
    # written for this test (illustrative)
    claims = extractor.extract("j", sentence, date(2022, 12, 21), "Global Wire", language=language)
    [claim] = [c for c in claims if c.type_code == "obstruction.journalists"]
    roles = {(a.party, a.role) for a in claim.actors}
    assert ("AZ", ActorRole.TARGET) in roles and ("AZ", ActorRole.PERPETRATOR) not in roles


@pytest.mark.parametrize(
    ("sentence", "source", "language", "enemy", "own"),
    [
        ("The enemy fired at our positions in the Kalbajar direction on Monday.",
         "Ministry of Defence of Azerbaijan", "en", "AM", "AZ"),
        ("Противник обстрелял наши позиции в направлении Сотка.",
         "Министерство обороны Армении", "ru", "AZ", "AM"),
    ],
)  # fmt: skip
def test_a_sides_own_statement_names_the_enemy_and_its_own(
    rules: Extractor, sentence: str, source: str, language: str, enemy: str, own: str
) -> None:
    # written for this test (illustrative)
    [claim] = rules.extract("e", sentence, date(2022, 5, 3), source, language=language)
    roles = {(a.party, a.role) for a in claim.actors}
    assert (enemy, ActorRole.PERPETRATOR) in roles and (own, ActorRole.TARGET) in roles
    # in anyone else's text "the enemy" is nobody in particular
    [wire] = rules.extract("w", sentence, date(2022, 5, 3), "Global Wire", language=language)
    assert all(a.party != enemy for a in wire.actors)


@pytest.mark.parametrize("ex", ["extractor", "rules"])
@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Azerbaijani troops opened fire across Armenia on Monday.", "en"),
        (
            "Azerbaijani drones struck targets in southern Armenia on Monday, the ministry said.",
            "en",
        ),
        ("Azerbaijani troops opened fire in Armenia's Tavush province on Monday.", "en"),
        ("Azerbaijani troops opened fire in the eastern part of Armenia on Monday.", "en"),
        ("Azerbaijani troops opened fire in parts of Armenia on Monday.", "en"),
        ("Azerbaijani troops opened fire in the Armenian village of Sotk on Monday.", "en"),
        ("Azerbaijani jets carried out strikes on targets in Armenia on Monday.", "en"),
        ("Азербайджанские военные открыли огонь в Армении в понедельник.", "ru"),
    ],
)
def test_a_side_named_as_the_land_is_no_side_in_it(
    ex: str, sentence: str, language: str, request: pytest.FixtureRequest
) -> None:
    """ "across X", "in southern X": the country where it happened, not a perpetrator."""
    roles = roles_in(request.getfixturevalue(ex), sentence, DAY, VIOLENT, language)
    assert ("AZ", ActorRole.PERPETRATOR) in roles
    assert ("AM", ActorRole.PERPETRATOR) not in roles


def test_the_land_named_by_its_adjective_or_its_people_still_acts(rules: Extractor) -> None:
    """ "in Azerbaijani shelling" names who fired; a protest in a country is its people's."""
    roles = roles_in(
        rules, "Two soldiers were killed in Azerbaijani shelling on Monday.", DAY, VIOLENT
    )
    assert ("AZ", ActorRole.PERPETRATOR) in roles
    roles = roles_in(
        rules, "Two soldiers were killed in Azerbaijan's shelling on Monday.", DAY, VIOLENT
    )
    assert ("AZ", ActorRole.PERPETRATOR) in roles
    roles = roles_in(rules, "Protests broke out in Armenia on Monday.", DAY, {"protest"})
    assert ("AM", ActorRole.PERPETRATOR) in roles


@pytest.mark.parametrize(
    ("sentence", "fired", "named"),
    [
        # the side a speaker speaks for, its abbreviation in brackets before the verb
        ("A spokesman for the Armenian Defence Ministry (MOD) said that Azerbaijani forces "
         "opened fire on Monday.", "AZ", "AM"),
        # the side named in a wire's dateline: where the story was filed
        ("BAKU, Azerbaijan, March 28 (Wire) - Armenian troops fired at positions near "
         "Kalbajar on Monday.", "AM", "AZ"),
    ],
)  # fmt: skip
def test_a_side_named_as_speaker_or_dateline_is_no_perpetrator(
    rules: Extractor, sentence: str, fired: str, named: str
) -> None:
    roles = roles_in(rules, sentence, DAY, VIOLENT)
    assert (fired, ActorRole.PERPETRATOR) in roles
    assert (named, ActorRole.PERPETRATOR) not in roles


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        # the side of the soldier hurt is the target, whoever laid the mine
        ("An Armenian soldier lost his leg on Monday when he stepped on a landmine near "
         "Sotk, the ministry said.", "en"),
        ("Армянский военнослужащий подорвался на мине у Сотка в понедельник.", "ru"),
        # the side named in a wire's dateline is where the story was filed
        ("YEREVAN, Armenia, March 28 (Wire) - An Armenian soldier lost his leg on Monday "
         "when he stepped on a landmine near Sotk.", "en"),
    ],
)  # fmt: skip
def test_the_side_of_the_one_hurt_is_no_perpetrator(
    extractor: Extractor, sentence: str, language: str
) -> None:
    roles = roles_in(extractor, sentence, DAY, {"mine_incident"}, language)
    assert ("AM", ActorRole.PERPETRATOR) not in roles


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("The Russian peacekeepers recorded two ceasefire violations near Martakert on Monday.",
         "en"),
        ("Российские миротворцы зафиксировали два нарушения режима прекращения огня у "
         "Мартакерта в понедельник.", "ru"),
    ],
)  # fmt: skip
def test_the_mission_that_recorded_violations_did_not_commit_them(
    rules: Extractor, sentence: str, language: str
) -> None:
    roles = roles_in(rules, sentence, DAY, VIOLENT, language)
    assert not any(role is ActorRole.PERPETRATOR for _, role in roles), roles
