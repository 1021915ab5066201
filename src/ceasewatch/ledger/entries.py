"""Ledger entries: canonical JSON of a record's new state, who changed it, when and why."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from ceasewatch.model.vocab import _Parse

OPTIONS = orjson.OPT_SORT_KEYS


class Op(_Parse):
    CREATE = "create"
    UPDATE = "update"
    STATUS = "status"
    MERGE = "merge"
    SPLIT = "split"
    DELETE = "delete"  # a tombstone: the state is null


def canonical(value: Any) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8; the bytes the leaf hash covers."""
    return orjson.dumps(value, option=OPTIONS)


def entry(
    kind: str,
    record_id: str,
    op: Op,
    state: Mapping[str, Any] | None,
    actor: str,
    time: str,
    reason: str | None = None,
) -> bytes:
    return canonical(
        {
            "kind": kind,
            "id": record_id,
            "op": op.value,
            "state": state,
            "actor": actor,
            "time": time,
            "reason": reason,
        }
    )


def parse_entry(raw: bytes) -> dict[str, Any]:
    value = orjson.loads(raw)
    if not isinstance(value, dict):
        raise ValueError("an entry is a JSON object")
    return value
