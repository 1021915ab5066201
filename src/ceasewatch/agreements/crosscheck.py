"""The checks of an agreement that span its parts: references that resolve, ids that are
unique, deadlines that do not wait on each other; and the warnings of points that lie far
from the agreement's area (latitude and longitude swapped, a sign lost)."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from math import cos, radians, sqrt
from typing import Any

from ceasewatch.agreements.checker import Checker
from ceasewatch.errors import Problem
from ceasewatch.model import default_taxonomy
from ceasewatch.model.agreement import Agreement

EFFECTIVE = "effective"
OUTLIER_KM = 1000.0  # with no declared area, a point this far from the others is suspect


def cross_check(c: Checker, a: Agreement) -> None:
    """References between parts: ids unique, every reference resolves, no anchor loops."""

    def unique(kind: str, path: str, ids: list[str]) -> set[str]:
        seen: set[str] = set()
        for i, x in enumerate(ids):
            if x in seen:
                c.fail(f"{path}[{i}]", x, f"repeats the {kind} id")
            seen.add(x)
        return seen

    codes = set(default_taxonomy().types)
    texts = unique("text", "texts", [t.id for t in a.texts])
    parties = unique("party", "parties", [p.id for p in a.parties])
    zones = unique("zone", "zones", [z.id for z in a.zones])
    numbers = unique("provision", "provisions", [p.number for p in a.provisions])
    obligations = {o.id: o for _, o in a.obligations()}
    missions = unique("mission", "missions", [m.id for m in a.missions])
    for i, p in enumerate(a.provisions):
        path = f"provisions[{i}]"
        if p.text_version not in texts:
            c.fail(f"{path}.text", p.text_version, f"is not a text id; texts are {sorted(texts)}")
        for j, o in enumerate(p.obligations):
            opath = f"{path}.obligations[{j}]"
            if o.party not in parties:
                c.fail(
                    f"{opath}.party", o.party, f"is not a party id; parties are {sorted(parties)}"
                )
            for k, z in enumerate(o.zones):
                if z not in zones:
                    c.fail(f"{opath}.zones[{k}]", z, "is not a zone id")
            for label, when in (("start", o.start), ("deadline", o.deadline)):
                if (
                    when
                    and when.anchor
                    and when.anchor != EFFECTIVE
                    and when.anchor not in obligations
                ):
                    c.fail(
                        f"{opath}.{label}.after",
                        when.anchor,
                        "is neither 'effective' nor an obligation id",
                    )
    for n, declared in enumerate(a.kinds):
        for j, code in enumerate(declared.shown_by):
            if code not in codes:
                c.fail(f"kinds[{n}].shown_by[{j}]", code, "is not an event type of the taxonomy")
    for i, x in enumerate(a.actors):
        if x.party is not None and x.party not in parties:
            c.fail(
                f"actors[{i}].party", x.party, f"is not a party id; parties are {sorted(parties)}"
            )
        if x.mission is not None and x.mission not in missions:
            c.fail(f"actors[{i}].mission", x.mission, "is not a mission id")
    for oid in obligations:
        chain, at = [oid], obligations[oid]
        while at.deadline and at.deadline.anchor and at.deadline.anchor in obligations:
            nxt = at.deadline.anchor
            if nxt in chain:
                c.fail("provisions", oid, f"has deadlines that depend on each other: {chain}")
                break
            chain.append(nxt)
            at = obligations[nxt]
    for i, m in enumerate(a.missions):
        path = f"missions[{i}]"
        if m.area and m.area not in zones:
            c.fail(f"{path}.area", m.area, "is not a zone id")
        if m.provision and m.provision not in numbers:
            c.fail(f"{path}.provision", m.provision, "is not a provision number")
        for j, t in enumerate(m.mandate):
            if t.provision and t.provision not in numbers:
                c.fail(f"{path}.mandate[{j}].provision", t.provision, "is not a provision number")
    for i, r in enumerate(a.restrictions):
        path = f"restrictions[{i}]"
        if r.provision not in numbers:
            c.fail(f"{path}.provision", r.provision, "is not a provision number")
        for k, z in enumerate(r.zones):
            if z not in zones:
                c.fail(f"{path}.zones[{k}]", z, "is not a zone id")
        for k, pid in enumerate(r.parties):
            if pid not in parties:
                c.fail(f"{path}.parties[{k}]", pid, "is not a party id")
        anchor = r.start.anchor if r.start is not None else None
        if anchor not in (None, EFFECTIVE) and anchor not in {o.id for _, o in a.obligations()}:
            c.fail(f"{path}.start.after", anchor, "is not an obligation id")


def _points(a: Agreement) -> Iterator[tuple[str, float, float]]:
    """(path, lon, lat) of every coordinate of every zone."""
    for i, z in enumerate(a.zones):
        g: dict[str, Any] = dict(z.geometry)
        kind = g["type"]
        if kind == "Point":
            lon, lat = g["coordinates"]
            yield f"zones[{i}].point", lon, lat
        elif kind == "LineString":
            for j, (lon, lat) in enumerate(g["coordinates"]):
                yield f"zones[{i}].line[{j}]", lon, lat
        else:
            ring = g["coordinates"][0]
            for j, (lon, lat) in enumerate(ring[:-1] if ring[0] == ring[-1] else ring):
                yield f"zones[{i}].polygon[{j}]", lon, lat


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    dx = (lon2 - lon1) * cos(radians((lat1 + lat2) / 2)) * 111.32
    return sqrt(dx * dx + ((lat2 - lat1) * 110.57) ** 2)


def outside(c: Checker, a: Agreement) -> list[Problem]:
    """Warnings for points outside the declared ``area``; with none declared, for points
    more than ``OUTLIER_KM`` from the median of the file's points."""
    points = list(_points(a))
    out: list[Problem] = []

    def warn(path: str, lon: float, lat: float, why: str) -> None:
        out.append(Problem(c.file, c.src.line(path), path, f"[{lon}, {lat}]", why))

    if a.area is not None:
        w, s, e, n = a.area
        for path, lon, lat in points:
            if not (w <= lon <= e and s <= lat <= n):
                warn(
                    path,
                    lon,
                    lat,
                    f"lies outside the agreement's area {list(a.area)}; "
                    "are longitude and latitude swapped? (points are [lon, lat])",
                )
        return out
    if len(points) < 3:
        return out
    mlon = statistics.median(p[1] for p in points)
    mlat = statistics.median(p[2] for p in points)
    for path, lon, lat in points:
        if _km(lon, lat, mlon, mlat) > OUTLIER_KM:
            warn(
                path,
                lon,
                lat,
                f"lies more than {OUTLIER_KM:.0f} km from the file's other "
                "points; are longitude and latitude swapped? (points are [lon, lat])",
            )
    return out


def unnamed(c: Checker, a: Agreement) -> list[Problem]:
    """Warnings for parties and missions with no aliases: the extractor finds them in a text
    by their names and aliases (and a country's side by what the language packs call it),
    and news seldom writes a party's formal name."""
    out: list[Problem] = []
    why = (
        "has no aliases: texts are read for it by its name alone (a party that is a "
        "country also by its adjective, people and capital); list the names the sides, "
        "the mission and the media use, in each language of the news"
    )
    named: list[tuple[str, str, tuple[str, ...]]] = [
        *((f"parties[{i}]", p.name, p.aliases) for i, p in enumerate(a.parties)),
        *((f"missions[{i}]", m.name, m.aliases) for i, m in enumerate(a.missions)),
    ]
    for path, name, aliases in named:
        if not aliases:
            out.append(Problem(c.file, c.src.line(path), path, name, why))
    return out


def placeless(c: Checker, a: Agreement) -> list[Problem]:
    """A warning for an agreement that names no gazetteer: the extractor then places an event
    among the world's populated places where the agreement lies (towns and villages, not a
    district, a checkpoint or a road), or, with no area, zone or party that is a country to
    tell where that is, only where the text names one of the agreement's zones."""
    from ceasewatch.geo.world import agreement_area

    if a.gazetteer:
        return []
    area, countries = agreement_area(a)
    if area is not None or countries:
        towns = " and the towns of " + ", ".join(countries) if countries else ""
        where = (
            "in its area"
            if a.area is not None
            else "around its zones" + towns
            if area is not None
            else "in " + ", ".join(countries)
        )
        why = (
            f"no gazetteer: places in texts are found among GeoNames' populated places {where} "
            "(towns and villages; no district, checkpoint, road or mine); a gazetteer of "
            "the theatre places better: name a CSV of places beside it (gazetteer: FILE); "
            "'ceasewatch gazetteer draft' writes one to start from"
        )
    else:
        why = (
            "no gazetteer, and no area, zone or party that is a country to tell where the "
            "agreement lies: places in texts stay unresolved; give its area "
            "([min lon, min lat, max lon, max lat]) or name a gazetteer (gazetteer: FILE)"
        )
    return [Problem(c.file, c.src.line("id"), "gazetteer", None, why)]
