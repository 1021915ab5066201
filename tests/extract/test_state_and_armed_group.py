"""News of a truce between a state and an armed group across a border that no bundled file
encodes, read with a user's first agreement file (two states by their countries, the group
by its name): the constructions a session found in real reporting of such a truce, in
sentences written for these tests."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.model import ActorRole, Claim, ClaimStatus, Party

FIRST_FILE = dataclasses.replace(
    bundled("minsk-2015"),
    parties=(
        Party("KE", "Republic of Kenya", country="Kenya"),
        Party("SO", "Federal Republic of Somalia", country="Somalia"),
        Party("FR", "Coastal Front", aliases=("Coastal Front", "the Front"), kind="armed_group"),
    ),
    missions=(),
)
DAY = date(2025, 3, 24)  # a Monday
RULES = Extractor(FIRST_FILE, learned=False)


def claims(text: str, language: str = "en") -> list[Claim]:
    return RULES.extract("d", text, DAY, "Wire", language=language)


def roles(c: Claim) -> set[tuple[str | None, ActorRole]]:
    return {(a.party, a.role) for a in c.actors}


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Kenyan forces killed three people and wounded 20 others near the border on Sunday.", 3),
        ("Kenyan troops gunned down a man as he was trying to reach his farm on Sunday.", None),
    ],
)
def test_people_killed_by_a_side_are_its_victims(text: str, killed: int | None) -> None:
    (c,) = [c for c in claims(text) if c.type_code == "civilians.attack"]
    assert roles(c) == {("KE", ActorRole.PERPETRATOR)}  # "as he was" is no passive of theirs
    assert c.killed == killed


def test_fighters_a_side_says_it_killed_are_a_violation_it_reports() -> None:
    (c,) = [
        c
        for c in claims("A Kenyan army spokesman acknowledged killing two militants on Sunday.")
        if c.type_code.startswith("cfv.")
    ]
    assert c.status is ClaimStatus.REPORTED


def test_the_side_eliminated_is_the_target() -> None:
    (c,) = claims("Kenyan forces eliminated two Coastal Front operatives in a drone strike.")
    assert roles(c) == {("KE", ActorRole.PERPETRATOR), ("FR", ActorRole.TARGET)}


@pytest.mark.parametrize(
    "text",
    [
        "According to the terms of the truce, Kenya will withdraw its troops within 60 days.",
        "The ceasefire terms stipulate a withdrawal of Kenyan troops from the border area.",
        'The truce applies to "all weapons, including attacks on civilians and farms".',
        "The ceasefire bans attacks on civilians and on civilian infrastructure.",
    ],
)
def test_what_the_terms_of_the_truce_say_is_no_event(text: str) -> None:
    assert claims(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Smoke rises over a market hit by a Kenyan strike in Kismayo, March 22, 2025.",
        "Residents inspect a car destroyed by a drone, Saturday, March 22, 2025.",
    ],
)
def test_a_line_closed_by_the_day_after_a_comma_is_a_caption(text: str) -> None:
    assert claims(text) == []


def test_footage_that_purports_to_show_a_strike_is_alleged() -> None:
    (c,) = claims(
        "Footage shared online purports to show Kenyan drones striking Kismayo on Sunday."
    )
    assert c.status is ClaimStatus.ALLEGED


def test_a_sentence_the_page_says_twice_is_told_once_where_it_is_said_last() -> None:
    text = (
        "Kenyan drone strike kills four in Somali border town\n"
        "Share\n"
        "Kenyan drone strike kills four in Somali border town\n"
        "The strike hit the town on Sunday, the local governor said."
    )
    made = claims(text)
    title = [c for c in made if c.text.startswith("Kenyan drone strike")]
    assert len(title) == 1 and title[0].span[0] > 0


def test_the_land_named_after_an_area_of_is_no_side() -> None:
    (c,) = claims(
        "Kenya struck targets in the Kismayo area of southern Somalia, a local newspaper said."
    )
    assert ("SO", ActorRole.PERPETRATOR) not in roles(c)
    assert ("KE", ActorRole.PERPETRATOR) in roles(c)


def test_people_killed_in_russian_are_counted_and_its_killers_named() -> None:
    (c,) = claims("Кенийские войска в воскресенье убили 12 человек на юге Сомали.", "ru")
    assert c.type_code == "civilians.attack" and c.killed == 12


@pytest.mark.parametrize(
    "text",
    [
        "Беспилотники атаковали автомобили в окрестностях поселка.",
        "Кенийские войска атаковали цели на юге Сомали.",
    ],
)
def test_an_attack_on_vehicles_or_targets_is_a_strike_not_a_battle(text: str) -> None:
    codes = [c.type_code for c in claims(text, "ru")]
    assert codes and not any(code.startswith("clash.") for code in codes)


def test_a_campaigns_toll_is_not_the_incident_befores() -> None:
    text = (
        "Кенийский беспилотник нанес удар по автомобилю на юге Сомали, водитель погиб. "
        "С начала года зафиксировано свыше тысячи нападений. "
        "В результате этих атак погибли около 400 человек."
    )
    strike = claims(text, "ru")[0]
    assert strike.type_code == "cfv.drone" and strike.killed != 400


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Соглашение предполагает отвод кенийских войск от границы.", None),
        ("Перемирие распространяется и на удары по мирным жителям.", None),
        ("Кенийская армия пообещала ответить на обстрел.", ClaimStatus.SPECULATIVE),
    ],
)
def test_terms_and_promises_in_russian(text: str, status: ClaimStatus | None) -> None:
    made = claims(text, "ru")
    assert [c.status for c in made] == ([status] if status else [])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Кенийская армия начала занимать позиции у границы после объявления перемирия.",
            "movement.",
        ),
        ("Жители приграничных районов начали возвращаться в свои дома.", "humanitarian.return"),
    ],
)
def test_positions_taken_and_residents_returning_in_russian(text: str, code: str) -> None:
    assert any(c.type_code.startswith(code) for c in claims(text, "ru"))


@pytest.mark.parametrize(
    "text",
    [
        "On Sunday, the Kenyan air force struck a weapons storage facility near Kismayo.",
        "Kenya struck and destroyed an air defence system near Kismayo on Sunday.",
        "A Kenyan strike on a motorcycle near Kismayo killed one man on Sunday.",
        "Two successive waves of strikes hit the outskirts of Kismayo on Sunday.",
        "A Coastal Front commander was assassinated near Kismayo on Sunday.",
        "Two Coastal Front commanders were killed near Kismayo on Sunday.",
    ],
)
def test_a_strike_told_by_what_it_hit_or_whom_it_killed(text: str) -> None:
    assert [c.family for c in claims(text)] == ["ceasefire_violation"]


@pytest.mark.parametrize(
    "text",
    [
        "The Somali army completed its deployment across the Gedo region on Sunday.",
        "The Somali army began deploying in the south on Sunday.",
        "On Sunday, the Somali army announced its entry into the town of Bardera.",
        "Kenyan forces repositioned in the town of Bardera on Sunday.",
        "Kenyan troops remain in five positions inside Somalia, a security source said.",
        "Kenya said it would keep troops in the border area beyond the deadline.",
        "The Somali army moved overnight into Bardera and Luuq.",
        "The army bolstered its presence around the airport on Sunday.",
    ],
)
def test_a_deployment_told_by_its_course_or_forces_that_stay(text: str) -> None:
    assert "military_movement" in {c.family for c in claims(text)}


@pytest.mark.parametrize(
    "text",
    [
        "The truce's entry into force was delayed by a day.",
        "Talks moved into a new phase on Sunday.",
    ],
)
def test_no_deployment_where_a_truce_enters_into_force_or_talks_move_on(text: str) -> None:
    assert "military_movement" not in {c.family for c in claims(text)}


WITH_MISSION = dataclasses.replace(
    FIRST_FILE,
    missions=(
        dataclasses.replace(
            bundled("minsk-2015").missions[0],
            id="unmic",
            name="United Nations Mission on the Coast",
            contributor="UN",
            aliases=("UNMIC", "ЮНМИК"),
        ),
    ),
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("UNMIC peacekeepers have found over 40 weapons caches in the south.", "en"),
        ("Миротворцы ЮНМИК обнаружили на юге сеть тоннелей и склады оружия.", "ru"),
    ],
)
def test_what_the_mission_finds_is_its_activity(text: str, language: str) -> None:
    read = Extractor(WITH_MISSION, learned=False).extract("d", text, DAY, "Wire", language=language)
    assert [c.family for c in read] == ["mission_activity"]
    # a side finding its own weapons is no activity of the mission
    assert not claims("Kenyan police found a tunnel under the market.", "en")


@pytest.mark.parametrize(
    "text",
    [
        "Кения и «Прибрежный фронт» достигли соглашения о прекращении огня, которое вступило "
        "в силу в воскресенье.",
        "С воскресенья начал действовать режим прекращения огня между Кенией и Сомали.",
    ],
)
def test_a_truce_that_took_effect_in_russian_is_an_agreement(text: str) -> None:
    assert {c.family for c in claims(text, "ru")} == {"agreement"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Two men were shot near the border as the deadline for the withdrawal expired.", "en"),
        ("Двое мужчин погибли у границы, когда истек срок вывода кенийских войск.", "ru"),
    ],
)
def test_a_withdrawals_deadline_is_no_withdrawal(text: str, language: str) -> None:
    assert "movement.withdrawal" not in {c.type_code for c in claims(text, language)}


def test_attacks_on_people_are_on_civilians_not_on_their_buildings() -> None:
    (c,) = claims(
        "По данным минздрава, в результате атак на мирных жителей погибли 5 человек.", "ru"
    )
    assert c.type_code == "civilians.attack"
    buildings = claims("Противник продолжил обстрелы, нанося удары и по мирным объектам.", "ru")
    assert buildings and "civilians.attack" not in {c.type_code for c in buildings}


def test_people_trying_to_reach_their_homes_are_no_forces_moving() -> None:
    shot = claims("Kenyan troops shot a farmer as he was trying to enter his field on Sunday.")
    assert "military_movement" not in {c.family for c in shot}
    crossing = claims("Coastal Front fighters tried to cross the border near Kismayo on Sunday.")
    assert "military_movement" in {c.family for c in crossing}


def test_a_place_located_on_a_territory_is_no_force_stationed() -> None:
    assert not claims("The monastery is located on the territory of the Gedo region.")
    stationed = claims("Kenyan troops are still stationed on the territory of Somalia.")
    assert "military_movement" in {c.family for c in stationed}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Кенийские беспилотники атаковали окрестности Кисмайо в воскресенье.", "cfv."),
        ("Минздрав сообщил о трех погибших при атаках Кении на юге страны.", "cfv."),
        ("Первая атака со стороны кенийских подразделений произошла около 15:00.", "cfv."),
        ("Атака была отражена, противник отошёл на исходные позиции.", "clash.armed"),
        ("Боевики предприняли попытку атаковать позиции кенийской армии.", "clash.armed"),
    ],
)
def test_an_attack_in_russian_is_a_strike_unless_on_positions_or_repelled(
    text: str, code: str
) -> None:
    (c,) = claims(text, "ru")
    assert c.type_code.startswith(code), c.type_code


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "An encounter broke out between security forces and militants near Kismayo on Sunday.",
            "armed_clash",
        ),
        ("Two militants were killed in an encounter near Kismayo on Sunday.", "armed_clash"),
        ("A gunfight erupted near Kismayo on Sunday, officials said.", "armed_clash"),
        ("Somalia returned Kenyan border guard constable Otieno on Sunday.", "exchange"),
        ("Authorities ordered a complete blackout in Kismayo on Sunday night.", "other"),
    ],
)
def test_an_encounter_a_gunfight_a_constable_handed_back_a_blackout(text: str, family: str) -> None:
    assert family in {c.family.value for c in claims(text)}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "The two armies extended the ceasefire until Sunday, Kenya's foreign minister said.",
            "en",
        ),
        ("The ceasefire was extended until Sunday after the military talks.", "en"),
        ("Прекращение огня было продлено до воскресенья, заявил министр.", "ru"),
        ("Кения и Сомали смогли договориться о прекращении огня.", "ru"),
    ],
)
def test_a_truce_extended_or_agreed_is_an_agreement(text: str, language: str) -> None:
    assert {c.family.value for c in claims(text, language)} == {"agreement"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The Directors General of Military Operations of the two armies spoke by phone.", "en"),
        ("Генеральный директор военных операций Кении позвонил своему коллеге.", "ru"),
        ("Соглашение достигнуто в ходе диалога командования военных операций.", "ru"),
    ],
)
def test_a_title_naming_military_operations_is_no_fighting(text: str, language: str) -> None:
    assert "armed_clash" not in {c.family.value for c in claims(text, language)}


def test_a_ceasefire_agreed_in_quotes_and_a_guard_returned_with_his_force_named() -> None:
    # agreeing to act under a ceasefire is not agreeing to one
    assert not claims("Both sides agreed to disengage under a ceasefire.")
    agreed = claims("Kenya and Somalia on Sunday agreed to a “full and immediate ceasefire”.")
    assert {c.family.value for c in agreed} == {"agreement"}
    returned = claims("Somalia returned Kenyan Border Police (KBP) constable Otieno on Sunday.")
    assert "exchange" in {c.family.value for c in returned}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The Coastal Front released 20 hostages on Sunday, the Red Cross said.", "en"),
        ("«Прибрежный фронт» передал Кении 20 заложников в воскресенье.", "ru"),
        ("Группа освобожденных Кенией из заключения прибыла в Кисмайо.", "ru"),
        ("Тела двух заложников Кения получила вечером в воскресенье.", "ru"),
        # soldiers taken in battle and handed back, by the noun or the participle
        ("Сомали заявило о передаче Кении шести плененных военных.", "ru"),
        ("Кения репатриировала в Сомали 6 плененных сомалийских военных.", "ru"),
    ],
)
def test_hostages_and_prisoners_handed_over_are_an_exchange_not_an_abduction(
    text: str, language: str
) -> None:
    assert {c.family.value for c in claims(text, language)} == {"exchange"}


def test_air_raids_in_russian_are_strikes() -> None:
    (c,) = claims("Кения совершила серию авианалетов на Кисмайо в воскресенье.", "ru")
    assert c.type_code == "cfv.drone"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # the same words: who took it says which of ACLED's two types it is
        ("The Coastal Front captured the town of Kismayo on Sunday.", "clash.nonstate_overtakes"),
        ("Kenyan forces recaptured the town of Kismayo on Sunday.", "clash.government_regains"),
        # a state's forces among those who took it: not the group's alone
        (
            "Somali troops and the Coastal Front captured the town of Kismayo on Sunday.",
            "clash.government_regains",
        ),
    ],
)
def test_territory_taken_is_overtaken_by_an_armed_group_and_regained_by_a_state(
    text: str, code: str
) -> None:
    (c,) = claims(text)
    assert c.type_code == code and c.family.value == "armed_clash"
