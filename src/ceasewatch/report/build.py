"""The content of a situation report, from the record of a period: plain values in a
fixed order, ready for any format (docs/report.md).

Pure: the workspace hands in the period's events, findings, crossings, the dossiers of
the significant events, the sources and the signed tree head; nothing here reads a
database or a clock. The same inputs give the same content.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ceasewatch.assess.builtin.ceasefire import HEAVY
from ceasewatch.model import Crossing, Event, Family, Finding, Source, default_taxonomy
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.redact import WITHHELD, Protected
from ceasewatch.report import svg
from ceasewatch.report.keypoints import key_points
from ceasewatch.report.labels import Labels, words

SIGNIFICANT = 25  # events listed in full
TABLE_ROWS = 200  # rows of a long table before "and N more"
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
    protected: Protected = field(default_factory=lambda: Protected.of(()))
    labels: Labels = field(default_factory=lambda: Labels.of(default_taxonomy()))
    public: bool = False  # made for the public: published events and findings only


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


def ranked(events: Sequence[Event]) -> list[Event]:
    """The events that matter for the report, most significant first (ties by id)."""
    order = sorted(events, key=lambda e: (tuple(-int(x) for x in significance(e)), e.id))
    return [e for e in order[:SIGNIFICANT] if any(significance(e))]


def _by_area(events: Sequence[Event], areas: dict[str, list[str]]) -> Counter[str]:
    c: Counter[str] = Counter()
    for e in events:
        if e.where.lat is None:
            c["(no coordinates)"] += 1
            continue
        for z in areas.get(e.id) or ["(outside every zone)"]:
            c[z] += 1
    return c


def _buckets(start: date, end: date) -> tuple[str, list[str], list[date]]:
    """The chart's unit and the first day of each bar: days up to two months, weeks up
    to two years, months beyond."""
    days = (end - start).days + 1
    if days <= 62:
        firsts = [start + timedelta(days=n) for n in range(days)]
        return "day", [d.strftime("%d %b") for d in firsts], firsts
    if days <= 731:
        firsts = [start + timedelta(days=n) for n in range(0, days, 7)]
        return "week", [d.isoformat() for d in firsts], firsts
    firsts, d = [], start
    while d <= end:
        firsts.append(d)
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return "month", [d.strftime("%Y-%m") for d in firsts], firsts


def parties_in_order(a: Agreement) -> list[str]:
    """The agreement's parties, then its missions' contributors, then no one: the order
    that fixes each one's colour in every report."""
    out = [p.id for p in a.parties]
    out += [m.contributor for m in a.missions if m.contributor not in out]
    return [*out, NO_PARTY]


def _per_day_chart(inp: Inputs) -> str:
    unit, labels, firsts = _buckets(inp.start, inp.end)
    order = parties_in_order(inp.agreement)
    series: dict[str, list[int]] = {p: [0] * len(labels) for p in order}
    for e in inp.events:
        if e.when.start is None:
            continue
        day = max(e.when.start, inp.start)  # under way when the period began: its first day
        n = bisect_right(firsts, day) - 1
        if 0 <= n < len(labels):
            series.setdefault(_party(e), [0] * len(labels))[n] += 1
    colours = {p: svg.SERIES_COLOURS[i % len(svg.SERIES_COLOURS)] for i, p in enumerate(series)}
    shown = {p: v for p, v in series.items() if any(v) or p in order[:-1]}
    return svg.stacked_bars_svg(
        f"Events per {unit}, by the party blamed", labels, shown, colours=colours
    )


def _finding_row(f: Finding, protected: Protected, labels: Labels) -> dict[str, Any]:
    shown = list(f.evidence[:8])
    return {
        "id": f.id,
        "rule": words(f.rule_id.replace("-", "_")),
        "provision": labels.text(f.subject),
        "party": f.party or "",
        "status": f.status.value,
        "severity": f.severity.value,
        "period": f"{f.period.start or '?'} to {f.period.end or '?'}",
        "summary": labels.text(protected.text(f.summary) or ""),
        "evidence": shown,
        "more_evidence": len(f.evidence) - len(shown),
    }


def _significant(inp: Inputs) -> list[dict[str, Any]]:
    """The most significant events, each with its grades, origins and contradictions;
    what names a protected source is withheld."""
    hide, labels = inp.protected, inp.labels
    out = []
    for number, e in enumerate(ranked(inp.events), 1):
        d = inp.dossiers.get(e.id, {})
        members = d.get("members", [])

        def who(origin: str, source: str | None) -> str:
            hidden = hide.is_protected(source) or hide.is_protected(origin)
            return WITHHELD if hidden or hide.names_one(origin) else origin

        grades = [
            f"{who(m['origin'], m.get('source'))} {m['grade']}"
            + (" (denial)" if m["status"] == "denied" else "")
            for m in members
            if m.get("grade")
        ]
        origins = sorted({who(o, None) for o in d.get("independent_origins", [])})
        contradictions = [
            labels.text(hide.text(c["text"]) or "") for c in d.get("contradictions", [])
        ]
        out.append(
            {
                "number": number,
                "id": e.id,
                "date": e.when.start.isoformat() if e.when.start else "?",
                "type": e.type_code,
                "type_label": labels.type(e.type_code),
                "lon": e.where.lon,
                "lat": e.where.lat,
                "place": e.where.name or "?",
                "status": e.status.value,
                "killed": e.killed.best if e.killed.best is not None else e.killed.low,
                "wounded": e.wounded.best if e.wounded.best is not None else e.wounded.low,
                "party": _party(e),
                "grades": grades,
                "origins": origins,
                "contradictions": contradictions,
                "notes": labels.text(hide.text(e.notes) or ""),
            }
        )
    return out


def _sources(inp: Inputs) -> list[dict[str, Any]]:
    """The sources the period's events and significant events cite, with how many events
    cite each; the protected ones counted together, never named."""
    cited: Counter[str] = Counter(s for e in inp.events for s in set(e.sources))
    for d in inp.dossiers.values():
        for m in d.get("members", []):
            if m.get("source") and m["source"] not in cited:
                cited[m["source"]] += 0
    known = {s.id: s for s in inp.sources}
    out = []
    hidden_sources = hidden_events = 0
    for sid in sorted(cited, key=lambda k: (-cited[k], k)):
        s = known.get(sid)
        if s is None:
            continue  # cited by name only (as data sets do): no record to grade
        if s.protected:
            hidden_sources += 1
            hidden_events += cited[sid]
            continue
        out.append(
            {
                "id": s.id,
                "name": s.name,
                "kind": words(s.kind.value),
                "reliability": s.reliability.letter,
                "events": cited[sid],
            }
        )
    out = out[:TABLE_ROWS]
    if hidden_sources:
        out.append(
            {
                "id": "protected",
                "name": f"{hidden_sources} protected source(s): identity withheld",
                "kind": "",
                "reliability": "",
                "events": hidden_events,
            }
        )
    return out


def build(inp: Inputs) -> dict[str, Any]:
    """The report's content (see docs/report.md for each section)."""
    a = inp.agreement
    prev_start, prev_end = previous_period(inp.start, inp.end)
    labels = inp.labels
    now_f = Counter(labels.family(e.family.value) for e in inp.events)
    before_f = Counter(labels.family(e.family.value) for e in inp.previous)
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
            "type_label": labels.type(e.type_code),
            "place": e.where.name or "?",
            "status": e.status.value,
            "party": _party(e),
            "notes": labels.text(inp.protected.text(e.notes) or ""),
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
            mission_rows[f"{labels.text(task)} (mandated)"] += n
        for kind, n in card["outside_mandate"].items():
            mission_rows[f"{labels.text(kind)} (outside the mandate)"] += n
    points = [
        (e.where.lon, e.where.lat, e.family.value)
        for e in inp.events
        if e.where.lon is not None and e.where.lat is not None
    ]
    table = [_finding_row(f, inp.protected, labels) for f in findings[:TABLE_ROWS]]
    significant = _significant(inp)
    numbered = [
        (e["lon"], e["lat"], e["number"])
        for e in significant
        if e["lon"] is not None and e["lat"] is not None
    ]
    content = {
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
        "illustrative": any(
            (e.dataset or "").startswith("scenario-") or "illustrative" in e.tags
            for e in inp.events
        ),
        "public": inp.public,
        "totals": {
            "events": len(inp.events),
            "previous": len(inp.previous),
            "findings": len(findings),
            "killed": sum(_killed(e) for e in inp.events),
            "wounded": sum(_wounded(e) for e in inp.events),
            "killed_before": sum(_killed(e) for e in inp.previous),
            "wounded_before": sum(_wounded(e) for e in inp.previous),
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
        "map": svg.map_svg(inp.zone_shapes, points, numbered=numbered),
        "chart_days": _per_day_chart(inp),
        "chart_provisions": svg.hbars_svg(
            "Findings by provision",
            [(f"provision {labels.text(k)}", n) for k, n in provisions.most_common()],
        ),
        "chart_mission": svg.hbars_svg(
            "Mission activities by mandate class", sorted(mission_rows.items())
        ),
        "significant": significant,
        "obstructions": obstruction[:TABLE_ROWS],
        "obstruction_findings": [
            _finding_row(f, inp.protected, labels) for f in findings if f.rule_id == "obstruction"
        ],
        "throughput": [
            {
                "checkpoint": zone_names.get(k, k),
                **{d: c[d] for d in ("inbound", "outbound", "escorted", "undeclared cargo")},
            }
            for k, c in sorted(throughput.items())
        ],
        "findings": table,
        "findings_more": len(findings) - len(table),
        "missions": [_mission(card, a, labels) for card in inp.mission_cards],
        "sources": _sources(inp),
        "head": inp.head,
    }
    content["key_points"] = key_points(content)
    return content


def _killed(e: Event) -> int:
    return e.killed.best if e.killed.best is not None else e.killed.low or 0


def _wounded(e: Event) -> int:
    return e.wounded.best if e.wounded.best is not None else e.wounded.low or 0


def _mission(card: dict[str, Any], a: Agreement, labels: Labels) -> dict[str, Any]:
    """A mission's card, its tasks and activities in words."""
    return {
        **card,
        "name": next((m.name for m in a.missions if m.id == card["mission"]), ""),
        "mandate": [labels.text(t) for t in card["mandate"]],
        "tasks_performed": {labels.text(k): n for k, n in card["tasks_performed"].items()},
        "outside_mandate": {labels.text(k): n for k, n in card["outside_mandate"].items()},
    }
