"""Compliance rules: what a rule is, what it sees, and how a set of them is run.

A rule has an id, a version and a title, and a ``run`` that takes a ``Context`` (the
agreement, the evidence, the tracks, the period and the day of judgement) and yields
``Finding`` objects. Rules are pure: the same context gives the same findings.

The built-in rules are in the package ``builtin``, one module per rule or family. A
plugin adds rules without touching the core: it declares an entry point in the group
``ceasewatch.rules`` that names a callable returning rule objects, for example in its
``pyproject.toml``::

    [project.entry-points."ceasewatch.rules"]
    my_rules = "my_package.rules:rules"

``run_rules`` runs each rule on its own. A rule that raises, or that finds the agreement
lacks what it needs (``RuleError``), is reported with the rule and the provision named,
and the other rules still run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from importlib.metadata import entry_points
from typing import Protocol
from zoneinfo import ZoneInfo

from ceasewatch.assess.evidence import Item, counts, is_first_hand, status_of
from ceasewatch.errors import RuleError
from ceasewatch.model import (
    Family,
    Finding,
    FindingStatus,
    Severity,
    TimePrecision,
    TimeSpan,
    TrackPoint,
    VerificationStatus,
)
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.taxonomy import Taxonomy

ENTRY_POINT_GROUP = "ceasewatch.rules"
# events that are no incident: shown false by an analyst, or withdrawn by their data set
GONE = (VerificationStatus.REFUTED.value, VerificationStatus.WITHDRAWN.value)


@dataclass(frozen=True)
class Context:
    """Everything a rule may look at."""

    agreement: Agreement
    items: Sequence[Item]
    tracks: dict[str, list[TrackPoint]]
    taxonomy: Taxonomy
    start: date | None = None  # the period judged; None: from the agreement's start
    end: date | None = None
    as_of: date | None = None  # the day deadlines are judged on

    @property
    def first_hand(self) -> frozenset[str]:
        """Sources whose reports are first-hand here: the agreement's missions."""
        return frozenset(m.id for m in self.agreement.missions)

    def covers(self, first: date, last: date | None = None) -> bool:
        """Whether the days first..last meet the period judged."""
        if self.start is not None and (last or first) < self.start:
            return False
        return not (self.end is not None and first > self.end)

    def in_period(self, i: Item) -> bool:
        return i.start is not None and self.covers(i.start, i.end)

    def of_families(self, *families: str) -> Iterator[Item]:
        wanted = {Family(f) for f in families}  # members: no ``.value`` looked up per item
        for i in self.items:
            if i.family in wanted and self.in_period(i):
                yield i


class Rule(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def title(self) -> str: ...

    def run(self, ctx: Context) -> Iterable[Finding]: ...


@dataclass
class Problem:
    rule: str
    provision: str | None
    message: str

    def __str__(self) -> str:
        where = f" (provision {self.provision})" if self.provision else ""
        return f"rule {self.rule}{where}: {self.message}"


@dataclass
class Outcome:
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)


def finding(
    rule: Rule,
    agreement: Agreement,
    key: str,
    subject: str,
    party: str | None,
    items: Sequence[Item],
    summary: str,
    severity: Severity,
    status: FindingStatus | None = None,
    period: TimeSpan | None = None,
) -> Finding:
    """A finding with a stable id (the rule, the agreement and a key of the rule's own),
    its status derived from its evidence unless given, and its period from the evidence."""
    digest = hashlib.sha256(f"{rule.id}|{agreement.id}|{key}".encode()).hexdigest()[:16]
    first_hand = frozenset(m.id for m in agreement.missions)
    if period is None:
        starts = [i.start for i in items if i.start]
        ends = [i.end or i.start for i in items if i.start]
        period = (
            TimeSpan(min(starts), max(e for e in ends if e), TimePrecision.DAY)
            if starts
            else TimeSpan(None, None, TimePrecision.UNKNOWN)
        )
    if status is None:
        status = status_of(items, first_hand)
        if (
            status is FindingStatus.CONFIRMED
            and party is not None
            and not any(
                party in i.perpetrators + i.participants
                for i in items
                if is_first_hand(i, first_hand)
            )
        ):
            # the incident is seen first-hand, but who did it only reported
            status = FindingStatus.SUBSTANTIATED
    return Finding(
        id=f"{rule.id}:{digest}",
        rule_id=rule.id,
        rule_version=rule.version,
        subject=subject,
        party=party,
        period=period,
        severity=severity,
        status=status,
        summary=summary,
        evidence=tuple(sorted({i.ref for i in items})),
        agreement=agreement.id,
    )


def casualties(items: Sequence[Item]) -> str:
    killed, wounded = counts(items)
    parts = []
    if killed:
        parts.append(f"{killed} killed")
    if wounded:
        parts.append(f"{wounded} wounded")
    return f" ({', '.join(parts)})" if parts else ""


Box = tuple[float, float, float, float]  # west, south, east, north in degrees


def reach(agreement: Agreement, margin_deg: float = 1.0) -> Box | None:
    """The box a placed record must lie in to concern an agreement: its zones' bounds and
    a margin around them; None for an agreement with no zones (anywhere may concern it)."""
    from ceasewatch.geo.measure import zones_box

    return zones_box(agreement, margin_deg)


def scope(items: Sequence[Item], agreement: Agreement, margin_deg: float = 1.0) -> list[Item]:
    """The items that can concern an agreement: those placed within a degree of its zones,
    and unplaced ones that name one of its parties (or claim in one's name)."""
    zone = ZoneInfo(agreement.timezone)
    parties = {p.id for p in agreement.parties} | {m.contributor for m in agreement.missions}
    box = reach(agreement, margin_deg)
    if box is None:
        return [i for i in items if not (i.kind == "event" and i.status in GONE)]
    west, south, east, north = box
    out = []
    for i in items:
        if i.kind == "event" and i.status in GONE:
            continue  # an event shown false, or withdrawn by its data set, proves nothing
        if i.moment is not None:  # a first-hand record's day, in the agreement's time zone
            day = i.moment.astimezone(zone).date()
            i = replace(i, start=day, end=max(day, i.end or day))
        if i.lat is not None and i.lon is not None:
            if west <= i.lon <= east and south <= i.lat <= north:
                out.append(i)
        elif (set(i.parties) | set(i.targets) | {i.claimant}) & parties or i.kind == "crossing":
            out.append(i)
    return out


def plugin_rules() -> list[Rule]:
    """The rules that installed plugins declare in the ``ceasewatch.rules`` group."""
    out: list[Rule] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        factory: Callable[[], Iterable[Rule]] = ep.load()
        out.extend(factory())
    return out


def run_rules(
    ctx: Context, rules: Sequence[Rule], step: Callable[[int, int], None] | None = None
) -> Outcome:
    """Run every rule; one that fails is reported and does not stop the others. *step*
    is told how many rules have run, of how many."""
    outcome = Outcome()
    for n, rule in enumerate(rules):
        if step is not None:
            step(n, len(rules))
        outcome.rules.append(f"{rule.id}@{rule.version}")
        try:
            found = list(rule.run(ctx))
        except RuleError as exc:
            outcome.problems.append(Problem(rule.id, exc.provision, str(exc)))
            continue
        except Exception as exc:
            outcome.problems.append(Problem(rule.id, None, f"raised {type(exc).__name__}: {exc}"))
            continue
        outcome.findings.extend(found)
    if step is not None:
        step(len(rules), len(rules))
    seen: set[str] = set()
    unique = []
    for f in outcome.findings:
        if f.id not in seen:
            seen.add(f.id)
            unique.append(f)
    outcome.findings = unique
    return outcome
