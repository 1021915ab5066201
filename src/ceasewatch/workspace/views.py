"""What each role may see: the record as JSON-ready values, published only to the public,
protected sources withheld below the analyst (docs/web.md). The API and the web pages
both read through here, so no edge can forget a rule."""

from __future__ import annotations

from typing import Any

import orjson

from ceasewatch.model import Event, Finding, Source
from ceasewatch.model.access import PUBLISHED_EVENTS, PUBLISHED_FINDINGS, Role, User
from ceasewatch.model.jsonform import event_json, finding_json
from ceasewatch.model.redact import WITHHELD, Protected


def sees_unpublished(user: User) -> bool:
    return user.role > Role.PUBLIC


def published(status: str) -> bool:
    return status in PUBLISHED_EVENTS


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
            "extra": {k: hide.text(v) or "" for k, v in d["event"]["extra"].items()},
        },
        "members": members,
        "independent_origins": sorted(
            {WITHHELD if hide.is_protected(o) else o for o in d["independent_origins"]}
        ),
        "contradictions": [c | {"text": hide.text(c["text"])} for c in d["contradictions"]],
        "history": [h | {"reason": hide.text(h["reason"])} for h in d["history"]],
        "versions": [
            v
            | {
                "reason": hide.text(v["reason"]),
                "changes": [
                    c
                    | {
                        k: hide.text(c[k]) if isinstance(c[k], str) else c[k]
                        for k in ("old", "new")
                    }
                    for c in v["changes"]
                ],
            }
            for v in d["versions"]
        ],
    }


def finding_out(f: Finding, hide: Protected) -> dict[str, Any]:
    out = finding_json(f)
    out["summary"] = hide.text(out["summary"])
    return out


def sources_out(
    user: User, sources: list[Source], origins: dict[str, str], hide: Protected
) -> list[dict[str, Any]]:
    def shown(value: str | None) -> str | None:
        return WITHHELD if value is not None and hide.is_protected(value) else value

    return [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind.value,
            "affiliation": s.affiliation,
            "parent": shown(s.parent),
            "origin": shown(origins[s.id]) or s.id,
            "reliability": s.reliability.letter,
            "protected": s.protected,
        }
        for s in sources
        if user.role.sees_protected or not s.protected
    ]


def source_dossier_out(d: dict[str, Any], hide: Protected) -> dict[str, Any]:
    if not hide:
        return d
    return d | {
        "parent": WITHHELD if d["parent"] and hide.is_protected(d["parent"]) else d["parent"],
        "origin": WITHHELD if hide.is_protected(d["origin"]) else d["origin"],
        "history": [h | {"reason": hide.text(h["reason"])} for h in d["history"]],
    }


def entry_visible(user: User, entry: dict[str, Any], hide: Protected) -> bool:
    """Whether a ledger entry may be shown: to analysts always; to others only if nothing
    in it names a protected source, and to the public only an agreement's entry or that
    of an event or finding now published."""
    if user.role.sees_protected:
        return True
    if hide and hide.names_one(orjson.dumps(entry).decode()):
        return False
    if user.role > Role.PUBLIC:
        return True
    state = entry.get("state") or {}
    kind = entry.get("kind")
    if kind == "agreement":
        return True
    if kind == "event":
        return str(state.get("status")) in PUBLISHED_EVENTS
    if kind == "finding":
        return str(state.get("status")) in PUBLISHED_FINDINGS
    return False
