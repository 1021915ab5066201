"""The ledger's storage: entries with their leaf hashes, perfect-subtree nodes, heads.

Appending runs inside the caller's transaction, so a record and the entry that commits
to it are written together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection, and_, func, not_, select

from ceasewatch.errors import LedgerError
from ceasewatch.ledger import merkle
from ceasewatch.ledger.entries import Op
from ceasewatch.ledger.records import Item, rebuild, state_of
from ceasewatch.store import runs
from ceasewatch.store.engine import param_mark
from ceasewatch.store.limits import LIMITS
from ceasewatch.store.schema import (
    RECORD_TABLES,
    ledger_cosignatures,
    ledger_entries,
    ledger_heads,
    ledger_nodes,
    ledger_runs,
)
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
        or run.kind not in KINDS
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


# Perfect nodes of levels 1..NODE_FLOOR-1 (subtrees of 2 to 8 leaves) are not stored: they
# are made again from their leaves when needed, which costs a few hashes, and it spares
# the writer almost one node row per entry.
NODE_FLOOR = 4


def _perfect(leaves: list[bytes]) -> bytes:
    while len(leaves) > 1:
        leaves = [merkle.node_hash(leaves[i], leaves[i + 1]) for i in range(0, len(leaves), 2)]
    return leaves[0]


def _clusters(seqs: Sequence[int], gap: int = 64) -> Iterator[tuple[int, int]]:
    """Sorted numbers as (low, high) ranges, cut where two lie more than ``gap`` apart."""
    start = prev = None
    for q in seqs:
        if start is None or prev is None:
            start = prev = q
        elif q - prev > gap:
            yield start, prev
            start = prev = q
        else:
            prev = q
    if start is not None and prev is not None:
        yield start, prev


def fetch_nodes(conn: Connection, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """Leaf hashes (level 0) and perfect-node hashes, in a few queries whatever their number.

    Plain SQL with placeholders: a proof needs a few dozen keys, and building the same
    query as SQLAlchemy expressions would cost more than running it.
    """
    keys = set(keys)
    mark = param_mark(conn)
    low = {k for k in keys if 0 < k[0] < NODE_FLOOR}
    seqs = {i for level, i in keys if level == 0}
    for level, i in low:
        seqs.update(range(i << level, (i + 1) << level))
    out: dict[tuple[int, int], bytes] = {}
    ordered = sorted(seqs)
    for i in range(0, len(ordered), 900):
        chunk = ordered[i : i + 900]
        sql = (
            f"SELECT seq, leaf FROM ledger_entries WHERE seq IN ({', '.join([mark] * len(chunk))})"
        )
        out.update({(0, int(s)): bytes(h) for s, h in conn.exec_driver_sql(sql, tuple(chunk))})
    missing = [q for q in ordered if (0, q) not in out]
    for lo, hi in _clusters(missing):
        for run in _runs_between(conn, lo, hi):
            for member in _members(run, lo, hi):
                out.setdefault((0, member.seq), member.leaf)
    for level, i in low:
        leaves = [out.get((0, j)) for j in range((i << level), (i + 1) << level)]
        if all(leaf is not None for leaf in leaves):
            out[(level, i)] = _perfect([leaf for leaf in leaves if leaf is not None])
    by_level: dict[int, list[int]] = {}
    for level, i in keys:
        if level >= NODE_FLOOR:
            by_level.setdefault(level, []).append(i)
    if by_level:
        # one index look-up per level; a row-value IN list would scan the table
        terms, params = [], []
        for level, idxs in sorted(by_level.items()):
            terms.append(f"(level = {mark} AND idx IN ({', '.join([mark] * len(idxs))}))")
            params += [level, *sorted(idxs)]
        sql = f"SELECT level, idx, hash FROM ledger_nodes WHERE {' OR '.join(terms)}"
        rows = conn.exec_driver_sql(sql, tuple(params))
        out.update({(int(lv), int(ix)): bytes(h) for lv, ix, h in rows})
    return out


def getter(conn: Connection, run: Any) -> Any:
    """Run ``run(get)`` twice: once to learn which nodes it needs, once with them fetched."""
    probe = merkle.Collect()
    run(probe)
    found = fetch_nodes(conn, probe.wanted)
    missing = probe.wanted - found.keys()
    if missing:
        raise KeyError(f"ledger nodes missing from storage: {sorted(missing)[:5]}")
    return run(lambda level, index: found[(level, index)])


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


def root(conn: Connection, tree_size: int) -> bytes:
    return bytes(getter(conn, lambda get: merkle.root(tree_size, get)))


def inclusion_and_root(conn: Connection, seq: int, tree_size: int) -> tuple[list[bytes], bytes]:
    """The proof and the root it leads to, from one fetch of the nodes both need."""

    def both(get: merkle.Get) -> tuple[list[bytes], bytes]:
        return merkle.inclusion_proof(seq, tree_size, get), merkle.root(tree_size, get)

    proof, tree_root = getter(conn, both)
    return list(proof), bytes(tree_root)


def consistency(conn: Connection, old: int, new: int) -> list[bytes]:
    return list(getter(conn, lambda get: merkle.consistency_proof(old, new, get)))


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


def iter_nodes(conn: Connection) -> Iterator[tuple[int, int, bytes]]:
    n = ledger_nodes.c
    for level, idx, h in conn.execute(select(n.level, n.idx, n.hash).order_by(n.level, n.idx)):
        yield int(level), int(idx), bytes(h)


def head_at(conn: Connection, tree_size: int, tree_root: bytes) -> str | None:
    """The checkpoint signed at this size and root, if one was."""
    h = ledger_heads.c
    return conn.scalar(select(h.checkpoint).where(h.size == tree_size, h.root == tree_root))


def add_head(
    conn: Connection, tree_size: int, tree_root: bytes, time: str, checkpoint: str
) -> None:
    """Keep a signed head. Heads are never replaced or deleted: a second head at a size
    already signed, with another root, is kept beside the first (``ledger verify`` calls
    it an alarm)."""
    conn.execute(
        ledger_heads.insert(),
        {"size": tree_size, "root": tree_root, "time": time, "checkpoint": checkpoint},
    )


def add_cosignature(
    conn: Connection, tree_size: int, tree_root: bytes, witness: str, line: str, time: str
) -> bool:
    """Keep a witness's cosignature of a head; whether it was new."""
    c = ledger_cosignatures.c
    known = conn.scalar(
        select(c.line).where(c.size == tree_size, c.root == tree_root, c.witness == witness)
    )
    if known is not None:
        return False
    conn.execute(
        ledger_cosignatures.insert(),
        {"size": tree_size, "root": tree_root, "witness": witness, "line": line, "time": time},
    )
    return True


def cosignatures(conn: Connection) -> dict[tuple[int, bytes], list[str]]:
    """(size, root) -> the cosignature lines of that head, in the order they came."""
    c = ledger_cosignatures.c
    out: dict[tuple[int, bytes], list[str]] = {}
    for size, root, line in conn.execute(
        select(c.size, c.root, c.line).order_by(c.size, c.time, c.witness)
    ):
        out.setdefault((int(size), bytes(root)), []).append(line)
    return out


def heads(conn: Connection) -> list[tuple[int, bytes, str, str]]:
    h = ledger_heads.c
    return [
        (int(s), bytes(r), t, cp)
        for s, r, t, cp in conn.execute(
            select(h.size, h.root, h.time, h.checkpoint).order_by(h.size, h.time)
        )
    ]


def iter_records(conn: Connection, kind: str) -> Iterator[dict[str, Any]]:
    table, keys = KINDS[kind]
    for row in conn.execute(select(table).order_by(*(table.c[k] for k in keys))).mappings():
        yield dict(row)
