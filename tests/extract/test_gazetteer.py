"""Place names, their variants and the precision the words around them give."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.fuzzing import BUDGET, HOSTILE, broken_csv

from ceasewatch.agreements.bundled import bundled
from ceasewatch.errors import CeasewatchError, SchemaError
from ceasewatch.extract.gazetteer_files import parse_gazetteer, read_gazetteer
from ceasewatch.extract.places import places_for
from ceasewatch.model import GeoPrecision


@pytest.mark.parametrize(
    ("variant", "name"),
    [
        ("Stepanakert", "Khankendi"),
        ("Khankendi", "Khankendi"),
        ("Xankəndi", "Khankendi"),
        ("Shushi", "Shusha"),
        ("Şuşa", "Shusha"),
        ("Berdzor", "Lachin"),
        ("Laçın", "Lachin"),
        ("Mardakert", "Aghdara"),
        ("Martakert", "Aghdara"),
        ("Agdere", "Aghdara"),
        ("Karvachar", "Kalbajar"),
        ("Kəlbəcər", "Kalbajar"),
        ("Martuni", "Khojavend"),
        ("Heyvali", "Drmbon"),
        ("Zod", "Sotk"),
        ("Aghavno", "Zabukh"),
    ],
)
def test_every_variant_resolves_to_its_place(variant: str, name: str) -> None:
    [m] = places_for(bundled("karabakh-2020")).find(f"Shots were fired in {variant} today.")
    assert m.entry is not None and m.entry.name == name
    assert m.text == variant


def test_precision_from_the_words_around() -> None:
    g = places_for(bundled("karabakh-2020"))
    [district] = g.find("Fire was recorded in the Kalbajar district.")
    [near] = g.find("They fired in the direction of Shushi.")
    [village] = g.find("A mine was found near the village of Sus.")
    [exact] = g.find("A car burned in Stepanakert.")
    assert [
        district.precision.value,
        near.precision.value,
        village.precision.value,
        exact.precision.value,
    ] == ["district", "near", "near", "exact"]


def test_unknown_village_and_place_without_coordinates_stay_unresolved_with_a_reason() -> None:
    g = places_for(bundled("karabakh-2020"))
    [village] = g.find("near the village of Mets Taghlar")
    assert village.entry is None and village.reason and "not in the gazetteer" in village.reason
    [bridge] = g.find("at the Hakari bridge")
    assert bridge.precision.value == "unresolved" and "no coordinates" in (bridge.reason or "")


def test_a_bad_gazetteer_names_its_row() -> None:
    with pytest.raises(SchemaError, match=r"g.csv:3 lat: 'north' is not a latitude"):
        parse_gazetteer("name,alt_names,lat,lon\nA,,1,2\nB,,north,2\n", "g.csv")
    with pytest.raises(SchemaError, match="missing column"):
        parse_gazetteer("name,lat\n", "g.csv")


GEONAMES = Path(__file__).parent / "data" / "geonames_sample.txt"


def test_a_geonames_dump_is_a_gazetteer_with_its_alternate_names() -> None:
    gazetteer = read_gazetteer(GEONAMES.read_text("utf-8"), str(GEONAMES))
    found = {m.entry.name for m in gazetteer.find("Shelling was heard near Sisian and Горис.")}
    assert found == {"Hats’avan", "Goris"}
    entry = gazetteer.get("Goris")
    assert (entry.lat, entry.lon) == (39.51288, 46.33816)


def test_a_bad_geonames_row_is_named_with_its_line() -> None:
    rows = GEONAMES.read_text("utf-8").splitlines()
    cols = rows[2].split("\t")
    bad = "\n".join([rows[0], rows[1], "\t".join([*cols[:4], "north", *cols[5:]])])
    with pytest.raises(SchemaError, match=r"g\.txt:3 latitude/longitude"):
        read_gazetteer(bad, "g.txt")
    with pytest.raises(SchemaError, match=r"g\.txt:2: 3 tab-separated columns"):
        read_gazetteer(rows[0] + "\n1\tA\tB\n", "g.txt")


def test_a_header_naming_a_column_twice_is_refused() -> None:
    with pytest.raises(
        SchemaError, match=r"^g\.csv:1: column 'lat' is given twice.*columns 3 and 5"
    ):
        parse_gazetteer("name,alt_names,lat,lon,lat\nA,,1,2,3\n", "g.csv")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("A,,1,2,x", r"g\.csv:2: 5 fields; the header has 4"),
        ("A\x00,,1,2", r"g\.csv:2: holds a NUL character"),
        ("A,,91,2", r"g\.csv:2 lat: '91' is not a latitude"),
        ("A,,1,nan", r"g\.csv:2 lon: 'nan' is not a longitude"),
        ("A,,1,", r"g\.csv:2: give both lat and lon, or neither"),
        ('"A,,1,2', r"g\.csv:\d+: not a readable CSV row|g\.csv:2: 1 fields"),
    ],
)
def test_a_bad_gazetteer_row_is_refused_with_its_line(row: str, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        parse_gazetteer(f"name,alt_names,lat,lon\n{row}\n", "g.csv")


GAZETTEER = (
    Path(__file__).resolve().parents[2]
    / "src/ceasewatch/agreements/data/karabakh-2020.gazetteer.csv"
).read_text("utf-8")
GEONAMES_LINE = "\t".join(
    ["1", "Lachin", "Lachin", "Berdzor,Laçın", "39.64", "46.55", "P", "PPL", "AZ", "", "62"]
    + [""] * 8
)


def test_a_geonames_dump_holding_nul_is_refused_with_its_line() -> None:
    broken = GEONAMES_LINE.replace("Lachin", "La\x00chin", 1)
    dump = GEONAMES_LINE + "\n" + broken + "\n"
    with pytest.raises(SchemaError, match=r"^g\.txt:2: holds a NUL character"):
        read_gazetteer(dump, "g.txt")


@given(
    text=st.one_of(
        broken_csv(GAZETTEER),
        st.lists(st.one_of(st.just(GEONAMES_LINE), HOSTILE), min_size=1, max_size=3).map(
            lambda lines: "\n".join(line.replace(",", "\t") for line in lines)
        ),
    )
)
@BUDGET
def test_fuzzing_gazetteer_files(text: str) -> None:
    """Whatever a gazetteer file holds, the reader raises ceasewatch's errors only."""
    with contextlib.suppress(CeasewatchError):
        read_gazetteer(text, "fuzz.csv")


def test_an_area_row_is_known_to_its_own_precision() -> None:
    """A governorate or district row is an area wherever it is named; a town is a point."""
    rows = (
        "name,alt_names,lat,lon,kind,admin\n"
        "Northshire,Northshire province,10.5,40.5,province (admin1; centroid),\n"
        "Lowdale,,10.2,40.1,district (point: its seat),\n"
        "Millbrook,,10.1,40.2,town (district seat),\n"
    )
    gazetteer = parse_gazetteer(rows, "test.csv")
    sentence = "Shells fell in Northshire province, Lowdale and Millbrook."
    found = {m.entry.name: m.precision for m in gazetteer.find(sentence) if m.entry}
    assert found == {
        "Northshire": GeoPrecision.REGION,
        "Lowdale": GeoPrecision.DISTRICT,
        "Millbrook": GeoPrecision.EXACT,
    }


def test_a_russian_name_of_several_words_is_found_with_every_word_inflected() -> None:
    """ "у Новой Сосновки": both words change, so neither the name as written nor either
    word alone finds it; the lemmas of the words in a row do, and the longer name wins
    over the one-word name it contains."""
    from ceasewatch.extract.lang import language_pack

    rows = (
        "name,alt_names,lat,lon,kind\n"
        "Tikhaya Zavod,Тихая Заводь,48.1,38.1,village\n"
        "Novaya Sosnovka,Новая Сосновка,48.2,38.2,village\n"
        "Sosnovka,Сосновка,48.3,38.3,village\n"
    )
    gazetteer = parse_gazetteer(rows, "test.csv")
    ru = language_pack("ru")

    def found(sentence: str) -> list[tuple[str, str | None]]:
        return [(m.text, m.entry.name if m.entry else None) for m in gazetteer.find(sentence, ru)]

    assert found("Обстрел у Тихой Заводи.") == [("Тихой Заводи", "Tikhaya Zavod")]
    assert found("Мины нашли в Новой Сосновке и в Сосновке.") == [
        ("Новой Сосновке", "Novaya Sosnovka"),
        ("Сосновке", "Sosnovka"),
    ]
    assert found("Тихая Заводь под обстрелом.") == [("Тихая Заводь", "Tikhaya Zavod")]
    # words a line apart are not one name
    assert found("Обстрел у Тихой.\nЗаводи нет.") == []


@pytest.mark.parametrize(
    ("sentence", "language", "place"),
    [
        (
            "Armed men stopped an SMM patrol at a checkpoint by Novoazovsk, some 100 km south "
            "of Donetsk, and denied it passage.",
            "en",
            "Novoazovsk",
        ),
        (
            "Вооружённые люди не пропустили наблюдателей у поста близ Новоазовска, в 100 км к "
            "югу от Донецка.",
            "ru",
            "Novoazovsk",
        ),
    ],
)
def test_a_place_a_distance_is_measured_from_is_not_the_events(
    sentence: str, language: str, place: str
) -> None:
    from datetime import date

    from ceasewatch.agreements.bundled import bundled
    from ceasewatch.extract.pipeline import Extractor

    ex = Extractor(bundled("minsk-2015"), learned=False)
    claims = ex.extract("d", sentence, date(2016, 1, 1), "Wire", language=language)
    assert claims and [p.name for p in claims[0].places] == [place], claims


def test_a_name_after_a_title_is_a_person_not_a_place() -> None:
    """A person may share a place's name: after a title it is the person."""
    from ceasewatch.agreements.bundled import bundled
    from ceasewatch.extract.lang import language_pack
    from ceasewatch.extract.pipeline import Extractor

    ex = Extractor(bundled("hodeidah-2018"), learned=False)
    gazetteer, pack = ex.gazetteer, language_pack("en")
    assert [m.text for m in gazetteer.find("General Hays said the truce would hold.", pack)] == []
    assert [m.text for m in gazetteer.find("Fighting was reported in Hays.", pack)] == ["Hays"]


def _geonames_row(gid: int, name: str, alts: str, lat: float, lon: float, cls: str, code: str,
                  population: int = 0) -> str:  # fmt: skip
    """One row of a GeoNames country file (19 columns; the names are made up)."""
    cols = [str(gid), name, name, alts, str(lat), str(lon), cls, code, "XX", "", "01", "", "",
            "", str(population), "", "100", "Asia/Dubai", "2024-01-01"]  # fmt: skip
    return "\t".join(cols)


def test_a_country_file_s_features_of_one_name_yield_to_the_populated_place() -> None:
    """A country file holds streams, heights and spots named after the villages near them,
    administrative areas, and the country itself: the village holds its name whatever the
    order of the rows, the more populous of two villages first; an area is known to its own
    precision; the country's row is no place."""
    rows = [
        _geonames_row(1, "Wadi Kfar Lia", "Kfar Lia", 33.10, 35.40, "H", "STM"),
        _geonames_row(2, "Jabal Tarsa", "Tarsa", 33.20, 35.60, "T", "MT"),
        _geonames_row(3, "Kfar Lia", "", 33.15, 35.45, "P", "PPL", 800),
        _geonames_row(4, "Tarsa", "", 33.25, 35.65, "P", "PPL", 90),
        _geonames_row(5, "Tarsa", "", 34.00, 36.00, "P", "PPL", 12000),
        _geonames_row(6, "Nabra Governorate", "Nabra", 33.30, 35.50, "A", "ADM1"),
        _geonames_row(7, "Sarmatia", "", 33.50, 35.80, "A", "PCLI", 5000000),
    ]
    gazetteer = read_gazetteer("\n".join(rows) + "\n", "XX.txt")
    assert (gazetteer.get("Kfar Lia").lat, gazetteer.get("Kfar Lia").kind) == (33.15, "P.PPL")
    assert gazetteer.get("Tarsa").lat == 34.00
    found = gazetteer.find("Shelling hit Nabra and Sarmatia on Monday.")
    assert [(m.entry.name, m.precision.value) for m in found] == [("Nabra Governorate", "region")]


@pytest.mark.parametrize(
    ("said", "name", "precision"),
    [
        # a zone named after a town is the zone, where the words name it whole
        ("the Lachin corridor", "Lachin corridor (road", GeoPrecision.REGION),
        # the town by its own name, and its district by the word the pack reads
        ("Lachin", "Lachin", GeoPrecision.EXACT),
        ("Lachin district", "Lachin", GeoPrecision.DISTRICT),
    ],
)
def test_a_zone_named_after_a_town_is_the_zone_when_named_whole(
    said: str, name: str, precision: GeoPrecision
) -> None:
    [m] = places_for(bundled("karabakh-2020")).find(f"Shots were fired in {said} today.")
    assert m.entry is not None and m.entry.name.startswith(name)
    assert m.precision is precision
