"""The content of a situation report, from the record of a period: plain values in a
fixed order, ready for any format (docs/report.md).

Pure: the workspace hands in the period's events, findings, crossings, the dossiers of
the significant events, the sources and the signed tree head; nothing here reads a
database or a clock. The same inputs give the same content.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ceasewatch.model import Crossing, Event, Family, Finding, Source
from ceasewatch.model.agreement import Agreement
from ceasewatch.report import svg

SIGNIFICANT = 25  # events listed in full
TABLE_ROWS = 200  # rows of a long table before "and N more"
HEAVY = ("cfv.shelling", "cfv.drone", "cfv.heavy_weapons")
NO_PARTY = "unattributed"


@dataclass
class Inputs:
    agreement: Agreement
    start: date
    end: date
    events: Sequence[Event]
    previous: Sequence[Event]  # of the period of the same length just before
    findings: Sequence[Finding]
    crossings: Sequence[Crossing]
    dossiers: dict[str, dict[str, Any]]  # event id -> its dossier, for significant events
    sources: Sequence[Source]
    mission_cards: Sequence[dict[str, Any]]
    head: str  # the signed tree head note
    generated: str
    cutoff: str | None = None  # the daily report's cut-off time
    areas: dict[str, list[str]] = field(default_factory=dict)  # event id -> zone ids
    previous_areas: dict[str, list[str]] = field(default_factory=dict)
    zone_shapes: list[tuple[str, str, Any]] = field(default_factory=list)


def previous_period(start: date, end: date) -> tuple[date, date]:
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


def _party(e: Event) -> str:
    for a in e.actors:
        if a.role.value == "perpetrator" and a.party:
            return a.party
    return NO_PARTY


def significance(e: Event) -> tuple[int, ...]:
    """How much an event matters for the report, highest first: deaths, injuries, an
    analyst's or the sources' verdict, heavy weapons, violence at all."""
    status_rank = {"verified": 3, "disputed": 2, "corroborated": 2, "refuted": 1}
    return (
        e.killed.best or e.killed.low or 0,
        e.wounded.best or e.wounded.low or 0,
        status_rank.get(e.status.value, 0),
        e.type_code in HEAVY,
        e.family in (Family.CEASEFIRE_VIOLATION, Family.ARMED_CLASH, Family.OBSTRUCTION),
    )


def _by_area(events: Sequence[Event], areas: dict[str, list[str]]) -> Counter[str]:
    c: Counter[str] = Counter()
    for e in events:
        if e.where.lat is None:
            c["(no coordinates)"] += 1
            continue
        for z in areas.get(e.id) or ["(outside every zone)"]:
            c[z] += 1
    return c


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _per_day_chart(inp: Inputs) -> str:
    days = _days(inp.start, inp.end)
    weekly = len(days) > 62
    labels = [d.isoformat() for d in days[::7]] if weekly else [d.strftime("%d %b") for d in days]
    index = {d: (n // 7 if weekly else n) for n, d in enumerate(days)}
    parties = [p.id for p in inp.agreement.parties]
    series: dict[str, list[int]] = {p: [0] * len(labels) for p in [*parties, NO_PARTY]}
    for e in inp.events:
        d = e.when.start
        if d is None or d not in index:
            continue
        p = _party(e)
        series.setdefault(p, [0] * len(labels))[index[d]] += 1
    series = {k: v for k, v in series.items() if any(v)} or {NO_PARTY: [0] * len(labels)}
    unit = "week" if weekly else "day"
    return svg.stacked_bars_svg(f"Events per {unit}, by the party blamed", labels, series)


def _finding_row(f: Finding) -> dict[str, Any]:
    shown = list(f.evidence[:8])
    return {
        "id": f.id,
        "rule": f.rule_id,
        "provision": f.subject,
        "party": f.party or "",
        "status": f.status.value,
        "severity": f.severity.value,
        "period": f"{f.period.start or '?'}..{f.period.end or '?'}",
        "summary": f.summary,
        "evidence": shown,
        "more_evidence": len(f.evidence) - len(shown),
    }


def _significant(inp: Inputs) -> list[dict[str, Any]]:
    ranked = sorted(inp.events, key=lambda e: (tuple(-int(x) for x in significance(e)), e.id))
    out = []
    for e in ranked[:SIGNIFICANT]:
        if not any(significance(e)):
            break
        d = inp.dossiers.get(e.id, {})
        grades = [
            f"{m['origin']} {m['grade']}" + (" (denial)" if m["status"] == "denied" else "")
            for m in d.get("members", [])
            if m.get("grade")
        ]
        out.append(
            {
                "id": e.id,
                "date": e.when.start.isoformat() if e.when.start else "?",
                "type": e.type_code,
                "place": e.where.name or "?",
                "status": e.status.value,
                "killed": e.killed.best if e.killed.best is not None else e.killed.low,
                "wounded": e.wounded.best if e.wounded.best is not None else e.wounded.low,
                "party": _party(e),
                "grades": grades,
                "origins": d.get("independent_origins", []),
                "contradictions": [c["text"] for c in d.get("contradictions", [])],
                "notes": e.notes or "",
            }
        )
    return out


def _sources(inp: Inputs) -> list[dict[str, Any]]:
    cited: Counter[str] = Counter(s for e in inp.events for s in e.sources)
    out = []
    hidden = 0
    for s in inp.sources:
        if s.protected:
            hidden += cited[s.id]
            continue
        out.append(
            {
                "id": s.id,
                "name": s.name,
                "kind": s.kind.value,
                "reliability": s.reliability.letter,
                "events": cited[s.id],
            }
        )
    if any(s.protected for s in inp.sources):
        n = sum(1 for s in inp.sources if s.protected)
        out.append(
            {
                "id": "protected",
                "name": f"{n} protected source(s): identity withheld",
                "kind": "",
                "reliability": "",
                "events": hidden,
            }
        )
    return out


def _protect(text: str, inp: Inputs) -> str:
    for s in inp.sources:
        if s.protected:
            text = text.replace(s.id, "a protected source").replace(s.name, "a protected source")
    return text


def build(inp: Inputs) -> dict[str, Any]:
    """The report's content (see docs/report.md for each section)."""
    a = inp.agreement
    prev_start, prev_end = previous_period(inp.start, inp.end)
    now_f = Counter(e.family.value for e in inp.events)
    before_f = Counter(e.family.value for e in inp.previous)
    now_a, before_a = _by_area(inp.events, inp.areas), _by_area(inp.previous, inp.previous_areas)
    zone_names = {z.id: z.name for z in a.zones}

    def rows(now: Counter[str], before: Counter[str], names: dict[str, str]) -> list[Any]:
        return [
            {
                "name": names.get(k, k),
                "now": now[k],
                "before": before[k],
                "change": now[k] - before[k],
            }
            for k in sorted(set(now) | set(before), key=lambda k: (-now[k], k))
        ]

    findings = sorted(
        inp.findings,
        key=lambda f: ({"confirmed": 0, "substantiated": 1, "alleged": 2}[f.status.value], f.id),
    )
    cfv = [f for f in findings if f.rule_id == "ceasefire-violation"]
    by_party: dict[str, Counter[str]] = defaultdict(Counter)
    for f in cfv:
        by_party[f.party or NO_PARTY][f.status.value] += 1
    for e in inp.events:
        if e.family is Family.CEASEFIRE_VIOLATION:
            by_party[_party(e)]["events"] += 1
    obstruction = [
        {
            "date": e.when.start.isoformat() if e.when.start else "?",
            "type": e.type_code,
            "place": e.where.name or "?",
            "status": e.status.value,
            "party": _party(e),
            "notes": e.notes or "",
        }
        for e in sorted(inp.events, key=lambda e: (e.when.start or date.min, e.id))
        if e.family is Family.OBSTRUCTION
    ]
    throughput: dict[str, Counter[str]] = defaultdict(Counter)
    for x in inp.crossings:
        throughput[x.checkpoint][x.direction.value] += 1
        if x.escort:
            throughput[x.checkpoint]["escorted"] += 1
        if x.observed is not None and {c.category for c in x.observed} - {
            c.category for c in x.declared
        }:
            throughput[x.checkpoint]["undeclared cargo"] += 1
    provisions = Counter(f.subject for f in findings)
    mission_rows: Counter[str] = Counter()
    for card in inp.mission_cards:
        for task, n in card["tasks_performed"].items():
            mission_rows[f"{task} (mandated)"] += n
        for kind, n in card["outside_mandate"].items():
            mission_rows[f"{kind} (outside the mandate)"] += n
    points = [
        (e.where.lon, e.where.lat, e.family.value)
        for e in inp.events
        if e.where.lon is not None and e.where.lat is not None
    ]
    table = [_finding_row(f) for f in findings[:TABLE_ROWS]]
    return {
        "title": f"Situation report: {a.title}",
        "agreement": a.id,
        "period": {
            "start": inp.start.isoformat(),
            "end": inp.end.isoformat(),
            "days": (inp.end - inp.start).days + 1,
            "cutoff": inp.cutoff,
        },
        "previous": {"start": prev_start.isoformat(), "end": prev_end.isoformat()},
        "generated": inp.generated,
        "illustrative": any((e.dataset or "").startswith("scenario-") for e in inp.events)
        or any(s.illustrative for s in inp.sources),
        "totals": {
            "events": len(inp.events),
            "previous": len(inp.previous),
            "findings": len(findings),
        },
        "by_family": rows(now_f, before_f, {}),
        "by_area": rows(now_a, before_a, zone_names),
        "by_party": [
            {
                "party": p,
                "events": c["events"],
                "confirmed": c["confirmed"],
                "substantiated": c["substantiated"],
                "alleged": c["alleged"],
            }
            for p, c in sorted(by_party.items())
        ],
        "map": svg.map_svg(inp.zone_shapes, points),
        "chart_days": _per_day_chart(inp),
        "chart_provisions": svg.hbars_svg(
            "Findings by provision", [(f"provision {k}", n) for k, n in provisions.most_common()]
        ),
        "chart_mission": svg.hbars_svg(
            "Mission activities by mandate class", sorted(mission_rows.items())
        ),
        "significant": [
            {
                **s,
                "grades": [_protect(g, inp) for g in s["grades"]],
                "origins": [_protect(o, inp) for o in s["origins"]],
            }
            for s in _significant(inp)
        ],
        "obstructions": obstruction[:TABLE_ROWS],
        "obstruction_findings": [_finding_row(f) for f in findings if f.rule_id == "obstruction"],
        "throughput": [
            {
                "checkpoint": k,
                **{d: c[d] for d in ("inbound", "outbound", "escorted", "undeclared cargo")},
            }
            for k, c in sorted(throughput.items())
        ],
        "findings": table,
        "findings_more": len(findings) - len(table),
        "missions": [
            {**card, "name": next((m.name for m in a.missions if m.id == card["mission"]), "")}
            for card in inp.mission_cards
        ],
        "sources": _sources(inp),
        "head": inp.head,
    }
