"""Agreement files: read, check everything at once, build the model.

Every problem is reported with file, line and path, for example
``karabakh.yaml:42 provisions[5].obligations[0].deadline: '2020-13-01' is not a date``;
an agreement is built only when there are none. See docs/agreements.md for the format.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ceasewatch.agreements.checker import Checker
from ceasewatch.agreements.crosscheck import cross_check, outside, placeless, unnamed
from ceasewatch.agreements.parts import (
    read_area,
    read_mission,
    read_restriction,
    read_when,
    read_zone,
)
from ceasewatch.errors import Invalid, Problem, SchemaError
from ceasewatch.formats.yamltext import read_yaml
from ceasewatch.model import Party
from ceasewatch.model.agreement import (
    ActorName,
    Agreement,
    KindDef,
    Obligation,
    ObligationKind,
    Provision,
    TextKind,
    TextVersion,
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
    "kinds",
    "actors",
    "gazetteer",
    "area",
)


@lru_cache(maxsize=32)
def parsed_agreement(text: str, file: str) -> Agreement:
    """``load_agreement``, once per text: parsing checks the whole file, which costs more
    than a web request's other work. (An Agreement is frozen, so one may be shared.)"""
    return load_agreement(text, file)


def load_agreement(text: str, file: str) -> Agreement:
    """Parse and check an agreement file's text; raise ``Invalid`` listing every problem."""
    return check_agreement(text, file)[0]


def check_agreement(text: str, file: str) -> tuple[Agreement, list[Problem]]:
    """As ``load_agreement``, with the warnings too: things that are allowed but probably
    wrong, such as a point far outside the agreement's area (swapped coordinates)."""
    src = read_yaml(text, file)
    c = Checker(src, file)
    agreement = _agreement(c, src.data)
    if c.problems or agreement is None:
        c.problems.sort(key=lambda p: (p.row or 0, p.field or ""))
        raise Invalid(c.problems, file=file)
    return agreement, outside(c, agreement) + unnamed(c, agreement) + placeless(c, agreement)


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
    timezone = c.text(top, "timezone", "")
    if timezone and not _known_zone(timezone):
        c.fail(
            "timezone",
            timezone,
            "is not an IANA time zone (such as Europe/Paris, America/Bogota or UTC)",
        )
    zone = ZoneInfo(timezone) if timezone and _known_zone(timezone) else None
    effective = c.moment(top, "effective", "", zone)
    kinds = [
        _kind(c, k, f"kinds[{i}]") for i, k in enumerate(c.items(top, "kinds", "", required=False))
    ]
    declared = {k.id for k in kinds if k}
    texts = [_text(c, t, f"texts[{i}]") for i, t in enumerate(c.items(top, "texts", ""))]
    parties = [_party(c, p, f"parties[{i}]") for i, p in enumerate(c.items(top, "parties", ""))]
    # a provision follows the agreement's only text unless it names one
    only = str(texts[0].id) if len(texts) == 1 and texts[0] is not None else None
    provisions = [
        _provision(c, p, f"provisions[{i}]", declared, only)
        for i, p in enumerate(c.items(top, "provisions", ""))
    ]
    zones = [
        read_zone(c, z, f"zones[{i}]")
        for i, z in enumerate(c.items(top, "zones", "", required=False))
    ]
    missions = [
        read_mission(c, m, f"missions[{i}]", _day_in(effective, zone))
        for i, m in enumerate(c.items(top, "missions", "", required=False))
    ]
    restrictions = [
        read_restriction(c, r, f"restrictions[{i}]")
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
        kinds=tuple(k for k in kinds if k),
        actors=tuple(
            a
            for i, x in enumerate(c.items(top, "actors", "", required=False))
            if (a := _actor(c, x, f"actors[{i}]"))
        ),
        gazetteer=c.text(top, "gazetteer", "", required=False),
        area=read_area(c, top.get("area")),
    )
    cross_check(c, agreement)
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


def _day_in(moment: datetime | None, zone: ZoneInfo | None) -> date | None:
    """The day *moment* falls on in *zone* (the agreement's own), when both are known."""
    if moment is None or zone is None:
        return None
    return moment.astimezone(zone).date()


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _party(c: Checker, obj: Any, path: str) -> Party | None:
    f = c.fields(obj, path, ("id", "name", "aliases", "kind", "country"))
    pid, name = c.text(f, "id", path), c.text(f, "name", path)
    if not (pid and name):
        return None
    return Party(
        pid,
        name,
        c.texts(f, "aliases", path),
        c.text(f, "kind", path, required=False) or "state",
        c.text(f, "country", path, required=False),
    )


def _kind(c: Checker, obj: Any, path: str) -> KindDef | None:
    f = c.fields(obj, path, ("id", "summary", "shown_by", "like"))
    kid = c.text(f, "id", path)
    like = c.choice(f, "like", path, ObligationKind, required=False)
    if kid and kid in {k.value for k in ObligationKind}:
        c.fail(f"{path}.id", kid, "is a built-in obligation kind; declare only kinds of your own")
        return None
    if not kid:
        return None
    return KindDef(
        kid, c.text(f, "summary", path, required=False), c.texts(f, "shown_by", path), like
    )


def _actor(c: Checker, obj: Any, path: str) -> ActorName | None:
    f = c.fields(obj, path, ("name", "party", "mission"))
    name = c.text(f, "name", path)
    party = c.text(f, "party", path, required=False)
    mission = c.text(f, "mission", path, required=False)
    if (party is None) == (mission is None):
        c.fail(path, None, "should name either a party or a mission, not both or none")
        return None
    return ActorName(name, party, mission) if name else None


def _obligation(
    c: Checker, obj: Any, path: str, number: str, index: int, declared: set[str]
) -> Obligation | None:
    f = c.fields(
        obj, path, ("id", "party", "kind", "summary", "start", "deadline", "zones", "quantities")
    )
    party = c.text(f, "party", path)
    kind: str | None = c.text(f, "kind", path)
    if kind is not None and kind not in declared:
        try:
            kind = ObligationKind.parse(kind)
        except SchemaError:
            known = ", ".join([k.value for k in ObligationKind] + sorted(declared))
            c.fail(
                f"{path}.kind",
                kind,
                f"is not one of: {known} (declare a kind of your own under 'kinds')",
            )
            kind = None
    start = read_when(c, f["start"], f"{path}.start") if f.get("start") is not None else None
    deadline = (
        read_when(c, f["deadline"], f"{path}.deadline") if f.get("deadline") is not None else None
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


def _provision(
    c: Checker, obj: Any, path: str, declared: set[str], only_text: str | None
) -> Provision | None:
    f = c.fields(obj, path, ("number", "summary", "text", "obligations", "note"))
    number, summary, text = (
        c.text(f, "number", path),
        c.text(f, "summary", path),
        c.text(f, "text", path, required=only_text is None) or only_text,
    )
    obligations = [
        _obligation(c, o, f"{path}.obligations[{i}]", number or "?", i, declared)
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
