"""Agreement files: read, check everything at once, build the model.

Every problem is reported with file, line and path, for example
``karabakh.yaml:42 provisions[5].obligations[0].deadline: '2020-13-01' is not a date``;
an agreement is built only when there are none. See docs/agreements.md for the format.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from ceasewatch.agreements.checker import Checker
from ceasewatch.agreements.yamlsource import read_yaml
from ceasewatch.errors import Invalid
from ceasewatch.geo import zones as geo
from ceasewatch.model import Party
from ceasewatch.model.agreement import (
    Agreement,
    Amendment,
    Basis,
    MandateTask,
    MandateTaskKind,
    Mission,
    Obligation,
    ObligationKind,
    Provision,
    Restriction,
    Term,
    TextKind,
    TextVersion,
    When,
    Zone,
    ZoneKind,
)

TOP = (
    "id",
    "title",
    "signed",
    "effective",
    "timezone",
    "illustrative",
    "note",
    "texts",
    "parties",
    "provisions",
    "zones",
    "missions",
    "restrictions",
)
EFFECTIVE = "effective"


@lru_cache(maxsize=32)
def parsed_agreement(text: str, file: str) -> Agreement:
    """``load_agreement``, once per text: parsing checks the whole file, which costs more
    than a web request's other work. (An Agreement is frozen, so one may be shared.)"""
    return load_agreement(text, file)


def load_agreement(text: str, file: str) -> Agreement:
    """Parse and check an agreement file's text; raise ``Invalid`` listing every problem."""
    src = read_yaml(text, file)
    c = Checker(src, file)
    agreement = _agreement(c, src.data)
    if c.problems or agreement is None:
        c.problems.sort(key=lambda p: (p.row or 0, p.field or ""))
        raise Invalid(c.problems, file=file)
    return agreement


def _agreement(c: Checker, data: Any) -> Agreement | None:
    if data is None:
        c.fail("", None, "the file is empty; expected an agreement (id, title, parties, ...)")
        return None
    top = c.fields(data, "", TOP)
    if not top:
        return None
    aid = c.text(top, "id", "")
    title = c.text(top, "title", "")
    signed = c.date(top, "signed", "")
    effective = c.moment(top, "effective", "")
    timezone = c.text(top, "timezone", "")
    texts = [_text(c, t, f"texts[{i}]") for i, t in enumerate(c.items(top, "texts", ""))]
    parties = [_party(c, p, f"parties[{i}]") for i, p in enumerate(c.items(top, "parties", ""))]
    provisions = [
        _provision(c, p, f"provisions[{i}]") for i, p in enumerate(c.items(top, "provisions", ""))
    ]
    zones = [
        _zone(c, z, f"zones[{i}]") for i, z in enumerate(c.items(top, "zones", "", required=False))
    ]
    missions = [
        _mission(c, m, f"missions[{i}]")
        for i, m in enumerate(c.items(top, "missions", "", required=False))
    ]
    restrictions = [
        _restriction(c, r, f"restrictions[{i}]")
        for i, r in enumerate(c.items(top, "restrictions", "", required=False))
    ]
    if not texts:
        c.fail("texts", None, "should list at least one text of the agreement")
    if not parties:
        c.fail("parties", None, "should list at least one party")
    # Cross-references are checked even when other parts have problems, so that one run
    # reports everything; stand-ins fill missing top-level fields for that check only.
    agreement = Agreement(
        id=aid or "?",
        title=title or "?",
        signed=signed or date.min,
        effective=effective or datetime.min.replace(tzinfo=UTC),
        timezone=timezone or "UTC",
        texts=tuple(t for t in texts if t),
        parties=tuple(p for p in parties if p),
        provisions=tuple(p for p in provisions if p),
        zones=tuple(z for z in zones if z),
        missions=tuple(m for m in missions if m),
        restrictions=tuple(r for r in restrictions if r),
        illustrative=c.boolean(top, "illustrative", "", False),
        note=c.text(top, "note", "", required=False),
    )
    _cross_check(c, agreement)
    return None if c.problems else agreement


def _text(c: Checker, obj: Any, path: str) -> TextVersion | None:
    f = c.fields(obj, path, ("id", "language", "kind", "source", "url", "note"))
    tid, lang = c.text(f, "id", path), c.text(f, "language", path)
    kind, source = c.choice(f, "kind", path, TextKind), c.text(f, "source", path)
    if not (tid and lang and kind and source):
        return None
    return TextVersion(
        tid,
        lang,
        kind,
        source,
        c.text(f, "url", path, required=False),
        c.text(f, "note", path, required=False),
    )


def _party(c: Checker, obj: Any, path: str) -> Party | None:
    f = c.fields(obj, path, ("id", "name", "aliases", "kind"))
    pid, name = c.text(f, "id", path), c.text(f, "name", path)
    if not (pid and name):
        return None
    return Party(
        pid, name, c.texts(f, "aliases", path), c.text(f, "kind", path, required=False) or "state"
    )


def _when(c: Checker, value: Any, path: str) -> When | None:
    """A date, 'effective', or {date | after+days, amended}."""
    if value == EFFECTIVE:
        return When(anchor=EFFECTIVE, days=0)
    if not isinstance(value, dict):
        day = c.date_value(value, path)
        return When(on=day) if day else None
    f = c.fields(value, path, ("date", "after", "days", "amended"))
    on = c.date(f, "date", path, required=False)
    anchor = c.text(f, "after", path, required=False)
    days = c.integer(f, "days", path, required=False)
    if (on is None) == (anchor is None):
        c.fail(path, None, "should give either a date or 'after' (with 'days'), not both or none")
        return None
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
    return When(on, anchor, days if anchor else None, tuple(amendments))


def _obligation(c: Checker, obj: Any, path: str, number: str, index: int) -> Obligation | None:
    f = c.fields(
        obj, path, ("id", "party", "kind", "summary", "start", "deadline", "zones", "quantities")
    )
    party = c.text(f, "party", path)
    kind = c.choice(f, "kind", path, ObligationKind)
    start = _when(c, f["start"], f"{path}.start") if f.get("start") is not None else None
    deadline = (
        _when(c, f["deadline"], f"{path}.deadline") if f.get("deadline") is not None else None
    )
    quantities: dict[str, float] = {}
    q = f.get("quantities")
    if q is not None:
        if not isinstance(q, dict):
            c.fail(f"{path}.quantities", q, "should be a mapping of name: number")
        else:
            for k, v in q.items():
                n = c.number_value(v, f"{path}.quantities.{k}")
                if n is not None:
                    quantities[str(k)] = n
    if not (party and kind):
        return None
    oid = c.text(f, "id", path, required=False) or f"{number}.{index + 1}"
    return Obligation(
        oid,
        party,
        kind,
        c.text(f, "summary", path, required=False),
        start,
        deadline,
        c.texts(f, "zones", path),
        quantities,
    )


def _provision(c: Checker, obj: Any, path: str) -> Provision | None:
    f = c.fields(obj, path, ("number", "summary", "text", "obligations", "note"))
    number, summary, text = (
        c.text(f, "number", path),
        c.text(f, "summary", path),
        c.text(f, "text", path),
    )
    obligations = [
        _obligation(c, o, f"{path}.obligations[{i}]", number or "?", i)
        for i, o in enumerate(c.items(f, "obligations", path, required=False))
    ]
    if not (number and summary and text):
        return None
    return Provision(
        number,
        summary,
        text,
        tuple(o for o in obligations if o),
        c.text(f, "note", path, required=False),
    )


def _coords(c: Checker, value: Any, path: str, minimum: int) -> list[list[float]] | None:
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


def _zone(c: Checker, obj: Any, path: str) -> Zone | None:
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
        line = _coords(c, f["line"], f"{path}.line", 2)
        geometry = {"type": "LineString", "coordinates": line} if line else None
    elif forms[0] == "point":
        pt = _coords(c, [f["point"]], f"{path}.point", 1)
        geometry = {"type": "Point", "coordinates": pt[0]} if pt else None
    else:
        ring = _coords(c, f["polygon"], f"{path}.polygon", 3)
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
    )


def _mission(c: Checker, obj: Any, path: str) -> Mission | None:
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
        ),
    )
    mid, name = c.text(f, "id", path), c.text(f, "name", path)
    contributor, kind = c.text(f, "contributor", path), c.text(f, "kind", path)
    strength: dict[str, int] = {}
    s = f.get("strength")
    if not isinstance(s, dict) or not s:
        c.fail(f"{path}.strength", s, "should map each category to a number, e.g. personnel: 1960")
    else:
        for k in s:
            n = c.integer(s, k, f"{path}.strength")
            if n is not None:
                strength[str(k)] = n
    term = _term(c, f.get("term"), f"{path}.term")
    mandate = []
    for i, t in enumerate(c.items(f, "mandate", path)):
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
    if not (mid and name and contributor and kind and term and strength):
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
    )


def _term(c: Checker, obj: Any, path: str) -> Term | None:
    f = c.fields(
        obj,
        path,
        ("start", "years", "months", "extension_years", "extension_months", "notice_months"),
    )
    if not f:
        return None
    start = c.date(f, "start", path)
    years = c.integer(f, "years", path, required=False, lo=1)
    months = c.integer(f, "months", path, required=False, lo=1)
    if years is None and months is None:
        c.fail(path, None, "should give the first term in years or months")
    ext_years = c.integer(f, "extension_years", path, required=False, lo=1)
    ext_months = c.integer(f, "extension_months", path, required=False, lo=1)
    notice = c.integer(f, "notice_months", path, required=False, lo=1)
    if start is None:
        return None
    return Term(start, years, months, ext_years, ext_months, notice)


def _restriction(c: Checker, obj: Any, path: str) -> Restriction | None:
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
    start = _when(c, f["start"], f"{path}.start") if f.get("start") is not None else None
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


def _cross_check(c: Checker, a: Agreement) -> None:
    """References between parts: ids unique, every reference resolves, no anchor loops."""

    def unique(kind: str, path: str, ids: list[str]) -> set[str]:
        seen: set[str] = set()
        for i, x in enumerate(ids):
            if x in seen:
                c.fail(f"{path}[{i}]", x, f"repeats the {kind} id")
            seen.add(x)
        return seen

    texts = unique("text", "texts", [t.id for t in a.texts])
    parties = unique("party", "parties", [p.id for p in a.parties])
    zones = unique("zone", "zones", [z.id for z in a.zones])
    numbers = unique("provision", "provisions", [p.number for p in a.provisions])
    obligations = {o.id: o for _, o in a.obligations()}
    unique("mission", "missions", [m.id for m in a.missions])
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
