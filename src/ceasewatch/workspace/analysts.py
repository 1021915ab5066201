"""Analysts' changes to the corroborated record, each with a reason: events merged and
split, decisions on events (verified, disputed, refuted), sources graded and protected.
Every change lands in the event's history and the ledger, with who made it, when and
why."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from ceasewatch.assess import corroborate as cl
from ceasewatch.assess.grading import ANALYST_STATUSES, DATASET
from ceasewatch.errors import Conflict, InvalidInput, NotFound
from ceasewatch.ledger.entries import Op
from ceasewatch.model import Reliability, Taxonomy, VerificationStatus
from ceasewatch.store import clusters as repo
from ceasewatch.store import events as event_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.workspace.members import Sources, events_by_id, load
from ceasewatch.workspace.parsing import Stamp
from ceasewatch.workspace.refreshing import WITHDRAWN, Writer, refresh, regrade

REF_KINDS = ("claim", "observation")


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
    found = events_by_id(conn, [target, *others])
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
    loaded = load(conn, srcs, taxonomy, found)
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
    (e,) = events_by_id(conn, [event_id])
    loaded = load(conn, srcs, taxonomy, [e])
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
    (e,) = events_by_id(conn, [event_id])
    if e.status is WITHDRAWN:
        raise Conflict(
            f"event {event_id} was withdrawn by its data set ({e.dataset}); its record is "
            "kept, but there is nothing left to decide"
        )
    loaded = load(conn, srcs, taxonomy, [e])
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
