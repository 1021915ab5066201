"""Words for people: the labels of the taxonomy, the agreement's party names, the rules'
titles and plain phrases for statuses and precisions, in place of the codes the record
keeps; times in the agreement's time zone; never the word "None"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from ceasewatch.model import Family, Reliability, Taxonomy
from ceasewatch.model.agreement import Agreement

NOTHING = "—"
_PLACE_PRECISION = {
    "exact": "the exact place",
    "near": "near the place named (within about 5 km)",
    "district": "somewhere in the district (within about 25 km)",
    "region": "somewhere in the region (within about 75 km)",
    "country": "somewhere in the country",
    "unresolved": "not known: no coordinates",
}
_TIME_PRECISION = {
    "day": "the day",
    "week": "the week",
    "month": "the month",
    "year": "the year",
    "unknown": "not known",
}
_REF_KINDS = {
    "event": "event",
    "claim": "claim",
    "observation": "observation",
    "crossing": "checkpoint crossing",
    "track": "vehicle track",
    "document": "document",
    "source": "source",
}
_CODE = re.compile(r"\b[a-z][a-z_]*\.[a-z][a-z_]*\b")
_FAMILY = re.compile(r"\b(?:" + "|".join(f.value for f in Family if "_" in f.value) + r")\b")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def plain(code: str | None) -> str:
    """A code as words: ``in_force`` -> ``in force``."""
    if not code:
        return NOTHING
    return str(code).replace("_", " ").replace("-", " ")


class Words:
    """The words one page is written in: built per request from the workspace's taxonomy,
    the agreement shown (its parties and time zone) and the rules' titles."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        agreement: Agreement | None = None,
        rules: Iterable[tuple[str, str]] = (),
    ) -> None:
        self._types = {t.code: t.label for t in taxonomy}
        self._parties = {p.id: p.name for p in agreement.parties} if agreement else {}
        self.zone_name = agreement.timezone if agreement else "UTC"
        self._zone = ZoneInfo(self.zone_name)
        self._rules = dict(rules)

    def type(self, code: str | None) -> str:
        if not code:
            return NOTHING
        return self._types.get(code) or plain(code.rpartition(".")[2]).capitalize()

    def family(self, value: str | None) -> str:
        return plain(value).capitalize()

    def status(self, value: str | None) -> str:
        return plain(value)

    def party(self, party_id: str | None, none: str = "no party named") -> str:
        if not party_id:
            return none
        return self._parties.get(party_id, party_id)

    def parties(self) -> list[tuple[str, str]]:
        """(id, name) of the agreement's parties."""
        return list(self._parties.items())

    def rule(self, rule_id: str | None) -> str:
        if not rule_id:
            return NOTHING
        return self._rules.get(rule_id) or plain(rule_id).capitalize()

    def place_precision(self, value: str | None) -> str:
        return _PLACE_PRECISION.get(value or "unresolved", plain(value))

    def time_precision(self, value: str | None) -> str:
        return _TIME_PRECISION.get(value or "unknown", plain(value))

    def reliability(self, letter: str | None) -> str:
        if not letter:
            return NOTHING
        try:
            return f"{letter.upper()}: {Reliability.parse(letter).label}"
        except ValueError:
            return letter

    def kind(self, ref_kind: str | None) -> str:
        return _REF_KINDS.get(ref_kind or "", plain(ref_kind))

    def obligation(self, o: dict[str, Any], zones: dict[str, str] | None = None) -> str:
        """An obligation of the agreement in words: its summary, else what it is (its
        kind) and where (its zones)."""
        if o.get("summary"):
            return str(o["summary"])
        what = plain(o.get("kind")).capitalize()
        where = [(zones or {}).get(z, plain(z)) for z in o.get("zones") or ()]
        return f"{what} ({', '.join(where)})" if where else what

    def text(self, value: str | None) -> str:
        """A text written from the record (a finding's summary, a reason the clusterer
        gave), with the taxonomy's codes in it replaced by their labels and the families'
        by their words."""
        if not value:
            return ""
        value = _CODE.sub(lambda m: self._types.get(m.group(0), m.group(0)), value)
        return _FAMILY.sub(lambda m: plain(m.group(0)), value)

    def provision(self, subject: str | None) -> str:
        """What a finding is judged against: ``3`` as ``provision 3``; others as written."""
        if not subject:
            return NOTHING
        return f"provision {subject}" if subject[0].isdigit() else subject

    def value(self, v: Any) -> str:
        """Any value, with nothing (None, an empty text) as a dash."""
        if v is None or v == "":
            return NOTHING
        return str(v)

    # -- dates and times -----------------------------------------------------------------
    def day(self, value: str | date | None) -> str:
        """``2020-11-12`` as ``12 Nov 2020``."""
        if not value:
            return NOTHING
        try:
            d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"

    def period(self, start: str | None, end: str | None) -> str:
        if not start and not end:
            return "date not known"
        if not end or end == start:
            return self.day(start)
        if not start:
            return f"until {self.day(end)}"
        return f"{self.day(start)} to {self.day(end)}"

    def when(self, value: str | datetime | None) -> str:
        """A moment in the agreement's time zone: ``6 Dec 2026, 04:12``; one with no
        offset is taken as UTC."""
        if not value:
            return NOTHING
        try:
            t = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        if t.tzinfo is None:
            t = t.replace(tzinfo=ZoneInfo("UTC"))
        local = t.astimezone(self._zone)
        return f"{self.day(local.date())}, {local:%H:%M}"

    # -- references ----------------------------------------------------------------------
    def link(self, ref: str, holder: str | None = None) -> str | None:
        """Where a reference (``event:ID``, ``claim:ID``, ``observation:ID``, ``source:ID``)
        can be read: its own page; None when there is none (a vehicle's track, as yet).
        *holder* (the event a claim or an observation stands in) is kept for the callers
        that know it."""
        kind, _, rid = ref.partition(":")
        if not rid:
            return None
        if kind == "event":
            return f"/events/{quote(rid, safe='')}"
        if kind == "source":
            return f"/sources/{quote(rid, safe='')}"
        if kind == "claim":
            return f"/claims/{quote(rid, safe='')}"
        if kind == "observation":
            return f"/observations/{quote(rid, safe='')}"
        if kind == "crossing":
            return f"/crossings/{quote(rid, safe='')}"
        return None
