"""Repositories for the other monitoring records: agreements, sources, documents,
observations, checkpoint crossings and track points."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, select

from ceasewatch.model import (
    Actor,
    ActorRole,
    CargoItem,
    CfvDetail,
    CfvKind,
    Claim,
    ClaimStatus,
    Credibility,
    Crossing,
    Direction,
    Document,
    Family,
    Finding,
    FindingStatus,
    GeoPrecision,
    Observation,
    ObservationMeans,
    Place,
    Quantity,
    Reliability,
    Severity,
    Source,
    SourceKind,
    TimePrecision,
    TimeSpan,
    TrackPoint,
)
from ceasewatch.model.records import parse_published, published_text
from ceasewatch.store.clusters import mark_members
from ceasewatch.store.schema import (
    RECORD_TABLES,
    agreements,
    claims,
    crossings,
    document_files,
    documents,
    findings,
    observations,
    posts,
    sources,
    track_points,
)


def _json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def insert_rows(conn: Connection, kind: str, rows: Sequence[dict[str, Any]]) -> int:
    """Insert rows made by the ``*_row`` functions below into the table of ``kind``. The
    events that claims or observations come in already belonging to are listed as events
    with members (clustering's index)."""
    if rows:
        conn.execute(RECORD_TABLES[kind][0].insert(), list(rows))
        if kind in ("claim", "observation"):
            mark_members(conn, [r["event_id"] for r in rows if r.get("event_id")])
    return len(rows)


# -- agreements ----------------------------------------------------------------------


def put_agreement(
    conn: Connection, aid: str, title: str, sha256: str, text: str, at: str
) -> tuple[dict[str, Any], bool]:
    """Store an agreement's file, replacing an earlier version with the same id.

    Returns the stored row and whether it replaced one."""
    replaced = conn.execute(agreements.delete().where(agreements.c.id == aid)).rowcount > 0
    row = {"id": aid, "title": title, "sha256": sha256, "source_text": text, "loaded_at": at}
    conn.execute(agreements.insert(), row)
    return row, replaced


def agreement_text(conn: Connection, aid: str) -> tuple[str, str] | None:
    """(sha256, source text) of one stored agreement."""
    c = agreements.c
    row = conn.execute(select(c.sha256, c.source_text).where(c.id == aid)).first()
    return None if row is None else (row[0], row[1])


def agreement_texts(conn: Connection) -> list[tuple[str, str, str, str]]:
    """(id, title, sha256, source text) of every stored agreement."""
    c = agreements.c
    rows = conn.execute(select(c.id, c.title, c.sha256, c.source_text).order_by(c.id))
    return [(r[0], r[1], r[2], r[3]) for r in rows]


# -- sources ---------------------------------------------------------------------------


def source_row(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind.value,
        "affiliation": s.affiliation,
        "reliability": s.reliability.value,
        "parent": s.parent,
        "scale": s.scale,
        "protected": s.protected,
        "illustrative": s.illustrative,
    }


def list_sources(conn: Connection) -> list[Source]:
    return [
        Source(
            r.id,
            r.name,
            SourceKind(r.kind),
            r.affiliation,
            Reliability(r.reliability),
            r.parent,
            r.scale,
            bool(r.protected),
            bool(r.illustrative),
        )
        for r in conn.execute(select(sources).order_by(sources.c.id))
    ]


# -- documents -------------------------------------------------------------------------


def document_row(d: Document) -> dict[str, Any]:
    return {
        "id": d.id,
        "sha256": d.sha256,
        "source_id": d.source_id,
        "published": published_text(d.published, d.published_precision),
        "language": d.language,
        "title": d.title,
        "url": d.url,
        "text": d.text,
        "illustrative": d.illustrative,
    }


def _row_document(r: Any) -> Document:
    published, precision = parse_published(r.published)
    return Document(
        r.id,
        r.sha256,
        r.source_id,
        published,
        r.language,
        r.title,
        r.url,
        r.text,
        bool(r.illustrative),
        published_precision=precision,
        file=r.file,
    )


def list_documents(conn: Connection, without_claims: bool = False) -> list[Document]:
    """The stored documents; with *without_claims*, only those no claim was extracted from
    yet (the others' texts are not read)."""
    q = (
        select(documents, document_files.c.file)
        .outerjoin(document_files, document_files.c.id == documents.c.id)
        .order_by(documents.c.published, documents.c.id)
    )
    if without_claims:
        q = q.where(~select(claims.c.id).where(claims.c.document_id == documents.c.id).exists())
    return [_row_document(r) for r in conn.execute(q)]


# -- observations ----------------------------------------------------------------------


def _place_json(p: Place) -> str | None:
    return _json({"name": p.name, "lat": p.lat, "lon": p.lon, "precision": p.precision.value})


def observation_row(o: Observation) -> dict[str, Any]:
    return {
        "id": o.id,
        "observer": o.observer,
        "position": _place_json(o.position),
        "start": o.start.isoformat(),
        "end": o.end.isoformat(),
        "type_code": o.type_code,
        "means": o.means.value,
        "cfv_kind": o.cfv.kind.value if o.cfv else None,
        "cfv_count": o.cfv.count if o.cfv else None,
        "weapon": o.cfv.weapon if o.cfv else None,
        "bearing_deg": o.bearing_deg,
        "distance_min_km": o.distance_km[0] if o.distance_km else None,
        "distance_max_km": o.distance_km[1] if o.distance_km else None,
        "notes": o.notes,
        "event_id": o.event_id,
        "illustrative": o.illustrative,
    }


def _by_event(q: Any, column: Any, events: Sequence[str] | None, unassigned: bool) -> Any:
    """Narrow a query to the members of these events, or to records in none."""
    if unassigned:
        q = q.where(column.is_(None))
    if events is not None:
        q = q.where(column.in_(list(events)))
    return q


def list_observations(
    conn: Connection, *, events: Sequence[str] | None = None, unassigned: bool = False
) -> list[Observation]:
    """Observations in time order; with ``events`` those of these events only, with
    ``unassigned`` those in no event."""
    q = (
        select(observations, posts.c.source)
        .outerjoin(posts, posts.c.id == observations.c.observer)
        .order_by(observations.c.start, observations.c.id)
    )
    q = _by_event(q, observations.c.event_id, events, unassigned)
    return [_row_observation(r) for r in conn.execute(q)]


def stored_observation_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    """Which of *ids* are ids of stored observations."""
    return set(_lookup(conn, observations.c.id, observations.c.id, ids))


def observations_by_ids(conn: Connection, ids: Sequence[str]) -> list[Observation]:
    """The stored observations among *ids*, in time order."""
    out: list[Observation] = []
    for i in range(0, len(ids), 500):
        q = (
            select(observations, posts.c.source)
            .outerjoin(posts, posts.c.id == observations.c.observer)
            .where(observations.c.id.in_(list(ids[i : i + 500])))
        )
        out += [_row_observation(r) for r in conn.execute(q)]
    return sorted(out, key=lambda o: (o.start.isoformat(), o.id))


def _row_observation(r: Any) -> Observation:
    pos = orjson.loads(r.position)
    return Observation(
        r.id,
        r.observer,
        Place(pos["name"], pos["lat"], pos["lon"], GeoPrecision(pos["precision"])),
        datetime.fromisoformat(r.start),
        datetime.fromisoformat(r.end),
        r.type_code,
        ObservationMeans(r.means),
        CfvDetail(CfvKind(r.cfv_kind), r.cfv_count, r.weapon) if r.cfv_kind else None,
        r.bearing_deg,
        (r.distance_min_km, r.distance_max_km) if r.distance_min_km is not None else None,
        r.notes,
        r.event_id,
        bool(r.illustrative),
        r.source,
    )


# -- crossings -------------------------------------------------------------------------


def _cargo_json(items: Sequence[CargoItem] | None) -> str | None:
    if items is None:
        return None
    return _json([[c.category, c.description, c.quantity, c.unit] for c in items])


def _cargo(text: str | None) -> tuple[CargoItem, ...] | None:
    if text is None:
        return None
    return tuple(CargoItem(*item) for item in orjson.loads(text))


def crossing_row(c: Crossing) -> dict[str, Any]:
    return {
        "id": c.id,
        "checkpoint": c.checkpoint,
        "time": c.time.isoformat(),
        "vehicle": c.vehicle,
        "direction": c.direction.value,
        "declared": _cargo_json(c.declared),
        "observed": _cargo_json(c.observed),
        "escort": c.escort,
        "inspection": c.inspection,
        "notes": c.notes,
        "illustrative": c.illustrative,
    }


def list_crossings(conn: Connection) -> list[Crossing]:
    return [
        Crossing(
            r.id,
            r.checkpoint,
            datetime.fromisoformat(r.time),
            r.vehicle,
            Direction(r.direction),
            _cargo(r.declared) or (),
            _cargo(r.observed),
            r.escort,
            r.inspection,
            r.notes,
            bool(r.illustrative),
        )
        for r in conn.execute(select(crossings).order_by(crossings.c.time, crossings.c.id))
    ]


# -- tracks ----------------------------------------------------------------------------


def track_point_row(t: TrackPoint) -> dict[str, Any]:
    return {
        "vehicle": t.vehicle,
        "time": t.time.isoformat(),
        "lat": t.lat,
        "lon": t.lon,
        "speed_kmh": t.speed_kmh,
        "illustrative": t.illustrative,
    }


def list_track_points(conn: Connection, vehicle: str | None = None) -> list[TrackPoint]:
    stmt = select(track_points).order_by(track_points.c.vehicle, track_points.c.time)
    if vehicle:
        stmt = stmt.where(track_points.c.vehicle == vehicle)
    return [
        TrackPoint(
            r.vehicle,
            datetime.fromisoformat(r.time),
            r.lat,
            r.lon,
            r.speed_kmh,
            bool(r.illustrative),
        )
        for r in conn.execute(stmt)
    ]


# -- claims -------------------------------------------------------------------------------


def claim_row(c: Claim, extractor: str) -> dict[str, Any]:
    when = c.when
    return {
        "id": c.id,
        "document_id": c.document_id,
        "span_start": c.span[0],
        "span_end": c.span[1],
        "text": c.text,
        "type_code": c.type_code,
        "family": c.family.value,
        "status": c.status.value,
        "claimant": c.claimant,
        "date_start": when.start.isoformat() if when and when.start else None,
        "date_end": when.end.isoformat() if when and when.end else None,
        "date_precision": when.precision.value if when else TimePrecision.UNKNOWN.value,
        "places": _json([[p.name, p.lat, p.lon, p.precision.value] for p in c.places]),
        "actors": _json([[a.name, a.role.value, a.party] for a in c.actors]),
        "killed": c.killed,
        "wounded": c.wounded,
        "quantities": _json([[q.value, q.unit] for q in c.quantities]),
        "unresolved": _json(list(c.unresolved)),
        "confidence": c.confidence,
        "credibility": c.credibility.value,
        "extractor": extractor,
        "event_id": c.event_id,
        "basis": _json(list(c.basis)),
    }


def _row_claim(r: Any) -> Claim:
    return Claim(
        id=r.id,
        document_id=r.document_id,
        span=(r.span_start, r.span_end),
        text=r.text,
        type_code=r.type_code,
        family=Family(r.family),
        status=ClaimStatus(r.status),
        claimant=r.claimant,
        credibility=Credibility(r.credibility),
        when=TimeSpan(
            date.fromisoformat(r.date_start) if r.date_start else None,
            date.fromisoformat(r.date_end) if r.date_end else None,
            TimePrecision(r.date_precision),
        ),
        places=tuple(
            Place(n, lat, lon, GeoPrecision(pr)) for n, lat, lon, pr in orjson.loads(r.places)
        ),
        actors=tuple(Actor(n, ActorRole(role), party) for n, role, party in orjson.loads(r.actors)),
        killed=r.killed,
        wounded=r.wounded,
        confidence=r.confidence,
        event_id=r.event_id,
        quantities=tuple(Quantity(v, u) for v, u in orjson.loads(r.quantities)),
        unresolved=tuple(orjson.loads(r.unresolved)),
        basis=tuple(orjson.loads(r.basis or "[]")),
    )


def list_claims(
    conn: Connection,
    document_id: str | None = None,
    family: str | None = None,
    *,
    events: Sequence[str] | None = None,
    unassigned: bool = False,
) -> list[Claim]:
    q = select(claims).order_by(claims.c.document_id, claims.c.span_start, claims.c.id)
    q = _by_event(q, claims.c.event_id, events, unassigned)
    if document_id is not None:
        q = q.where(claims.c.document_id == document_id)
    if family is not None:
        q = q.where(claims.c.family == family)
    return [_row_claim(r) for r in conn.execute(q)]


def _lookup(conn: Connection, key: Any, value: Any, wanted: Sequence[Any]) -> dict[Any, Any]:
    """key -> value for the rows whose key is among *wanted*, asked 500 at a time."""
    out: dict[Any, Any] = {}
    for i in range(0, len(wanted), 500):
        part = list(wanted[i : i + 500])
        out.update({r[0]: r[1] for r in conn.execute(select(key, value).where(key.in_(part)))})
    return out


def stored_hashes(conn: Connection, hashes: Sequence[str]) -> dict[str, str]:
    """sha256 -> id of the stored documents among *hashes*."""
    return _lookup(conn, documents.c.sha256, documents.c.id, hashes)


def stored_document_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    return set(_lookup(conn, documents.c.id, documents.c.id, ids))


def claims_by_ids(conn: Connection, ids: Sequence[str]) -> list[Claim]:
    out: list[Claim] = []
    for i in range(0, len(ids), 500):
        q = select(claims).where(claims.c.id.in_(list(ids[i : i + 500])))
        out += [_row_claim(r) for r in conn.execute(q)]
    return out


def track_point_instants(conn: Connection, vehicles: Sequence[str]) -> set[tuple[str, datetime]]:
    """(vehicle, time) of the stored points of these vehicles, times parsed: the same
    instant written with another UTC offset is the same point."""
    q = select(track_points.c.vehicle, track_points.c.time).where(
        track_points.c.vehicle.in_(list(vehicles))
    )
    return {(v, datetime.fromisoformat(t)) for v, t in conn.execute(q)}


# -- findings -----------------------------------------------------------------------------


def finding_row(f: Finding) -> dict[str, Any]:
    return {
        "id": f.id,
        "agreement_id": f.agreement or "",
        "rule_id": f.rule_id,
        "rule_version": f.rule_version,
        "subject": f.subject,
        "party": f.party,
        "period_start": f.period.start.isoformat() if f.period.start else None,
        "period_end": f.period.end.isoformat() if f.period.end else None,
        "severity": f.severity.value,
        "status": f.status.value,
        "summary": f.summary,
        "evidence": _json(list(f.evidence)),
    }


def row_finding(r: Any) -> Finding:
    start = date.fromisoformat(r.period_start) if r.period_start else None
    end = date.fromisoformat(r.period_end) if r.period_end else None
    return Finding(
        id=r.id,
        rule_id=r.rule_id,
        rule_version=r.rule_version,
        subject=r.subject,
        party=r.party,
        period=TimeSpan(start, end, TimePrecision.DAY if start else TimePrecision.UNKNOWN),
        severity=Severity(r.severity),
        status=FindingStatus(r.status),
        summary=r.summary,
        evidence=tuple(orjson.loads(r.evidence)),
        agreement=r.agreement_id,
    )


def list_findings(conn: Connection, agreement_id: str | None = None) -> list[Finding]:
    # NULLs first on both databases (SQLite and PostgreSQL differ by default)
    q = select(findings).order_by(findings.c.period_start.nulls_first(), findings.c.id)
    if agreement_id is not None:
        q = q.where(findings.c.agreement_id == agreement_id)
    return [row_finding(r) for r in conn.execute(q)]


def get_finding(conn: Connection, finding_id: str) -> Finding | None:
    row = conn.execute(select(findings).where(findings.c.id == finding_id)).first()
    return None if row is None else row_finding(row)


def update_finding(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(findings.update().where(findings.c.id == row["id"]).values(**row))


def claim_ids_of(conn: Connection, document_id: str) -> list[str]:
    c = claims.c
    return list(conn.scalars(select(c.id).where(c.document_id == document_id).order_by(c.id)))


def delete_claims(conn: Connection, ids: Sequence[str]) -> None:
    for i in range(0, len(ids), 500):
        conn.execute(claims.delete().where(claims.c.id.in_(list(ids[i : i + 500]))))


def delete_finding(conn: Connection, finding_id: str) -> None:
    conn.execute(findings.delete().where(findings.c.id == finding_id))


def document_sources(conn: Connection) -> dict[str, str]:
    """Document id -> the id of its source, for the documents that name one."""
    q = select(documents.c.id, documents.c.source_id).where(documents.c.source_id.is_not(None))
    return {r[0]: r[1] for r in conn.execute(q)}
