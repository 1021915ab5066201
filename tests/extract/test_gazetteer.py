"""Place names, their variants and the precision the words around them give."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.errors import SchemaError
from ceasewatch.extract.gazetteer import parse_gazetteer, read_gazetteer
from ceasewatch.extract.places import places_for


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
    with pytest.raises(SchemaError, match=r"g.csv:3 lat/lon"):
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
