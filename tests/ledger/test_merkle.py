"""Known answers for the Merkle tree, computed here from RFC 9162's definitions alone.

The reference functions below follow the RFC's text literally (recursion on lists of
entries, no stored nodes); ceasewatch's functions, which work from stored perfect
subtrees, must agree with them everywhere.
"""

from __future__ import annotations

import hashlib
import random

import pytest

from ceasewatch.ledger import merkle


def sha(b: bytes) -> bytes:
    return hashlib.sha256(b).digest()


def ref_mth(d: list[bytes]) -> bytes:
    n = len(d)
    if n == 0:
        return sha(b"")
    if n == 1:
        return sha(b"\x00" + d[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return sha(b"\x01" + ref_mth(d[:k]) + ref_mth(d[k:]))


def ref_path(m: int, d: list[bytes]) -> list[bytes]:
    n = len(d)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return [*ref_path(m, d[:k]), ref_mth(d[k:])]
    return [*ref_path(m - k, d[k:]), ref_mth(d[:k])]


def ref_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [ref_mth(d)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*ref_subproof(m, d[:k], b), ref_mth(d[k:])]
    return [*ref_subproof(m - k, d[k:], False), ref_mth(d[:k])]


class Tree:
    """ceasewatch's side: leaves and perfect nodes built with ``extend``."""

    def __init__(self, entries: list[bytes]) -> None:
        self.leaves = [merkle.leaf_hash(e) for e in entries]
        self.nodes: dict[tuple[int, int], bytes] = {}
        size, frontier = 0, {}
        for i in range(0, len(self.leaves), 7):  # in uneven batches, as appends come
            size, done, frontier = merkle.extend(size, frontier, self.leaves[i : i + 7])
            for level, index, h in done:
                self.nodes[(level, index)] = h
        self.size = size

    def get(self, level: int, index: int) -> bytes:
        return self.leaves[index] if level == 0 else self.nodes[(level, index)]


def entries(n: int) -> list[bytes]:
    return [f"entry {i}".encode() for i in range(n)]


def test_empty_tree_and_single_leaf() -> None:
    assert merkle.root(0, lambda *_: b"") == sha(b"")
    t = Tree(entries(1))
    assert merkle.root(1, t.get) == sha(b"\x00entry 0")


@pytest.mark.parametrize("n", range(1, 9))
def test_every_proof_for_one_to_eight_leaves(n: int) -> None:
    d = entries(n)
    t = Tree(d)
    for size in range(1, n + 1):
        r = ref_mth(d[:size])
        assert merkle.root(size, t.get) == r
        for m in range(size):
            proof = merkle.inclusion_proof(m, size, t.get)
            assert proof == ref_path(m, d[:size])
            assert merkle.verify_inclusion(t.leaves[m], m, size, proof, r)
        for old in range(1, size + 1):
            proof = merkle.consistency_proof(old, size, t.get)
            assert proof == ref_subproof(old, d[:size], True)
            assert merkle.verify_consistency(old, size, ref_mth(d[:old]), r, proof)


def test_one_thousand_leaves() -> None:
    d = entries(1000)
    t = Tree(d)
    r = ref_mth(d)
    assert merkle.root(1000, t.get) == r
    for m in range(1000):
        proof = merkle.inclusion_proof(m, 1000, t.get)
        assert merkle.verify_inclusion(t.leaves[m], m, 1000, proof, r)
    for m in (1, 2, 3, 255, 256, 257, 511, 512, 513, 999):
        assert merkle.inclusion_proof(m, 1000, t.get) == ref_path(m, d)
    roots = {}
    for old in range(1, 1001):
        proof = merkle.consistency_proof(old, 1000, t.get)
        roots[old] = merkle.root(old, t.get)
        assert merkle.verify_consistency(old, 1000, roots[old], r, proof)
    rnd = random.Random(9162)
    for _ in range(300):
        old, new = sorted(rnd.sample(range(1, 1001), 2))
        proof = merkle.consistency_proof(old, new, t.get)
        assert proof == ref_subproof(old, d[:new], True)
        assert merkle.verify_consistency(old, new, roots[old], roots[new], proof)


def test_tampered_proofs_fail() -> None:
    d = entries(13)
    t = Tree(d)
    r = merkle.root(13, t.get)
    proof = merkle.inclusion_proof(5, 13, t.get)
    assert not merkle.verify_inclusion(t.leaves[6], 5, 13, proof, r)  # another leaf
    assert not merkle.verify_inclusion(t.leaves[5], 4, 13, proof, r)  # another index
    bad = [proof[0][:-1] + b"\x00", *proof[1:]]
    assert not merkle.verify_inclusion(t.leaves[5], 5, 13, bad, r)
    assert not merkle.verify_inclusion(t.leaves[5], 5, 13, proof[:-1], r)
    cons = merkle.consistency_proof(6, 13, t.get)
    old = merkle.root(6, t.get)
    assert merkle.verify_consistency(6, 13, old, r, cons)
    assert not merkle.verify_consistency(6, 13, merkle.root(7, t.get), r, cons)
    assert not merkle.verify_consistency(6, 13, old, r, cons[:-1])
    assert not merkle.verify_consistency(7, 13, old, r, cons)
    with pytest.raises(ValueError):
        merkle.inclusion_proof(13, 13, t.get)
    with pytest.raises(ValueError):
        merkle.consistency_proof(0, 13, t.get)


def test_frontier_keys_name_the_waiting_left_siblings() -> None:
    assert merkle.frontier_keys(6) == [(1, 2), (2, 0)]
    assert merkle.frontier_keys(8) == [(3, 0)]
    assert merkle.frontier_keys(0) == []
    t = Tree(entries(6))
    frontier = {level: t.get(level, index) for level, index in merkle.frontier_keys(6)}
    size, _, _ = merkle.extend(6, frontier, [merkle.leaf_hash(b"entry 6")])
    assert size == 7
