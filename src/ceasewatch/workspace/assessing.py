"""The assessment as a use case: gather the evidence, run the rules for each agreement,
store what changed (each change logged in the ledger), and build scorecards."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection

from ceasewatch.assess.diff import Changes, compare
from ceasewatch.assess.evidence import (
    Item,
    from_claim,
    from_crossing,
    from_observation,
)
from ceasewatch.assess.rules import Context, Outcome, Problem, Rule, run_rules, scope
from ceasewatch.ledger.entries import Op
from ceasewatch.ledger.records import item
from ceasewatch.model import Finding, TrackPoint
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.taxonomy import Taxonomy
from ceasewatch.store import events as event_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import records as repo
from ceasewatch.workspace.importing import Stamp


@dataclass
class AgreementResult:
    agreement: str
    rules: list[str]
    findings: int
    changes: Changes
    problems: list[Problem]


@dataclass
class AssessReport:
    results: list[AgreementResult] = field(default_factory=list)
    evidence: int = 0


def evidence(
    conn: Connection, taxonomy: Taxonomy
) -> tuple[list[Item], dict[str, list[TrackPoint]]]:
    """Every record as evidence, and the track points of each vehicle in time order."""
    items = list(event_repo.iter_evidence(conn))
    items += [from_claim(c) for c in repo.list_claims(conn)]
    items += [from_observation(o, taxonomy) for o in repo.list_observations(conn)]
    items += [from_crossing(x) for x in repo.list_crossings(conn)]
    tracks: dict[str, list[TrackPoint]] = defaultdict(list)
    for p in repo.list_track_points(conn, None):
        tracks[p.vehicle].append(p)
    for points in tracks.values():
        points.sort(key=lambda p: p.time)
    return items, dict(tracks)


def _overlaps(f: Finding, start: date | None, end: date | None) -> bool:
    if f.period.start is None:
        return start is None and end is None
    if start is not None and (f.period.end or f.period.start) < start:
        return False
    return not (end is not None and f.period.start > end)


def store_outcome(
    conn: Connection,
    agreement: Agreement,
    outcome: Outcome,
    stamp: Stamp,
    start: date | None,
    end: date | None,
) -> Changes:
    """Write what changed since the last run; every change goes into the ledger."""
    stored = repo.list_findings(conn, agreement.id)
    ran = {r.split("@")[0] for r in outcome.rules} - {p.rule for p in outcome.problems}
    removable = {f.id for f in stored if f.rule_id in ran and _overlaps(f, start, end)}
    changes = compare(stored, outcome.findings, removable)
    entries = []
    rows = [repo.finding_row(f) for f in changes.added]
    repo.insert_rows(conn, "finding", rows)
    for row in rows:
        entries.append(item("finding", row["id"], row, stamp.actor, stamp.time, stamp.reason))
    for _old, new, why in changes.changed:
        ledger_repo.materialize(conn, "finding", new.id)
        row = repo.finding_row(new)
        repo.update_finding(conn, row)
        entries.append(
            item("finding", new.id, row, stamp.actor, stamp.time, "; ".join(why), Op.UPDATE)
        )
    for old in changes.removed:
        ledger_repo.materialize(conn, "finding", old.id)
        repo.delete_finding(conn, old.id)
        entries.append(
            item(
                "finding",
                old.id,
                None,
                stamp.actor,
                stamp.time,
                "no longer found by its rule",
                Op.DELETE,
            )
        )
    ledger_repo.append(conn, entries)
    return changes


def assess(
    conn: Connection,
    agreements: Sequence[Agreement],
    rules: Sequence[Rule],
    taxonomy: Taxonomy,
    stamp: Stamp,
    start: date | None,
    end: date | None,
    as_of: date | None,
) -> AssessReport:
    items, tracks = evidence(conn, taxonomy)
    report = AssessReport(evidence=len(items))
    for a in agreements:
        ctx = Context(a, scope(items, a), tracks, taxonomy, start, end, as_of)
        outcome = run_rules(ctx, rules)
        changes = store_outcome(conn, a, outcome, stamp, start, end)
        report.results.append(
            AgreementResult(a.id, outcome.rules, len(outcome.findings), changes, outcome.problems)
        )
    return report


def scorecard_json(
    findings: Sequence[Finding],
    items: Sequence[Item],
    agreement: Agreement,
    party: str | None,
    mission: bool,
) -> dict[str, Any]:
    from ceasewatch.assess.scorecard import mission_card, party_cards

    out: dict[str, Any] = {"agreement": agreement.id}
    if not mission or party:
        out["parties"] = party_cards(findings, agreement, party)
    if mission:
        out["missions"] = [mission_card(findings, items, m) for m in agreement.missions]
    return out
