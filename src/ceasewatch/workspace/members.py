"""The records of events as clustering and grading see them: the sources (origins,
reliability grades, who a claimant stands for), the parties of the stored agreements, and
events loaded with their members (claims, observations, a dataset's own record)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from ceasewatch.agreements.loader import parsed_agreement
from ceasewatch.assess import corroborate as cl
from ceasewatch.assess.grading import DATASET, source_origins
from ceasewatch.errors import NotFound
from ceasewatch.model import Claim, Event, Observation, Reliability, Taxonomy
from ceasewatch.store import agreements as agreements_repo
from ceasewatch.store import events as event_repo
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.store import texts as texts_repo


@dataclass
class Sources:
    """What grading needs to know of the sources: origins and reliability grades, and
    who a claimant named in a text stands for."""

    origins: dict[str, str]
    reliability: dict[str, Reliability]
    of_document: dict[str, str]
    claimants: dict[str, str]  # a claimant as written, lower-cased -> the origin

    @classmethod
    def read(cls, conn: Connection) -> Sources:
        found = texts_repo.list_sources(conn)
        origin = source_origins(found)
        claimants = {p.lower(): p for p in parties(conn)}
        for s in found:
            claimants[s.id.lower()] = claimants[s.name.lower()] = origin[s.id]
        return cls(
            origin,
            {s.id: s.reliability for s in found},
            texts_repo.document_sources(conn),
            claimants,
        )

    def claim(self, c: Claim) -> cl.Member:
        """A claim speaks for its claimant when the claimant is a party or a known source
        (by id or name), else for its document's source: a claimant the workspace does
        not know (a place name taken for one, a spelling of its own) is no new origin."""
        src = self.of_document.get(c.document_id)
        who = self.claimants.get(c.claimant.lower()) if c.claimant else None
        if who is None:
            who = self.origins.get(src, src) if src else f"document {c.document_id}"
        return cl.from_claim(c, who, src)

    def event(self, e: Event) -> cl.Member:
        cited = e.sources[0] if e.sources else None
        who = self.origins.get(cited, cited) if cited else f"event {e.id}"
        return cl.from_event(e, who)


def stored_agreements(conn: Connection) -> list[Any]:
    """The agreements stored in the workspace, parsed."""
    return [
        parsed_agreement(text, f"{aid}.yaml")
        for aid, _title, _digest, text in agreements_repo.agreement_texts(conn)
    ]


def belligerents(conn: Connection) -> set[str]:
    """The parties of the stored agreements."""
    return {p.id for a in stored_agreements(conn) for p in a.parties}


def parties(conn: Connection) -> set[str]:
    """The parties of the stored agreements and the contributors of their missions."""
    stored = stored_agreements(conn)
    return {p.id for a in stored for p in a.parties} | {
        m.contributor for a in stored for m in a.missions
    }


@dataclass
class Loaded:
    """Events with their members, as clustering and grading see them."""

    events: dict[str, Event] = field(default_factory=dict)
    members: dict[str, list[cl.Member]] = field(default_factory=lambda: defaultdict(list))
    claims: dict[str, Claim] = field(default_factory=dict)
    stored: dict[str, str | None] = field(default_factory=dict)  # ref -> its event as stored


def load(conn: Connection, srcs: Sources, taxonomy: Taxonomy, found: Iterable[Event]) -> Loaded:
    out = Loaded()
    for e in found:
        out.events[e.id] = e
        if e.dataset != DATASET:
            out.members[e.id].append(srcs.event(e))
    ids = list(out.events)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for c in texts_repo.list_claims(conn, events=chunk):
            assert c.event_id is not None
            out.claims[c.id] = c
            out.stored[f"claim:{c.id}"] = c.event_id
            out.members[c.event_id].append(srcs.claim(c))
        for o in monitoring_repo.list_observations(conn, events=chunk):
            assert o.event_id is not None
            out.stored[f"observation:{o.id}"] = o.event_id
            out.members[o.event_id].append(observation_member(o, taxonomy))
    for key, members in out.members.items():  # the same order whatever the database's
        out.members[key] = cl.canonical(members)
    return out


def observation_member(o: Observation, taxonomy: Taxonomy) -> cl.Member:
    return cl.from_observation(o, taxonomy.get(o.type_code).family)


def events_by_id(conn: Connection, ids: Iterable[str]) -> list[Event]:
    out = []
    for eid in ids:
        e = event_repo.get_event(conn, eid)
        if e is None:
            raise NotFound("event", eid)
        out.append(e)
    return out


def reliability(srcs: Sources, m: cl.Member) -> Reliability | None:
    return srcs.reliability.get(m.source) if m.source else None
