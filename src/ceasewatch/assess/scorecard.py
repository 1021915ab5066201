"""Scorecards: findings counted per party and provision, and the mission against its
mandate."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from ceasewatch.assess.builtin.missions import TASK_OF, mandated, mission_items
from ceasewatch.assess.evidence import Item
from ceasewatch.model import Finding, FindingStatus
from ceasewatch.model.agreement import Agreement, Mission

STATUSES = [s.value for s in FindingStatus]


def _week(f: Finding) -> str | None:
    if f.period.start is None:
        return None
    year, week, _ = f.period.start.isocalendar()
    return f"{year}-W{week:02d}"


def party_cards(
    findings: Sequence[Finding], agreement: Agreement, party: str | None = None
) -> list[dict[str, Any]]:
    """For each party (or the one asked): findings by provision and status, and by week."""
    parties = [p.id for p in agreement.parties if party in (None, p.id)]
    out = []
    for pid in parties:
        mine = [f for f in findings if f.party == pid]
        provisions: dict[str, Counter[str]] = defaultdict(Counter)
        for f in mine:
            provisions[f.subject][f.status.value] += 1
        weekly: dict[str, Counter[str]] = defaultdict(Counter)
        for f in mine:
            week = _week(f)
            if week:
                weekly[week][f.status.value] += 1
        out.append(
            {
                "party": pid,
                "findings": len(mine),
                "by_status": {s: sum(1 for f in mine if f.status.value == s) for s in STATUSES},
                "by_provision": {
                    k: {s: c[s] for s in STATUSES} for k, c in sorted(provisions.items())
                },
                "weekly": {k: {s: c[s] for s in STATUSES} for k, c in sorted(weekly.items())},
            }
        )
    return out


def mission_card(findings: Sequence[Finding], items: Sequence[Item], m: Mission) -> dict[str, Any]:
    """Tasks performed (from its own records), activities outside the mandate, and gaps."""
    tasks = mandated(m)
    performed: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for i in mission_items(m, items):
        task = TASK_OF.get(i.type_code)
        if task is not None and task in tasks:
            performed[task.value] += 1
        else:
            outside[i.type_code] += 1
    ours = [f for f in findings if f.subject.startswith(f"mission {m.id}")]
    return {
        "mission": m.id,
        "mandate": sorted(
            t.task.value + ("" if t.basis.value == "text" else " (reading)") for t in m.mandate
        ),
        "tasks_performed": dict(sorted(performed.items())),
        "outside_mandate": dict(sorted(outside.items())),
        "findings": {
            "outside_mandate": sum(1 for f in ours if f.subject.endswith("outside the mandate")),
            "gaps": sum(1 for f in ours if f.subject.endswith("monitor_ceasefire")),
            "corridor_incidents": sum(1 for f in ours if f.subject.endswith("protect_corridor")),
        },
    }
