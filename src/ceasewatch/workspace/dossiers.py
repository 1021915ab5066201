"""What is shown of the corroborated record: an event with everything behind it (its
members with their grades, the contradictions, the independent origins, its history and
versions), and a source with its origin, documents and the history of its grade."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from ceasewatch.assess.grading import contradictions, credibility, grade, origins, source_origins
from ceasewatch.errors import NotFound
from ceasewatch.model import Reliability, Taxonomy, VerificationStatus
from ceasewatch.model.jsonform import event_json
from ceasewatch.store import clusters as repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.workspace.ledgering import versions
from ceasewatch.workspace.members import Sources, events_by_id, load, reliability


def dossier(conn: Connection, taxonomy: Taxonomy, event_id: str) -> dict[str, Any]:
    """An event with everything behind it: its members with their grades, the
    contradictions, the independent origins, and its history."""
    srcs = Sources.read(conn)
    (e,) = events_by_id(conn, [event_id])
    loaded = load(conn, srcs, taxonomy, [e])
    members = loaded.members[event_id]
    decided = repo.decisions(conn).get(event_id)
    verdict = VerificationStatus(decided) if decided else None
    out_members = []
    for m in members:
        kind, _, rid = m.ref.partition(":")
        row: dict[str, Any] = {
            "ref": m.ref,
            "kind": kind,
            "origin": m.origin,
            "source": m.source,
            "status": m.status,
            "type": m.type_code,
            "date": [
                m.start.isoformat() if m.start else None,
                m.end.isoformat() if m.end else None,
            ],
            "place": m.place,
            "text": m.text,
        }
        if kind == "claim":
            rel = reliability(srcs, m)
            cred, why = credibility(m, members, rel, verdict)
            c = loaded.claims[rid]
            row.update(
                document=c.document_id,
                claimant=c.claimant,
                grade=grade(rel, cred),
                credibility=int(cred),
                reliability=(rel or Reliability.F).letter,
                grade_reason=why,
                killed=m.killed,
                wounded=m.wounded,
                perpetrators=sorted(m.perpetrators),
            )
        out_members.append(row)
    said = origins([m for m in members if not m.denial])
    return {
        "event": event_json(loaded.events[event_id]),
        "members": out_members,
        "independent_origins": said,
        "contradictions": [
            {"kind": c.kind, "text": c.text, "refs": list(c.refs)} for c in contradictions(members)
        ],
        "decided": decided,
        "history": repo.history(conn, event_id),
        "versions": versions(conn, "event", event_id),
    }


def source_dossier(conn: Connection, source_id: str) -> dict[str, Any]:
    srcs = texts_repo.list_sources(conn)
    found = next((s for s in srcs if s.id == source_id), None)
    if found is None:
        raise NotFound("source", source_id)
    origin = source_origins(srcs)[source_id]
    docs = [d for d, s in texts_repo.document_sources(conn).items() if s == source_id]
    history = [
        {
            "seq": e["seq"],
            "op": e["op"],
            "actor": e["actor"],
            "time": e["time"],
            "reason": e["reason"],
            "reliability": (e["state"] or {}).get("reliability", "").upper() or None,
        }
        for e in repo.entries_of(conn, "source", source_id)
    ]
    return {
        "id": found.id,
        "name": found.name,
        "kind": found.kind.value,
        "affiliation": found.affiliation,
        "parent": found.parent,
        "origin": origin,
        "reliability": found.reliability.letter,
        "protected": found.protected,
        "illustrative": found.illustrative,
        "documents": len(docs),
        "history": history,
    }
