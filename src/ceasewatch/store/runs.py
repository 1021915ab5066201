"""Where a record stored in a run of ledger entries is.

A bulk import logs its rows as runs (ledger_runs): each run holds the ids of its records
in one JSON list, so that a million events cost a few hundred rows instead of a million.
Finding the entry of one record there means reading every list: 18 MB and 110 ms at a
million events, paid each time an imported event changes (an observation corroborating
it, say) or its versions are shown. This module keeps, per database and kind, the hash of
every run member's id with its sequence number, sorted (16 bytes a member: 16 MB at a
million), built once from the runs and brought up to date when runs are added. A lookup
hashes the ids, finds their candidates by binary search, and the caller checks each
candidate against its run, so a hash that collides finds nothing it should not. Before
each lookup the runs are listed (first seq, count, time written), so the index follows a
run added, or one that a rolled-back transaction had added and that is gone. numpy is
imported on first use: an import job, which never looks runs up, does not carry it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Connection, select

from ceasewatch.errors import LedgerError
from ceasewatch.store.schema import ledger_runs

_Key = tuple[int, int, str]  # a run: first seq, count, time written


@dataclass
class _Index:
    runs: set[_Key] = field(default_factory=set)
    hashes: Any = None  # numpy int64, sorted
    seqs: Any = None  # numpy int64, the seq of each hash

    def add(self, found: Sequence[tuple[_Key, Any]]) -> None:
        import numpy as np

        if self.hashes is None:
            self.hashes = self.seqs = np.empty(0, dtype=np.int64)
        parts_h, parts_s = [self.hashes], [self.seqs]
        for (first, count, _), ids_text in found:
            ids = _ids(first, count, ids_text)
            parts_h.append(np.fromiter((hash(i) for i in ids), dtype=np.int64, count=count))
            parts_s.append(np.arange(first, first + count, dtype=np.int64))
        hashes, seqs = np.concatenate(parts_h), np.concatenate(parts_s)
        order = np.argsort(hashes, kind="stable")
        self.hashes, self.seqs = hashes[order], seqs[order]
        self.runs.update(key for key, _ in found)

    def find(self, record_ids: Sequence[str]) -> set[int]:
        import numpy as np

        if self.hashes is None:
            return set()
        wanted = np.fromiter((hash(i) for i in record_ids), dtype=np.int64, count=len(record_ids))
        lo = np.searchsorted(self.hashes, wanted, side="left")
        hi = np.searchsorted(self.hashes, wanted, side="right")
        out: set[int] = set()
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            out.update(int(s) for s in self.seqs[a:b])
        return out


def _ids(first: int, count: int, text: Any) -> list[str]:
    try:
        ids = orjson.loads(text)
    except orjson.JSONDecodeError:
        ids = None
    if not isinstance(ids, list) or len(ids) != count:
        raise LedgerError(
            f"the run of entries starting at {first} is malformed (its ids were changed "
            "outside the Workspace)"
        )
    return [str(i) for i in ids]


_INDEXES: dict[tuple[str, str], _Index] = {}
_LOCK = threading.Lock()


def candidates(conn: Connection, kind: str, record_ids: Sequence[str]) -> set[int]:
    """The sequence numbers of run members of this kind that may be one of *record_ids*:
    every one that is, and rarely one that only shares a hash (check each against its
    run)."""
    if not record_ids:
        return set()
    r = ledger_runs.c
    listed = {
        (int(first), int(count), str(time))
        for first, count, time in conn.execute(
            select(r.first_seq, r.count, r.time).where(r.kind == kind)
        )
    }
    key = (conn.engine.url.render_as_string(hide_password=True), kind)
    with _LOCK:
        index = _INDEXES.get(key)
        if index is None or not index.runs <= listed:  # a run gone: start again
            index = _INDEXES[key] = _Index()
        new = sorted(listed - index.runs)
        if new:
            firsts = [k[0] for k in new]
            texts: dict[int, Any] = {}
            for i in range(0, len(firsts), 500):
                q = select(r.first_seq, r.ids).where(
                    r.kind == kind, r.first_seq.in_(firsts[i : i + 500])
                )
                texts.update({int(f): t for f, t in conn.execute(q)})
            index.add([(k, texts[k[0]]) for k in new])
        return index.find(record_ids)
