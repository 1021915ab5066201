"""What each role may see: the record as JSON-ready values, published only to the public,
protected sources withheld below the analyst (docs/web.md). The API and the web pages
both read through here, so no edge can forget a rule."""

from __future__ import annotations

from typing import Any

from ceasewatch.model import Event, Finding, Source
from ceasewatch.model.access import PUBLISHED_EVENTS, PUBLISHED_FINDINGS, Role, User
from ceasewatch.model.jsonform import event_json, finding_json
from ceasewatch.model.redact import WITHHELD, Protected


def event_visible(user: User, e: Event) -> bool:
    return user.role > Role.PUBLIC or e.status.value in PUBLISHED_EVENTS


def finding_visible(user: User, f: Finding) -> bool:
    return user.role > Role.PUBLIC or f.status.value in PUBLISHED_FINDINGS


def hider(user: User, sources: list[Source]) -> Protected:
    """What this user must not see: nothing for analysts and admins."""
    return Protected.of(()) if user.role.sees_protected else Protected.of(sources)


def event_out(e: Event, hide: Protected) -> dict[str, Any]:
    return event_json(hide.event(e))


def dossier_out(d: dict[str, Any], hide: Protected) -> dict[str, Any]:
    if not hide:
        return d
    members = []
    for m in d["members"]:
        m = dict(m)
        if hide.is_protected(m.get("source")) or hide.is_protected(m.get("origin")):
            m["source"] = WITHHELD if m.get("source") else None
            m["origin"] = WITHHELD
        for key in ("text", "grade_reason", "claimant", "place"):
            if isinstance(m.get(key), str):
                m[key] = hide.text(m[key])
        members.append(m)
    return {
        **d,
        "event": d["event"]
        | {
            "sources": list(hide.sources(d["event"]["sources"])),
            "notes": hide.text(d["event"]["notes"]),
        },
        "members": members,
        "independent_origins": sorted(
            {WITHHELD if hide.is_protected(o) else o for o in d["independent_origins"]}
        ),
        "contradictions": [c | {"text": hide.text(c["text"])} for c in d["contradictions"]],
        "history": [h | {"reason": hide.text(h["reason"])} for h in d["history"]],
    }


def finding_out(f: Finding, hide: Protected) -> dict[str, Any]:
    out = finding_json(f)
    out["summary"] = hide.text(out["summary"])
    return out


def sources_out(user: User, sources: list[Source], origins: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind.value,
            "affiliation": s.affiliation,
            "parent": s.parent,
            "origin": origins[s.id],
            "reliability": s.reliability.letter,
            "protected": s.protected,
        }
        for s in sources
        if user.role.sees_protected or not s.protected
    ]
