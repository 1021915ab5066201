"""What family a sentence's event is of, as the field codes it: the words of each family in
English and Russian, and the words that tell another family's event. The sentences are ours,
written for these tests (illustrative)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.model import Family

PUB = date(2021, 6, 15)


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor(bundled("karabakh-2020"))


CIVILIANS, CFV = Family.VIOLENCE_AGAINST_CIVILIANS, Family.CEASEFIRE_VIOLATION


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # fire at people working their fields is an attack on civilians, as the field codes it
        ("On Monday soldiers opened fire at a local farmer's tractor near Sus.", CIVILIANS, CFV),
        ("Troops opened fire toward the Karabakh villagers harvesting grapes.", CIVILIANS, CFV),
        ("Four workers came under small arms fire near Shusha on Monday.", CIVILIANS, CFV),
        # patients taken across for treatment are transit of the corridor, not an evacuation
        (
            "The Red Cross carried out the transfer of nine patients to Goris on Monday.",
            Family.CORRIDOR_TRANSIT,
            Family.HUMANITARIAN,
        ),
        (
            "On Monday, twelve patients were transferred through the Lachin corridor.",
            Family.CORRIDOR_TRANSIT,
            Family.HUMANITARIAN,
        ),
        (
            "Военные открыли стрельбу в направлении мирных жителей у села Сос в понедельник.",
            CIVILIANS,
            CFV,
        ),
        (
            "При посредничестве МККК в Армению перевезены четыре пациента.",
            Family.CORRIDOR_TRANSIT,
            Family.HUMANITARIAN,
        ),
        # artillery handed over is not artillery fired
        (
            "On Monday the formations handed over 4 tanks and 9 artillery pieces near Sus.",
            Family.MILITARY_MOVEMENT,
            CFV,
        ),
        # people crossing a border are no military movement; forces crossing one are
        (
            "On Monday, 3,100 displaced residents crossed into Armenia at the bridge.",
            None,
            Family.MILITARY_MOVEMENT,
        ),
        # civilians attacked, with no word before them
        ("Troops attacked civilians in the village of Sos on Monday.", CIVILIANS, None),
        (
            "Soldiers went on killing scores of civilians near Sos, the report said.",
            CIVILIANS,
            None,
        ),
        ("In the village of Sos 14 houses were destroyed on Monday.", CIVILIANS, None),
        # the shelling that killed them is the shelling, as the field codes it
        ("Troops shelled the village of Sos on Monday, killing two civilians.", CFV, CIVILIANS),
        # civilians hit by a mine: the mine's incident
        (
            "Two shepherds were wounded by the explosion of an anti-personnel mine near Sos.",
            Family.MINE_INCIDENT,
            CIVILIANS,
        ),
        # strikes told by what they hit, by whatever weapon
        ("Jets carried out strikes on targets near Sos on Monday.", CFV, None),
        # weapons withdrawn or moved are not fired; fire under which troops withdraw is
        ("On Monday the formations withdrew their heavy artillery from Sos.", None, CFV),
        ("Армия в понедельник отвела тяжелую артиллерию от села Сос.", None, CFV),
        ("On Monday the troops withdrew from Sos under heavy artillery fire.", CFV, None),
        # a town captured is fighting, no detention; a suicide attacker's blast is no mine's
        (
            "On Monday the formations captured the town of Sos.",
            Family.ARMED_CLASH,
            Family.DETENTION,
        ),
        (
            "В понедельник смертник подорвал себя у блокпоста в Сосе.",
            Family.ARMED_CLASH,
            Family.MINE_INCIDENT,
        ),
        (
            "A suicide bomber blew himself up at a post near Sos on Monday.",
            Family.ARMED_CLASH,
            None,
        ),
        # the same in Russian: a town seized, civilians killed told verb first, prisoners
        # executed, a pull-back from a town, a crossing closed, land demined, checkpoints
        # taken down
        ("Боевики захватили город Сос в понедельник.", Family.ARMED_CLASH, None),
        ("В результате удара в понедельник погибли пятеро мирных жителей Соса.", CIVILIANS, None),
        ("Боевики казнили троих пленных у села Сос в понедельник.", CIVILIANS, None),
        ("Формирования отошли от села Сос в понедельник.", Family.MILITARY_MOVEMENT, None),
        ("Пограничный переход у Соса был закрыт в понедельник.", Family.OBSTRUCTION, None),
        ("Саперы разминировали 40 гектаров земли у Соса.", Family.MINE_INCIDENT, None),
        ("В понедельник начался демонтаж блокпостов у Соса.", Family.MILITARY_MOVEMENT, None),
        ("Военные захватили в плен двух солдат у Соса.", Family.DETENTION, Family.ARMED_CLASH),
        # positions bombarded; non-combatants who lost their lives; people killed by armed
        # men; a village's people massacred; the mission sheltering civilians; rebels ousted
        ("A warplane bombarded Armenian positions near Sos on Monday.", CFV, None),
        ("At least 30 non-combatants lost their lives in Sos on Monday.", CIVILIANS, None),
        ("On Monday 28 people were killed by gunmen in the village of Sos.", CIVILIANS, None),
        ("Gunmen massacred 20 villagers near Sos on Monday.", CIVILIANS, None),
        (
            "Russian peacekeepers provided protection to 206 civilians in Sos on Monday.",
            Family.MISSION_ACTIVITY,
            None,
        ),
        ("The formations were ousted from the village of Sos on Monday.", Family.ARMED_CLASH, None),
        # soldiers and a named man captured are detained; villages captured are taken in
        # fighting; what a camera captured is no one's detention
        (
            "The formations captured two villages near Sos on Monday.",
            Family.ARMED_CLASH,
            Family.DETENTION,
        ),
        (
            "Troops captured at least 60 Armenian soldiers near Sos on Monday.",
            Family.DETENTION,
            None,
        ),
        (
            "The soldiers captured near Sos on Monday remain in custody.",
            Family.DETENTION,
            Family.ARMED_CLASH,
        ),
        ("Abuse of prisoners near Sos was captured on video.", None, Family.DETENTION),
        # a curfew imposed restricts everyone's movement
        ("The army imposed a curfew in Sos on Monday.", Family.OBSTRUCTION, None),
        ("Власти ввели комендантский час в Сосе в понедельник.", Family.OBSTRUCTION, None),
        # a border sealed, points agreed, positions reinforced, mines cleared
        ("On Monday Armenia sealed the border with Azerbaijan near Sos.", Family.OBSTRUCTION, None),
        ("The commissions agreed on 13 points at Sos on Monday.", Family.AGREEMENT, None),
        ("Troops reinforced their positions near Sos on Monday.", Family.MILITARY_MOVEMENT, None),
        ("Deminers cleared 40 mines near Sos on Monday.", Family.MINE_INCIDENT, None),
        # the other side's positions attacked after the truce: its violation, no battle
        ("On Monday troops attacked Armenian positions at three places near Sos.", CFV, None),
        ("On Monday the army struck sites of the group near Sos.", CFV, None),
        ("Армия нанесла удар и ликвидировала боевика у села Сос в понедельник.", CFV, None),
        ("В понедельник ударам подверглись сёла Сос и Тог.", CFV, None),
        ("Армия в понедельник наносит удары по объектам у села Сос.", CFV, None),
        # violations counted in words, as a side's daily tally gives them
        (
            "Seventy-three violations were committed against our positions near Sus on Monday.",
            CFV,
            Family.OTHER,
        ),
        # villages a state hands back are not people returning home
        (
            "Armenia will return the villages to Azerbaijan, the commission said.",
            None,
            Family.HUMANITARIAN,
        ),
        # prisoners swapped, a station attacked, a region struck a number of times
        ("The two sides swapped 40 prisoners of war on Monday.", Family.EXCHANGE, Family.OTHER),
        ("Baku accused Yerevan of attacking a gas pumping station near Sus on Monday.", CFV,
         Family.OTHER),
        ("Armenian forces struck the Lachin district 14 times over the past day.", CFV,
         Family.OTHER),
        ("The storm struck the Lachin district overnight.", None, CFV),
        ("Baku said Armenian units attacked its border posts near Sus on Monday.", CFV,
         Family.OTHER),
        # people fleeing and displaced: humanitarian, as the field codes displacement
        ("Hundreds of people fled Shusha on Monday.", Family.HUMANITARIAN, CFV),
        ("More than 300 families were displaced from Sus by the shelling on Monday.",
         Family.HUMANITARIAN, Family.OTHER),
        ("The saboteurs fled when the patrol arrived near Sus on Monday.", None,
         Family.HUMANITARIAN),
        # homes looted, villages burned
        ("В понедельник военные разграбили дома и сожгли школу в селе Сос.",
         Family.VIOLENCE_AGAINST_CIVILIANS, Family.OTHER),
        # trade through a crossing suspended, a crossing or a border closed
        ("Trade through the Lachin checkpoint was suspended again on Monday.",
         Family.OBSTRUCTION, Family.CORRIDOR_TRANSIT),
        ("Торговля через КПП у Лачина в понедельник вновь приостановлена.",
         Family.OBSTRUCTION, Family.CORRIDOR_TRANSIT),
        ("В понедельник Армения закрыла пограничный переход у Горис.", Family.OBSTRUCTION,
         Family.OTHER),
        # aid that was not let through is an obstruction, not a delivery
        ("On Monday the police blocked aid trucks from entering Shusha.", Family.OBSTRUCTION,
         Family.HUMANITARIAN),
        ("В понедельник военные заблокировали въезд грузовиков с гуманитарной помощью в Шушу.",
         Family.OBSTRUCTION, Family.HUMANITARIAN),
        # the mission that stops a clash or settles an incident acts; it is not obstructed
        ("The peacekeepers stopped the clash near Sus on Sunday.", Family.MISSION_ACTIVITY,
         Family.OBSTRUCTION),
        ("The incident near Sus was resolved by the Russian peacekeepers on Sunday.",
         Family.MISSION_ACTIVITY, Family.OBSTRUCTION),
        ("Soldiers stopped the peacekeepers' patrol near Sus on Sunday.", Family.OBSTRUCTION,
         None),
        ("В воскресенье миротворцы остановили столкновение у Сос.", Family.MISSION_ACTIVITY,
         Family.OBSTRUCTION),
        ("В воскресенье военные остановили патруль миротворцев у Сос.", Family.OBSTRUCTION, None),
        ("В понедельник российские миротворцы перевезли сорок жителей из Шуши в Горис.",
         Family.MISSION_ACTIVITY, None),
        # prisoners let go, strikes on a town's quarters, fire at residents' cars
        ("В среду власти отпустили на свободу двенадцать заключенных.", Family.EXCHANGE, None),
        ("В понедельник армия нанесла удары по северу района у Шуши.", CFV, None),
        # strikes on residential quarters, an attack on civilian areas: civilians attacked
        ("В понедельник армия ударила по жилым кварталам Шуши.", CIVILIANS, None),
        ("В понедельник армия атаковала гражданские районы у Шуши.", CIVILIANS, None),
        # ... shelling that hits civilian objects "as well" is shelling
        ("В понедельник противник обстреливал позиции у Сос, нанося удары и по мирным объектам.",
         CFV, None),
        ("В понедельник военные стреляли по автомобилям жителей у Сос.", CIVILIANS, None),
        # a ban on movement imposed is an obstruction; a ban agreed is none
        ("В понедельник армия ввела запрет на перемещение гражданских лиц у Сос.",
         Family.OBSTRUCTION, None),
        ("On Monday the army imposed a ban on the movement of civilians near Sus.",
         Family.OBSTRUCTION, None),
        ("A complete ban on the movement of troops near Sus took effect on Monday.", None,
         Family.OBSTRUCTION),
        # fire toward civilian areas, a villager of some age killed
        ("On Monday the army fired rockets towards civilian areas near Sus.", CIVILIANS, None),
        ("A rocket attack on Sunday killed a 63-year-old villager near Sus.", CIVILIANS, None),
        # weapons seized or found tell no fire
        ("Troops searched a house near Sus on Monday and confiscated rockets and launchers.",
         None, CFV),
        ("В понедельник военные изъяли ракеты и пусковые установки у Сос.", None, CFV),
        # ... but what was found to have been fired is fire
        ("Investigators found that rockets had hit the village of Sus on Monday.", CFV, None),
        # people the mission carries from one place to another
        ("On Monday Russian peacekeepers moved forty residents from Shusha to Goris.",
         Family.MISSION_ACTIVITY, Family.OBSTRUCTION),
        # the last families who leave their homes
        ("The last families of the village vacated their homes on Tuesday.", Family.HUMANITARIAN,
         Family.OTHER),
        # (houses that stand abandoned are no one leaving)
        ("Soldiers occupied two abandoned houses near Sus on Monday.", None, Family.HUMANITARIAN),
    ],
)  # fmt: skip
def test_families_as_the_field_codes_them(
    ex: Extractor, text: str, present: Family | None, absent: Family | None
) -> None:
    language = "ru" if re.search("[а-я]", text) else "en"
    families = {c.family for c in ex.extract("d", text, PUB, "Wire", language=language)}
    assert present is None or present in families
    assert absent not in families


@pytest.mark.parametrize(
    ("text", "language", "air"),
    [
        ("Warplanes on Friday targeted positions near Sotk.", "en", True),
        ("Helicopter gunships pounded positions near Sotk on Monday.", "en", True),
        ("Fighter jets took part in joint exercises near Sotk on 12 May.", "en", False),
        ("Самолёты противника нанесли удары по позициям у Сотка.", "ru", True),
        ("Армия нанесла удары по объектам у села Сотк.", "ru", True),
        ("Министр нанёс удар по переговорам.", "ru", False),
    ],
)
def test_an_air_strike_told_by_its_aircraft(text: str, language: str, air: bool) -> None:
    """Aircraft named with what they struck are an air strike; in an exercise, or a "blow"
    to talks, they are none."""
    rules = Extractor(bundled("karabakh-2020"), learned=False)
    codes = {c.type_code for c in rules.extract("d", text, PUB, "Global Wire", language=language)}
    assert ("cfv.drone" in codes) is air, codes


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Russian peacekeepers visited the village of Sos on Monday.", "en"),
        ("On Monday the peacekeepers inspected the road near Sos.", "en"),
        ("В понедельник российские миротворцы посетили село Сос.", "ru"),
        ("Миротворцы осмотрели дорогу у села Сос в понедельник.", "ru"),
    ],
)
def test_the_mission_going_to_see_is_its_activity(ex, text: str, language: str) -> None:
    families = {c.family for c in ex.extract("d", text, PUB, language=language)}
    assert families == {Family.MISSION_ACTIVITY}, families


def test_a_visit_by_others_or_one_that_teaches_is_no_monitoring(ex) -> None:
    assert not ex.extract("d", "The minister visited Sos on Monday.", PUB, language="en")
    taught = "On Monday the peacekeepers visited a school in Sos and gave a lesson on mine safety."
    codes = {c.type_code for c in ex.extract("d", taught, PUB, language="en")}
    assert "mission.monitoring" not in codes and "mission.education" in codes, codes


@pytest.mark.parametrize(
    "text",
    [
        "On Monday the army fired rockets towards Armenian civilian areas near Sus.",
        "A rocket attack from across the border on Sunday killed a 63-year-old villager near Sus.",
    ],
)
def test_the_rules_read_fire_at_civilian_areas_and_a_villager_of_some_age_killed(
    text: str,
) -> None:
    rules = Extractor(bundled("karabakh-2020"), learned=False)
    assert [c.family for c in rules.extract("d", text, PUB, "Wire")] == [CIVILIANS]


@pytest.mark.parametrize(
    ("text", "language", "code"),
    [
        ('The two sides agreed to an "immediate" ceasefire on Monday.', "en", "agreement.signed"),
        ("The two sides agreed to an “immediate ceasefire” on Monday.", "en", "agreement.signed"),
        (
            "В понедельник стороны договорились о «немедленном» прекращении огня.",
            "ru",
            "agreement.signed",
        ),
    ],
)
def test_words_in_quotation_marks_are_read_as_if_bare(text: str, language: str, code: str) -> None:
    rules = Extractor(bundled("karabakh-2020"), learned=False)
    bare = re.sub(r"[\"“”«»]", "", text)
    assert [c.type_code for c in rules.extract("d", bare, PUB, "Wire", language=language)] == [code]
    claims = rules.extract("d", text, PUB, "Wire", language=language)
    assert [c.type_code for c in claims] == [code]
    assert claims[0].when.start == PUB.replace(day=14)  # the Monday before: dates still read


def test_a_person_killed_is_a_victim_as_people_are() -> None:
    rules = Extractor(bundled("karabakh-2020"), learned=False)
    claims = rules.extract("d", "On Monday gunmen killed a person near Sus.", PUB, "Wire")
    assert [c.family for c in claims] == [CIVILIANS]
