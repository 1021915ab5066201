"""The ledger's entries as stored: appending them (with the perfect nodes they complete),
the log's size, reading entries back with the text of those stored by reference, and
writing such entries out in full before their records change.

Appending runs inside the caller's transaction, so a record and the entry that commits
to it are written together or not at all. The tree's nodes, proofs and heads are in
``tree``; an entry's two stored forms (a row, a run member) in ``entryrows``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import orjson
from sqlalchemy import Connection, and_, func, not_, select

from ceasewatch.ledger import merkle
from ceasewatch.ledger.entries import Op
from ceasewatch.ledger.records import Item, rebuild, state_of
from ceasewatch.store import runs
from ceasewatch.store.engine import param_mark
from ceasewatch.store.entryrows import _members, _rows_between
from ceasewatch.store.limits import LIMITS
from ceasewatch.store.schema import RECORD_TABLES, ledger_entries, ledger_runs
from ceasewatch.store.tree import NODE_FLOOR, fetch_nodes
from ceasewatch.store.values import TupleCheck

KINDS = RECORD_TABLES
# an entry's columns in the order of ledger.records.Item, checked before the plain INSERT
_ENTRY_CHECK = TupleCheck(
    LIMITS[ledger_entries.name],
    ("kind", "record_id", "op", "entry", "leaf", "actor", "time", "reason"),
)


def record_id(kind: str, row: dict[str, Any]) -> str:
    return "@".join(str(row[k]) for k in KINDS[kind][1])


def size(conn: Connection) -> int:
    last = conn.scalar(select(func.max(ledger_entries.c.seq)))
    end = conn.scalar(select(func.max(ledger_runs.c.first_seq + ledger_runs.c.count)))
    return max(0 if last is None else int(last) + 1, 0 if end is None else int(end))


# Records filed by monitors that no view shows until something else changes: a new
# observation waits for the clusterer; a crossing is judged by the next assessment.
FILED = ("observation", "crossing")


def view_size(conn: Connection) -> int:
    """The ledger's size as of its last entry that views may show: its size, less the
    new observations and crossings filed since the last other change."""
    return sizes(conn)[1]


def sizes(conn: Connection) -> tuple[int, int]:
    """The ledger's size and its view size (``view_size``), in one query."""
    c, r = ledger_entries.c, ledger_runs.c
    filed = and_(c.op == Op.CREATE.value, c.kind.in_(FILED))
    last = select(func.max(c.seq)).scalar_subquery()
    shown = select(c.seq).where(not_(filed)).order_by(c.seq.desc()).limit(1).scalar_subquery()
    end = select(func.max(r.first_seq + r.count)).scalar_subquery()
    row = conn.execute(select(last, shown, end)).one()

    def after(seq: Any) -> int:
        return 0 if seq is None else int(seq) + 1

    runs = 0 if row[2] is None else int(row[2])
    return max(after(row[0]), runs), max(after(row[1]), runs)


def records_from(conn: Connection, lo: int, kinds: Sequence[str]) -> dict[str, set[str]]:
    """The records of *kinds* created or changed by the entries from *lo* on (those of a
    transaction, from the size it began at), by kind; deletions left out."""
    c, r = ledger_entries.c, ledger_runs.c
    out: dict[str, set[str]] = {k: set() for k in kinds}
    rows = conn.execute(
        select(c.kind, c.record_id).where(c.seq >= lo, c.kind.in_(kinds), c.op != Op.DELETE.value)
    )
    for kind, rid in rows:
        out[kind].add(rid)
    for run in conn.execute(
        select(ledger_runs).where(
            r.first_seq + r.count > lo, r.kind.in_(kinds), r.op != Op.DELETE.value
        )
    ):
        for member in _members(run, lo, 2**62):
            out[member.kind].add(member.record_id)
    return out


def states_before(
    conn: Connection, kind: str, record_ids: Sequence[str], before: int
) -> dict[str, dict[str, Any] | None]:
    """The state each of these records had in its last entry before *before* (None for a
    deletion), for those that had one. An entry a later change made is written out in
    full first (``materialize``), so the state is in its text; one still stored by
    reference recorded the row as it is now."""
    c = ledger_entries.c
    last: dict[str, tuple[int, str | None]] = {}
    ordered = sorted(set(record_ids))
    for i in range(0, len(ordered), 900):
        stmt = select(c.seq, c.record_id, c.entry).where(
            c.kind == kind, c.record_id.in_(ordered[i : i + 900]), c.seq < before
        )
        for seq, rid, text in conn.execute(stmt):
            if rid not in last or int(seq) > last[rid][0]:
                last[rid] = (int(seq), text)
    rows = _rows_by_id(conn, kind, [rid for rid, (_, text) in last.items() if text is None])
    out: dict[str, dict[str, Any] | None] = {}
    for rid, (_, text) in last.items():
        if text is None:
            row = rows.get(rid)
            out[rid] = None if row is None else state_of(row)
        else:
            state = orjson.loads(text).get("state")
            out[rid] = state if isinstance(state, dict) else None
    return out


def lock(conn: Connection) -> None:
    """Serialise appends on PostgreSQL (SQLite already allows one writer at a time)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(9162)")


def append(conn: Connection, items: Sequence[Item]) -> tuple[int, int]:
    """Append entries; returns (first seq, new size)."""
    return _append(conn, [it.leaf for it in items], [tuple(it) for it in items])


def append_new_rows(
    conn: Connection,
    kind: str,
    record_ids: Sequence[str],
    leaves: bytes,
    actor: str,
    time: str,
    reason: str | None,
) -> tuple[int, int]:
    """Append the by-reference entries of new rows as one run: ``leaves`` holds their
    32-byte leaf hashes end to end. The bulk importer's path: one row for the batch."""
    count = len(record_ids)
    if len(leaves) != 32 * count:
        raise ValueError(f"{count} records but {len(leaves) // 32} leaf hashes")
    start, end = _grow(conn, [leaves[i : i + 32] for i in range(0, len(leaves), 32)])
    if start == end:
        return start, end
    conn.execute(
        ledger_runs.insert(),
        {
            "first_seq": start,
            "count": count,
            "kind": kind,
            "op": "create",
            "actor": actor,
            "time": time,
            "reason": reason,
            "ids": orjson.dumps(list(record_ids)).decode(),
            "leaves": leaves,
        },
    )
    return start, end


def _append(
    conn: Connection, leaves: Sequence[bytes], rows: Sequence[tuple[Any, ...]]
) -> tuple[int, int]:
    _ENTRY_CHECK.check(rows)
    start, end = _grow(conn, leaves)
    if start == end:
        return start, end
    mark = param_mark(conn)
    # columns in the order of ledger.records.Item, so each row is (seq, *item)
    conn.exec_driver_sql(
        "INSERT INTO ledger_entries (seq, kind, record_id, op, entry, leaf, actor, time, reason) "
        f"VALUES ({', '.join([mark] * 9)})",
        [(start + i, *row) for i, row in enumerate(rows)],
    )
    return start, end


def _grow(conn: Connection, leaves: Sequence[bytes]) -> tuple[int, int]:
    """Lock the log, and store the perfect nodes that ``leaves``, appended at its end,
    complete; returns (first seq, new size). The caller then stores the entries."""
    if not leaves:
        n = size(conn)
        return n, n
    lock(conn)
    start = size(conn)
    keys = merkle.frontier_keys(start)
    found = fetch_nodes(conn, keys)
    frontier = {level: found[(level, index)] for level, index in keys}
    end, completed, _ = merkle.extend(start, frontier, leaves)
    completed = [node for node in completed if node[0] >= NODE_FLOOR]
    if completed and conn.dialect.name == "postgresql":
        _copy_nodes(conn, completed)
    elif completed:
        mark = param_mark(conn)
        conn.exec_driver_sql(
            f"INSERT INTO ledger_nodes (level, idx, hash) VALUES ({mark}, {mark}, {mark})",
            completed,
        )
    return start, end


def _copy_nodes(conn: Connection, nodes: Sequence[tuple[int, int, bytes]]) -> None:
    """Store nodes with COPY on PostgreSQL: a bulk import completes one for every eight
    entries, and an INSERT each cost more than the entries' own rows."""
    driver = conn.connection.driver_connection
    if driver is None:
        raise RuntimeError("the connection is closed")
    with driver.cursor() as cur, cur.copy("COPY ledger_nodes (level, idx, hash) FROM STDIN") as cp:
        for node in nodes:
            cp.write_row(node)


def _rows_by_id(conn: Connection, kind: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    table, keys = KINDS[kind]
    if keys != ("id",):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 900):
        chunk = list(ids[i : i + 900])
        for row in conn.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            out[str(row["id"])] = dict(row)
    return out


# seq, kind, id, op, entry text (None: its record is gone), leaf, stored by reference
Stored = tuple[int, str, str, str, str | None, bytes, bool]


def _complete(conn: Connection, rows: Sequence[Any]) -> list[Stored]:
    """Entries with the text of those stored by reference rebuilt from their records'
    rows; None where the record is gone."""
    wanted: dict[str, list[str]] = {}
    for r in rows:
        if r.entry is None:
            wanted.setdefault(r.kind, []).append(r.record_id)
    found = {kind: _rows_by_id(conn, kind, ids) for kind, ids in wanted.items()}
    out: list[Stored] = []
    for r in rows:
        text = r.entry
        by_reference = text is None
        if by_reference:
            row = found[r.kind].get(r.record_id)
            text = (
                None
                if row is None
                else rebuild(r.kind, r.record_id, r.op, row, r.actor, r.time, r.reason)
            )
        out.append((int(r.seq), r.kind, r.record_id, r.op, text, bytes(r.leaf), by_reference))
    return out


def entry_at(conn: Connection, seq: int) -> tuple[str | None, bytes] | None:
    rows = _rows_between(conn, seq, seq)
    if not rows:
        return None
    _, _, _, _, text, leaf, _ = _complete(conn, rows)[0]
    return text, leaf


def iter_entries(conn: Connection, batch: int = 20_000) -> Iterator[Stored]:
    """Every entry in order (see ``Stored``), a page at a time."""
    low = conn.scalar(select(func.min(ledger_entries.c.seq)))
    first = conn.scalar(select(func.min(ledger_runs.c.first_seq)))
    lo = min(x for x in (low, first, 0) if x is not None)
    end = size(conn)
    while lo < end:
        yield from _complete(conn, _rows_between(conn, lo, lo + batch - 1))
        lo += batch


def materialize(conn: Connection, kind: str, record_id: str) -> None:
    """Write out in full the entries of a record stored by reference, before the record
    changes; the Workspace calls this ahead of any update or deletion. A run member is
    written as a row of ledger_entries, which then takes precedence over it."""
    materialize_many(conn, kind, [record_id])


def materialize_many(conn: Connection, kind: str, record_ids: Sequence[str]) -> None:
    """``materialize`` for many records of one kind: the runs are read once."""
    wanted = set(record_ids)
    if not wanted:
        return
    c = ledger_entries.c
    seqs: set[int] = set()
    ordered = sorted(wanted)
    for i in range(0, len(ordered), 900):
        chunk = ordered[i : i + 900]
        seqs.update(
            conn.scalars(
                select(c.seq).where(c.kind == kind, c.record_id.in_(chunk), c.entry.is_(None))
            )
        )
    seqs.update(runs.candidates(conn, kind, ordered))
    for seq in sorted(seqs):
        (row,) = _rows_between(conn, seq, seq)
        if row.record_id not in wanted:
            continue  # a run member whose id only shares a hash with one wanted
        if row.entry is not None:
            continue  # written out already
        text = _complete(conn, [row])[0][4]
        if text is None:
            continue  # the record is gone: there is nothing to write out, verify names it
        if not conn.execute(
            ledger_entries.update().where(c.seq == seq).values(entry=text)
        ).rowcount:
            conn.execute(ledger_entries.insert(), {**row._asdict(), "entry": text})


def record_entries(conn: Connection, kind: str, record_id: str) -> list[Stored]:
    """Every entry of one record, oldest first (see ``Stored``): those written in full
    and those stored by reference, in runs or not."""
    c = ledger_entries.c
    seqs = set(conn.scalars(select(c.seq).where(c.kind == kind, c.record_id == record_id)))
    seqs.update(runs.candidates(conn, kind, [record_id]))
    rows = [row for seq in sorted(seqs) for row in _rows_between(conn, seq, seq)]
    return _complete(conn, [row for row in rows if row.record_id == record_id])


def iter_records(conn: Connection, kind: str) -> Iterator[dict[str, Any]]:
    table, keys = KINDS[kind]
    for row in conn.execute(select(table).order_by(*(table.c[k] for k in keys))).mappings():
        yield dict(row)
