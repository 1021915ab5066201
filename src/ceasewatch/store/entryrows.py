"""An entry of the ledger as stored, read back by sequence number.

An entry is stored in one of two forms: a row of ``ledger_entries``, or a member of a
run in ``ledger_runs`` (a bulk import's entries, one row for the batch). A row of
``ledger_entries`` with the same seq as a run member takes precedence over it (the
member written out in full by ``ledger.materialize``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection, select

from ceasewatch.errors import LedgerError
from ceasewatch.ledger.entries import Op
from ceasewatch.store.schema import RECORD_TABLES, ledger_entries, ledger_runs


class _Row(NamedTuple):
    """One entry as stored: a row of ledger_entries, or a member of a run."""

    seq: int
    kind: str
    record_id: str
    op: str
    entry: str | None
    leaf: bytes
    actor: str
    time: str
    reason: str | None


def _stored(r: Any) -> _Row:
    """A row of ledger_entries as an entry."""
    return _Row(
        int(r.seq), r.kind, r.record_id, r.op, r.entry, bytes(r.leaf), r.actor, r.time, r.reason
    )


def _runs_between(conn: Connection, lo: int, hi: int) -> list[Any]:
    r = ledger_runs.c
    return list(
        conn.execute(
            select(ledger_runs)
            .where(r.first_seq <= hi, r.first_seq + r.count > lo)
            .order_by(r.first_seq)
        )
    )


def _members(run: Any, lo: int, hi: int) -> Iterator[_Row]:
    first = int(run.first_seq)
    try:
        ids = orjson.loads(run.ids)
    except orjson.JSONDecodeError:
        ids = None
    leaves = bytes(run.leaves)
    if (
        not isinstance(ids, list)
        or len(ids) != run.count
        or len(leaves) != 32 * run.count
        or run.kind not in RECORD_TABLES
        or run.op not in {op.value for op in Op}
    ):
        raise LedgerError(
            f"the run of entries starting at {first} is malformed (its ids, leaves, kind "
            "or op were changed outside the Workspace)"
        )
    for i in range(max(lo, first) - first, min(hi, first + run.count - 1) - first + 1):
        yield _Row(
            first + i,
            run.kind,
            ids[i],
            run.op,
            None,
            leaves[32 * i : 32 * i + 32],
            run.actor,
            run.time,
            run.reason,
        )


def _rows_between(conn: Connection, lo: int, hi: int) -> list[_Row]:
    """Every stored entry with lo <= seq <= hi, in order; a row of ledger_entries wins over
    a run member with the same seq."""
    c = ledger_entries.c
    rows = {
        int(r.seq): _stored(r)
        for r in conn.execute(select(ledger_entries).where(c.seq >= lo, c.seq <= hi))
    }
    for run in _runs_between(conn, lo, hi):
        for member in _members(run, lo, hi):
            rows.setdefault(member.seq, member)
    return [rows[k] for k in sorted(rows)]
