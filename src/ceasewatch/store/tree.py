"""The ledger's Merkle tree as stored: leaves and perfect-subtree nodes fetched by key,
the roots and proofs worked out from them, and the signed tree heads with their
witnesses' cosignatures.

Perfect nodes are written as entries are appended (``ledger.append``); heads and
cosignatures are kept forever, never replaced.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, select

from ceasewatch.ledger import merkle
from ceasewatch.store.engine import param_mark
from ceasewatch.store.entryrows import _members, _runs_between
from ceasewatch.store.schema import ledger_cosignatures, ledger_heads, ledger_nodes

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
