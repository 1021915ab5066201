"""The stable JSON form of records, shared by the CLI (``--json``), exports and the API.

Field names are documented in docs/json.md and must not change without a version bump.
"""

from __future__ import annotations

from typing import Any

from ceasewatch.model.records import AcledType, Claim, Count, Event, Finding

JSON_VERSION = 1


def count_json(c: Count) -> dict[str, int | None]:
    return {
        "low": c.low,
        "best": c.best,
        "high": c.high,
        "civilian": c.civilian,
        "military": c.military,
    }


def event_json(e: Event) -> dict[str, Any]:
    """An event as a plain JSON-ready dict."""
    w = e.where
    return {
        "id": e.id,
        "type": e.type_code,
        "family": e.family.value,
        "acled": None
        if e.acled is None
        else {
            "event_type": e.acled.event_type,
            "sub_event_type": e.acled.sub_event_type,
            "disorder_type": e.acled.disorder_type,
        },
        "date": {
            "start": e.when.start.isoformat() if e.when.start else None,
            "end": e.when.end.isoformat() if e.when.end else None,
            "precision": e.when.precision.value,
        },
        "place": {
            "name": w.name,
            "lat": w.lat,
            "lon": w.lon,
            "precision": w.precision.value,
            "radius_m": w.radius_m,
            "country": w.country,
            "iso": w.iso,
            "region": w.region,
            "admin1": w.admin1,
            "admin2": w.admin2,
            "admin3": w.admin3,
        },
        "actors": [
            {"name": a.name, "role": a.role.value, "party": a.party, "inter": a.inter}
            for a in e.actors
        ],
        "killed": count_json(e.killed),
        "wounded": count_json(e.wounded),
        "status": e.status.value,
        "civilian_targeting": e.civilian_targeting,
        "cfv": [{"kind": c.kind.value, "count": c.count, "weapon": c.weapon} for c in e.cfv],
        "notes": e.notes,
        "sources": list(e.sources),
        "source_scale": e.source_scale,
        "tags": list(e.tags),
        "dataset": e.dataset,
        "external_id": e.external_id,
        "extra": dict(e.extra),
    }


def claim_json(c: Claim, acled: AcledType | None) -> dict[str, Any]:
    """A claim in the output contract of ``ceasewatch extract`` (docs/extract.md)."""
    when = c.when
    return {
        "doc": c.document_id,
        "span": [c.span[0], c.span[1]],
        "text": c.text,
        "event_type": c.type_code,
        "family": c.family.value,
        "acled": None
        if acled is None
        else {"event_type": acled.event_type, "sub_event_type": acled.sub_event_type},
        "date": {
            "start": when.start.isoformat() if when and when.start else None,
            "end": when.end.isoformat() if when and when.end else None,
            "precision": when.precision.value if when else "unknown",
        },
        "places": [
            {"name": p.name, "lat": p.lat, "lon": p.lon, "precision": p.precision.value}
            for p in c.places
        ],
        "actors": [{"name": a.name, "party": a.party, "role": a.role.value} for a in c.actors],
        "killed": c.killed,
        "wounded": c.wounded,
        "status": c.status.value,
        "claimant": c.claimant,
        "confidence": c.confidence,
        "quantities": [{"value": q.value, "unit": q.unit} for q in c.quantities],
        "unresolved": list(c.unresolved),
    }


def finding_json(f: Finding) -> dict[str, Any]:
    """A finding as a plain JSON-ready dict (docs/assess.md)."""
    return {
        "id": f.id,
        "agreement": f.agreement,
        "rule": f.rule_id,
        "rule_version": f.rule_version,
        "provision": f.subject,
        "party": f.party,
        "period": {
            "start": f.period.start.isoformat() if f.period.start else None,
            "end": f.period.end.isoformat() if f.period.end else None,
        },
        "severity": f.severity.value,
        "status": f.status.value,
        "summary": f.summary,
        "evidence": list(f.evidence),
    }
