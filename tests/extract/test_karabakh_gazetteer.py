"""The packaged Karabakh gazetteer: its rows, its variants and the words that must not
become places; names in other cases, as adjectives and in chains joined by hyphens."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.errors import SchemaError
from ceasewatch.extract.gazetteer import Gazetteer
from ceasewatch.extract.gazetteer_files import parse_gazetteer
from ceasewatch.extract.lang import language_pack
from ceasewatch.extract.places import bundled_gazetteer_text, places_for


def _rows() -> list[dict[str, str]]:
    found = bundled_gazetteer_text(bundled("karabakh-2020"))
    assert found is not None
    return list(csv.DictReader(io.StringIO(found[1])))


def _places() -> Gazetteer:
    return places_for(bundled("karabakh-2020"))


def _found(sentence: str, language: str = "en") -> list[tuple[str, str | None, str]]:
    return [
        (m.text, m.entry.name if m.entry else None, m.precision.value)
        for m in _places().find(sentence, language_pack(language))
    ]


def test_the_gazetteer_parses_and_every_row_with_coordinates_names_its_source() -> None:
    found = bundled_gazetteer_text(bundled("karabakh-2020"))
    assert found is not None
    gazetteer = parse_gazetteer(found[1], found[0])
    rows = _rows()
    assert len(rows) >= 100 and len(gazetteer.entries) == len(rows)
    for row in rows:
        assert row["kind"] and row["admin"], row["name"]
        if row["lat"]:
            assert row["source_url"].startswith(("http://", "https://")), row["name"]
            assert row["note"], row["name"]


def test_no_two_rows_share_a_variant() -> None:
    rows_of: dict[str, set[str]] = defaultdict(set)
    for row in _rows():
        for variant in [row["name"], *row["alt_names"].split(";")]:
            if variant.strip():
                rows_of[variant.strip()].add(row["name"])
    shared = {v: names for v, names in rows_of.items() if len(names) > 1}
    assert shared == {}


def test_named_only_variants_belong_to_their_row() -> None:
    for row in _rows():
        variants = {v.strip() for v in [row["name"], *row["alt_names"].split(";")]}
        named_only = {v for v in row["named_only"].split(";") if v}
        assert named_only <= variants, row["name"]


def test_a_named_only_variant_that_is_not_a_name_of_its_row_is_refused_with_its_line() -> None:
    text = "name,alt_names,lat,lon,named_only\nA,B;C,1,2,C\nD,E,1,2,F\n"
    with pytest.raises(SchemaError, match=r"g.csv:3 named_only: 'F' is not the name"):
        parse_gazetteer(text, "g.csv")


@pytest.mark.parametrize(
    ("sentence", "language", "place", "precision"),
    [
        ("Огонь вели у села Сарушен.", "ru", "Sarushen", "near"),
        ("Обстрел зафиксирован в Мартунинском районе.", "ru", "Khojavend", "district"),
        ("Fire was opened in the Martuni district.", "en", "Khojavend", "district"),
        ("В Газахском районе было тихо.", "ru", "Gazakh", "district"),
        ("Shots were fired at the Tovuz district.", "en", "Tovuz", "district"),
        ("В районе Тагаварда стреляли.", "ru", "Taghavard", "near"),
        ("Обстрел в Капане.", "ru", "Kapan", "exact"),
        ("Peacekeepers returned to Parukh.", "en", "Parukh", "exact"),
        ("Они покинули Фаррух.", "ru", "Parukh", "exact"),
        ("Soldiers entered the Gyzylbulag deposit.", "en", "Drmbon", "exact"),
        ("The monks left Khudavang monastery.", "en", "Dadivank", "exact"),
        ("A base in Ivanyan was picketed.", "en", "Khojaly", "exact"),
    ],
)
def test_inflected_and_adjective_forms_resolve(
    sentence: str, language: str, place: str, precision: str
) -> None:
    [(_, name, found_precision)] = _found(sentence, language)
    assert (name, found_precision) == (place, precision)


def test_a_chain_of_names_joined_by_hyphens_names_each_of_them() -> None:
    found = _found("Work went on along the Khankendi-Khalfali-Turshsu road.")
    assert [(text, name) for text, name, _ in found] == [
        ("Khankendi", "Khankendi"),
        ("Turshsu", "Turshsu"),
    ]
    assert [name for _, name, _ in _found("Дорога Ханкенди-Туршсу закрыта.", "ru")] == [
        "Khankendi",
        "Turshsu",
    ]


def test_a_variant_with_a_hyphen_wins_over_its_parts() -> None:
    [(text, name, _)] = _found("Traffic on the Lachin-Khankendi road stopped.")
    assert (text, name) == ("Lachin-Khankendi road", "Lachin corridor road")


def test_the_corridor_road_named_by_its_ends_is_the_road_not_its_ends() -> None:
    found = _found("Convoys were escorted along the Goris-Stepanakert road.")
    assert found == [("Goris-Stepanakert road", "Lachin corridor road", "unresolved")]
    [(_, name, _)] = _found("Колонна прошла по трассе Горис-Степанакерт.", "ru")
    assert name == "Lachin corridor road"


def test_a_name_inside_a_longer_hyphenated_word_is_no_place() -> None:
    assert _found("A Stepanakert-based analyst and a pro-Baku blogger spoke.") == []


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Тех, кто стрелял, задержали.", "ru"),
        ("Капали слёзы.", "ru"),
        ("Газ поставляется по графику.", "ru"),
        ("Movses Hakobyan, a former chief of staff, spoke.", "en"),
        ("The Talysh people live in the south.", "en"),
    ],
)
def test_a_name_that_is_also_a_common_word_makes_no_place(sentence: str, language: str) -> None:
    assert _found(sentence, language) == []


@pytest.mark.parametrize(
    ("sentence", "language", "place"),
    [
        ("Огонь открыт у села Тех.", "ru", "Tegh"),
        ("Shots were heard in the village of Movses.", "en", "Movses"),
        ("Shells fell on Movses village.", "en", "Movses"),
    ],
)
def test_a_named_only_variant_names_its_place_next_to_a_place_word(
    sentence: str, language: str, place: str
) -> None:
    assert [name for _, name, _ in _found(sentence, language)] == [place]


def test_named_only_is_read_from_its_column() -> None:
    text = "name,alt_names,lat,lon,named_only\nRosa,Rose,1,2,Rose\n"
    g = parse_gazetteer(text, "g.csv")
    assert [m.text for m in g.find("Rose said so in Rosa.")] == ["Rosa"]
    assert [m.text for m in g.find("Shells fell near the village of Rose.")] == ["Rose"]
