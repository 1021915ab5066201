"""The assessment as a use case: gather the evidence, run the rules for each agreement,
store what changed (each change logged in the ledger), and build scorecards."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection

from ceasewatch.assess.attribution import attribute
from ceasewatch.assess.diff import Changes, compare
from ceasewatch.assess.evidence import (
    Item,
    from_claim,
    from_crossing,
    from_event,
    from_observation,
)
from ceasewatch.assess.grading import DATASET, source_origins
from ceasewatch.assess.rules import Box, Context, Outcome, Problem, Rule, reach, run_rules, scope
from ceasewatch.extract.notes import notes_reader
from ceasewatch.ledger.entries import Op
from ceasewatch.ledger.records import item
from ceasewatch.model import Claim, Finding, TrackPoint, VerificationStatus, default_taxonomy
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.taxonomy import Taxonomy
from ceasewatch.store import clusters
from ceasewatch.store import events as event_repo
from ceasewatch.store import evidence as evidence_repo
from ceasewatch.store import findings as findings_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.store import records as repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.workspace.importing import Stamp
from ceasewatch.workspace.records import created
from ceasewatch.workspace.steps import Step


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
    conn: Connection, taxonomy: Taxonomy, agreements: Sequence[Agreement] | None = None
) -> tuple[list[Item], dict[str, list[TrackPoint]]]:
    """Every record as evidence, and the track points of each vehicle in time order; with
    *agreements*, the events placed beyond the reach of all of them are not read (``scope``
    would leave them out of each).

    Each source stands for its origin: the parent it re-reports, else the party it
    belongs to, else itself; claims that name no claimant speak for their document's
    source. Two copies of one ministry's statement are then one voice, not two."""
    origins = source_origins(texts_repo.list_sources(conn))
    # An event opened by clustering stands for its members, which are evidence already:
    # it counts itself only once an analyst verified it. What a refuted event holds
    # proves nothing; an event its data set withdrew is no evidence (its members, claims
    # and observations of their own, still are).
    unverified = clusters.event_ids(
        conn, DATASET, [s.value for s in VerificationStatus if s != VerificationStatus.VERIFIED]
    )
    refuted = clusters.event_ids(conn, None, [VerificationStatus.REFUTED.value])
    items = [
        i
        for i in evidence_repo.iter_evidence(conn, origins, boxes=_reaches(agreements))
        if i.ref[6:] not in unverified and i.status != VerificationStatus.WITHDRAWN.value
    ]
    items += _claim_items(
        conn, [c for c in texts_repo.list_claims(conn) if c.event_id not in refuted], origins
    )
    items += [
        from_observation(o, taxonomy)
        for o in monitoring_repo.list_observations(conn)
        if o.event_id not in refuted
    ]
    items += [from_crossing(x) for x in monitoring_repo.list_crossings(conn)]
    tracks: dict[str, list[TrackPoint]] = defaultdict(list)
    for p in monitoring_repo.list_track_points(conn, None):
        tracks[p.vehicle].append(p)
    for points in tracks.values():
        points.sort(key=lambda p: p.time)
    return items, dict(tracks)


def _reaches(agreements: Sequence[Agreement] | None) -> list[Box] | None:
    """The boxes an event must lie in to concern one of *agreements*; None: anywhere."""
    if agreements is None:
        return None
    boxes = [reach(a) for a in agreements]
    return None if any(b is None for b in boxes) else [b for b in boxes if b is not None]


def _claim_items(conn: Connection, claims: Sequence[Claim], origins: dict[str, str]) -> list[Item]:
    """Claims as evidence; each speaks, when it names no claimant, for its document's
    source's origin."""
    by_doc = texts_repo.document_sources(conn)
    return [
        replace(i, origin=origins.get(by_doc.get(i.sources[0], "")))
        for i in map(from_claim, claims)
    ]


def evidence_for(conn: Connection, refs: Sequence[str], taxonomy: Taxonomy) -> list[Item]:
    """The evidence items of these references only (a finding's), read by id."""
    wanted: dict[str, list[str]] = defaultdict(list)
    for ref in refs:
        kind, _, rid = ref.partition(":")
        wanted[kind].append(rid)
    origins = source_origins(texts_repo.list_sources(conn))
    items = []
    for eid in wanted["event"]:
        e = event_repo.get_event(conn, eid)
        if e is not None:
            cited = e.sources[0] if e.sources else ""
            items.append(replace(from_event(e), origin=origins.get(cited)))
    items += _claim_items(conn, texts_repo.claims_by_ids(conn, wanted["claim"]), origins)
    if wanted["observation"]:
        keep = set(wanted["observation"])
        items += [
            from_observation(o, taxonomy)
            for o in monitoring_repo.list_observations(conn)
            if o.id in keep
        ]
    if wanted["crossing"]:
        keep = set(wanted["crossing"])
        items += [from_crossing(x) for x in monitoring_repo.list_crossings(conn) if x.id in keep]
    return items


def _inside(f: Finding, start: date | None, end: date | None) -> bool:
    """Whether a finding lies wholly in the period judged (so a run over that period
    could have found it again in full)."""
    if start is None and end is None:
        return True
    if f.period.start is None:
        return False
    if start is not None and f.period.start < start:
        return False
    return not (end is not None and (f.period.end or f.period.start) > end)


def store_outcome(
    conn: Connection,
    agreement: Agreement,
    outcome: Outcome,
    stamp: Stamp,
    start: date | None,
    end: date | None,
) -> Changes:
    """Write what changed since the last run; every change goes into the ledger."""
    ledger_repo.lock(conn)  # one assessment at a time writes findings and their entries
    stored = findings_repo.list_findings(conn, agreement.id)
    ran = {r.split("@")[0] for r in outcome.rules} - {p.rule for p in outcome.problems}
    removable = {f.id for f in stored if f.rule_id in ran and _inside(f, start, end)}
    fresh = [
        f if f.agreement == agreement.id else replace(f, agreement=agreement.id)
        for f in outcome.findings
    ]
    if start is not None or end is not None:  # a part of a period: keep what reaches out
        fresh = [f for f in fresh if _inside(f, start, end)]
    changes = compare(stored, fresh, removable)
    entries = []
    rows = [findings_repo.finding_row(f) for f in changes.added]
    repo.insert_rows(conn, "finding", rows)
    entries.extend(created("finding", rows, stamp))
    for _old, new, why in changes.changed:
        ledger_repo.materialize(conn, "finding", new.id)
        row = findings_repo.finding_row(new)
        findings_repo.update_finding(conn, row)
        entries.append(
            item("finding", new.id, row, stamp.actor, stamp.time, "; ".join(why), Op.UPDATE)
        )
    for old in changes.removed:
        ledger_repo.materialize(conn, "finding", old.id)
        findings_repo.delete_finding(conn, old.id)
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
    step: Step | None = None,
) -> AssessReport:
    """Judge the record against each agreement with the rules, and store what changed.
    *step* is told the rules run so far of all (every agreement's), as ("rules", n, of)."""
    items, tracks = evidence(conn, taxonomy, agreements)
    report = AssessReport(evidence=len(items))
    total = len(agreements) * len(rules)
    for k, a in enumerate(agreements):
        mine = attributed(scope(items, a), a, taxonomy)
        day = as_of or max((i.end or i.start for i in mine if i.start), default=None)
        ctx = Context(a, mine, tracks, taxonomy, start, end, day)
        outcome = run_rules(ctx, rules, _rules_step(step, k * len(rules), total))
        changes = store_outcome(conn, a, outcome, stamp, start, end)
        report.results.append(
            AgreementResult(a.id, outcome.rules, len(outcome.findings), changes, outcome.problems)
        )
    return report


def _rules_step(step: Step | None, before: int, total: int) -> Callable[[int, int], None] | None:
    """*step* told the rules run of every agreement's, *before* of them already run."""
    if step is None:
        return None
    tell = step
    return lambda n, _: tell("rules", before + n, total)


def attributed(items: Sequence[Item], agreement: Agreement, taxonomy: Taxonomy) -> list[Item]:
    """The items as the agreement reads them: dataset actor names as its parties and
    mission, and the mission's vaguely coded rows typed by their notes."""
    return attribute(items, agreement, taxonomy, notes_reader(taxonomy).mission_type)


def scorecard_json(
    findings: Sequence[Finding],
    items: Sequence[Item],
    agreement: Agreement,
    party: str | None,
    mission: bool,
) -> dict[str, Any]:
    from ceasewatch.assess.scorecard import mission_card, party_cards

    items = attributed(items, agreement, default_taxonomy())

    out: dict[str, Any] = {"agreement": agreement.id}
    if not mission or party:
        out["parties"] = party_cards(findings, agreement, party)
    if mission:
        out["missions"] = [mission_card(findings, items, m) for m in agreement.missions]
    return out
