"""The places an extractor finds for an agreement: its gazetteer and its own zones.

An agreement names its gazetteer (a file next to it: a CSV of name, alt_names, lat, lon,
kind, admin, or a GeoNames dump); a workspace stores gazetteers by name, and a user may
give one on the command line. To whichever is used, the agreement's zones are added as
places, by their names and aliases: a checkpoint, a port, a corridor named in a statement
is found, at the zone's point (a line's or an area's representative point).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from ceasewatch.extract.gazetteer import Entry, Gazetteer, read_gazetteer
from ceasewatch.model.agreement import Agreement, Zone, ZoneKind

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
        if g["type"] == "Point":
            lon, lat = g["coordinates"]
        else:
            p = zone_shape(z).representative_point()
            lon, lat = p.x, p.y
        entry = Entry(z.name, float(lat), float(lon), _KIND.get(z.kind, z.kind.value), "")
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
    gazetteer) or else the bundled file the agreement names, with the zones added. With
    no agreement and no text, a gazetteer that knows no place."""
    key = (id(agreement), hash(text))
    found = _CACHE.get(key)
    if found is not None and found[0] is agreement and found[1] == text:
        return found[2]
    if text is None and agreement is not None:
        bundled = bundled_gazetteer_text(agreement)
        if bundled is not None:
            file, text = bundled
    base = read_gazetteer(text, file) if text is not None else Gazetteer({})
    g = base
    if agreement is not None:
        # a zone named after a place the gazetteer knows ("X district") is left to it:
        # the gazetteer's entry, and the words around it, place it better
        zones = {n: e for n, e in zone_entries(agreement).items() if not base.names_in(n)}
        g = base.merged(zones)
    if len(_CACHE) >= 16:
        _CACHE.clear()
    _CACHE[key] = (agreement, text, g)
    return g
