"""Agreements back to the file format: ``load(dump(a)) == a`` for every valid agreement."""

from __future__ import annotations

from typing import Any

import yaml

from ceasewatch.model.agreement import Agreement, Obligation, When, Zone


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, (), [], {})}


def _when(w: When) -> Any:
    if w.anchor == "effective" and w.days == 0 and not w.amendments:
        return "effective"
    out: dict[str, Any] = {}
    if w.on:
        out["date"] = w.on.isoformat()
    if w.anchor:
        out["after"] = w.anchor
        out["days"] = w.days
        if w.counts_from:
            out["from"] = w.counts_from
    if w.amendments:
        out["amended"] = [
            _clean(
                {
                    "deadline": a.deadline.isoformat(),
                    "agreed": a.agreed.isoformat() if a.agreed else None,
                    "note": a.note,
                }
            )
            for a in w.amendments
        ]
    if list(out) == ["date"]:
        return out["date"]
    return out


def _obligation(o: Obligation, number: str, index: int) -> dict[str, Any]:
    return _clean(
        {
            "id": None if o.id == f"{number}.{index + 1}" else o.id,
            "party": o.party,
            "kind": str(o.kind),
            "summary": o.summary,
            "start": _when(o.start) if o.start else None,
            "deadline": _when(o.deadline) if o.deadline else None,
            "zones": list(o.zones),
            "quantities": dict(o.quantities),
        }
    )


def _zone(z: Zone) -> dict[str, Any]:
    g: Any = z.geometry
    form: dict[str, Any]
    if g["type"] == "LineString":
        form = {"line": [list(p) for p in g["coordinates"]]}
    elif g["type"] == "Point":
        form = {"point": list(g["coordinates"])}
    else:
        form = {"polygon": [list(p) for p in g["coordinates"][0]]}
    return _clean(
        {
            "id": z.id,
            "kind": z.kind.value,
            "name": z.name,
            **form,
            "width_km": z.width_km,
            "radius_km": z.radius_km,
            "approximate": z.approximate,
            "sources": list(z.sources),
            "note": z.note,
            "aliases": list(z.aliases),
        }
    )


def agreement_document(a: Agreement) -> dict[str, Any]:
    """The agreement as the plain mapping the file format holds."""
    return _clean(
        {
            "id": a.id,
            "title": a.title,
            "signed": a.signed.isoformat(),
            "effective": a.effective.isoformat(),
            "timezone": a.timezone,
            "illustrative": a.illustrative or None,
            "note": a.note,
            "gazetteer": a.gazetteer,
            "area": list(a.area) if a.area else None,
            "texts": [
                _clean(
                    {
                        "id": t.id,
                        "language": t.language,
                        "kind": t.kind.value,
                        "source": t.source,
                        "url": t.url,
                        "note": t.note,
                    }
                )
                for t in a.texts
            ],
            "parties": [
                _clean(
                    {
                        "id": p.id,
                        "name": p.name,
                        "aliases": list(p.aliases),
                        "kind": p.kind,
                        "country": p.country,
                    }
                )
                for p in a.parties
            ],
            "kinds": [
                _clean(
                    {
                        "id": k.id,
                        "summary": k.summary,
                        "shown_by": list(k.shown_by),
                        "like": k.like.value if k.like else None,
                    }
                )
                for k in a.kinds
            ],
            "actors": [
                _clean({"name": x.name, "party": x.party, "mission": x.mission}) for x in a.actors
            ],
            "provisions": [
                _clean(
                    {
                        "number": p.number,
                        "summary": p.summary,
                        "text": p.text_version,
                        "note": p.note,
                        "obligations": [
                            _obligation(o, p.number, i) for i, o in enumerate(p.obligations)
                        ],
                    }
                )
                for p in a.provisions
            ],
            "zones": [_zone(z) for z in a.zones],
            "missions": [
                _clean(
                    {
                        "id": m.id,
                        "name": m.name,
                        "contributor": m.contributor,
                        "kind": m.kind,
                        "armed": m.armed,
                        "provision": m.provision,
                        "strength": dict(m.strength),
                        "strength_is_cap": m.strength_is_cap,
                        "term": _clean(
                            {
                                "start": m.term.start.isoformat(),
                                "years": m.term.years,
                                "months": m.term.months,
                                "extension_years": m.term.extension_years,
                                "extension_months": m.term.extension_months,
                                "notice_months": m.term.notice_months,
                                "end": m.term.end.isoformat() if m.term.end else None,
                            }
                        ),
                        "mandate": [
                            _clean(
                                {
                                    "task": t.task.value,
                                    "provision": t.provision,
                                    "basis": t.basis.value,
                                    "note": t.note,
                                }
                            )
                            for t in m.mandate
                        ],
                        "area": m.area,
                        "note": m.note,
                        "aliases": list(m.aliases),
                    }
                )
                for m in a.missions
            ],
            "restrictions": [
                _clean(
                    {
                        "id": r.id,
                        "kind": r.kind,
                        "categories": list(r.categories),
                        "provision": r.provision,
                        "basis": r.basis.value,
                        "zones": list(r.zones),
                        "parties": list(r.parties),
                        "note": r.note,
                        "within_km": dict(r.within_km) or None,
                        "start": _when(r.start) if r.start else None,
                    }
                )
                for r in a.restrictions
            ],
        }
    )


def dump_agreement(a: Agreement) -> str:
    return yaml.safe_dump(agreement_document(a), sort_keys=False, allow_unicode=True, width=100)
