"""Ledger items: the entry that commits to a record's new state, and its leaf hash.

An entry may be stored *by reference*: when it records a state that is still the
record's current row, the row itself holds the state, and the entry is rebuilt from it
and from the envelope (kind, id, op, actor, time, reason) when it is read. That halves
what a bulk import writes. A later change to such a record must first write the entry out
in full (``store.ledger.materialize``); if anything else changes the row, the rebuilt
entry no longer hashes to its leaf, and the audit names the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from ceasewatch.ledger.entries import Op, entry
from ceasewatch.ledger.merkle import leaf_hash


class Item(NamedTuple):
    kind: str
    record_id: str
    op: str
    text: str | None  # None: stored by reference to the record's row
    leaf: bytes
    actor: str
    time: str
    reason: str | None


def item(
    kind: str,
    record_id: str,
    state: Mapping[str, Any] | None,
    actor: str,
    time: str,
    reason: str | None,
    op: Op = Op.CREATE,
) -> Item:
    """The entry, stored in full, for a record's new state (``None`` for a deletion)."""
    raw = entry(kind, record_id, op, state, actor, time, reason)
    return Item(kind, record_id, op.value, raw.decode("utf-8"), leaf_hash(raw), actor, time, reason)


def rebuild(
    kind: str,
    record_id: str,
    op: str,
    row: Mapping[str, Any],
    actor: str,
    time: str,
    reason: str | None,
) -> str:
    """The text of an entry stored by reference, from the record's row."""
    return entry(kind, record_id, Op(op), state_of(row), actor, time, reason).decode("utf-8")


def state_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row as the state an entry holds: column -> value, bytes as hex."""
    return {str(k): (v.hex() if isinstance(v, bytes | memoryview) else v) for k, v in row.items()}
