"""The record as lists a person reads: events found by words and filters, a page at a
time, whether they have a place on the map or not; findings filtered; a finding with the
records behind it, each with where it can be read. Everything leaves through the
redaction step of ``views.py``, and a word of free text finds an event only in what the
role is shown of it: a search cannot tell that a withheld text named a protected post."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ceasewatch.errors import NotFound, SchemaError
from ceasewatch.model import Family, VerificationStatus
from ceasewatch.model.access import PUBLISHED_EVENTS, Role, User
from ceasewatch.model.query import EventQuery
from ceasewatch.model.redact import Protected
from ceasewatch.model.taxonomy import Taxonomy
from ceasewatch.store import events as event_repo
from ceasewatch.store import findings as findings_repo
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.store import search as search_repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.workspace import views
from ceasewatch.workspace.base import Base

MAX_PER_PAGE = 200
MAX_WORDS = 8


@dataclass(frozen=True, slots=True)
class EventSearch:
    """What the event list asks for: words of free text (each must match), the filters,
    the order (newest first, or oldest) and a page by number, from 1."""

    text: str = ""
    families: tuple[Family, ...] = ()
    statuses: tuple[VerificationStatus, ...] = ()
    party: str | None = None
    start: date | None = None
    end: date | None = None
    newest: bool = True
    page: int = 1
    per_page: int = 25

    def __post_init__(self) -> None:
        if self.page < 1:
            raise SchemaError(f"page {self.page}: pages are numbered from 1", field="page")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise SchemaError(
                f"{self.per_page} events a page: give 1 to {MAX_PER_PAGE}", field="per_page"
            )
        if self.start and self.end and self.end < self.start:
            raise SchemaError(f"the period ends ({self.end}) before it starts ({self.start})")

    @property
    def words(self) -> list[str]:
        return self.text.split()[:MAX_WORDS]


def _searchable(shown: dict[str, Any], labels: dict[str, str]) -> str:
    """What a word of free text is looked for in, of an event as shown."""
    place = shown["place"]
    parts = [shown["id"], shown["type"], labels.get(shown["type"], ""), shown["notes"] or ""]
    parts += [place["name"] or "", place["admin1"] or "", place["admin2"] or ""]
    for a in shown["actors"]:
        parts += [a["name"] or "", a["party"] or ""]
    parts += [str(s) for s in shown["sources"]]
    return " ".join(parts).lower()


def _types_named(taxonomy: Taxonomy, word: str) -> list[str]:
    low = word.lower()
    return [t.code for t in taxonomy if low in t.label.lower()]


def _missing(kind: str) -> NotFound:
    """A record that is not there or withheld from the role, answered alike and without
    repeating the id asked for (an error page is no place to echo a withheld id)."""
    err = NotFound(kind or "record", "")
    err.args = (f"no {kind or 'record'} with that id, or none you may see",)
    return err


class Listing(Base):
    """Lists and the pages behind them (docs/web.md)."""

    def event_list(self, user: User, search: EventSearch) -> dict[str, Any]:
        """A page of the events *user* may see that match *search*: ``events`` (as the
        API shows them), ``total`` (how many match), ``page`` and ``pages``."""
        statuses = search.statuses
        if user.role == Role.PUBLIC:
            allowed = [VerificationStatus(s) for s in PUBLISHED_EVENTS]
            statuses = tuple(s for s in statuses if s in allowed) if statuses else tuple(allowed)
            if not statuses:
                return {"events": [], "total": 0, "page": search.page, "pages": 1}
        query = EventQuery(
            start=search.start,
            end=search.end,
            families=search.families,
            statuses=statuses,
            party=search.party,
            newest=search.newest,
        )
        words = [[w, *_types_named(self.taxonomy, w)] for w in search.words]
        offset = (search.page - 1) * search.per_page
        with self._read(snapshot=True) as conn:
            hide = self.redactions.hider(user, conn)
            if words and hide:
                shown, total = self._filtered(conn, query, words, hide, offset, search.per_page)
            else:
                total = search_repo.count(conn, query, words)
                found = search_repo.page(conn, query, words, offset, search.per_page)
                shown = views.events_out(found, hide, boxed=False)
        pages = max(1, -(-total // search.per_page))
        return {"events": shown, "total": total, "page": search.page, "pages": pages}

    def _filtered(
        self,
        conn: Any,
        query: EventQuery,
        words: list[list[str]],
        hide: Protected,
        offset: int,
        limit: int,
    ) -> tuple[list[dict[str, Any]], int]:
        """The page and the count when a word must be matched in what the role is shown:
        the database finds the events whose stored text has the words, and each is kept
        only if its redacted form still has them."""
        labels = {t.code: t.label for t in self.taxonomy}
        ids: list[str] = []
        total = 0
        for eid, stored in search_repo.every_text(conn, query, words):
            if hide.names_one(stored):  # redaction may change what it says: look again
                e = event_repo.get_event(conn, eid)
                if e is None:
                    continue
                shown = views.event_out(e, hide)
                text = _searchable(shown, labels)
                if not all(w.lower() in text or shown["type"] in codes for w, *codes in words):
                    continue
            # else it is shown as stored, where the database found the words
            if offset <= total < offset + limit:
                ids.append(eid)
            total += 1
        found = event_repo.events_by_id(conn, ids)
        kept = views.events_out([found[i] for i in ids if i in found], hide, boxed=False)
        return kept, total

    def finding_page(self, user: User, finding_id: str) -> dict[str, Any]:
        """A finding and the records behind it as *user* may see them; each record with
        ``event``, the event it stands in (itself, for an event) if the user may open it."""
        from ceasewatch.assess.evidence import Item
        from ceasewatch.workspace import assessing

        with self._read(snapshot=True) as conn:
            found = findings_repo.get_finding(conn, finding_id)
            if found is None or not views.finding_visible(user, found):
                raise NotFound("finding", finding_id)
            items: list[Item] = assessing.evidence_for(conn, found.evidence, self.taxonomy)
            hide = self.redactions.hider(user, conn)
            held = search_repo.holders(conn, found.evidence)
            for i in items:
                if i.kind == "event":
                    held[i.ref] = i.ref.partition(":")[2]
            opened = event_repo.events_by_id(conn, sorted(set(held.values())))
        by_ref = {i.ref: i for i in items}
        rows = []
        for ref in found.evidence:
            item = by_ref.get(ref)
            holder = opened.get(held.get(ref, ""))
            visible = holder is not None and views.event_visible(user, holder)
            rows.append(
                {
                    "ref": ref,
                    "kind": ref.partition(":")[0],
                    "type": item.type_code if item else None,
                    "start": item.start.isoformat() if item and item.start else None,
                    "end": item.end.isoformat() if item and item.end else None,
                    "text": item.text if item else None,
                    "status": item.status if item else None,
                    "event": holder.id if holder is not None and visible else None,
                }
            )
        return views.shown(  # type: ignore[no-any-return]
            {"finding": views.finding_out(found, hide), "evidence": rows}, hide
        )

    def record_page(self, user: User, ref: str) -> dict[str, Any]:
        """A claim (``claim:ID``), an observation (``observation:ID``) or a checkpoint's
        crossing record (``crossing:ID``, for liaison officers and above) as *user* may see
        it, with ``event``, the event it stands in if the user may open it. One withheld
        from the role, or whose event the public may not see, is answered as missing."""
        from ceasewatch.model.jsonform import claim_json

        kind, _, rid = ref.partition(":")
        with self._read(snapshot=True) as conn:
            hide = self.redactions.hider(user, conn)
            out: dict[str, Any] | None = None
            if kind == "claim" and not hide.withheld_ref(ref):
                found = texts_repo.claims_by_ids(conn, [rid])
                if found:
                    c = found[0]
                    source, title, published = search_repo.document_of(conn, c.document_id)
                    out = claim_json(c, None) | {"id": c.id, "credibility": c.credibility}
                    out["document"] = {"source": source, "title": title, "published": published}
            elif kind == "crossing" and user.role >= Role.LIAISON:
                x = next((c for c in monitoring_repo.list_crossings(conn) if c.id == rid), None)
                if x is not None:
                    out = _crossing_out(x)
            elif kind == "observation" and not hide.withheld_ref(ref):
                seen = monitoring_repo.observations_by_ids(conn, [rid])
                if seen:
                    out = _observation_out(seen[0])
            if out is None:
                raise _missing(kind)
            holder_id = search_repo.holders(conn, [ref]).get(ref)
            holder = event_repo.get_event(conn, holder_id) if holder_id else None
        visible = holder is not None and views.event_visible(user, holder)
        if user.role == Role.PUBLIC and not visible:  # crossings: liaison officers and up
            raise _missing(kind)
        out |= {"ref": ref, "kind": kind, "event": holder.id if holder and visible else None}
        return views.shown(out, hide)  # type: ignore[no-any-return]

    def finding_list(
        self,
        user: User,
        agreement_id: str | None = None,
        party: str | None = None,
        status: str | None = None,
        rule: str | None = None,
    ) -> dict[str, Any]:
        """The findings *user* may see that match the filters, and the values each filter
        can take among all of them (``parties``, ``statuses``, ``rules``)."""
        with self._read() as conn:
            stored = findings_repo.list_findings(conn, agreement_id)
            hide = self.redactions.hider(user, conn)
        every = [views.finding_out(f, hide) for f in stored if views.finding_visible(user, f)]
        chosen = [
            f
            for f in every
            if (not party or (f["party"] or "") == party)
            and (not status or f["status"] == status)
            and (not rule or f["rule"] == rule)
        ]
        return {
            "findings": chosen,
            "total": len(every),
            "parties": sorted({f["party"] for f in every if f["party"]}),
            "statuses": sorted({f["status"] for f in every}),
            "rules": sorted({f["rule"] for f in every}),
        }


def _observation_out(o: Any) -> dict[str, Any]:
    p = o.position
    return {
        "id": o.id,
        "observer": o.observer,
        "source": o.source,
        "place": {"name": p.name, "lat": p.lat, "lon": p.lon, "precision": p.precision.value},
        "start": o.start.isoformat(),
        "end": o.end.isoformat(),
        "type": o.type_code,
        "means": o.means.value,
        "cfv": None
        if o.cfv is None
        else {"kind": o.cfv.kind.value, "count": o.cfv.count, "weapon": o.cfv.weapon},
        "bearing_deg": o.bearing_deg,
        "distance_km": list(o.distance_km) if o.distance_km else None,
        "notes": o.notes,
    }


def _crossing_out(x: Any) -> dict[str, Any]:
    def cargo(items: Any) -> list[dict[str, Any]] | None:
        if items is None:
            return None
        return [
            {"category": c.category, "description": c.description, "quantity": c.quantity,
             "unit": c.unit}
            for c in items
        ]  # fmt: skip

    return {
        "id": x.id,
        "checkpoint": x.checkpoint,
        "time": x.time.isoformat(),
        "vehicle": x.vehicle,
        "direction": x.direction.value,
        "declared": cargo(x.declared),
        "observed": cargo(x.observed),
        "escort": x.escort,
        "inspection": x.inspection,
        "notes": x.notes,
    }
