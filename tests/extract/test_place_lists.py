"""A sentence that tells one event at several places is an event at each (the field codes
an event per place and day, as ACLED does); the ends of a stretch, a place's area, an
exchange's places and the place fire came from are no list."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.agreements.loader import load_agreement
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.model import Claim, Family, Party

PUB = date(2021, 6, 15)


@pytest.fixture(scope="module", params=[False, True], ids=["rules", "learned"])
def ex(request: pytest.FixtureRequest) -> Extractor:
    return Extractor(bundled("karabakh-2020"), learned=request.param)


def of(claims: list[Claim], family: Family) -> list[tuple[str | None, int | None]]:
    return [
        (c.places[0].name if c.places else None, c.killed) for c in claims if c.family is family
    ]


# written for these tests (illustrative)
@pytest.mark.parametrize(
    ("text", "language", "family", "places"),
    [
        ("On Monday night Azerbaijani units shelled Armenian positions near Sotk, Vardenis "
         "and Jermuk.", "en", Family.CEASEFIRE_VIOLATION, ["Sotk", "Vardenis", "Jermuk"]),
        ("Armenian forces fired on Azerbaijani positions near Aghdam as well as the "
         "outskirts of Terter on Monday.", "en", Family.CEASEFIRE_VIOLATION,
         ["Aghdam", "Terter"]),
        ("On Monday a shepherd was wounded by gunfire near Zabukh, another near Sus.", "en",
         Family.VIOLENCE_AGAINST_CIVILIANS, ["Zabukh", "Sus"]),
        ("В понедельник вечером подразделения армии Азербайджана обстреляли позиции у "
         "Гориса и Джермука.", "ru", Family.CEASEFIRE_VIOLATION, ["Goris", "Jermuk"]),
    ],
)  # fmt: skip
def test_an_event_at_each_place_of_a_list(
    ex: Extractor, text: str, language: str, family: Family, places: list[str]
) -> None:
    claims = ex.extract("t", text, PUB, "Global Wire", language=language)
    assert [p for p, _ in of(claims, family)] == places, [(c.type_code, c.text) for c in claims]


# written for these tests (illustrative)
@pytest.mark.parametrize(
    ("text", "language", "family"),
    [
        # the two ends of one stretch of road
        ("On Monday Azerbaijani units fired on a car on the road between Shusha and Lachin.",
         "en", Family.CEASEFIRE_VIOLATION),
        # a village and the district it lies in
        ("On Monday Azerbaijani units fired on Armenian positions near Sotk, Vardenis "
         "region.", "en", Family.CEASEFIRE_VIOLATION),
        # fire from two places at one
        ("On Monday the Armenian side fired from positions in Sotk and Vardenis at the "
         "Azerbaijani posts near Kalbajar.", "en", Family.CEASEFIRE_VIOLATION),
        # an exchange names the places it is about, not where it happens
        ("On Monday the sides exchanged prisoners of war captured near Hadrut and Shusha.",
         "en", Family.EXCHANGE),
        ("В понедельник азербайджанские военные обстреляли автомобиль на дороге между Шушой "
         "и Лачином.", "ru", Family.CEASEFIRE_VIOLATION),
    ],
)  # fmt: skip
def test_no_list(ex: Extractor, text: str, language: str, family: Family) -> None:
    claims = ex.extract("t", text, PUB, "Global Wire", language=language)
    assert len(of(claims, family)) == 1, [(c.type_code, c.text) for c in claims]


def test_a_toll_told_once_for_a_list_is_counted_once(ex: Extractor) -> None:
    text = "On Monday Azerbaijani shelling of Sotk and Jermuk killed three civilians."
    claims = ex.extract("t", text, PUB, "Global Wire", language="en")
    found = of(claims, Family.CEASEFIRE_VIOLATION) or of(claims, Family.VIOLENCE_AGAINST_CIVILIANS)
    assert found == [("Sotk", 3), ("Jermuk", None)], [(c.type_code, c.text) for c in claims]


# an agreement with no gazetteer: the world's places (GeoNames) are its places
BORDER = load_agreement(
    """
id: border-2025
title: A border ceasefire (illustrative, written for these tests)
signed: 2025-07-28
effective: 2025-07-29T00:00+07:00
timezone: Asia/Bangkok
texts:
  - {id: en, language: en, kind: official_translation, source: written for these tests}
parties:
  - {id: TH, name: Kingdom of Thailand, country: Thailand}
  - {id: KH, name: Kingdom of Cambodia, country: Cambodia}
provisions:
  - number: "1"
    summary: An immediate and unconditional ceasefire.
    obligations:
      - {party: TH, kind: cease_fire, start: effective}
      - {party: KH, kind: cease_fire, start: effective}
""",
    "border-2025.yaml",
)


# written for these tests (illustrative)
@pytest.mark.parametrize(
    ("text", "language", "places"),
    [
        # a district and the province it lies in: one place
        ("On Sunday a rocket fired from Cambodia struck a house in Kantharalak district, "
         "Sisaket province.", "en", ["Kantharalak"]),
        # two districts of one kind: a list
        ("On Sunday rockets fired from Cambodia struck houses in Kantharalak district, "
         "Phu Sing district and Khun Han district.", "en",
         ["Kantharalak", "Phu Sing", "Khun Han"]),
        # the capital that speaks is no place of the event
        ("On Sunday Cambodian troops fired on Thai positions, according to Bangkok.", "en",
         [None]),
        ("В воскресенье камбоджийские военные, по данным Бангкока, обстреляли таиландские "
         "позиции.", "ru", [None]),
        # a name GeoNames holds in Latin letters only, inflected and hyphenated in Russian
        ("В воскресенье камбоджийские военные обстреляли дома в Кантхаралаке.", "ru",
         ["Kantharalak"]),
        ("В воскресенье камбоджийские военные обстреляли дома в Кап-Чонге.", "ru",
         ["Kap Choeng"]),
    ],
)  # fmt: skip
def test_places_with_no_gazetteer(text: str, language: str, places: list[str | None]) -> None:
    claims = Extractor(BORDER, learned=False).extract(
        "t", text, date(2025, 8, 12), "Global Wire", language=language
    )
    violations = [c for c in claims if c.family is Family.CEASEFIRE_VIOLATION]
    found = [c.places[0].name if c.places and c.places[0].lat else None for c in violations]
    assert found == places, [(c.type_code, c.places) for c in claims]


def test_a_short_name_is_not_guessed_among_a_big_countrys_places() -> None:
    """Among all of Ukraine's places a skeleton of four letters is some village's by chance
    (a Crimean village's other name shares that of a Sudanese town)."""
    big = dataclasses.replace(
        BORDER,
        id="energy-2025",
        parties=(Party("RU", "Russian Federation", country="Russia"),
                 Party("UA", "Ukraine", country="Ukraine")),
    )  # fmt: skip
    claims = Extractor(big, learned=False).extract(
        "t", "В понедельник военные обстреляли склад в Кадугли.", date(2025, 8, 12),
        "Global Wire", language="ru",
    )  # fmt: skip
    assert [c.places[0].lat if c.places else None for c in claims] == [None]


def test_the_city_of_a_dateline_is_not_where_it_happened(ex: Extractor) -> None:
    text = "YEREVAN, June 15 (Wire) - Azerbaijani forces fired on Armenian positions on Monday."
    claims = ex.extract("t", text, PUB, "Global Wire", language="en")
    assert of(claims, Family.CEASEFIRE_VIOLATION) == [(None, None)]
    # and a month's name in it is no protest march
    text = "BAKU, March 15 (Wire) - Armenian forces fired on Azerbaijani positions on Sunday."
    claims = ex.extract("t", text, date(2021, 3, 15), "Global Wire", language="en")
    assert {c.family for c in claims} == {Family.CEASEFIRE_VIOLATION}
