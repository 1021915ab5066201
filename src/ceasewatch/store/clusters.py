"""The repository of corroboration: which event each claim and observation belongs to,
each event's history, rows read back whole for the ledger's update entries, the queue of
records waiting for the server's clusterer, and the events near a record."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import orjson
from sqlalchemy import Connection, and_, case, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from ceasewatch.ledger.records import state_of
from ceasewatch.model import Event, GeoPrecision, VerificationStatus
from ceasewatch.store.rows import COLUMNS, event_values, row_event
from ceasewatch.store.schema import (
    RECORD_TABLES,
    claims,
    cluster_queue,
    event_history,
    events,
    events_with_members,
    ledger_entries,
    observations,
    sources,
    view_changes,
)

ANALYST = "decision"  # the history action of an analyst's verification decision


def history_row(
    event_id: str,
    n: int,
    time: str,
    actor: str,
    action: str,
    status: str | None,
    reason: str,
    refs: Sequence[str],
) -> dict[str, Any]:
    return {
        "id": f"{event_id}~{n:04d}",
        "event_id": event_id,
        "time": time,
        "actor": actor,
        "action": action,
        "status": status,
        "reason": reason,
        "refs": orjson.dumps(list(refs)).decode(),
    }


def history(conn: Connection, event_id: str) -> list[dict[str, Any]]:
    h = event_history.c
    q = select(event_history).where(h.event_id == event_id).order_by(h.id)
    return [
        {str(k): v for k, v in r.items()} | {"refs": orjson.loads(r["refs"])}
        for r in conn.execute(q).mappings()
    ]


def history_counts(conn: Connection, event_ids: Sequence[str]) -> dict[str, int]:
    """How many history rows each of these events has (to number the next ones)."""
    h = event_history.c
    out: dict[str, int] = {}
    for i in range(0, len(event_ids), 500):
        q = (
            select(h.event_id, func.count())
            .where(h.event_id.in_(list(event_ids[i : i + 500])))
            .group_by(h.event_id)
        )
        out.update({eid: int(n) for eid, n in conn.execute(q)})
    return out


def last_changes(conn: Connection, event_ids: Sequence[str]) -> dict[str, str]:
    """Event id -> the time of the last row of its history (of these events)."""
    h = event_history.c
    out: dict[str, str] = {}
    for i in range(0, len(event_ids), 500):
        q = (
            select(h.event_id, func.max(h.time))
            .where(h.event_id.in_(list(event_ids[i : i + 500])))
            .group_by(h.event_id)
        )
        out.update({str(eid): str(t) for eid, t in conn.execute(q)})
    return out


def decisions(conn: Connection, event_ids: Sequence[str] | None = None) -> dict[str, str]:
    """Event id -> the status of the analyst's latest decision on it (of these events
    only, when given)."""
    h = event_history.c
    q = select(h.event_id, h.status).where(h.action == ANALYST).order_by(h.id)
    if event_ids is None:
        return {eid: status for eid, status in conn.execute(q)}
    out: dict[str, str] = {}
    ids = sorted(set(event_ids))
    for i in range(0, len(ids), 500):
        out.update(dict(conn.execute(q.where(h.event_id.in_(ids[i : i + 500]))).all()))
    return out


def event_ids(conn: Connection, dataset: str | None, statuses: Sequence[str]) -> set[str]:
    """The ids of the events of a data set (any, if None) with one of these statuses."""
    q = select(events.c.id).where(events.c.status.in_(list(statuses)))
    if dataset is not None:
        q = q.where(events.c.dataset == dataset)
    return set(conn.scalars(q))


def assign_claim(conn: Connection, claim_id: str, event_id: str | None, credibility: int) -> None:
    conn.execute(
        claims.update()
        .where(claims.c.id == claim_id)
        .values(event_id=event_id, credibility=credibility)
    )
    if event_id is not None:
        mark_members(conn, [event_id])


def assign_observation(conn: Connection, observation_id: str, event_id: str | None) -> None:
    conn.execute(
        observations.update().where(observations.c.id == observation_id).values(event_id=event_id)
    )
    if event_id is not None:
        mark_members(conn, [event_id])


def update_event(conn: Connection, e: Event) -> None:
    values = dict(zip(COLUMNS, event_values(e), strict=True))
    conn.execute(events.update().where(events.c.id == e.id).values(**values))


def delete_event(conn: Connection, event_id: str) -> None:
    conn.execute(events.delete().where(events.c.id == event_id))
    ewm = events_with_members.c
    conn.execute(events_with_members.delete().where(ewm.event_id == event_id))


def update_source_reliability(conn: Connection, source_id: str, reliability: str) -> None:
    conn.execute(sources.update().where(sources.c.id == source_id).values(reliability=reliability))


def update_source_protected(conn: Connection, source_id: str, protected: bool) -> None:
    conn.execute(sources.update().where(sources.c.id == source_id).values(protected=protected))


def update_source(conn: Connection, source_id: str, values: dict[str, Any]) -> None:
    """Set columns of a source's row (a row made by ``records.source_row``, or part of one)."""
    conn.execute(sources.update().where(sources.c.id == source_id).values(**values))


def row_of(conn: Connection, kind: str, record_id: str) -> dict[str, Any] | None:
    """A record's row as stored (the state its ledger entry must hold)."""
    table, keys = RECORD_TABLES[kind]
    if keys != ("id",):
        raise ValueError(f"{kind} records have a composite id")
    row = conn.execute(select(table).where(table.c.id == record_id)).mappings().first()
    return None if row is None else state_of(dict(row))


def entries_of(conn: Connection, kind: str, record_id: str) -> list[dict[str, Any]]:
    """The ledger entries written in full for one record, oldest first: seq, op, actor,
    time, reason and the state. (Entries by reference hold the row as it still is.)"""
    c = ledger_entries.c
    q = (
        select(c.seq, c.op, c.actor, c.time, c.reason, c.entry)
        .where(c.kind == kind, c.record_id == record_id)
        .order_by(c.seq)
    )
    return [
        {
            "seq": int(seq),
            "op": op,
            "actor": actor,
            "time": time,
            "reason": reason,
            "state": orjson.loads(entry)["state"] if entry else None,
        }
        for seq, op, actor, time, reason, entry in conn.execute(q)
    ]


# -- the queue of records waiting for the clusterer ------------------------------------------


def enqueue(conn: Connection, kind: str, records: Sequence[tuple[str, str]]) -> None:
    """Queue records for the clusterer: (id, when it came) each."""
    if records:
        conn.execute(
            cluster_queue.insert(),
            [{"kind": kind, "record_id": rid, "queued": at} for rid, at in records],
        )


def queued(conn: Connection, limit: int | None = None, skip: int = 0) -> list[str]:
    """The references (``kind:id``) of the records in the queue, the longest waiting
    first (past the first *skip*)."""
    q = cluster_queue.c
    stmt = select(q.kind, q.record_id).order_by(q.queued, q.kind, q.record_id)
    if limit is not None:
        stmt = stmt.limit(limit)
    if skip:
        stmt = stmt.offset(skip)
    return [f"{kind}:{rid}" for kind, rid in conn.execute(stmt)]


def queue_size(conn: Connection) -> int:
    return int(conn.scalar(select(func.count()).select_from(cluster_queue)) or 0)


def is_queued(conn: Connection, kind: str, record_id: str) -> bool:
    q = cluster_queue.c
    found = conn.execute(select(q.kind).where(q.kind == kind, q.record_id == record_id))
    return found.first() is not None


def all_queued(conn: Connection, refs: Sequence[str]) -> bool:
    """Whether every one of these references (``kind:id``) is in the queue."""
    q = cluster_queue.c
    found = 0
    for kind in {r.partition(":")[0] for r in refs}:
        ids = [r.partition(":")[2] for r in refs if r.partition(":")[0] == kind]
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            stmt = select(func.count()).where(q.kind == kind, q.record_id.in_(part))
            found += int(conn.scalar(stmt) or 0)
    return found == len(set(refs))


def dequeue(conn: Connection, refs: Sequence[str]) -> None:
    """Take these references (``kind:id``) off the queue; those not on it are ignored."""
    q = cluster_queue.c
    by_kind: dict[str, list[str]] = {}
    for ref in refs:
        kind, _, rid = ref.partition(":")
        by_kind.setdefault(kind, []).append(rid)
    for kind, ids in by_kind.items():
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            conn.execute(cluster_queue.delete().where(q.kind == kind, q.record_id.in_(part)))


def left_between(conn: Connection, first: date, last: date) -> tuple[list[str], list[str]]:
    """The ids of the claims and of the observations in no event and not queued (records
    clustering left alone) whose days meet first..last."""
    q = cluster_queue.c
    c, o = claims.c, observations.c
    queued_claims = select(q.record_id).where(q.kind == "claim")
    queued_observations = select(q.record_id).where(q.kind == "observation")
    claim_ids = conn.scalars(
        select(c.id).where(
            c.event_id.is_(None),
            c.date_start <= last.isoformat(),
            func.coalesce(c.date_end, c.date_start) >= first.isoformat(),
            c.id.not_in(queued_claims),
        )
    )
    observation_ids = conn.scalars(
        select(o.id).where(
            o.event_id.is_(None),
            o.start < (last + timedelta(days=1)).isoformat(),  # ISO times: '2022-05-03T..'
            o.end >= first.isoformat(),
            o.id.not_in(queued_observations),
        )
    )
    return sorted(claim_ids), sorted(observation_ids)


# -- what the clusterer changed --------------------------------------------------------------

KEPT_CHANGES = 200_000  # ledger entries' worth of the clusterer's commits kept in view_changes


def note_view_change(conn: Connection, before: int, after: int, events: Sequence[Any]) -> None:
    """Note what a commit of the clusterer changed (events: [id, start, end, lat, lon]),
    and forget the commits long past."""
    conn.execute(
        view_changes.insert(),
        {"before": before, "after": after, "events": orjson.dumps(list(events)).decode()},
    )
    conn.execute(view_changes.delete().where(view_changes.c.after < before - KEPT_CHANGES))


def view_changes_between(conn: Connection, old: int, new: int) -> list[tuple[int, int, Any]]:
    """The clusterer's commits that began at a view size from *old* up to *new*."""
    v = view_changes.c
    q = select(v.before, v.after, v.events).where(v.before >= old, v.before < new)
    return [(int(b), int(a), orjson.loads(e)) for b, a, e in conn.execute(q.order_by(v.before))]


# -- where clustering looks ------------------------------------------------------------------


def mark_members(conn: Connection, event_ids: Sequence[str]) -> None:
    """List these events as events with members (once each)."""
    wanted = sorted(set(event_ids))
    if not wanted:
        return
    rows = [{"event_id": e} for e in wanted]
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(events_with_members).on_conflict_do_nothing(), rows)


_RADIUS_M = case(
    {p.value: p.default_radius_m or 0.0 for p in GeoPrecision},
    value=events.c.geo_precision,
    else_=0.0,
)


def _radius_m() -> Any:
    """An event's uncertainty radius in metres as clustering takes it: its own, else its
    precision's default."""
    return func.coalesce(events.c.radius_m, _RADIUS_M)


SHORT_DAYS = 7  # an event of at most this many days after its first is read by its start


def _days(conn: Connection, first: date, last: date) -> list[list[Any]]:
    """Two ways to the events whose days meet first..last (an event with no end lasts one
    day): those of a week or less by their start, which the (date_start, ...) index
    serves from as few days before *first* as the longest of them lasts, and the few
    longer ones by their span (ix_events_span)."""
    c = events.c
    meets = [
        c.date_start <= last.isoformat(),
        func.coalesce(c.date_end, c.date_start) >= first.isoformat(),
        c.status != VerificationStatus.WITHDRAWN.value,
    ]
    longest = conn.scalar(select(func.max(c.span_days)).where(c.span_days <= SHORT_DAYS))
    since = (first - timedelta(days=int(longest or 0))).isoformat()
    return [
        [*meets, c.date_start >= since, c.span_days <= SHORT_DAYS],
        [*meets, c.span_days > SHORT_DAYS],
    ]


Box = tuple[float, float, float, float]  # west, south, east, north


def _inside(box: Box) -> Any:
    c = events.c
    west, south, east, north = box
    return and_(c.lon >= west, c.lon <= east, c.lat >= south, c.lat <= north)


def events_near(
    conn: Connection,
    first: date,
    last: date,
    families: Sequence[str],
    boxes: Sequence[tuple[float, Box]] | None,
) -> list[Event]:
    """The events (not withdrawn) of these families whose days meet first..last and that
    lie where a record might join them: with no place, or inside the box given for their
    radius. ``boxes`` pairs a radius in km with the box an event of at most that radius
    must lie in, the smallest radius first; an event of a larger radius than the last is
    taken wherever it lies. With ``boxes`` None, the place is not looked at."""
    c = events.c
    cond: list[Any] = [c.family.in_(list(families))]
    if boxes is not None:
        radius = _radius_m()
        placed: list[Any] = [c.lat.is_(None), c.lon.is_(None)]
        below = None
        for km, box in boxes:
            tier = (
                radius <= km * 1000.0
                if below is None
                else and_(radius > below, radius <= km * 1000.0)
            )
            placed.append(and_(tier, _inside(box)))
            below = km * 1000.0
        if below is not None:
            placed.append(radius > below)
        cond.append(or_(*placed))
    return [
        row_event(r)
        for days in _days(conn, first, last)
        for r in conn.execute(select(events).where(*days, *cond))
    ]


def events_with_members_between(conn: Connection, first: date, last: date) -> list[Event]:
    """The events (not withdrawn) with members whose days meet first..last."""
    ewm = events_with_members.c
    member = events.c.id.in_(select(ewm.event_id))
    return [
        row_event(r)
        for days in _days(conn, first, last)
        for r in conn.execute(select(events).where(*days, member))
    ]
