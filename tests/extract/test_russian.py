"""Russian text read through the Russian pack: bulletins, inflected places, hedges, denials.

Every sentence here is written by us in the manner of the contingent's bulletins and of
Russian-language news; none is copied from a real text.
"""

from __future__ import annotations

from datetime import date

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.dates import find_date
from ceasewatch.extract.lang import language_pack
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.extract.places import places_for
from ceasewatch.model import ActorRole

RU = language_pack("ru")
PUB = date(2021, 12, 12)  # a Sunday


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(bundled("karabakh-2020"))


def test_a_bulletin_gives_a_claim_per_district_with_its_place_and_date(
    extractor: Extractor,
) -> None:
    text = (
        "Российский миротворческий контингент продолжает выполнять задачи в Нагорном "
        "Карабахе. За прошедшие сутки зафиксировано два нарушения режима прекращения огня "
        "в Мартунинском и Мартакертском районах. Потерь нет."
    )
    claims = extractor.extract("b", text, PUB, "ТАСС", language="ru")
    violations = [c for c in claims if c.family.value == "ceasefire_violation"]
    assert sorted(c.places[0].name for c in violations) == ["Aghdara", "Khojavend"]
    for c in violations:
        assert c.places[0].precision.value == "district" and c.places[0].lat is not None
        assert (c.when.start, c.when.end) == (date(2021, 12, 11), date(2021, 12, 11))


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Обстрел произошел в Мартунинском районе.", "Khojavend"),
        ("Огонь вели у села Сарушен в Аскеранском районе.", "Askeran"),
        ("Колонна прибыла в Ханкенди.", "Khankendi"),
        ("Колонна прибыла в Степанакерт.", "Khankendi"),
        ("Стрельба слышна в окрестностях Степанакерта.", "Khankendi"),
        ("Отряд вошел в Кельбаджарский район.", "Kalbajar"),
        ("Патруль проехал через Лачинский коридор.", "Lachin corridor road"),
        ("Мина взорвалась в Шушинском районе.", "Shusha"),
    ],
)
def test_inflected_and_adjective_place_names_resolve(sentence: str, name: str) -> None:
    found = [
        m.entry.name for m in places_for(bundled("karabakh-2020")).find(sentence, RU) if m.entry
    ]
    assert name in found


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision"),
    [
        ("За прошедшие сутки зафиксировано нарушение.", "2021-12-11", "2021-12-11", "day"),
        ("Вчера обстреляли позиции.", "2021-12-11", "2021-12-11", "day"),
        ("11 декабря зафиксирован один случай.", "2021-12-11", "2021-12-11", "day"),
        ("В ночь на 10 декабря 2021 года шла стрельба.", "2021-12-10", "2021-12-10", "day"),
        ("В ноябре 2021 года колонны шли ежедневно.", "2021-11-01", "2021-11-30", "month"),
        ("В пятницу открыли огонь.", "2021-12-10", "2021-12-10", "day"),
        ("На прошлой неделе было тихо.", "2021-12-05", "2021-12-11", "week"),
    ],
)
def test_russian_dates(sentence: str, start: str, end: str, precision: str) -> None:
    found = find_date(sentence, PUB, finder=_ru_finder())
    assert found is not None
    span = found[0]
    assert (str(span.start), str(span.end), span.precision.value) == (start, end, precision)


def _ru_finder():  # type: ignore[no-untyped-def]
    from ceasewatch.extract.dates import DateFinder

    return DateFinder(RU.dates)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Азербайджанские военные якобы обстреляли село Сарушен.", "alleged"),
        # what a side claims is alleged, as "claimed" is in English
        ("Азербайджанские военные, по утверждениям Еревана, обстреляли село Сарушен.", "alleged"),
        (
            "Минобороны Азербайджана опровергло сообщения об обстреле позиций в "
            "Мартакертском районе.",
            "denied",
        ),
        (
            "Информация об обстреле позиций армянских формирований не соответствует "
            "действительности.",
            "denied",
        ),
        # a side's accusation tells the other's act in its voice, as "said" would; the
        # accusation with no one making it is hedged
        ("Минобороны Армении обвинило азербайджанские войска в обстреле Сотка.", "reported"),
        ("Азербайджанские войска обвиняются в обстреле Сотка.", "alleged"),
    ],
)
def test_hedges_and_denials(extractor: Extractor, text: str, status: str) -> None:
    claims = extractor.extract("s", text, PUB, "Sputnik", language="ru")
    assert claims and claims[0].status.value == status


def test_the_side_that_fired_is_the_perpetrator(extractor: Extractor) -> None:
    text = (
        "В Аскеранском районе азербайджанские военнослужащие открыли огонь из стрелкового "
        "оружия по позициям армянских формирований."
    )
    claims = extractor.extract("r", text, PUB, "ТАСС", language="ru")
    roles = {(a.party, a.role) for a in claims[0].actors}
    assert ("AZ", ActorRole.PERPETRATOR) in roles
    assert ("AM", ActorRole.PERPETRATOR) not in roles


@pytest.mark.parametrize(
    ("sentence", "told"),
    [
        ("Стороны достигли договоренности о прекращении огня.", True),
        ("Лидеры подписали заявление о прекращении огня.", True),
        # an agreement reached, told in the passive
        ("Соглашение было достигнуто в понедельник в Дохе.", True),
        ("Во исполнение достигнутых договоренностей начат отвод войск.", False),
        ("В нарушение режима прекращения огня, объявленного накануне, обстрел продолжился.", False),
    ],
)
def test_an_agreement_named_as_a_frame_is_not_told_there(sentence: str, told: bool) -> None:
    claims = Extractor(learned=False).extract("f", sentence, PUB, None, language="ru")
    assert ("agreement.signed" in [c.type_code for c in claims]) is told


def test_a_checkpoint_named_is_none_set_up() -> None:
    from ceasewatch.agreements.bundled import bundled
    from ceasewatch.extract.pipeline import Extractor

    ex = Extractor(bundled("karabakh-2020"))
    day = date(2021, 6, 15)
    closed = ex.extract("d", "Армения закрыла пограничные пункты пропуска.", day, language="ru")
    assert "movement.base_established" not in {c.type_code for c in closed}
    named = ex.extract("d", "Колонна прошла контрольно-пропускной пункт у Сос.", day, language="ru")
    assert "movement.base_established" not in {c.type_code for c in named}
    set_up = ex.extract("d", "Азербайджан установил блокпост у села Сос.", day, language="ru")
    assert "movement.base_established" in {c.type_code for c in set_up}


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Азербайджан выпустил ракеты по селу Сос в понедельник.", "ceasefire_violation"),
        (
            "Армения обвинила Азербайджан в убийстве мирного жителя Соса.",
            "violence_against_civilians",
        ),
        # fire exchanged, fire opened in the past imperfective, fighters "destroyed"
        ("Армянские и азербайджанские военные обменялись огнем у Сотка в понедельник.",
         "ceasefire_violation"),
        ("Минобороны Армении опровергло, что его подразделения открывали огонь у Сотка.",
         "ceasefire_violation"),
        ("Азербайджанские военные уничтожили трех боевиков у Сотка в понедельник.",
         "ceasefire_violation"),
    ],
)  # fmt: skip
def test_rockets_launched_and_a_civilian_killed_by_the_noun(text: str, family: str) -> None:
    from ceasewatch.agreements.bundled import bundled
    from ceasewatch.extract.pipeline import Extractor

    claims = Extractor(bundled("karabakh-2020")).extract(
        "d", text, date(2021, 6, 15), language="ru"
    )
    assert family in {c.family.value for c in claims}, claims
