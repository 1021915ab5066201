"""Corroboration as use cases: cluster the claims and observations that belong to no
event yet, merge and split events, record analysts' decisions, grade sources, and show an
event with everything behind it. Every change lands in the event's history and the
ledger, with who made it, when and why."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection

from ceasewatch.agreements.loader import parsed_agreement
from ceasewatch.assess import corroborate as cl
from ceasewatch.assess.grading import (
    ANALYST_STATUSES,
    DATASET,
    affirming,
    auto_status,
    contradictions,
    credibility,
    grade,
    opened_event,
    origins,
    source_origins,
)
from ceasewatch.errors import Conflict, InvalidInput, NotFound
from ceasewatch.ledger.entries import Op
from ceasewatch.ledger.records import Item, item
from ceasewatch.model import (
    Claim,
    Event,
    Observation,
    Reliability,
    Taxonomy,
    VerificationStatus,
)
from ceasewatch.model.jsonform import event_json
from ceasewatch.store import agreements as agreements_repo
from ceasewatch.store import clusters as repo
from ceasewatch.store import events as event_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.store import records as records_repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.store.rows import event_values
from ceasewatch.workspace.ledgering import versions
from ceasewatch.workspace.neighbourhood import left_near, neighbourhood
from ceasewatch.workspace.parsing import Stamp
from ceasewatch.workspace.steps import Step

REF_KINDS = ("claim", "observation")
WITHDRAWN = VerificationStatus.WITHDRAWN


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


def _load(conn: Connection, srcs: Sources, taxonomy: Taxonomy, found: Iterable[Event]) -> Loaded:
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
            out.members[o.event_id].append(_observation(o, taxonomy))
    for key, members in out.members.items():  # the same order whatever the database's
        out.members[key] = cl.canonical(members)
    return out


def _observation(o: Observation, taxonomy: Taxonomy) -> cl.Member:
    return cl.from_observation(o, taxonomy.get(o.type_code).family)


def _events_by_id(conn: Connection, ids: Iterable[str]) -> list[Event]:
    out = []
    for eid in ids:
        e = event_repo.get_event(conn, eid)
        if e is None:
            raise NotFound("event", eid)
        out.append(e)
    return out


@dataclass
class Writer:
    """Collects one operation's writes to events, claims, observations and histories,
    and their ledger entries."""

    conn: Connection
    stamp: Stamp
    entries: list[Item] = field(default_factory=list)
    _next: dict[str, int] = field(default_factory=dict)

    def note(
        self,
        event_id: str,
        action: str,
        status: str | None,
        reason: str,
        refs: Sequence[str] = (),
    ) -> None:
        if event_id not in self._next:
            self._next[event_id] = repo.history_counts(self.conn, [event_id]).get(event_id, 0)
        self._next[event_id] += 1
        row = repo.history_row(
            event_id,
            self._next[event_id],
            self.stamp.time,
            self.stamp.actor,
            action,
            status,
            reason,
            refs,
        )
        records_repo.insert_rows(self.conn, "event_history", [row])
        self.entries.append(
            item("event_history", row["id"], row, self.stamp.actor, self.stamp.time, reason)
        )

    def changed(self, kind: str, record_id: str, reason: str, op: Op = Op.UPDATE) -> None:
        """Log a record's new state (read back as stored), or its deletion."""
        row = repo.row_of(self.conn, kind, record_id) if op != Op.DELETE else None
        self.entries.append(
            item(kind, record_id, row, self.stamp.actor, self.stamp.time, reason, op)
        )

    def before(self, kind: str, record_id: str) -> None:
        ledger_repo.materialize(self.conn, kind, record_id)

    def flush(self) -> None:
        ledger_repo.append(self.conn, self.entries)
        self.entries = []


def refresh(
    w: Writer,
    loaded: Loaded,
    keys: Iterable[str],
    srcs: Sources,
    windows: dict[str, tuple[Any, Any]] | None = None,
    why: str = "",
) -> Counter[str]:
    """Bring these events up to date with their members: the record of an event opened
    by clustering, every event's status (an analyst's decision stands), each claim's
    credibility. Returns the statuses."""
    keys = sorted(set(keys))
    decided = repo.decisions(w.conn, keys)
    statuses: Counter[str] = Counter()
    for key in keys:
        members = loaded.members.get(key, [])
        old = loaded.events.get(key)
        status, reason = _status(key, old, members, decided)
        statuses[status.value] += 1
        if old is None or old.dataset == DATASET:
            lo, hi = (windows or {}).get(key) or _window(members)
            new = opened_event(key, members, lo, hi, status)
        else:
            new = replace(old, status=status)
        if old is None:
            event_repo.insert_values(w.conn, [event_values(new)])
            w.changed("event", key, why or "opened by clustering", Op.CREATE)
        elif new != old:
            w.before("event", key)
            repo.update_event(w.conn, new)
            changed = f"status {status.value}: {reason}" if new.status != old.status else ""
            w.changed("event", key, why or changed or "its members changed")
        if (old is None or new.status != old.status) and key not in decided:
            w.note(key, "status", status.value, reason)
        loaded.events[key] = new
        _grade_members(w, loaded, key, members, srcs, decided.get(key))
    return statuses


def _status(
    key: str, old: Event | None, members: Sequence[cl.Member], decided: dict[str, str]
) -> tuple[VerificationStatus, str]:
    """An event's status and why. An analyst's decision stands. An event opened by
    clustering takes the status its members give it. An event on record keeps the
    judgment of its own data set: clustering may find it corroborated, but never
    disputes it: its contradictions wait for an analyst. An event its data set withdrew
    stays withdrawn."""
    if old is not None and old.status is WITHDRAWN:
        return WITHDRAWN, "withdrawn by its data set"
    if key in decided:
        return VerificationStatus(decided[key]), "an analyst's decision stands"
    auto, reason = auto_status(members)
    if old is None or old.dataset == DATASET:
        return auto, reason
    if old.status not in (VerificationStatus.UNVERIFIED, VerificationStatus.CORROBORATED):
        return old.status, f"{old.status.value} in its own data set"
    if auto is VerificationStatus.DISPUTED:
        said = origins(affirming(members))
        kept = VerificationStatus.CORROBORATED if len(said) >= 2 else VerificationStatus.UNVERIFIED
        return kept, f"{reason}; an event on record is disputed by an analyst only"
    return auto, reason


def _window(members: Sequence[cl.Member]) -> tuple[Any, Any]:
    yes = [m for m in members if not m.denial and m.start is not None] or [
        m for m in members if m.start is not None
    ]
    lo = max(m.start for m in yes if m.start)
    hi = min(m.end or m.start for m in yes if m.start)
    if hi < lo:
        lo, hi = min(m.start for m in yes if m.start), max(m.end or m.start for m in yes if m.start)
    return lo, hi


def _grade_members(
    w: Writer,
    loaded: Loaded,
    key: str,
    members: Sequence[cl.Member],
    srcs: Sources,
    decided: str | None,
) -> None:
    verdict = VerificationStatus(decided) if decided else None
    for m in members:
        kind, _, rid = m.ref.partition(":")
        if kind == "claim":
            cred, _why = credibility(m, members, _reliability(srcs, m), verdict)
            c = loaded.claims.get(rid)
            if c is not None and c.event_id == key and c.credibility == cred:
                continue
            w.before("claim", rid)
            repo.assign_claim(w.conn, rid, key, int(cred))
            w.changed("claim", rid, f"in event {key}, credibility {int(cred)}")
            if c is not None:
                loaded.claims[rid] = replace(c, event_id=key, credibility=cred)
        elif kind == "observation" and loaded.stored.get(m.ref) != key:
            w.before("observation", rid)
            repo.assign_observation(w.conn, rid, key)
            w.changed("observation", rid, f"in event {key}")
            loaded.stored[m.ref] = key


def _reliability(srcs: Sources, m: cl.Member) -> Reliability | None:
    return srcs.reliability.get(m.source) if m.source else None


# -- clustering ---------------------------------------------------------------------------


@dataclass
class CorroborationReport:
    considered: int = 0
    joined: int = 0
    opened: int = 0
    left: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)


def _pending(
    conn: Connection, refs: Sequence[str] | None, taxonomy: Taxonomy, srcs: Sources
) -> tuple[list[Claim], list[Observation]]:
    """The claims and observations in no event yet: all of them; or those of *refs*, with
    those left alone on days near theirs (``neighbourhood.left_near``)."""
    if refs is None:
        return (
            texts_repo.list_claims(conn, unassigned=True),
            monitoring_repo.list_observations(conn, unassigned=True),
        )
    ids: dict[str, list[str]] = {"claim": [], "observation": []}
    for ref in refs:
        kind, _, rid = ref.partition(":")
        if kind in ids:
            ids[kind].append(rid)
    found_claims = [c for c in texts_repo.claims_by_ids(conn, ids["claim"]) if not c.event_id]
    found_observations = [
        o for o in monitoring_repo.observations_by_ids(conn, ids["observation"]) if not o.event_id
    ]
    members = [srcs.claim(c) for c in found_claims]
    members += [_observation(o, taxonomy) for o in found_observations]
    left_claims, left_observations = left_near(conn, members)
    return (
        found_claims + texts_repo.claims_by_ids(conn, left_claims),
        found_observations + monitoring_repo.observations_by_ids(conn, left_observations),
    )


@dataclass
class Plan:
    """What clustering decided, read but not written yet: the records considered, where
    each goes, and the events it touches with their members and windows."""

    done: list[str]  # the references that leave the queue
    report: CorroborationReport
    srcs: Sources | None = None
    loaded: Loaded | None = None
    touched: dict[str, list[cl.Join]] = field(default_factory=dict)
    windows: dict[str, tuple[Any, Any]] = field(default_factory=dict)


Near = Callable[[Connection, Sequence[cl.Member]], list[Event]]
Cluster = Callable[[Sequence[cl.Member], cl.Clusterer], list[cl.Join]]


def plan(
    conn: Connection,
    taxonomy: Taxonomy,
    refs: Sequence[str] | None = None,
    near: Near = neighbourhood,
    step: Step | None = None,
    cluster: Cluster = cl.cluster,
) -> Plan:
    """Cluster the claims and observations in no event yet (with *refs*, those of these
    references only) into the events on record, or new ones; reads only. *near* reads
    the events the records might join; *cluster* clusters (by window on a Dask cluster:
    workspace.windowing)."""
    srcs = Sources.read(conn)
    pending_claims, pending_observations = _pending(conn, refs, taxonomy, srcs)
    pending = [srcs.claim(c) for c in pending_claims]
    pending += [_observation(o, taxonomy) for o in pending_observations]
    done = [m.ref for m in pending] if refs is None else list(refs)
    report = CorroborationReport(considered=len(pending))
    dated = [m for m in pending if m.start is not None and m.end is not None]
    if not dated:  # nothing can be placed in time: say why each is left
        report.left.update(j.reason for j in cl.cluster(pending))
        return Plan(done, report)
    # the events these records might join (an event its data set withdrew gathers
    # nothing more)
    loaded = _load(conn, srcs, taxonomy, near(conn, dated))
    clusterer = cl.Clusterer(belligerents(conn))
    for key, members in sorted(loaded.members.items()):
        if members:
            clusterer.seed(key, members)
    loaded.claims.update({c.id: c for c in pending_claims})
    touched: dict[str, list[cl.Join]] = defaultdict(list)
    for n, j in enumerate(cluster(pending, clusterer), start=1):
        if step is not None and (n % 200 == 0 or n == len(pending)):
            step("records", n, len(pending))
        if j.event is None:
            report.left[j.reason] += 1
            continue
        touched[j.event].append(j)
        report.opened += j.opened
        report.joined += not j.opened
    for key in touched:
        loaded.members[key] = list(clusterer.clusters[key].members)
    windows = {k: (c.lo, c.hi) for k, c in clusterer.clusters.items() if k in touched}
    return Plan(done, report, srcs, loaded, dict(touched), windows)


def apply(conn: Connection, stamp: Stamp, p: Plan) -> CorroborationReport:
    """Write what clustering decided: the joins, the events opened or brought up to date,
    their histories and the ledger entries; the records leave the queue."""
    repo.dequeue(conn, p.done)
    if p.loaded is None or p.srcs is None:
        return p.report
    w = Writer(conn, stamp)
    for key, js in p.touched.items():
        for j in js:
            w.note(key, "opened" if j.opened else "joined", None, j.reason, [j.ref])
    p.report.statuses = refresh(w, p.loaded, p.touched, p.srcs, p.windows)
    w.flush()
    return p.report


def corroborate(
    conn: Connection,
    taxonomy: Taxonomy,
    stamp: Stamp,
    refs: Sequence[str] | None = None,
    step: Step | None = None,
    cluster: Cluster = cl.cluster,
) -> CorroborationReport:
    """Cluster the claims and observations in no event yet (with *refs*, those of these
    references only) into the events on record (or new ones), then bring the events they
    touched up to date. Whatever was considered leaves the clusterer's queue."""
    ledger_repo.lock(conn)
    return apply(conn, stamp, plan(conn, taxonomy, refs, step=step, cluster=cluster))


# -- analysts' changes --------------------------------------------------------------------


def _reason(reason: str | None) -> str:
    if reason is None or not reason.strip():
        raise InvalidInput("a reason is required: say why", field="reason")
    return reason.strip()


def merge(
    conn: Connection,
    taxonomy: Taxonomy,
    stamp: Stamp,
    target: str,
    others: Sequence[str],
    reason: str | None,
) -> list[str]:
    """Move every member of *others* into *target*; an event opened by clustering that is
    left empty is deleted (its history stays). Returns the moved references."""
    why = _reason(reason)
    if not others:
        raise InvalidInput("name at least one event to merge into the first", field="events")
    if target in others:
        raise InvalidInput(f"cannot merge event {target} into itself", field="events")
    if len(set(others)) != len(others):
        raise InvalidInput("an event is named twice", field="events")
    ledger_repo.lock(conn)
    srcs = Sources.read(conn)
    found = _events_by_id(conn, [target, *others])
    for e in found[1:]:
        if e.dataset != DATASET:
            raise Conflict(
                f"event {e.id} comes from the data set {e.dataset or '(none)'} and cannot be "
                f"merged into another; merge the others into it instead"
            )
    decided = repo.decisions(conn)
    mine = decided.get(target)
    for other in others:
        theirs = decided.get(other)
        if theirs is not None and theirs != mine:
            raise Conflict(
                f"event {other} carries an analyst's decision ({theirs}) that {target} does "
                f"not share ({mine or 'none'}); merge into the decided event, or decide "
                f"{target} the same way first"
            )
    loaded = _load(conn, srcs, taxonomy, found)
    w = Writer(conn, stamp)
    moved: list[str] = []
    for other in others:
        refs = [m.ref for m in loaded.members[other]]
        loaded.members[target] += loaded.members.pop(other)
        moved += refs
        w.note(other, "merged", None, f"merged into {target}: {why}", refs)
        w.before("event", other)
        repo.delete_event(conn, other)
        w.changed("event", other, f"merged into {target}: {why}", Op.DELETE)
        w.note(target, "merged", None, f"{other} merged in: {why}", refs)
    if mine is not None:
        w.note(target, "merged", None,
               f"the decision ({mine}) now covers {len(moved)} record(s) merged in: review it",
               moved)  # fmt: skip
    loaded.members[target] = cl.canonical(loaded.members[target])
    refresh(w, loaded, [target], srcs, why=f"merged: {why}")
    w.flush()
    return moved


def split(
    conn: Connection,
    taxonomy: Taxonomy,
    stamp: Stamp,
    event_id: str,
    refs: Sequence[str],
    reason: str | None,
) -> str:
    """Move these members of an event into a new event; returns its id."""
    why = _reason(reason)
    if not refs:
        raise InvalidInput(
            "name the members to split off (claim:ID, observation:ID)", field="members"
        )
    ledger_repo.lock(conn)
    srcs = Sources.read(conn)
    (e,) = _events_by_id(conn, [event_id])
    loaded = _load(conn, srcs, taxonomy, [e])
    members = loaded.members[event_id]
    have = {m.ref for m in members}
    for r in refs:
        if r.partition(":")[0] not in REF_KINDS:
            raise InvalidInput(f"{r!r} is not a claim:ID or observation:ID", field="members")
        if r not in have:
            raise InvalidInput(f"{r} is not a member of event {event_id}", field="members")
    keep = [m for m in members if m.ref not in set(refs)]
    if not keep:
        raise Conflict(f"splitting off every member would leave event {event_id} empty")
    # The parent's history only grows, so its length makes each split's id new, even when
    # the same records are split off again after a merge.
    n = repo.history_counts(conn, [event_id]).get(event_id, 0)
    new_key = cl.event_key(f"split:{event_id}:{n}:" + "|".join(sorted(refs)))
    if repo.history_counts(conn, [new_key]) or event_repo.get_event(conn, new_key):
        raise Conflict(f"event {new_key} exists or existed already")
    loaded.members[event_id] = keep
    loaded.members[new_key] = [m for m in members if m.ref in set(refs)]
    w = Writer(conn, stamp)
    w.note(event_id, "split", None, f"split off into {new_key}: {why}", list(refs))
    w.note(new_key, "split", None, f"split from {event_id}: {why}", list(refs))
    refresh(w, loaded, [new_key, event_id], srcs, why=f"split: {why}")
    w.flush()
    return new_key


def verify(
    conn: Connection,
    taxonomy: Taxonomy,
    stamp: Stamp,
    event_id: str,
    status: str,
    reason: str | None,
    evidence: Sequence[str] = (),
) -> VerificationStatus:
    """An analyst's decision on an event: verified, disputed or refuted, with a reason
    and the references it rests on."""
    decided = VerificationStatus.parse(status, field="status")
    if decided not in ANALYST_STATUSES:
        raise InvalidInput(
            f"{status!r} is not an analyst's decision; expected one of "
            + ", ".join(s.value for s in ANALYST_STATUSES),
            field="status",
        )
    why = _reason(reason)
    for ref in evidence:
        kind, _, rid = ref.partition(":")
        if kind not in ("claim", "observation", "event", "document", "crossing", "finding"):
            raise InvalidInput(f"{ref!r} is not a reference like claim:ID", field="evidence")
        if repo.row_of(conn, kind, rid) is None:
            raise NotFound(kind, rid)
    ledger_repo.lock(conn)
    srcs = Sources.read(conn)
    (e,) = _events_by_id(conn, [event_id])
    if e.status is WITHDRAWN:
        raise Conflict(
            f"event {event_id} was withdrawn by its data set ({e.dataset}); its record is "
            "kept, but there is nothing left to decide"
        )
    loaded = _load(conn, srcs, taxonomy, [e])
    w = Writer(conn, stamp)
    w.note(event_id, repo.ANALYST, decided.value, why, list(evidence))
    refresh(w, loaded, [event_id], srcs, why=f"{decided.value} by {stamp.actor}: {why}")
    w.flush()
    return decided


def grade_source(
    conn: Connection,
    taxonomy: Taxonomy,
    stamp: Stamp,
    source_id: str,
    reliability: str,
    reason: str | None,
) -> tuple[Reliability, Reliability]:
    """Change a source's reliability grade; the claims it stands behind are graded
    again. Returns the old and the new grade."""
    letter = reliability.strip().lower()
    if letter not in {r.value for r in Reliability}:
        raise InvalidInput(
            f"{reliability!r} is not a reliability grade; expected one of A, B, C, D, E, F",
            field="reliability",
        )
    new = Reliability(letter)
    why = _reason(reason)
    ledger_repo.lock(conn)
    srcs = Sources.read(conn)
    if source_id not in srcs.reliability:
        raise NotFound("source", source_id)
    old = srcs.reliability[source_id]
    if old == new:
        raise Conflict(f"source {source_id} is graded {new.letter} already")
    w = Writer(conn, stamp)
    w.before("source", source_id)
    repo.update_source_reliability(conn, source_id, new.value)
    w.changed("source", source_id, why)
    srcs.reliability[source_id] = new
    regrade(w, taxonomy, srcs, {source_id}, f"source {source_id} graded {new.letter}")
    w.flush()
    return old, new


def regrade(w: Writer, taxonomy: Taxonomy, srcs: Sources, source_ids: set[str], why: str) -> None:
    """Bring up to date the events whose claims these sources stand behind (their
    documents', or claims naming one of them as claimant): statuses and grades."""
    docs = {d for d, s in srcs.of_document.items() if s in source_ids}
    names = {
        x.lower()
        for s in texts_repo.list_sources(w.conn)
        if s.id in source_ids
        for x in (s.id, s.name)
    }
    touched = {
        c.event_id
        for c in texts_repo.list_claims(w.conn)
        if c.event_id and (c.document_id in docs or (c.claimant and c.claimant.lower() in names))
    }
    loaded = _load(w.conn, srcs, taxonomy, _events_by_id(w.conn, sorted(touched)))
    refresh(w, loaded, touched, srcs, why=why)


def protect_source(conn: Connection, stamp: Stamp, source_id: str, protected: bool,
                   reason: str | None) -> None:  # fmt: skip
    """Mark a source protected (its identity never leaves through exports, reports or the
    public role) or no longer protected, with a reason."""
    why = _reason(reason)
    ledger_repo.lock(conn)
    found = {s.id: s for s in texts_repo.list_sources(conn)}
    if source_id not in found:
        raise NotFound("source", source_id)
    if found[source_id].protected == protected:
        raise Conflict(f"source {source_id} is {'' if protected else 'not '}protected already")
    w = Writer(conn, stamp)
    w.before("source", source_id)
    repo.update_source_protected(conn, source_id, protected)
    w.changed("source", source_id, why)
    w.flush()


# -- looking ------------------------------------------------------------------------------


def dossier(conn: Connection, taxonomy: Taxonomy, event_id: str) -> dict[str, Any]:
    """An event with everything behind it: its members with their grades, the
    contradictions, the independent origins, and its history."""
    srcs = Sources.read(conn)
    (e,) = _events_by_id(conn, [event_id])
    loaded = _load(conn, srcs, taxonomy, [e])
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
            rel = _reliability(srcs, m)
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
