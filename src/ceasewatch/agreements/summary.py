"""An agreement as one JSON-ready summary: provisions with their calendar status, zones
with their measured size, missions with their term, as of a given day."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ceasewatch.agreements.calendar import Due, agreement_calendar
from ceasewatch.agreements.dump import agreement_document
from ceasewatch.geo import zones as geo
from ceasewatch.model.agreement import Agreement, Zone


def zone_area(zone: Zone) -> dict[str, Any] | None:
    """The polygon a zone covers: a corridor around its line, a disc around its point."""
    g: Any = zone.geometry
    if g["type"] == "LineString" and zone.width_km:
        return geo.corridor(g["coordinates"], zone.width_km)
    if g["type"] == "Point" and zone.radius_km:
        return geo.disc(g["coordinates"], zone.radius_km)
    if g["type"] == "Polygon":
        return dict(g)
    return None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def zone_json(zone: Zone) -> dict[str, Any]:
    area = zone_area(zone)
    g: Any = zone.geometry
    return {
        "id": zone.id,
        "kind": zone.kind.value,
        "name": zone.name,
        "approximate": zone.approximate,
        "width_km": zone.width_km,
        "radius_km": zone.radius_km,
        "length_km": round(geo.length_km(g), 3) if g["type"] == "LineString" else None,
        "area_km2": round(geo.area_km2(area), 3) if area else None,
        "geometry": dict(g),
        "polygon": area,
        "sources": list(zone.sources),
        "note": zone.note,
    }


def agreement_json(
    agreement: Agreement, as_of: date, done: Mapping[str, date] | None = None
) -> dict[str, Any]:
    """The summary; ``done`` gives the day each obligation is known to have been carried out."""
    cal = agreement_calendar(agreement, as_of, done)
    items = {i.obligation: i for i in cal.items}
    doc = agreement_document(agreement)
    for p_doc, p in zip(doc["provisions"], agreement.provisions, strict=True):
        p_doc["obligations"] = []
        for o in p.obligations:
            it = items[o.id]
            p_doc["obligations"].append(
                {
                    "id": o.id,
                    "party": o.party,
                    "kind": str(o.kind),
                    "summary": o.summary,
                    "start": _iso(it.start),
                    "deadline": _iso(it.deadline),
                    "original_deadline": _iso(it.original_deadline),
                    "status": it.status.value,
                    "done_on": _iso(it.done_on),
                    "days_left": it.days_left,
                    "zones": list(o.zones),
                    "quantities": dict(o.quantities),
                }
            )
    doc["zones"] = [zone_json(z) for z in agreement.zones]
    terms = {t.mission: t for t in cal.missions}
    for m_doc, m in zip(doc.get("missions", []), agreement.missions, strict=True):
        t = terms[m.id]
        m_doc["term"] = {
            "start": _iso(t.start),
            "first_term_end": _iso(t.first_term_end),
            "period_start": _iso(t.period_start),
            "term_end": _iso(t.period_end),
            "last_notice_date": _iso(t.last_notice),
            "automatic_extension": t.automatic_extension,
            "next_periods": [[_iso(a), _iso(b)] for a, b in t.next_periods],
            "expired": t.expired,
        }
    doc["calendar"] = {
        "as_of": as_of.isoformat(),
        "effective_day": cal.effective.isoformat(),
        **{s.value: [i.obligation for i in cal.by_status(s)] for s in Due},
    }
    return doc
