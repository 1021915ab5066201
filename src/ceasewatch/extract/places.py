"""The places an extractor finds for an agreement: its gazetteer and its own zones.

An agreement names its gazetteer (a file next to it: a CSV of name, alt_names, lat, lon,
kind, admin, or a GeoNames dump); a workspace stores gazetteers by name, and a user may
give one on the command line. To whichever is used, the agreement's zones are added as
places, by their names and aliases: a checkpoint, a port, a corridor named in a statement
is found, at the zone's point (a line's or an area's representative point).

An agreement with no gazetteer at all (a file a user has just written) is read with the
world's populated places inside its ``area``, else around its zones and in its parties'
countries' towns, else in its parties' countries (``geo.world``, GeoNames): a place many
share a name with is the one nearest the agreement's zones, then the most populous. A
curated gazetteer places better (docs/agreements.md): a town's districts, checkpoints,
mines and roads are no populated places.
"""

from __future__ import annotations

import csv
import io
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

from ceasewatch.extract.gazetteer import ABROAD, Entry, Gazetteer
from ceasewatch.extract.gazetteer_files import read_gazetteer
from ceasewatch.model.agreement import Agreement, Zone, ZoneKind

if TYPE_CHECKING:
    from ceasewatch.geo.world import WorldPlace

WORLD_KIND = "populated place (GeoNames)"
_NEAR = 0.25  # degrees: places of one name this much nearer the zones come first
_MOST_PLACES = 20_000  # of a country or an area, the most populous
# a Russian name that is an adjective of the kind the gazetteer looks up in lower case by
# its lemma ("донской" of a river, "майский" of May): a common word then names the place
# only next to a place word; a name that is a common noun ("Лиман") is looked up only
# where it is capitalised, as a name
_ADJECTIVE = re.compile(r"^[А-ЯЁ][а-яё]+ск(?:ий|ой|ое|ая|ие)$")

# words that make a zone's name a description rather than a name ("Line of contact on ...")
_MAX_NAME_WORDS = 4
_KIND = {
    ZoneKind.CHECKPOINT: "checkpoint",
    ZoneKind.SITE: "site",
    ZoneKind.DISTRICT: "district",
    ZoneKind.CORRIDOR: "corridor",
}


def _names(z: Zone) -> list[str]:
    short = z.name.split(" (")[0].strip()
    names = [short] if len(short.split()) <= _MAX_NAME_WORDS else []
    return [n for n in (*names, *z.aliases) if len(n) > 2]


def zone_entries(agreement: Agreement) -> dict[str, Entry]:
    """Each zone's names and aliases -> an entry at the zone's point."""
    from ceasewatch.geo.measure import zone_shape

    out: dict[str, Entry] = {}
    for z in agreement.zones:
        names = _names(z)
        if not names:
            continue
        g: dict[str, Any] = dict(z.geometry)
        kind = _KIND.get(z.kind, z.kind.value)
        if g["type"] == "Point":
            lon, lat = g["coordinates"]
        else:
            p = zone_shape(z).representative_point()
            lon, lat = p.x, p.y
            # a line or an area is a region, not the spot of an event: its point stands for
            # all of it, and a town or a district named beside it places better
            kind = f"region ({kind})"
        entry = Entry(z.name, float(lat), float(lon), kind, "")
        for n in names:
            out.setdefault(n, entry)
    return out


def bundled_gazetteer_text(agreement: Agreement) -> tuple[str, str] | None:
    """(file, text) of the gazetteer a bundled agreement names, when the package has it."""
    if not agreement.gazetteer or "/" in agreement.gazetteer:
        return None
    path = resources.files("ceasewatch.agreements").joinpath(f"data/{agreement.gazetteer}")
    if not path.is_file():
        return None
    return agreement.gazetteer, path.read_text("utf-8")


_CACHE: dict[tuple[int, int], tuple[Agreement | None, str | None, Gazetteer]] = {}


def places_for(
    agreement: Agreement | None, text: str | None = None, file: str = "gazetteer"
) -> Gazetteer:
    """The gazetteer to read an agreement's texts with: *text* (a stored or given
    gazetteer), else the bundled file the agreement names, else, for an agreement that
    names none, the world's places where it lies (``world_gazetteer``); with the zones
    added. With no agreement and no text, or a gazetteer named but not at hand, a gazetteer
    that knows no place (the agreement's zones aside)."""
    key = (id(agreement), hash(text))
    found = _CACHE.get(key)
    if found is not None and found[0] is agreement and found[1] == text:
        return found[2]
    if text is None and agreement is not None:
        bundled = bundled_gazetteer_text(agreement)
        if bundled is not None:
            file, text = bundled
    if text is not None:
        base = read_gazetteer(text, file)
    elif agreement is not None and not agreement.gazetteer:
        # with the world's places, the world beyond the theatre: where the talks are held
        base = world_gazetteer(agreement)
        base = base.merged(abroad_entries(agreement, base), exact=True)
    else:
        base = Gazetteer({})  # none, or one the agreement names that is not at hand
    g = base
    if agreement is not None:
        # a zone named as the gazetteer names a place ("X", "X district") is left to it:
        # the gazetteer's entry, and the words around it, place it better; a zone named
        # after a place ("X Strip", "X corridor") is the zone
        zones = {n: e for n, e in zone_entries(agreement).items() if not base.reads(n)}
        g = base.merged(zones)
    if len(_CACHE) >= 16:
        _CACHE.clear()
    _CACHE[key] = (agreement, text, g)
    return g


def world_rows(
    agreement: Agreement,
) -> list[tuple[WorldPlace, tuple[str, ...], tuple[str, ...]]]:
    """The world's populated places where an agreement's places lie
    (``geo.world.agreement_area``), the one a name is read as first: those nearest the
    agreement's zones, then the most populous. Each with the names a Latin or Cyrillic text
    may give it, but a party's own name or country, and the Russian ones among them that
    are also common adjectives (``_ADJECTIVE``), which name the place only next to a place
    word."""
    from ceasewatch.extract.lang.morph import common_word
    from ceasewatch.geo.world import agreement_area, world_places

    area, countries = agreement_area(agreement)
    places = world_places(area, countries)[:_MOST_PLACES]
    if places and agreement.zones:
        from shapely.geometry import Point
        from shapely.ops import unary_union

        from ceasewatch.geo.measure import zone_shape

        zones = unary_union([zone_shape(z) for z in agreement.zones])
        # stable: within a band of distance the most populous stays first
        places.sort(key=lambda p: round(zones.distance(Point(p.lon, p.lat)) / _NEAR))
    # a party's own name is no place even where a village shares it (a country's); its
    # other names may be (a capital is a place as well as its government's voice)
    parties = _party_names(agreement)
    out = []
    for p in places:
        names = tuple(n for n in p.names if n.lower() not in parties)
        if names:
            common = tuple(n for n in names if _ADJECTIVE.search(n) and common_word(n))
            out.append((p, names, common))
    return out


def _party_names(agreement: Agreement) -> set[str]:
    """The parties' own names and countries, in lower case: no place's names."""
    return {n.lower() for p in agreement.parties for n in (p.name, p.country) if n}


def world_gazetteer(agreement: Agreement) -> Gazetteer:
    """The gazetteer of ``world_rows``: a name is the first row's that has it; a place is
    called by its first name a text may use (GeoNames' own may be too short). The towns
    beyond the agreement's area are found by their names as written, never by their
    spelling: "Rajouri" is the village by the line GeoNames spells "Rajaori", not a town of
    the same skeleton across the country."""
    from ceasewatch.geo.world import agreement_area, within

    entries: dict[str, Entry] = {}
    named_only: set[str] = set()
    far: set[str] = set()  # the names of the towns beyond the agreement's area
    area, _ = agreement_area(agreement)
    for p, names, common in world_rows(agreement):
        entry = Entry(names[0], p.lat, p.lon, WORLD_KIND, p.country)
        for n in names:
            entries.setdefault(n, entry)
        named_only.update(common)
        if area is not None and not within(area, p.lon, p.lat):
            far.update(names)
    return Gazetteer(entries, frozenset(named_only), frozenset(far))


def abroad_entries(agreement: Agreement, base: Gazetteer) -> dict[str, Entry]:
    """The capitals and great cities of the world beyond an agreement's theatre
    (``geo.world.venues``) that *base* does not name: where its talks and summits are held.
    A party's own name is none of them."""
    from ceasewatch.geo.world import venues

    parties = _party_names(agreement)
    out: dict[str, Entry] = {}
    for p in venues():
        names = [n for n in p.names if n not in out and n.lower() not in parties]
        if not names or base.names_in(p.name):
            continue
        entry = Entry(names[0], p.lat, p.lon, ABROAD, p.country)
        out.update(dict.fromkeys(names, entry))
    return out


def draft_gazetteer(agreement: Agreement) -> tuple[str, int]:
    """``world_rows`` as a gazetteer CSV (name, alt_names, lat, lon, kind, admin,
    named_only, population, source_url) for a user to correct and complete, which reads
    back to the gazetteer the agreement is read with while it has none; and its rows."""
    rows = world_rows(agreement)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["name", "alt_names", "lat", "lon", "kind", "admin", "named_only", "population"]
    writer.writerow([*header, "source_url"])
    written = 0
    for p, names, common in rows:
        if any(";" in n for n in names):  # the column's separator: (never seen)
            continue
        written += 1
        writer.writerow(
            [
                names[0],
                ";".join(names[1:]),
                p.lat,
                p.lon,
                WORLD_KIND,
                p.country,
                ";".join(common),
                p.population,
                f"https://www.geonames.org/{p.geonameid}/",
            ]
        )
    return buffer.getvalue(), written
