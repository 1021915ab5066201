"""Checking a log from its entries alone: leaves, perfect nodes, roots and signed heads.

Pure: the caller streams entries and heads in; problems come back as sentences that name
the entry, node or head concerned.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ceasewatch.errors import LedgerError
from ceasewatch.ledger import merkle
from ceasewatch.ledger.entries import canonical, parse_entry
from ceasewatch.ledger.heads import Verifier, verify_checkpoint


class TreeBuilder:
    """All perfect-subtree hashes of a log, level by level, built as leaves arrive."""

    def __init__(self) -> None:
        self.levels: list[list[bytes]] = [[]]

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def add(self, leaf: bytes) -> None:
        self.levels[0].append(leaf)
        level, index, h = 0, self.size - 1, leaf
        while index & 1:
            h = merkle.node_hash(self.levels[level][index - 1], h)
            level += 1
            index >>= 1
            if len(self.levels) <= level:
                self.levels.append([])
            self.levels[level].append(h)

    def get(self, level: int, index: int) -> bytes:
        return self.levels[level][index]

    def root(self, size: int | None = None) -> bytes:
        return merkle.root(self.size if size is None else size, self.get)


# An entry rebuilt from its record's row: its leaf check already compared it with the row.
BY_REFERENCE = b"by reference"


def state_digest(state: Any) -> bytes:
    return hashlib.sha256(canonical(state)).digest()


@dataclass
class EntryAudit:
    """What reading every entry in order found."""

    problems: list[str] = field(default_factory=list)
    tree: TreeBuilder = field(default_factory=TreeBuilder)
    # (kind, record id) -> (seq of its latest entry, digest of the state it holds, or None
    # for a deletion, or BY_REFERENCE when the entry was rebuilt from the row itself)
    latest: dict[tuple[str, str], tuple[int, bytes | None]] = field(default_factory=dict)


def audit_entries(
    rows: Iterable[tuple[int, str, str, str, str | None, bytes, bool]], cap: int = 100
) -> EntryAudit:
    """Check each stored entry: its place in the sequence, its leaf hash, its columns.

    The tree is rebuilt from the stored leaves, each checked against its entry, so that
    one changed entry is named once rather than again through every node above it.
    """
    out = EntryAudit()
    expected = 0

    def problem(text: str) -> None:
        if len(out.problems) < cap:
            out.problems.append(text)

    for seq, kind, rid, op, text, leaf, by_reference in rows:
        if seq != expected:
            problem(
                f"entries {expected}..{seq - 1} are missing: "
                f"the log jumps from {expected - 1} to {seq}"
                if seq > expected
                else f"entry {seq} appears out of order"
            )
        expected = seq + 1
        out.tree.add(leaf)
        if text is None:  # stored by reference, and the record is gone
            problem(f"{kind} {rid} was deleted outside the Workspace (entry {seq} refers to it)")
            out.latest[(kind, rid)] = (seq, None)
            continue
        raw = text.encode("utf-8")
        if by_reference:
            # rebuilt from the columns and the row: only the leaf can disagree
            if merkle.leaf_hash(raw) != leaf:
                problem(
                    f"{kind} {rid} was changed outside the Workspace: "
                    f"it no longer matches entry {seq}"
                )
            out.latest[(kind, rid)] = (seq, BY_REFERENCE)
            continue
        if merkle.leaf_hash(raw) != leaf:
            problem(f"entry {seq} ({kind} {rid}) was changed: its leaf hash does not match")
        try:
            value = parse_entry(raw)
        except ValueError:
            problem(f"entry {seq} is not a JSON object")
            value = {}
        if (value.get("kind"), value.get("id"), value.get("op")) != (kind, rid, op):
            problem(
                f"entry {seq}: the columns say {kind} {rid} {op}, the entry says "
                f"{value.get('kind')} {value.get('id')} {value.get('op')}"
            )
        state = value.get("state")
        out.latest[(kind, rid)] = (seq, None if state is None else state_digest(state))
    return out


def audit_nodes(
    tree: TreeBuilder, stored: Iterable[tuple[int, int, bytes]], cap: int = 20, floor: int = 4
) -> list[str]:
    """Stored perfect nodes against the ones the entries give; every node of level
    ``floor`` and up that the entries complete must be stored."""
    problems = []
    seen = 0
    for level, index, h in stored:
        seen += 1
        ok = level < len(tree.levels) and index < len(tree.levels[level])
        if not ok or tree.levels[level][index] != h:
            problems.append(
                f"stored node (level {level}, index {index}) does not match the entries"
            )
            if len(problems) >= cap:
                return problems
    expected = sum(len(nodes) for nodes in tree.levels[floor:])
    if seen < expected:
        problems.append(
            f"{expected - seen} stored node(s) are missing: proofs and new writes would fail"
        )
    return problems


def audit_heads(
    tree: TreeBuilder, heads: Iterable[tuple[int, bytes, str, str]], key: Verifier
) -> list[str]:
    """Every signed head: signed by ``key``, and its root is the entries' root at its size.

    A log with entries and no signed head at all pins nothing, and is reported too."""
    problems = []
    heads = list(heads)
    if tree.size and not heads:
        problems.append(
            "no signed head: nothing pins this log; sign one with 'ceasewatch ledger head' "
            "and keep a copy outside the database"
        )
    roots: dict[int, bytes] = {}
    for size, root, _time, _cp in heads:
        if size in roots and roots[size] != root:
            problems.append(
                f"alarm: two heads were signed at size {size} with different roots; the log "
                "was altered between them (both are kept as evidence)"
            )
        roots.setdefault(size, root)
    for size, root, _time, checkpoint in heads:
        try:
            head = verify_checkpoint(checkpoint, key)
        except LedgerError as exc:
            problems.append(str(exc))
            continue
        if head.size != size or head.root != root:
            problems.append(f"the head stored for size {size} differs from its signed checkpoint")
        if size > tree.size:
            problems.append(f"the head of size {size} is beyond the log's {tree.size} entries")
        elif tree.root(size) != head.root:
            problems.append(
                f"the signed head of size {size} does not match the entries: "
                "an entry before it was changed, removed or reordered"
            )
    return problems


def audit_checkpoint(tree: TreeBuilder, note: str, key: Verifier) -> list[str]:
    """A checkpoint kept outside the log (by a party, a witness, a newsroom) against the
    log: signed by its key, no larger than the log, and with the log's root at its size.
    A smaller log is a rollback; another root is a fork or a rewrite."""
    try:
        head = verify_checkpoint(note, key)
    except LedgerError as exc:
        return [f"the checkpoint kept elsewhere: {exc}"]
    if head.size > tree.size:
        return [
            f"rollback: the log holds {tree.size} entries, fewer than the {head.size} of the "
            f"checkpoint kept elsewhere (signed {head.time:%Y-%m-%d %H:%M} UTC)"
        ]
    if tree.root(head.size) != head.root:
        return [
            f"fork: at size {head.size} the log's root differs from the checkpoint kept "
            "elsewhere; the log was rewritten, or this is another copy that took other records"
        ]
    return []
