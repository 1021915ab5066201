"""Events brought up to date with their members, and the writer of one operation's
changes: each event's record, status and history, each claim's credibility, every change
logged in the ledger."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection

from ceasewatch.assess import corroborate as cl
from ceasewatch.assess.grading import (
    DATASET,
    affirming,
    auto_status,
    credibility,
    opened_event,
    origins,
)
from ceasewatch.ledger.entries import Op
from ceasewatch.ledger.records import Item, item
from ceasewatch.model import Event, Taxonomy, VerificationStatus
from ceasewatch.store import clusters as repo
from ceasewatch.store import events as event_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import records as records_repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.store.rows import event_values
from ceasewatch.workspace.members import Loaded, Sources, events_by_id, load, reliability
from ceasewatch.workspace.parsing import Stamp

WITHDRAWN = VerificationStatus.WITHDRAWN


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
            cred, _why = credibility(m, members, reliability(srcs, m), verdict)
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
    loaded = load(w.conn, srcs, taxonomy, events_by_id(w.conn, sorted(touched)))
    refresh(w, loaded, touched, srcs, why=why)
