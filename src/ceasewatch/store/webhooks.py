"""The webhooks' storage: subscriptions, their secrets and the queue of deliveries
(schema.py, migration 0015). The Workspace logs a subscription's creation and removal in
the ledger; deliveries are bookkeeping, outside it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, func, select, update

from ceasewatch.model.access import PUBLISHED_EVENTS
from ceasewatch.store.schema import events, webhook_deliveries, webhook_secrets, webhooks

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


def any_subscription(conn: Connection) -> bool:
    return bool(conn.scalar(select(exists().where(webhooks.c.id.isnot(None)))))


def subscriptions(conn: Connection, counts: bool = True) -> list[dict[str, Any]]:
    """Every subscription, oldest first, with (*counts*) how many of its deliveries wait,
    were delivered and failed."""
    d = webhook_deliveries.c
    rows = [
        dict(r)
        for r in conn.execute(
            select(webhooks).order_by(webhooks.c.created_at, webhooks.c.id)
        ).mappings()
    ]
    if not counts:
        return rows
    counted: dict[tuple[str, str], int] = {
        (str(w), str(s)): int(n)
        for w, s, n in conn.execute(
            select(d.webhook_id, d.state, func.count()).group_by(d.webhook_id, d.state)
        )
    }
    for row in rows:
        row["pending"] = counted.get((row["id"], PENDING), 0)
        row["delivered"] = counted.get((row["id"], DELIVERED), 0)
        row["failed"] = counted.get((row["id"], FAILED), 0)
    return rows


def get(conn: Connection, webhook_id: str) -> dict[str, Any] | None:
    found = conn.execute(select(webhooks).where(webhooks.c.id == webhook_id)).mappings().first()
    return None if found is None else dict(found)


def insert(conn: Connection, row: dict[str, Any], secret: str) -> None:
    conn.execute(webhooks.insert(), row)
    conn.execute(webhook_secrets.insert(), {"webhook_id": row["id"], "secret": secret})


def remove(conn: Connection, webhook_id: str) -> None:
    """A subscription, its secret and its deliveries, sent or not."""
    conn.execute(delete(webhook_deliveries).where(webhook_deliveries.c.webhook_id == webhook_id))
    conn.execute(delete(webhook_secrets).where(webhook_secrets.c.webhook_id == webhook_id))
    conn.execute(delete(webhooks).where(webhooks.c.id == webhook_id))


def queued_for(conn: Connection, kind: str, record_ids: Sequence[str]) -> set[tuple[str, str]]:
    """(subscription, record) of each delivery queued already for one of these records."""
    d = webhook_deliveries.c
    out: set[tuple[str, str]] = set()
    ordered = sorted(set(record_ids))
    for i in range(0, len(ordered), 900):
        stmt = select(d.webhook_id, d.record_id).where(
            d.kind == kind, d.record_id.in_(ordered[i : i + 900])
        )
        out.update((str(w), str(r)) for w, r in conn.execute(stmt))
    return out


def published_among(conn: Connection, event_ids: Sequence[str]) -> list[str]:
    """Which of these events are published now."""
    c = events.c
    out: list[str] = []
    ordered = sorted(set(event_ids))
    for i in range(0, len(ordered), 900):
        stmt = select(c.id).where(c.id.in_(ordered[i : i + 900]), c.status.in_(PUBLISHED_EVENTS))
        out += [str(x) for x in conn.scalars(stmt)]
    return out


def enqueue(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(webhook_deliveries.insert(), list(rows))


def due(conn: Connection, now: str, limit: int) -> list[dict[str, Any]]:
    """The pending deliveries whose time has come, the longest waiting first, each with
    its subscription's URL and secret."""
    d, w, s = webhook_deliveries.c, webhooks.c, webhook_secrets.c
    stmt = (
        select(d.id, d.webhook_id, d.kind, d.record_id, d.body, d.attempts, d.due, w.url, s.secret)
        .join(webhooks, w.id == d.webhook_id)
        .join(webhook_secrets, s.webhook_id == d.webhook_id)
        .where(d.state == PENDING, d.due <= now)
        .order_by(d.due, d.queued, d.id)
        .limit(limit)
    )
    return [dict(r) for r in conn.execute(stmt).mappings()]


def next_due(conn: Connection) -> str | None:
    d = webhook_deliveries.c
    found = conn.scalar(select(func.min(d.due)).where(d.state == PENDING))
    return None if found is None else str(found)


def claim(conn: Connection, delivery_id: str, was_due: str, until: str) -> bool:
    """Take a pending delivery for sending (its time moved to *until*, so that no other
    sender takes it meanwhile), if nobody took it since it was read."""
    d = webhook_deliveries.c
    done = conn.execute(
        update(webhook_deliveries)
        .where(and_(d.id == delivery_id, d.state == PENDING, d.due == was_due))
        .values(due=until)
    )
    return bool(done.rowcount)


def record_attempt(
    conn: Connection,
    delivery_id: str,
    *,
    delivered: str | None,
    status: int | None,
    error: str | None,
    retry_at: str | None,
) -> None:
    """What an attempt gave: delivered (at that time), to be tried again at *retry_at*,
    or (neither) failed for good."""
    d = webhook_deliveries.c
    values: dict[str, Any] = {
        "attempts": d.attempts + 1,
        "last_status": status,
        "last_error": None if error is None else error[:500],
    }
    if delivered is not None:
        values |= {"state": DELIVERED, "delivered": delivered}
    elif retry_at is not None:
        values |= {"due": retry_at}
    else:
        values |= {"state": FAILED}
    conn.execute(
        update(webhook_deliveries).where(d.id == delivery_id, d.state == PENDING).values(**values)
    )


def deliveries(
    conn: Connection, webhook_id: str | None = None, state: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Deliveries, the latest queued first, without their bodies."""
    d = webhook_deliveries.c
    stmt = select(
        d.id, d.webhook_id, d.kind, d.record_id, d.queued, d.state, d.attempts, d.due,
        d.last_status, d.last_error, d.delivered,
    )  # fmt: skip
    if webhook_id:
        stmt = stmt.where(d.webhook_id == webhook_id)
    if state:
        stmt = stmt.where(d.state == state)
    stmt = stmt.order_by(d.queued.desc(), d.id.desc()).limit(limit)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def body_of(conn: Connection, delivery_id: str) -> str | None:
    d = webhook_deliveries.c
    found = conn.scalar(select(d.body).where(d.id == delivery_id))
    return None if found is None else str(found)
