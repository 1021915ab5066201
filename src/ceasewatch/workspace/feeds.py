"""The public's feed of new events and findings (an Atom feed, report/atom.py), filtered
by zone, family and party: what a reader, a newsroom or a partner follows instead of
asking again and again (docs/web.md).

Only what the public may see: the published events and findings, protected sources,
their posts, places and records withheld by the redaction step whatever the caller's
role. An event is as new as the last change in its history (a record joining it, its
status set); a finding as the end of its period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection

from ceasewatch.errors import InvalidInput
from ceasewatch.model import Event, Family, Finding, Taxonomy, VerificationStatus
from ceasewatch.model.access import PUBLISHED_EVENTS, PUBLISHED_FINDINGS
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.query import BBox, EventQuery
from ceasewatch.model.redact import Protected
from ceasewatch.report.atom import Entry
from ceasewatch.report.labels import Labels
from ceasewatch.store import clusters as clusters_repo
from ceasewatch.store import events as event_repo
from ceasewatch.store import findings as findings_repo
from ceasewatch.workspace import views

FEED_ENTRIES = 50  # the newest entries a feed holds
SCANNED = 20  # events read for each one a feed holds, before the zone is looked at


@dataclass(frozen=True, slots=True)
class FeedFilter:
    zone: str | None = None
    families: tuple[Family, ...] = ()
    party: str | None = None

    def describe(self) -> str:
        parts = []
        if self.zone:
            parts.append(f"zone {self.zone}")
        if self.families:
            parts.append("families " + ", ".join(f.value.replace("_", " ") for f in self.families))
        if self.party:
            parts.append(f"party {self.party}")
        return "; ".join(parts) or "everything published"


def _rfc3339(stamp: str | None, day: Any) -> str:
    """A time as Atom has it (with its offset); a day alone as its midnight UTC."""
    if stamp:
        text = stamp.replace(" ", "T")
        if text.endswith("+00:00"):
            text = text[:-6] + "Z"
        if "T" in text and ("Z" in text or "+" in text[10:] or "-" in text[10:]):
            return text
    return f"{day.isoformat() if day else '1970-01-01'}T00:00:00Z"


def _in_zone(a: Agreement, zone: str, found: list[Event]) -> list[Event]:
    from ceasewatch.geo.measure import Frame

    placed = [e for e in found if e.where.lat is not None and e.where.lon is not None]
    if not placed:
        return []
    frame = Frame.of(a.zones)
    inside = frame.contains_many(
        zone,
        [e.where.lon for e in placed],  # type: ignore[misc]
        [e.where.lat for e in placed],  # type: ignore[misc]
    )
    return [e for e, hit in zip(placed, inside, strict=True) if hit]


def _event_entry(e: Event, when: str, labels: Labels, base: str) -> Entry:
    harm = []
    if e.killed.best or e.killed.low:
        harm.append(f"{e.killed.best or e.killed.low} killed")
    if e.wounded.best or e.wounded.low:
        harm.append(f"{e.wounded.best or e.wounded.low} wounded")
    blamed = sorted({x.party for x in e.actors if x.role.value == "perpetrator" and x.party})
    day = e.when.start.isoformat() if e.when.start else "date unknown"
    summary = f"{labels.type(e.type_code)} at {e.where.name or 'an unknown place'} on {day}"
    summary += f" ({e.status.value}"
    summary += f"; blamed: {', '.join(blamed)}" if blamed else ""
    summary += f"; {', '.join(harm)})" if harm else ")"
    if e.notes:
        summary += ". " + labels.text(e.notes)
    return Entry(
        id=f"urn:ceasewatch:event:{e.id}",
        title=f"{day}: {labels.type(e.type_code)}, {e.where.name or 'place unknown'}",
        updated=when,
        link=f"{base}/events/{e.id}",
        summary=summary,
        categories=(
            labels.family(e.family.value),
            e.status.value,
            *sorted({x.party for x in e.actors if x.party}),  # every party it involves
        ),
    )


def _finding_entry(f: Finding, labels: Labels, base: str) -> Entry:
    return Entry(
        id=f"urn:ceasewatch:finding:{f.id}",
        title=f"Finding ({f.status.value}): {labels.text(f.summary)[:120]}",
        updated=_rfc3339(None, f.period.end or f.period.start),
        link=f"{base}/findings/{f.id}",
        summary=labels.text(f.summary),
        categories=("finding", f.status.value, *([f.party] if f.party else [])),
    )


def _box(agreement: Agreement | None, wanted: FeedFilter) -> BBox | None:
    """The bounds of the filter's zone (None without one); an unknown zone is refused."""
    from ceasewatch.geo.measure import zone_shape

    if not wanted.zone:
        return None
    zone = next((z for z in agreement.zones if z.id == wanted.zone), None) if agreement else None
    if zone is None or agreement is None:
        known = ", ".join(z.id for z in agreement.zones) if agreement else "none"
        raise InvalidInput(
            f"unknown zone {wanted.zone!r}; the agreement's zones: {known}", field="zone"
        )
    w, s, e, n = zone_shape(zone).bounds
    return BBox(w, s, e, n)


def check(agreement: Agreement | None, wanted: FeedFilter) -> None:
    """Refuse a filter whose zone the agreement does not have."""
    _box(agreement, wanted)


def published_events(
    conn: Connection,
    agreement: Agreement | None,
    wanted: FeedFilter,
    hide: Protected,
    *,
    among: Sequence[str] | None = None,
    limit: int | None = None,
) -> list[Event]:
    """The published events the filter finds, newest first, as the public sees them (an
    event whose place is withheld is not found by a zone); of the ids *among* if given
    (what a write changed: webhooks.py), else the newest *limit*."""
    box = _box(agreement, wanted)
    query = EventQuery(
        bbox=box,
        families=wanted.families,
        party=wanted.party,
        statuses=tuple(VerificationStatus(s) for s in PUBLISHED_EVENTS),
        limit=None if limit is None else limit * SCANNED if wanted.zone else limit,
        newest=True,
    )
    if among is not None:
        found = event_repo.matching_among(conn, query, among)
    else:
        found = event_repo.query_events(conn, query)
    if wanted.zone and agreement is not None:
        found = _in_zone(agreement, wanted.zone, found)
    found = [x for x in (hide.event(e) for e in found) if not (box and x.where.lat is None)]
    return found if limit is None else found[:limit]


def finding_wanted(
    f: Finding, agreement: Agreement | None, wanted: FeedFilter, shown_ids: set[str]
) -> bool:
    """Whether a finding belongs in the feed: published, of the agreement, of the party;
    with a zone or families, only if it stands on one of the events *shown_ids* (those
    the filter finds)."""
    if f.status.value not in PUBLISHED_FINDINGS:
        return False
    if agreement is not None and f.agreement != agreement.id:
        return False
    if wanted.party and f.party != wanted.party:
        return False
    if wanted.zone or wanted.families:
        return bool(evidence_events(f) & shown_ids)
    return True


def evidence_events(f: Finding) -> set[str]:
    """The ids of the events a finding names as its evidence."""
    return {r.partition(":")[2] for r in f.evidence if r.startswith("event:")}


def entries(
    conn: Connection,
    taxonomy: Taxonomy,
    agreement: Agreement | None,
    wanted: FeedFilter,
    base: str,
    limit: int = FEED_ENTRIES,
) -> list[Entry]:
    """The feed's entries, the newest first, as the public may see them."""
    hide: Protected = views.protected(conn)  # the public's view, whoever asks
    found = published_events(conn, agreement, wanted, hide, limit=limit)
    changed = clusters_repo.last_changes(conn, [e.id for e in found])
    labels = Labels.of(taxonomy)
    out = [_event_entry(e, _rfc3339(changed.get(e.id), e.when.start), labels, base) for e in found]
    shown_ids = {e.id for e in found}
    for f in findings_repo.list_findings(conn, agreement.id if agreement else None):
        if finding_wanted(f, agreement, wanted, shown_ids):
            out.append(_finding_entry(f, labels, base))
    out.sort(key=lambda x: (x.updated, x.id), reverse=True)
    return [_shown(x, hide) for x in out[:limit]]


def _shown(x: Entry, hide: Protected) -> Entry:
    """An entry through the redaction step, each of its texts."""
    if not hide:
        return x
    return replace(
        x,
        title=hide.word(x.title),
        summary=hide.word(x.summary),
        link=hide.word(x.link),
        id=hide.word(x.id),
        categories=tuple(hide.word(c) for c in x.categories),
    )
