"""Situation reports as a use case: read the period's record, sign a tree head over it in
the same transaction, and hand both to ``report`` to lay out."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from ceasewatch.assess.scorecard import mission_card
from ceasewatch.model import Event, Finding, Taxonomy, VerificationStatus
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.query import EventQuery
from ceasewatch.report.build import SIGNIFICANT, Inputs, build, previous_period, significance
from ceasewatch.store import events as event_repo
from ceasewatch.store import records as records_repo
from ceasewatch.workspace import assessing, corroborating, ledgering


def _bounds(a: Agreement, margin: float = 1.0) -> tuple[float, float, float, float] | None:
    from ceasewatch.geo.measure import zone_shape

    boxes = [zone_shape(z).bounds for z in a.zones]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes) - margin,
        min(b[1] for b in boxes) - margin,
        max(b[2] for b in boxes) + margin,
        max(b[3] for b in boxes) + margin,
    )


def period_events(conn: Connection, a: Agreement, start: date, end: date) -> list[Event]:
    """The events of a period that concern an agreement: placed within a degree of its
    zones, or unplaced and naming one of its parties; refuted ones are not incidents."""
    box = _bounds(a)
    parties = {p.id for p in a.parties} | {m.contributor for m in a.missions}
    out = []
    for e in event_repo.query_events(conn, EventQuery(start, end)):
        if e.status is VerificationStatus.REFUTED:
            continue
        if e.where.lat is None or e.where.lon is None:
            if box is None or any(x.party in parties for x in e.actors):
                out.append(e)
        elif box is None or (box[0] <= e.where.lon <= box[2] and box[1] <= e.where.lat <= box[3]):
            out.append(e)
    return out


def _areas(a: Agreement, events: list[Event]) -> dict[str, list[str]]:
    """Event id -> the zones it lies in."""
    from ceasewatch.geo.measure import Frame

    placed = [e for e in events if e.where.lat is not None and e.where.lon is not None]
    out: dict[str, list[str]] = {}
    if not placed or not a.zones:
        return out
    frame = Frame.of(a.zones)
    lons = [e.where.lon for e in placed]
    lats = [e.where.lat for e in placed]
    for z in a.zones:
        inside = frame.contains_many(z.id, lons, lats)  # type: ignore[arg-type]
        for e, hit in zip(placed, inside, strict=True):
            if hit:
                out.setdefault(e.id, []).append(z.id)
    return out


def _overlaps(f: Finding, start: date, end: date) -> bool:
    first = f.period.start
    last = f.period.end or first
    return first is None or (first <= end and (last or first) >= start)


def gather(
    conn: Connection,
    taxonomy: Taxonomy,
    a: Agreement,
    start: date,
    end: date,
    head: str,
    generated: datetime,
    cutoff: time | None = None,
) -> Inputs:
    from ceasewatch.geo.measure import zone_shape

    events = period_events(conn, a, start, end)
    prev_start, prev_end = previous_period(start, end)
    previous = period_events(conn, a, prev_start, prev_end)
    zone = ZoneInfo(a.timezone)
    if cutoff is not None:  # timed records from the cut-off of the day before
        t0 = datetime.combine(start - timedelta(days=1), cutoff, zone)
        t1 = datetime.combine(end, cutoff, zone)
    else:
        t0 = datetime.combine(start, time(0), zone)
        t1 = datetime.combine(end + timedelta(days=1), time(0), zone)
    crossings = [
        x
        for x in records_repo.list_crossings(conn)
        if t0 <= (x.time if x.time.tzinfo else x.time.replace(tzinfo=zone)) < t1
    ]
    findings = [f for f in records_repo.list_findings(conn, a.id) if _overlaps(f, start, end)]
    ranked = sorted(events, key=lambda e: (tuple(-int(x) for x in significance(e)), e.id))
    dossiers = {
        e.id: corroborating.dossier(conn, taxonomy, e.id)
        for e in ranked[:SIGNIFICANT]
        if any(significance(e))
    }
    items: list[Any] = []
    if a.missions:
        found, _ = assessing.evidence(conn, taxonomy)
        items = [
            i
            for i in found
            if i.start is not None and i.start <= end and (i.end or i.start) >= start
        ]
    return Inputs(
        agreement=a,
        start=start,
        end=end,
        events=events,
        previous=previous,
        findings=findings,
        crossings=crossings,
        dossiers=dossiers,
        sources=records_repo.list_sources(conn),
        mission_cards=[mission_card(findings, items, m) for m in a.missions],
        head=head,
        generated=generated.isoformat(timespec="seconds"),
        cutoff=cutoff.strftime("%H:%M") if cutoff else None,
        areas=_areas(a, events),
        previous_areas=_areas(a, previous),
        zone_shapes=[(z.id, z.kind.value, zone_shape(z)) for z in a.zones],
    )


def report(
    conn: Connection,
    taxonomy: Taxonomy,
    a: Agreement,
    start: date,
    end: date,
    key: ledgering.Key,
    now: datetime,
    cutoff: time | None = None,
) -> dict[str, Any]:
    """The report's content; signs a tree head over the record it is made from."""
    head = ledgering.sign_head(conn, key, now)
    return build(gather(conn, taxonomy, a, start, end, head, now, cutoff))
