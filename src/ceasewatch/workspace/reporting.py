"""Situation reports as a use case: read the period's record, sign a tree head over it in
the same transaction, and hand both to ``report`` to lay out."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection

from ceasewatch.assess.evidence import Item, from_claim, from_event
from ceasewatch.assess.rules import reach
from ceasewatch.assess.scorecard import mission_card
from ceasewatch.errors import InvalidInput
from ceasewatch.ingest import exports as export_writers
from ceasewatch.model import Event, Taxonomy, VerificationStatus
from ceasewatch.model.access import PUBLISHED_EVENTS, PUBLISHED_FINDINGS
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.query import EventQuery
from ceasewatch.report.build import Inputs, build, previous_period, ranked
from ceasewatch.report.labels import Labels
from ceasewatch.store import events as event_repo
from ceasewatch.store import findings as findings_repo
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.workspace import ledgering, views
from ceasewatch.workspace.assessing import attributed
from ceasewatch.workspace.dossiers import dossier


def period_events(conn: Connection, a: Agreement, start: date, end: date) -> list[Event]:
    """The events of a period that concern an agreement: placed within a degree of its
    zones, or unplaced and naming one of its parties; refuted ones, and those their data
    set withdrew, are not incidents."""
    box = reach(a)
    parties = {p.id for p in a.parties} | {m.contributor for m in a.missions}
    out = []
    for e in event_repo.query_events(conn, EventQuery(start, end)):
        if e.status in (VerificationStatus.REFUTED, VerificationStatus.WITHDRAWN):
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


def gather(
    conn: Connection,
    taxonomy: Taxonomy,
    a: Agreement,
    start: date,
    end: date,
    head: str,
    generated: datetime,
    cutoff: time | None = None,
    public: bool = False,
) -> Inputs:
    """The report's inputs; with *public*, only what the public may see: the published
    events (of both periods) and findings, and no claim among the mission's records."""
    from ceasewatch.geo.measure import zone_shape

    try:
        zone = ZoneInfo(a.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"agreement {a.id}: {a.timezone!r} is not a time zone of the tz database",
            field="timezone",
        ) from None
    hide = views.protected(conn)  # a report leaves the building: always withheld

    def seen(found: list[Event]) -> list[Event]:
        return [hide.event(e) for e in found if not public or e.status.value in PUBLISHED_EVENTS]

    events = seen(period_events(conn, a, start, end))
    prev_start, prev_end = previous_period(start, end)
    previous = seen(period_events(conn, a, prev_start, prev_end))
    if cutoff is not None:  # timed records after the cut-off of the day before, up to it
        t0 = datetime.combine(start - timedelta(days=1), cutoff, zone)
        t1 = datetime.combine(end, cutoff, zone)
    else:
        t0 = datetime.combine(start, time(0), zone) - timedelta(microseconds=1)
        t1 = datetime.combine(end + timedelta(days=1), time(0), zone) - timedelta(microseconds=1)
    checkpoints = {z.id for z in a.zones}
    crossings = [
        x
        for x in monitoring_repo.list_crossings(conn)
        if x.checkpoint in checkpoints
        and t0 < (x.time if x.time.tzinfo else x.time.replace(tzinfo=zone)) <= t1
    ]
    findings = [
        f
        for f in findings_repo.list_findings(conn, a.id)
        if f.period.start is not None
        and f.period.start <= end
        and (f.period.end or f.period.start) >= start
        and (not public or f.status.value in PUBLISHED_FINDINGS)
    ]
    dossiers = {e.id: dossier(conn, taxonomy, e.id) for e in ranked(events)}
    sources = texts_repo.list_sources(conn)
    return Inputs(
        agreement=a,
        start=start,
        end=end,
        events=events,
        previous=previous,
        findings=findings,
        crossings=crossings,
        dossiers=dossiers,
        sources=sources,
        mission_cards=[
            mission_card(
                findings,
                attributed(_mission_items(conn, events, start, end, public), a, taxonomy),
                m,
            )
            for m in a.missions
        ],
        head=head,
        generated=generated.isoformat(timespec="seconds"),
        cutoff=cutoff.isoformat(timespec="seconds" if cutoff.second else "minutes")
        if cutoff
        else None,
        areas=_areas(a, events),
        previous_areas=_areas(a, previous),
        zone_shapes=[(z.id, z.kind.value, zone_shape(z)) for z in a.zones],
        protected=hide,
        labels=Labels.of(taxonomy),
        public=public,
    )


def _mission_items(
    conn: Connection, events: list[Event], start: date, end: date, public: bool
) -> list[Item]:
    """The period's records as evidence of the mission's activity: its events, and the
    claims and observations dated in it (not the whole record); for the public, the
    published events alone."""
    items = [from_event(e) for e in events]
    if public:
        return items
    for c in texts_repo.list_claims(conn):
        i = from_claim(c)
        if i.start is not None and i.start <= end and (i.end or i.start) >= start:
            items.append(i)
    return items


@dataclass
class Made:
    """A report's content, the head signed over its record (not stored yet), and the
    period's events in the export formats."""

    content: dict[str, Any]
    head: ledgering.SignedHead
    exports: dict[str, str] = field(default_factory=dict)


def report(
    conn: Connection,
    taxonomy: Taxonomy,
    a: Agreement,
    start: date,
    end: date,
    key: ledgering.Key,
    now: datetime,
    cutoff: time | None = None,
    exports: bool = False,
    public: bool = False,
) -> Made:
    """The report's content and a head signed over the record it is made from (one
    snapshot); the caller stores the head once the report is written out."""
    head = ledgering.make_head(conn, key, now)
    note = ledgering.cosigned(conn, head.size, head.root, head.note)  # with the witnesses'
    inputs = gather(conn, taxonomy, a, start, end, note, now, cutoff, public)
    content = build(inputs)
    # the one step over all of it but the signed head, a note about the log (its base64
    # could spell a short name by chance)
    shown = views.shown({k: v for k, v in content.items() if k != "head"}, inputs.protected)
    made = Made(shown | {"head": content["head"]}, head)
    if exports:
        for suffix, fmt in (("acled.csv", "acled"), ("geojson", "geojson"), ("kml", "kml")):
            buf = io.StringIO()
            found = (
                inputs.protected.event(e)
                for e in event_repo.iter_events(conn, EventQuery(start, end))
                if not public or e.status.value in PUBLISHED_EVENTS
            )
            export_writers.write(buf, fmt, found, taxonomy)
            made.exports[suffix] = buf.getvalue()
    return made
