"""Turning a stored row into the ledger item that commits to it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ceasewatch.ledger.entries import Op, entry
from ceasewatch.ledger.merkle import leaf_hash

Item = tuple[str, str, str, str, bytes]  # kind, record id, op, entry text, leaf hash


def item(
    kind: str,
    record_id: str,
    state: Mapping[str, Any] | None,
    actor: str,
    time: str,
    reason: str | None,
    op: Op = Op.CREATE,
) -> Item:
    """The entry for a record's new state (``None`` for a deletion) and its leaf hash."""
    raw = entry(kind, record_id, op, state, actor, time, reason)
    return kind, record_id, op.value, raw.decode("utf-8"), leaf_hash(raw)


def state_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row as the state an entry holds: column -> value, bytes as hex."""
    return {str(k): (v.hex() if isinstance(v, bytes | memoryview) else v) for k, v in row.items()}
