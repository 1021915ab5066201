"""Offline verification bundles: every entry, and the signed heads, in one text file.

Line 1 is a JSON header; then one line per entry, the exact bytes its leaf hash covers;
then one JSON line holding the checkpoints. A verifier needs this file and the log's
public key, nothing else: no database and nothing from ceasewatch's store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

import orjson

from ceasewatch.errors import LedgerError, ParseError
from ceasewatch.formats.jsontext import json_value
from ceasewatch.ledger import merkle
from ceasewatch.ledger.audit import TreeBuilder, audit_checkpoint
from ceasewatch.ledger.entries import canonical
from ceasewatch.ledger.heads import TreeHead, Verifier, verify_checkpoint
from ceasewatch.ledger.witness import CosignerKey, quorum

FORMAT = "ceasewatch-ledger-bundle/1"


def write_bundle(
    out: TextIO, origin: str, entries: Iterable[str], size: int, checkpoints: list[str]
) -> int:
    out.write(json.dumps({"format": FORMAT, "origin": origin, "size": size}) + "\n")
    n = 0
    for text in entries:
        out.write(text + "\n")
        n += 1
    if n != size:
        raise LedgerError(f"the bundle was to hold {size} entries but {n} were read")
    out.write(json.dumps({"checkpoints": checkpoints}) + "\n")
    return n


@dataclass(frozen=True, slots=True)
class BundleReport:
    origin: str
    size: int
    root: bytes
    heads: tuple[TreeHead, ...]


def _lines(stream: TextIO) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(stream, start=1):
        yield number, line.rstrip("\n")


def verify_bundle(
    stream: TextIO,
    key: Verifier,
    kept: Sequence[str] = (),
    witnesses: Sequence[CosignerKey] = (),
    needed: int = 0,
) -> BundleReport:
    """Recompute the log from the bundle's entries and check every signed head on it; each
    checkpoint *kept* elsewhere must be a state of it (a smaller bundle is a rollback,
    another root a fork), and its latest head must carry *needed* cosignatures of
    *witnesses*."""
    lines = _lines(stream)
    try:
        _, first = next(lines)
        header = json_value(first)
    except (StopIteration, ParseError):
        raise LedgerError(
            "not a ceasewatch ledger bundle: the first line is not its header"
        ) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise LedgerError(f"not a ceasewatch ledger bundle (expected format {FORMAT})")
    size = header.get("size")
    if not isinstance(size, int) or size < 0:
        raise LedgerError("the bundle header has no valid size")
    tree = TreeBuilder()
    for _ in range(size):
        try:
            number, text = next(lines)
        except StopIteration:
            raise LedgerError(
                f"the bundle is truncated: it announces {size} entries but holds {tree.size}"
            ) from None
        raw = text.encode("utf-8")
        try:
            if canonical(orjson.loads(raw)) != raw:
                raise ValueError("not canonical")
        except (ValueError, TypeError):  # orjson: unreadable, or nested past its limit
            raise LedgerError(f"line {number} is not an entry in canonical JSON") from None
        tree.add(merkle.leaf_hash(raw))
    try:
        number, trailer = next(lines)
        checkpoints = json_value(trailer)["checkpoints"]
    except (StopIteration, ParseError, KeyError, TypeError):
        raise LedgerError(
            "the bundle is truncated or corrupt: no checkpoints after the entries"
        ) from None
    if next(lines, None) is not None:
        raise LedgerError("the bundle has lines after its checkpoints")
    if not isinstance(checkpoints, list) or not all(isinstance(n, str) for n in checkpoints):
        raise LedgerError("the bundle's last line is not a list of checkpoints")
    if not checkpoints:
        raise LedgerError("the bundle holds no signed head")
    heads = []
    for note in checkpoints:
        head = verify_checkpoint(note, key)
        if head.origin != header.get("origin"):
            raise LedgerError(f"a head is for log {head.origin!r}, not {header.get('origin')!r}")
        if head.size > tree.size:
            raise LedgerError(
                f"the head of size {head.size} is beyond the bundle's {tree.size} entries"
            )
        if tree.root(head.size) != head.root:
            raise LedgerError(
                f"the entries do not give the root signed for size {head.size}: "
                "the bundle was altered"
            )
        heads.append(head)
    if max(h.size for h in heads) != tree.size:
        raise LedgerError("no signed head covers the whole bundle")
    problems = [p for note in kept for p in audit_checkpoint(tree, note, key)]
    if problems:
        raise LedgerError("; ".join(problems))
    if needed:
        newest = max(zip(heads, checkpoints, strict=True), key=lambda x: x[0].size)[1]
        quorum(newest, list(witnesses), needed)
    return BundleReport(str(header.get("origin")), tree.size, tree.root(), tuple(heads))
