"""Words for people: the labels of the taxonomy, the agreement's party names, the rules'
titles and plain phrases for statuses and precisions, in place of the codes the record
keeps; times in the agreement's time zone; never the word "None". In the reader's
language: every phrase here goes through the page's catalog (web/i18n.py), and the codes
the pages show are marked for it below (tests/web/test_languages.py checks that each of
the model's vocabularies is there)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from ceasewatch.model import Family, Reliability, Taxonomy
from ceasewatch.model.agreement import Agreement
from ceasewatch.web.i18n import N_

NOTHING = "—"
_PLACE_PRECISION = {
    "exact": N_("the exact place"),
    "near": N_("near the place named (within about 5 km)"),
    "district": N_("somewhere in the district (within about 25 km)"),
    "region": N_("somewhere in the region (within about 75 km)"),
    "country": N_("somewhere in the country"),
    "unresolved": N_("not known: no coordinates"),
}
_TIME_PRECISION = {
    "day": N_("the day"),
    "week": N_("the week"),
    "month": N_("the month"),
    "year": N_("the year"),
    "unknown": N_("not known"),
}
_REF_KINDS = {
    "event": N_("event"),
    "claim": N_("claim"),
    "observation": N_("observation"),
    "crossing": N_("checkpoint crossing"),
    "track": N_("vehicle track"),
    "document": N_("document"),
    "source": N_("source"),
}
_CODE = re.compile(r"\b[a-z][a-z_]*\.[a-z][a-z_]*\b")
_FAMILY = re.compile(r"\b(?:" + "|".join(f.value for f in Family if "_" in f.value) + r")\b")
_MONTHS = [N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
           N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")]  # fmt: skip
# The codes the pages show in words (``plain``), for the catalogs: the statuses of events,
# claims, findings and obligations, severities, actors' roles, kinds of source, means of
# observation and kinds of violation, directions, obligation and mandate task kinds, the
# history's actions and the ledger's operations, the contradictions' kinds, the roles of
# users and the cargo categories of the bundled scenarios.
CODES = (
    N_("asserted"), N_("reported"), N_("alleged"), N_("denied"), N_("speculative"),
    N_("withdrawn"), N_("substantiated"), N_("confirmed"),
    N_("low"), N_("medium"), N_("high"), N_("critical"),
    N_("not yet due"), N_("due"), N_("overdue"), N_("done"), N_("in force"), N_("waiting"),
    N_("perpetrator"), N_("target"), N_("escort"), N_("claimant"), N_("side a"), N_("side b"),
    N_("associated a"), N_("associated b"), N_("observer"), N_("participant"),
    N_("ministry"), N_("government"), N_("mission"), N_("media"), N_("wire"), N_("ngo"),
    N_("international org"), N_("social"), N_("dataset"),
    N_("seen"), N_("heard"), N_("seen and heard"), N_("camera"), N_("uav"), N_("reported to"),
    N_("explosion impact"), N_("explosion airburst"), N_("explosion outgoing"),
    N_("explosion undetermined"), N_("projectile"), N_("flare"), N_("muzzle flash"),
    N_("burst"), N_("single shot"),
    N_("inbound"), N_("outbound"),
    N_("cease fire"), N_("hold positions"), N_("withdraw"), N_("withdraw heavy weapons"),
    N_("hand over territory"), N_("deploy mission"), N_("establish monitoring centre"),
    N_("control corridor"), N_("guarantee passage"), N_("build route"),
    N_("exchange detainees"), N_("return displaced"), N_("unblock transport"),
    N_("allow monitoring"), N_("refrain from attacks"), N_("disarm"),
    N_("hand over weapons"), N_("humanitarian access"), N_("restore services"),
    N_("monitor ceasefire"), N_("observation post"), N_("patrol"), N_("checkpoint control"),
    N_("protect corridor"), N_("humanitarian assistance"), N_("demining"), N_("mediation"),
    N_("investigate"), N_("verify withdrawal"), N_("report"), N_("facilitate dialogue"),
    N_("opened"), N_("joined"), N_("status"), N_("decision"), N_("create"), N_("update"),
    N_("denial"), N_("killed"), N_("wounded"),
    N_("public"), N_("liaison"), N_("monitor"), N_("analyst"), N_("admin"),
    N_("finding"), N_("crossing"), N_("language"), N_("stored agreement"), N_("attachment"),
    N_("user"), N_("first hand"),
    N_("foodstuffs"), N_("medicines"), N_("mineral ore"), N_("metal concentrate"),
    N_("passengers"), N_("construction materials"), N_("fuel"), N_("ammunition"),
    N_("weapons"), N_("personnel"), N_("armoured personnel carriers"),
    N_("vehicles and special equipment"), N_("monitors"),
)  # fmt: skip
RELIABILITY = (
    N_("Completely reliable"), N_("Usually reliable"), N_("Fairly reliable"),
    N_("Not usually reliable"), N_("Unreliable"), N_("Reliability cannot be judged"),
)  # fmt: skip
# The built-in rules' titles (assess/builtin/; a test keeps the two in step).
RULE_TITLES = (
    N_("Ceasefire violation by a party"), N_("Movement outside an agreed corridor"),
    N_("Prohibited cargo at a checkpoint or in a zone"), N_("Restricted activity in a zone"),
    N_("Obstruction"), N_("Deadlines of hand-overs, withdrawals and exchanges"),
    N_("The mission against its mandate"), N_("The mission's strength cap and term"),
)  # fmt: skip
Translate = Callable[..., str]


def _english(text: str, **values: Any) -> str:
    return text % values if values else text


def upper_first(text: str) -> str:
    """*text* with its first letter a capital, the rest as it is."""
    return text[:1].upper() + text[1:]


def plain(code: str | None) -> str:
    """A code as words: ``in_force`` -> ``in force``."""
    if not code:
        return NOTHING
    return str(code).replace("_", " ").replace("-", " ")


class Words:
    """The words one page is written in: built per request from the workspace's taxonomy,
    the agreement shown (its parties and time zone), the rules' titles and the reader's
    language (*translate*, web/i18n.py's ``gettext``; English when not given)."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        agreement: Agreement | None = None,
        rules: Iterable[tuple[str, str]] = (),
        translate: Translate = _english,
    ) -> None:
        self._types = {t.code: t.label for t in taxonomy}
        self._parties = {p.id: p.name for p in agreement.parties} if agreement else {}
        self.zone_name = agreement.timezone if agreement else "UTC"
        self._zone = ZoneInfo(self.zone_name)
        self._rules = dict(rules)
        self._ = translate

    def type(self, code: str | None) -> str:
        if not code:
            return NOTHING
        label = self._types.get(code)
        if label:
            return self._(label)
        return upper_first(self._(plain(code.rpartition(".")[2])))

    def family(self, value: str | None) -> str:
        return upper_first(self._(plain(value)))

    def status(self, value: str | None) -> str:
        """A code of the model's vocabularies in words: ``in_force`` -> ``in force``."""
        return self._(plain(value))

    def party(self, party_id: str | None, none: str = N_("no party named")) -> str:
        if not party_id:
            return self._(none)
        return self._(self._parties.get(party_id, party_id))

    def parties(self) -> list[tuple[str, str]]:
        """(id, name) of the agreement's parties."""
        return [(pid, self._(name)) for pid, name in self._parties.items()]

    def rule(self, rule_id: str | None) -> str:
        if not rule_id:
            return NOTHING
        title = self._rules.get(rule_id)
        return self._(title) if title else upper_first(self._(plain(rule_id)))

    def place_precision(self, value: str | None) -> str:
        return self._(_PLACE_PRECISION.get(value or "unresolved", plain(value)))

    def time_precision(self, value: str | None) -> str:
        return self._(_TIME_PRECISION.get(value or "unknown", plain(value)))

    def reliability(self, letter: str | None) -> str:
        if not letter:
            return NOTHING
        try:
            return f"{letter.upper()}: {self._(Reliability.parse(letter).label)}"
        except ValueError:
            return letter

    def kind(self, ref_kind: str | None) -> str:
        return self._(_REF_KINDS.get(ref_kind or "", plain(ref_kind)))

    def obligation(self, o: dict[str, Any], zones: dict[str, str] | None = None) -> str:
        """An obligation of the agreement in words: its summary, else what it is (its
        kind) and where (its zones)."""
        if o.get("summary"):
            return str(o["summary"])
        what = upper_first(self._(plain(o.get("kind"))))
        where = [(zones or {}).get(z, plain(z)) for z in o.get("zones") or ()]
        return f"{what} ({', '.join(where)})" if where else what

    def text(self, value: str | None) -> str:
        """A text written from the record (a finding's summary, a reason the clusterer
        gave), with the taxonomy's codes in it replaced by their labels and the families'
        by their words. The text is the record's, in English: so are the words put in it."""
        if not value:
            return ""
        value = _CODE.sub(lambda m: self._types.get(m.group(0), m.group(0)), value)
        return _FAMILY.sub(lambda m: plain(m.group(0)), value)

    def provision(self, subject: str | None) -> str:
        """What a finding is judged against: ``3`` as ``provision 3``, ``mission ID: task``
        with the task in words; others as written."""
        if not subject or subject == "none":
            return self._("none") if subject else NOTHING
        if subject[0].isdigit():
            return self._("provision %(number)s", number=subject)
        head, _, task = subject.partition(": ")
        if head.startswith("mission ") and task:
            return self._("mission %(id)s: %(task)s", id=head[8:], task=self._(plain(task)))
        return subject

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
        return f"{d.day} {self._(_MONTHS[d.month - 1])} {d.year}"

    def period(self, start: str | None, end: str | None) -> str:
        if not start and not end:
            return self._("date not known")
        if not end or end == start:
            return self.day(start)
        if not start:
            return self._("until %(day)s", day=self.day(end))
        return self._("%(start)s to %(end)s", start=self.day(start), end=self.day(end))

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
