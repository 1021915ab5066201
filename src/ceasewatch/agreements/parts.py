"""The parts of an agreement file that stand on their own: dates and anchors, zones and
their geometry, missions with their terms, restrictions, and the agreement's area. The
loader (``loader.py``) reads the file's top level, parties and provisions with them."""

from __future__ import annotations

from datetime import date
from typing import Any

from ceasewatch.agreements.checker import Checker
from ceasewatch.agreements.crosscheck import EFFECTIVE
from ceasewatch.geo import zones as geo
from ceasewatch.model.agreement import (
    Amendment,
    Basis,
    MandateTask,
    MandateTaskKind,
    Mission,
    Restriction,
    Term,
    When,
    Zone,
    ZoneKind,
)


def read_area(c: Checker, value: Any) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    ok = (
        isinstance(value, list)
        and len(value) == 4
        and all(isinstance(x, int | float) and not isinstance(x, bool) for x in value)
    )
    if ok:
        w, s, e, n = (float(x) for x in value)
        ok = -180 <= w < e <= 180 and -90 <= s < n <= 90
    if not ok:
        c.fail("area", value, "should be [west, south, east, north] in degrees (lon, lat)")
        return None
    return (w, s, e, n)


def read_when(c: Checker, value: Any, path: str) -> When | None:
    """A date, 'effective', or {date | after+days, amended}."""
    if value == EFFECTIVE:
        return When(anchor=EFFECTIVE, days=0)
    if not isinstance(value, dict):
        day = c.date_value(value, path)
        return When(on=day) if day else None
    f = c.fields(value, path, ("date", "after", "days", "amended", "from"))
    on = c.date(f, "date", path, required=False)
    anchor = c.text(f, "after", path, required=False)
    days = c.integer(f, "days", path, required=False)
    counts_from = c.text(f, "from", path, required=False)
    if (on is None) == (anchor is None):
        c.fail(path, None, "should give either a date or 'after' (with 'days'), not both or none")
        return None
    if counts_from is not None and (
        counts_from not in ("deadline", "done") or anchor in (None, EFFECTIVE)
    ):
        c.fail(
            f"{path}.from",
            counts_from,
            "should be 'deadline' or 'done', and only after another obligation",
        )
    amendments = []
    for i, a in enumerate(c.items(f, "amended", path, required=False)):
        apath = f"{path}.amended[{i}]"
        af = c.fields(a, apath, ("deadline", "agreed", "note"))
        new = c.date(af, "deadline", apath)
        if new:
            amendments.append(
                Amendment(
                    new,
                    c.date(af, "agreed", apath, required=False),
                    c.text(af, "note", apath, required=False),
                )
            )
    return When(on, anchor, days if anchor else None, tuple(amendments), counts_from)


def read_coords(c: Checker, value: Any, path: str, minimum: int) -> list[list[float]] | None:
    ok = (
        isinstance(value, list)
        and len(value) >= minimum
        and all(
            isinstance(p, list)
            and len(p) == 2
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in p)
            for p in value
        )
    )
    if not ok:
        c.fail(path, value, f"should be a list of at least {minimum} [lon, lat] pairs")
        return None
    return [[float(x), float(y)] for x, y in value]


def read_zone(c: Checker, obj: Any, path: str) -> Zone | None:
    f = c.fields(
        obj,
        path,
        (
            "id",
            "kind",
            "name",
            "line",
            "point",
            "polygon",
            "width_km",
            "radius_km",
            "approximate",
            "sources",
            "note",
            "aliases",
        ),
    )
    zid, kind, name = (
        c.text(f, "id", path),
        c.choice(f, "kind", path, ZoneKind),
        c.text(f, "name", path),
    )
    forms = [k for k in ("line", "point", "polygon") if f.get(k) is not None]
    geometry: dict[str, Any] | None = None
    if len(forms) != 1:
        c.fail(path, None, "should give exactly one of line, point or polygon ([lon, lat] pairs)")
    elif forms[0] == "line":
        line = read_coords(c, f["line"], f"{path}.line", 2)
        geometry = {"type": "LineString", "coordinates": line} if line else None
    elif forms[0] == "point":
        pt = read_coords(c, [f["point"]], f"{path}.point", 1)
        geometry = {"type": "Point", "coordinates": pt[0]} if pt else None
    else:
        ring = read_coords(c, f["polygon"], f"{path}.polygon", 3)
        if ring and ring[0] != ring[-1]:
            ring.append(list(ring[0]))
        geometry = {"type": "Polygon", "coordinates": [ring]} if ring else None
    if geometry is not None:
        for problem in geo.problems(geometry):
            c.fail(f"{path}.{forms[0]}", None, problem)
    width = c.number(f, "width_km", path, required=False)
    radius = c.number(f, "radius_km", path, required=False)
    if kind is ZoneKind.CORRIDOR and forms == ["line"] and width is None:
        c.fail(f"{path}.width_km", None, "is missing; a corridor given as a line needs a width")
    if width is not None and forms != ["line"]:
        c.fail(f"{path}.width_km", width, "only applies to a zone given as a line")
    if radius is not None and forms != ["point"]:
        c.fail(f"{path}.radius_km", radius, "only applies to a zone given as a point")
    if not (zid and kind and name and geometry):
        return None
    return Zone(
        zid,
        kind,
        name,
        geometry,
        width,
        radius,
        c.boolean(f, "approximate", path, True),
        c.texts(f, "sources", path),
        c.text(f, "note", path, required=False),
        c.texts(f, "aliases", path),
    )


def read_mission(c: Checker, obj: Any, path: str, effective: date | None) -> Mission | None:
    """A mission. What an agreement may leave open may be left out: with no
    ``contributor`` the mission answers for itself (its id stands in); with no
    ``strength`` there is no cap to check; with no ``term`` it is deployed from the day
    the agreement takes effect (*effective*) until further notice; with no ``mandate`` no
    task is its own."""
    f = c.fields(
        obj,
        path,
        (
            "id",
            "name",
            "contributor",
            "kind",
            "strength",
            "strength_is_cap",
            "term",
            "mandate",
            "area",
            "armed",
            "provision",
            "note",
            "aliases",
        ),
    )
    mid, name, kind = c.text(f, "id", path), c.text(f, "name", path), c.text(f, "kind", path)
    contributor = c.text(f, "contributor", path, required=False) or mid
    strength: dict[str, int] = {}
    s = f.get("strength")
    if s is not None and not isinstance(s, dict):
        c.fail(f"{path}.strength", s, "should map each category to a number, e.g. personnel: 1960")
    elif s:
        for k in s:
            n = c.integer(s, k, f"{path}.strength")
            if n is not None:
                strength[str(k)] = n
    if f.get("term") is not None:
        term = read_term(c, f.get("term"), f"{path}.term")
    else:
        term = Term(effective) if effective is not None else None
    mandate = []
    for i, t in enumerate(c.items(f, "mandate", path, required=False)):
        tpath = f"{path}.mandate[{i}]"
        tf = c.fields(t, tpath, ("task", "provision", "basis", "note"))
        task = c.choice(tf, "task", tpath, MandateTaskKind)
        basis = c.choice(tf, "basis", tpath, Basis, required=False, default=Basis.TEXT)
        if task and basis:
            mandate.append(
                MandateTask(
                    task,
                    c.text(tf, "provision", tpath, required=False),
                    basis,
                    c.text(tf, "note", tpath, required=False),
                )
            )
    if not (mid and name and contributor and kind and term):
        return None
    return Mission(
        mid,
        name,
        contributor,
        kind,
        strength,
        term,
        tuple(mandate),
        c.text(f, "area", path, required=False),
        c.boolean(f, "armed", path, True),
        c.boolean(f, "strength_is_cap", path, True),
        c.text(f, "provision", path, required=False),
        c.text(f, "note", path, required=False),
        c.texts(f, "aliases", path),
    )


def read_term(c: Checker, obj: Any, path: str) -> Term | None:
    f = c.fields(
        obj,
        path,
        (
            "start",
            "years",
            "months",
            "extension_years",
            "extension_months",
            "notice_months",
            "end",
        ),
    )
    if not f:
        if obj == {}:
            c.fail(path, None, "is empty; give at least the term's start (or leave the term out)")
        return None
    start = c.date(f, "start", path)
    years = c.integer(f, "years", path, required=False, lo=1)
    months = c.integer(f, "months", path, required=False, lo=1)
    ext_years = c.integer(f, "extension_years", path, required=False, lo=1)
    ext_months = c.integer(f, "extension_months", path, required=False, lo=1)
    notice = c.integer(f, "notice_months", path, required=False, lo=1)
    end = c.date(f, "end", path, required=False)
    if start is None:
        return None
    if end is not None and end < start:
        c.fail(f"{path}.end", end.isoformat(), f"is before the term's start, {start}")
    return Term(start, years, months, ext_years, ext_months, notice, end)


def read_restriction(c: Checker, obj: Any, path: str) -> Restriction | None:
    f = c.fields(
        obj,
        path,
        (
            "id",
            "kind",
            "categories",
            "provision",
            "basis",
            "zones",
            "parties",
            "note",
            "within_km",
            "start",
        ),
    )
    rid, kind, provision = (
        c.text(f, "id", path),
        c.text(f, "kind", path),
        c.text(f, "provision", path),
    )
    basis = c.choice(f, "basis", path, Basis)
    categories = c.texts(f, "categories", path)
    if kind and kind not in ("cargo", "activity"):
        c.fail(f"{path}.kind", kind, "is not one of: cargo, activity")
    if not categories:
        c.fail(f"{path}.categories", None, "should list at least one category")
    within: dict[str, float] = {}
    raw = f.get("within_km")
    if raw is not None:
        if not isinstance(raw, dict):
            c.fail(f"{path}.within_km", raw, "should map categories to distances in km")
        else:
            for cat, km in raw.items():
                if cat not in categories:
                    c.fail(f"{path}.within_km.{cat}", cat, "is not one of the categories")
                elif isinstance(km, bool) or not isinstance(km, int | float) or km <= 0:
                    c.fail(f"{path}.within_km.{cat}", km, "should be a positive number of km")
                else:
                    within[str(cat)] = float(km)
    start = read_when(c, f["start"], f"{path}.start") if f.get("start") is not None else None
    if not (rid and kind and provision and basis and categories):
        return None
    return Restriction(
        rid,
        kind,
        categories,
        provision,
        basis,
        c.texts(f, "zones", path),
        c.texts(f, "parties", path),
        c.text(f, "note", path, required=False),
        within,
        start,
    )
