"""The repository of corroboration: which event each claim and observation belongs to,
each event's history, and rows read back whole for the ledger's update entries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, func, select

from ceasewatch.ledger.records import state_of
from ceasewatch.model import Event
from ceasewatch.store.rows import COLUMNS, event_values
from ceasewatch.store.schema import (
    RECORD_TABLES,
    claims,
    event_history,
    events,
    ledger_entries,
    observations,
    sources,
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


def decisions(conn: Connection) -> dict[str, str]:
    """Event id -> the status of the analyst's latest decision on it."""
    h = event_history.c
    q = select(h.event_id, h.status).where(h.action == ANALYST).order_by(h.id)
    return {eid: status for eid, status in conn.execute(q)}


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


def assign_observation(conn: Connection, observation_id: str, event_id: str | None) -> None:
    conn.execute(
        observations.update().where(observations.c.id == observation_id).values(event_id=event_id)
    )


def update_event(conn: Connection, e: Event) -> None:
    values = dict(zip(COLUMNS, event_values(e), strict=True))
    conn.execute(events.update().where(events.c.id == e.id).values(**values))


def delete_event(conn: Connection, event_id: str) -> None:
    conn.execute(events.delete().where(events.c.id == event_id))


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
