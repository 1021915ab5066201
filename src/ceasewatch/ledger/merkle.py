"""The Merkle tree of RFC 6962 / RFC 9162 §2.1, over an append-only list of entries.

- leaf hash: SHA-256(0x00 || entry); node hash: SHA-256(0x01 || left || right);
- the hash of a list of n > 1 leaves splits it at k, the largest power of two below n.

Storage keeps, besides the leaf hashes, the hash of every *perfect* subtree: level L,
index i covers leaves [i·2^L, (i+1)·2^L). Those never change once complete, and any
subtree the RFC's algorithms need is a perfect one or a right-edge range made of at most
log2(n) perfect ones. Functions here take a ``get(level, index)`` for those hashes, so
they run the same on an in-memory list and on a database, and stay pure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

Get = Callable[[int, int], bytes]
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly below n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtree_hash(start: int, end: int, get: Get) -> bytes:
    """MTH of leaves [start, end); ``start`` must be aligned as the RFC's recursion leaves it."""
    n = end - start
    if n <= 0:
        return EMPTY_ROOT
    if n & (n - 1) == 0 and start % n == 0:
        level = n.bit_length() - 1
        return get(level, start >> level)
    k = _split(n)
    return node_hash(subtree_hash(start, start + k, get), subtree_hash(start + k, end, get))


def root(size: int, get: Get) -> bytes:
    return subtree_hash(0, size, get)


def inclusion_proof(index: int, size: int, get: Get) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, nearest sibling first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    proof: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            proof.append(subtree_hash(start + k, end, get))
            end = start + k
        else:
            proof.append(subtree_hash(start, start + k, get))
            start += k
    proof.reverse()
    return proof


def consistency_proof(old: int, new: int, get: Get) -> list[bytes]:
    """PROOF(old, D[0:new]) of RFC 9162 §2.1.4.1."""
    if not 0 < old <= new:
        raise ValueError(f"no consistency proof from size {old} to size {new}")
    proof: list[bytes] = []

    def subproof(m: int, start: int, end: int, complete: bool) -> None:
        n = end - start
        if m == n:
            if not complete:
                proof.append(subtree_hash(start, end, get))
            return
        k = _split(n)
        if m <= k:
            subproof(m, start, start + k, complete)
            proof.append(subtree_hash(start + k, end, get))
        else:
            subproof(m - k, start + k, end, False)
            proof.append(subtree_hash(start, start + k, get))

    subproof(old, 0, new, True)
    return proof


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2."""
    if old == new:
        return old_root == new_root and not proof
    if not 0 < old < new or not proof:
        return False
    path = list(proof)
    if old & (old - 1) == 0:  # old is a power of two: its root starts the path
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


def extend(
    size: int, frontier: dict[int, bytes], leaves: Iterable[bytes]
) -> tuple[int, list[tuple[int, int, bytes]], dict[int, bytes]]:
    """Append leaf hashes to a tree of ``size`` leaves.

    ``frontier`` maps each level L to the hash of the last *complete* perfect subtree at
    that level whose right sibling is not complete yet (the left siblings waiting for a
    partner). Returns the new size, every perfect node completed on the way as
    (level, index, hash) with level >= 1, and the new frontier.
    """
    frontier = dict(frontier)
    completed: list[tuple[int, int, bytes]] = []
    for leaf in leaves:
        h, level, index = leaf, 0, size
        while index & 1:  # a right child: pair it with its waiting left sibling
            h = node_hash(frontier.pop(level), h)
            level += 1
            index >>= 1
            completed.append((level, index, h))
        frontier[level] = h
        size += 1
    return size, completed, frontier


def frontier_keys(size: int) -> list[tuple[int, int]]:
    """(level, index) of the perfect nodes ``extend`` needs to go on from ``size``.

    They are the left siblings still waiting: one per set bit of ``size``.
    """
    keys = []
    level = 0
    while size >> level:
        if (size >> level) & 1:
            keys.append((level, (size >> level) - 1))
        level += 1
    return keys


class Collect:
    """A ``get`` that records which nodes an algorithm asks for, to fetch them in one go."""

    def __init__(self) -> None:
        self.wanted: set[tuple[int, int]] = set()

    def __call__(self, level: int, index: int) -> bytes:
        self.wanted.add((level, index))
        return b"\x00" * 32
