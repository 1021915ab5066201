"""Reading the news of other ceasefires than the one the model was trained on: the mission
named by its own acronym, the daily work its reports tell, and the parties as their own
agreement names them. The sentences are ours, written for these tests (illustrative)."""

from __future__ import annotations

from datetime import date

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.actors import PartyMatcher
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.model import ActorRole, ClaimStatus, Family

DAY = date(2019, 6, 1)


@pytest.fixture(scope="module", params=[True, False], ids=["learned", "rules"])
def minsk(request: pytest.FixtureRequest) -> Extractor:
    return Extractor(bundled("minsk-2015"), learned=request.param)


@pytest.fixture(scope="module")
def rules() -> Extractor:
    """The rules alone: what the language pack proposes, before the model weighs it."""
    return Extractor(bundled("minsk-2015"), learned=False)


def claims_of(ex: Extractor, sentence: str, language: str = "en"):  # type: ignore[no-untyped-def]
    return ex.extract("t", sentence, DAY, "Global Wire", language=language)


@pytest.mark.parametrize(
    "sentence",
    [
        "Armed formations denied an SMM patrol passage at a checkpoint near the bridge.",
        # the patrol told at length between the refusal and what was refused
        "Armed formations denied the SMM patrol travelling to government-controlled areas "
        "passage at the bridge.",
    ],
)
def test_the_mission_refused_passage_is_the_target_of_an_obstruction(
    minsk: Extractor, sentence: str
) -> None:
    [claim] = claims_of(minsk, sentence)
    assert claim.type_code == "obstruction.mission"
    assert claim.status is not ClaimStatus.DENIED  # a passage denied is no report denied
    roles = {(a.party, a.role) for a in claim.actors}
    assert ("CADLR", ActorRole.PERPETRATOR) in roles
    assert any(a.role is ActorRole.TARGET and a.party is None for a in claim.actors)  # the SMM


def test_a_refusal_names_the_mission_only_where_the_sentence_does(minsk: Extractor) -> None:
    claims = claims_of(minsk, "Guards at the gate denied the lorry drivers passage for an hour.")
    assert all(c.type_code != "obstruction.mission" for c in claims)


def test_a_visit_of_the_mission_to_a_site_is_its_activity(rules: Extractor) -> None:
    for claims in (
        claims_of(rules, "On Tuesday the SMM visited the damaged school in the village."),
        claims_of(rules, "Во вторник СММ посетила место попадания снаряда у школы.", "ru"),
    ):
        assert Family.MISSION_ACTIVITY in {c.family for c in claims}


def test_the_missions_daily_work_is_its_activity(minsk: Extractor, rules: Extractor) -> None:
    monitoring = "The SMM continued monitoring the disengagement areas near the three villages."
    assert [c.type_code for c in claims_of(minsk, monitoring)] == ["mission.monitoring"]
    verified = "OSCE monitors confirmed the withdrawal of the howitzers from the security zone."
    assert "mission.verification" in {c.type_code for c in claims_of(rules, verified)}


def test_mission_words_are_read_in_any_case() -> None:
    matcher = PartyMatcher(bundled("minsk-2015"))
    assert matcher.mentions_mission("the smm recorded two explosions")  # a lowered sentence
    assert not matcher.mentions_mission("the smallest village recorded no explosions")
    found = matcher.find("The Special Monitoring Mission recorded two explosions.")
    assert found and all(m.mission for m in found)


def test_a_lower_case_alias_is_found_at_the_start_of_a_sentence(minsk: Extractor) -> None:
    [claim] = claims_of(
        minsk, "Militants opened fire on Ukrainian positions near the bridge overnight."
    )
    roles = {(a.party, a.role) for a in claim.actors}
    assert ("CADLR", ActorRole.PERPETRATOR) in roles and ("UA", ActorRole.TARGET) in roles


@pytest.mark.parametrize(
    ("sentence", "family"),
    [
        # mines told by their outcome
        ("A farmer was killed after stepping on an anti-tank mine near the village on Tuesday.",
         Family.MINE_INCIDENT),
        ("The mission said that nine landmine and ERW casualties were recorded this week.",
         Family.MINE_INCIDENT),
        ("A woman was injured by the detonation of an explosive object in her garden.",
         Family.MINE_INCIDENT),
        ("Three deminers were blown up by a mine near the bridge.", Family.MINE_INCIDENT),
        ("Protesters blocked the motorway north of the city.", Family.OBSTRUCTION),
        # violations counted in the field's words
        ("Separatist forces violated the cease-fire 36 times in the past day, the staff said.",
         Family.CEASEFIRE_VIOLATION),
        ("They recorded 13 violations with mortars and 40 with small arms on Sunday.",
         Family.CEASEFIRE_VIOLATION),
        # a crossing point of a monitored line closed; a line repaired
        ("The northern crossing point was closed for the whole of Wednesday.",
         Family.OBSTRUCTION),
        ("The authorities said both checkpoints will close from midnight.", Family.OBSTRUCTION),
        (
            "The headquarters announced that the checkpoints between the government-controlled "
            "and non-government-controlled parts of the two regions will close from midnight.",
            Family.OBSTRUCTION,
        ),
        ("The armed formations said they were closing the border for a week.", Family.OBSTRUCTION),
        ("Monitors saw repair crews reconnect the power line behind the school.",
         Family.HUMANITARIAN),
        ("Monitors heard nine undetermined explosions near the bridge.",
         Family.CEASEFIRE_VIOLATION),
        ("The monitors saw about 950 people crossing in both directions.",
         Family.CORRIDOR_TRANSIT),
        ("Soldiers leave two positions south of the village.", Family.MILITARY_MOVEMENT),
        # agreements coming into force
        ("The ceasefire went into effect at midnight on Sunday.", Family.AGREEMENT),
        ("On Wednesday the contact group agreed additional measures to strengthen the truce.",
         Family.AGREEMENT),
    ],
)  # fmt: skip
def test_the_fields_usual_words(rules: Extractor, sentence: str, family: Family) -> None:
    assert family in {c.family for c in claims_of(rules, sentence)}


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        # a crossing point of a monitored line closed, the closing word before or after it
        ("Пункт пропуска у моста был закрыт на весь день из-за обстрелов.",
         "obstruction.blockade"),
        ("В понедельник власти объявили о закрытии КПВВ на трое суток.",
         "obstruction.blockade"),
        ("Вооружённые формирования перестали пропускать автобусы через линию.",
         "obstruction.movement"),
        # a disengagement told as the lines moving back
        ("Подразделения обеих сторон отошли от своих позиций на участке у реки.",
         "movement.withdrawal"),
        ("Сапёры начали демонтаж укреплений на участке разведения.", "movement.withdrawal"),
        # explosions counted by the monitors, in figures or in words
        ("Наблюдатели насчитали 57 взрывов за сутки.", "cfv.undetermined"),
        ("Наблюдатели слышали девять взрывов у моста.", "cfv.undetermined"),
        # people crossing the line; a patrol refused; the light back
        ("Около 600 человек пересекли линию соприкосновения за день.", "corridor.crossing"),
        ("Вооружённый человек отказал патрулю миссии в проезде.", "obstruction.mission"),
        ("Разведение сил планируется начать в понедельник.", "movement.withdrawal"),
        ("Энергетики восстановили подачу света в посёлке.", "services.restored"),
    ],
)  # fmt: skip
def test_a_monitored_lines_usual_russian_words(rules: Extractor, sentence: str, code: str) -> None:
    assert code in {c.type_code for c in claims_of(rules, sentence, "ru")}


def test_a_mission_that_is_no_party_observes_the_violations_it_counts(rules: Extractor) -> None:
    for claims in (
        claims_of(rules, "The SMM recorded 57 explosions near the water station."),
        claims_of(rules, "Миссия ОБСЕ зафиксировала 57 взрывов у водонасосной станции.", "ru"),
    ):
        violation = next(c for c in claims if c.family is Family.CEASEFIRE_VIOLATION)
        assert all(a.role is not ActorRole.PERPETRATOR for a in violation.actors if a.party is None)
        assert {a.role for a in violation.actors} <= {ActorRole.OBSERVER, ActorRole.CLAIMANT}
        assert violation.actors


def test_a_mission_patrol_under_fire_is_the_target(rules: Extractor) -> None:
    claims = claims_of(rules, "An SMM patrol came under small-arms fire near the bridge.")
    violation = next(c for c in claims if c.family is Family.CEASEFIRE_VIOLATION)
    assert [a.role for a in violation.actors] == [ActorRole.TARGET]


def test_the_donbas_gazetteer_places_the_line_in_both_languages(rules: Extractor) -> None:
    # written for this test (illustrative): the same village in a Ukrainian-based English
    # spelling, a Russian-based one, and Russian in an oblique case
    for claims in (
        claims_of(rules, "Armed formations shelled Ukrainian positions near Avdiivka."),
        claims_of(rules, "Armed formations shelled Ukrainian positions near Avdeyevka."),
        claims_of(rules, "Боевики обстреляли позиции ВСУ у Авдеевки.", "ru"),
    ):
        [place] = next(c for c in claims if c.family is Family.CEASEFIRE_VIOLATION).places
        assert place.name == "Avdiivka" and place.lat is not None


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("The SMM spotted two towed howitzers in a field near the village.", "en"),
        ("The SMM saw six main battle tanks near the railway station.", "en"),
        ("Наблюдатели СММ заметили три гаубицы у села.", "ru"),
    ],
)  # fmt: skip
def test_weapons_seen_standing_are_a_movement_not_fire(
    rules: Extractor, sentence: str, language: str
) -> None:
    families = {c.family for c in claims_of(rules, sentence, language)}
    assert Family.MILITARY_MOVEMENT in families
    assert Family.CEASEFIRE_VIOLATION not in families
    fired = claims_of(rules, "Armed formations fired howitzers at the village.")
    assert Family.CEASEFIRE_VIOLATION in {c.family for c in fired}


def test_a_detention_centre_is_a_place_not_an_arrest(rules: Extractor) -> None:
    hit = claims_of(rules, "A detention centre near the front was hit by shelling overnight.")
    assert [c.family for c in hit] == [Family.CEASEFIRE_VIOLATION]
    held = claims_of(rules, "The rebels announced the detention of two soldiers.")
    assert [c.family for c in held] == [Family.DETENTION]


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("The pullback of the howitzers has been confirmed by the SMM.", "mission.verification"),
        (
            "The verification by the SMM of the second withdrawal begins on Tuesday.",
            "mission.verification",
        ),
        ("Both checkpoints were monitored by the SMM throughout the day.", "mission.monitoring"),
        (
            "Four observation posts were staffed by the SMM along the road.",
            "mission.observation_post",
        ),
        ("The SMM oversaw the installation of two observation posts.", "mission.observation_post"),
        ("The SMM met with representatives of both sides at the bridge.", "mission.mediation"),
        ("The SMM chaired a meeting of the working group in the town.", "mission.mediation"),
    ],
)
def test_the_missions_work_told_in_the_passive_and_in_nouns(
    rules: Extractor, sentence: str, code: str
) -> None:
    """A monitoring mission's reports say what was verified, monitored or set up as often as
    who did it ("the pullback has been confirmed by the SMM")."""
    assert code in {c.type_code for c in claims_of(rules, sentence)}


@pytest.mark.parametrize(
    ("sentence", "language", "told"),
    [
        ("The new measures include a complete ban on firing and on sniper fire.", "en", False),
        ("Shooting of any kind is prohibited under the new measures.", "en", False),
        ("The agreement bans offensive operations, shelling and the use of drones.", "en", False),
        (
            "Separatists shelled Avdiivka with mortars banned under the Minsk agreements.",
            "en",
            True,
        ),
        ("Troops fired on the village in violation of the ban on shelling.", "en", True),
        (
            "Меры предполагают полный запрет ведения огня, размещения вооружения в населённых "
            "пунктах и наступательных действий.",
            "ru",
            False,
        ),
        ("Боевики обстреляли Авдеевку из запрещённых Минскими соглашениями миномётов.", "ru", True),
        ("В нарушение запрета боевики обстреляли Авдеевку из миномётов.", "ru", True),
    ],
)
def test_a_ban_on_fire_is_a_rule_not_fire(
    rules: Extractor, sentence: str, language: str, told: bool
) -> None:
    assert bool(claims_of(rules, sentence, language)) is told


def test_what_the_mission_observed_is_its_account(minsk: Extractor) -> None:
    """A news outlet's "the SMM observed ...": the mission's account, reported; in the
    mission's own report, its own voice."""
    sentence = "On Sunday, the SMM observed 250 explosions in areas around the airport."
    [relayed] = claims_of(minsk, sentence)
    assert relayed.status is ClaimStatus.REPORTED
    [own] = minsk.extract("t", sentence, DAY, "OSCE SMM")
    assert own.status is ClaimStatus.ASSERTED
