"""Sources, the documents they publish and the claims extracted from them, as stored."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import orjson
from sqlalchemy import Connection, select

from ceasewatch.model import (
    Actor,
    ActorRole,
    Claim,
    ClaimStatus,
    Credibility,
    Document,
    Family,
    GeoPrecision,
    Place,
    Quantity,
    Reliability,
    Source,
    SourceKind,
    TimePrecision,
    TimeSpan,
)
from ceasewatch.model.records import parse_published, published_text
from ceasewatch.store.records import _by_event, _json, _lookup
from ceasewatch.store.schema import claims, document_files, documents, sources


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


def stored_hashes(conn: Connection, hashes: Sequence[str]) -> dict[str, str]:
    """sha256 -> id of the stored documents among *hashes*."""
    return _lookup(conn, documents.c.sha256, documents.c.id, hashes)


def stored_document_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    return set(_lookup(conn, documents.c.id, documents.c.id, ids))


def document_sources(conn: Connection) -> dict[str, str]:
    """Document id -> the id of its source, for the documents that name one."""
    q = select(documents.c.id, documents.c.source_id).where(documents.c.source_id.is_not(None))
    return {r[0]: r[1] for r in conn.execute(q)}


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


def claims_by_ids(conn: Connection, ids: Sequence[str]) -> list[Claim]:
    out: list[Claim] = []
    for i in range(0, len(ids), 500):
        q = select(claims).where(claims.c.id.in_(list(ids[i : i + 500])))
        out += [_row_claim(r) for r in conn.execute(q)]
    return out


def claim_ids_of(conn: Connection, document_id: str) -> list[str]:
    c = claims.c
    return list(conn.scalars(select(c.id).where(c.document_id == document_id).order_by(c.id)))


def delete_claims(conn: Connection, ids: Sequence[str]) -> None:
    for i in range(0, len(ids), 500):
        conn.execute(claims.delete().where(claims.c.id.in_(list(ids[i : i + 500]))))
