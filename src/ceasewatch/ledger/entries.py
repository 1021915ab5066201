"""Ledger entries: canonical JSON of a record's new state, who changed it, when and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
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


class Template:
    """Builds, for many records of one kind in one write, the same bytes as ``entry``.

    The envelope is serialised once and each state's keys are put in sorted order up
    front, so each entry costs one serialisation of a flat mapping: bulk imports log a
    million rows this way. A test checks it byte for byte against ``entry``.
    """

    def __init__(
        self,
        kind: str,
        op: Op,
        actor: str,
        time: str,
        reason: str | None,
        columns: Sequence[str],
    ) -> None:
        order = sorted(range(len(columns)), key=lambda i: columns[i])
        self._keys = [columns[i] for i in order]
        self._pick = itemgetter(*order)
        self._head = b'{"actor":' + orjson.dumps(actor) + b',"id":'
        self._mid = (
            b',"kind":' + orjson.dumps(kind) + b',"op":' + orjson.dumps(op.value)
            + b',"reason":' + orjson.dumps(reason) + b',"state":'
        )  # fmt: skip
        self._tail = b',"time":' + orjson.dumps(time) + b"}"

    def parts(self) -> tuple[str, str, str]:
        """The envelope as text around the id and the state: an entry is
        ``head + json(id) + mid + json(state) + tail`` (workspace/blocks.py builds the
        state itself, a column at a time)."""
        return self._head.decode(), self._mid.decode(), self._tail.decode()

    def entry(self, record_id: str, row: Sequence[Any]) -> bytes:
        """The entry of a new record whose stored row is ``row`` (in ``columns`` order)."""
        state = orjson.dumps(dict(zip(self._keys, self._pick(row), strict=True)))
        return self._head + orjson.dumps(record_id) + self._mid + state + self._tail
