"""A place spelled otherwise than any variant of the gazetteer, read by its skeleton."""

from __future__ import annotations

from datetime import date

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.gazetteer_files import parse_gazetteer
from ceasewatch.extract.lang import language_pack
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.extract.spelling import by_skeleton, skeleton
from ceasewatch.model import GeoPrecision

ROWS = (
    "name,alt_names,lat,lon,kind,admin\n"
    "Ad Durayhimi,Al-Durayhimi,14.6,43.0,town (district seat),\n"
    "Qaryat Sahil,,14.2,43.2,village,\n"
    "Marsat Kabir,,14.3,43.3,village,\n"
    "Marsad Kabeer,,14.4,43.4,village,\n"  # another place with Marsat Kabir's skeleton
)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ad Durayhimi", "Durihamy"),  # the article, the vowels
        ("Al-Durayhimi", "Duraihimi"),
        ("Tuhayta", "At Tuhaiyta"),
        ("Hodeidah", "Hudaydah"),
        ("Zabid", "Zabeed"),  # a doubled letter
        ("Mardakert", "Martakert"),  # a voiced consonant for a voiceless one
        ("Şuşa", "Susa"),  # a diacritic
        ("Бейт-эль-Факих", "Бейт эль Факих"),
        # a Cyrillic name and a Latin one ("х" is the "h" or "kh" of Latin spellings)
        ("Дурейхими", "Ad Durayhimi"),
        ("Ходейда", "Hudaydah"),
        ("Khodeida", "Hodeidah"),
        ("Жданово", "Zhdanovo"),  # a Cyrillic letter of two Latin ones, voiced or not
    ],
)
def test_spellings_of_one_name_share_a_skeleton(one: str, other: str) -> None:
    assert skeleton(one) == skeleton(other)


@pytest.mark.parametrize(("one", "other"), [("Zabid", "Zubair"), ("Horlivka", "Hirske")])
def test_other_names_do_not(one: str, other: str) -> None:
    assert skeleton(one) != skeleton(other)


def test_a_skeleton_two_places_share_reads_as_neither() -> None:
    table = by_skeleton([("Marsat Kabir", "a"), ("Marsad Kabeer", "b"), ("Qaryat Sahil", "c")])
    assert table[skeleton("Marsat Kabir")] is None
    assert table[skeleton("Qaryat Sahil")] == "c"


def test_a_name_marked_as_a_place_is_read_by_its_skeleton() -> None:
    gazetteer = parse_gazetteer(ROWS, "test.csv")
    [district] = gazetteer.find("Shells hit the Durihamy district overnight.")
    assert district.entry is not None and district.entry.name == "Ad Durayhimi"
    assert district.text == "Durihamy"
    assert district.precision is GeoPrecision.DISTRICT
    assert district.reason and "Durihamy" in district.reason
    [village] = gazetteer.find("Shells hit the village of Karyat Saahil overnight.")
    assert village.entry is not None and village.entry.name == "Qaryat Sahil"
    # two places share the skeleton: the name stays unresolved, with its reason
    [unknown] = gazetteer.find("Shells hit the village of Marsaat Kabir overnight.")
    assert unknown.entry is None and unknown.precision is GeoPrecision.UNRESOLVED
    # a name no place word marks is never guessed
    assert gazetteer.find("Durihamy said the shelling went on.") == []


def test_a_russian_name_finds_a_place_known_only_in_latin_letters() -> None:
    gazetteer = parse_gazetteer(ROWS, "test.csv")
    [village] = gazetteer.find("Снаряды попали в село Карьят Сахиль.", language_pack("ru"))
    assert village.entry is not None and village.entry.name == "Qaryat Sahil"


def test_the_claim_says_its_place_was_read_by_spelling() -> None:
    rules = Extractor(bundled("hodeidah-2018"), learned=False)
    claims = rules.extract(
        "s", "The coalition fired 30 shells on the Durihamy district on Sunday.", date(2019, 3, 4)
    )
    [claim] = [c for c in claims if c.family.value == "ceasefire_violation"]
    assert [p.name for p in claim.places] == ["Ad Durayhimi"]
    assert any("read as Ad Durayhimi" in b for b in claim.basis)
