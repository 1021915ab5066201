"""A revised ACLED or UCDP export taken in place of the stored one (``import --update``).

ACLED revises its events every week: a row may change, appear, or go. Each row of the
file is compared with the stored event of the same id, every column but the status
(which clustering and analysts set):

- a new id is added, as by an import;
- a changed row is written over the stored one; its ledger entry holds the new state and
  the old one stays in the ledger (written out in full first), so ``events show`` lists
  each version; the event keeps its status (an analyst's decision stands);
- an unchanged row is left alone;
- a stored event of the same data set that lies inside the file's coverage (its
  countries, and the dates from its earliest to its latest row) and is not in the file is
  marked ``withdrawn``: kept, shown with that status, and ignored by assessment and
  clustering. A withdrawn event that comes back is written again as the file gives it.

Each change is also noted in the event's history. The whole file is all or nothing, like
any import.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.ledger.entries import Op
from ceasewatch.ledger.records import Item, item, state_of
from ceasewatch.model import VerificationStatus
from ceasewatch.store import clusters as cluster_repo
from ceasewatch.store import events as event_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import records as records_repo
from ceasewatch.store.copytext import CopyRows
from ceasewatch.store.rows import COLUMNS
from ceasewatch.workspace.parsing import Batch, Stamp

STATUS = COLUMNS.index("status")
DATASET = COLUMNS.index("dataset")
COUNTRY = COLUMNS.index("country")
START = COLUMNS.index("date_start")
WITHDRAWN = VerificationStatus.WITHDRAWN.value


@dataclass(frozen=True, slots=True)
class RevisionReport:
    file: str
    format: str
    rows: int
    added: int
    changed: int
    unchanged: int
    withdrawn: int


def _content(row: Sequence[Any]) -> tuple[Any, ...]:
    """A row without its status: what the data set says."""
    return (*row[:STATUS], *row[STATUS + 1 :])


def _differs(old: Sequence[Any], new: Sequence[Any]) -> list[str]:
    return [
        name for name, a, b in zip(COLUMNS, old, new, strict=True) if name != "status" and a != b
    ]


@dataclass
class Coverage:
    """What a file covers: its data sets, countries and the range of its rows' days."""

    datasets: set[str] = field(default_factory=set)
    countries: set[str | None] = field(default_factory=set)
    first: str | None = None
    last: str | None = None

    def add(self, row: Sequence[Any]) -> None:
        self.datasets.add(row[DATASET])
        self.countries.add(row[COUNTRY])
        day = row[START]
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)

    def __str__(self) -> str:
        places = ", ".join(sorted(c or "(no country)" for c in self.countries))
        return f"{places} from {self.first} to {self.last}"


class Revision:
    """One revised export, compared with the store batch by batch and (with ``write``,
    while its log is empty) written over it."""

    def __init__(self, conn: Connection, file: str, fmt: str, stamp: Stamp, log: ProblemLog):
        self.conn = conn
        self.file = file
        self.name = Path(file).name  # as reasons give it
        self.fmt = fmt
        self.stamp = stamp
        self.log = log
        self.seen: dict[str, int] = {}  # id -> line: the file's ids
        self.coverage = Coverage()
        self.rows = self.added = self.changed = self.unchanged = self.withdrawn = 0
        self.entries: list[Item] = []
        self._notes: dict[str, int] = {}

    def batch(self, batch: Batch, write: bool) -> None:
        lines, values, _ = batch
        if isinstance(values, CopyRows):  # open_source gives these only when asked
            raise TypeError("a revision reads rows as tuples, not as COPY text")
        fresh: list[tuple[int, tuple[Any, ...]]] = []
        for line, row in zip(lines, values, strict=True):
            self.rows += 1
            eid = row[0]
            if eid in self.seen:
                self.log.add(line, "id", eid, f"repeats the event id of line {self.seen[eid]}")
                continue
            self.seen[eid] = line
            self.coverage.add(row)
            fresh.append((line, row))
        stored = event_repo.rows_by_id(self.conn, [row[0] for _, row in fresh])
        added: list[tuple[Any, ...]] = []
        changed: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []
        for _, row in fresh:
            old = stored.get(row[0])
            if old is None:
                added.append(row)
            elif old[STATUS] != WITHDRAWN and _content(old) == _content(row):
                self.unchanged += 1
            else:
                changed.append((old, row))
        self.added += len(added)
        self.changed += len(changed)
        if write and not self.log:
            self._add(added)
            self._change(changed)

    def finish(self, write: bool) -> RevisionReport:
        """Mark withdrawn what the file's coverage holds and the file does not."""
        gone: list[str] = []
        cov = self.coverage
        if cov.first is not None and cov.last is not None:
            for dataset in sorted(cov.datasets):
                inside = event_repo.ids_covered(
                    self.conn, dataset, cov.countries, cov.first, cov.last, but=WITHDRAWN
                )
                gone += sorted(inside - self.seen.keys())
        self.withdrawn = len(gone)
        if write and not self.log:
            self._withdraw(gone)
            ledger_repo.append(self.conn, self.entries)
        return RevisionReport(
            self.file, self.fmt, self.rows, self.added, self.changed, self.unchanged,
            self.withdrawn,
        )  # fmt: skip

    # -- writing -----------------------------------------------------------------------
    def _add(self, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            event_repo.insert_values(self.conn, rows)
            ledger_repo.append_new_rows(
                self.conn, "event", [r[0] for r in rows], self.stamp.pack(rows),
                self.stamp.actor, self.stamp.time, self.stamp.reason,
            )  # fmt: skip

    def _change(self, pairs: list[tuple[tuple[Any, ...], tuple[Any, ...]]]) -> None:
        if not pairs:
            return
        ids = [old[0] for old, _ in pairs]
        ledger_repo.materialize_many(self.conn, "event", ids)
        self._numbered(ids)
        rows, whys = [], {}
        for old, new in pairs:
            back = old[STATUS] == WITHDRAWN
            status = new[STATUS] if back else old[STATUS]
            rows.append((*new[:STATUS], status, *new[STATUS + 1 :]))
            said = ", ".join(_differs(old, new))
            action = "reinstated" if back else "revised"
            why = (
                f"back in the {self.fmt} export {self.name}" + (f"; changed {said}" if said else "")
                if back
                else f"the {self.fmt} export {self.name} changed {said}"
            )
            self._note(old[0], action, status if back else None, why)
            whys[old[0]] = f"{action}: {why}"
        event_repo.update_rows(self.conn, rows)
        self._logged(ids, whys)

    def _withdraw(self, ids: list[str]) -> None:
        if not ids:
            return
        ledger_repo.materialize_many(self.conn, "event", ids)
        self._numbered(ids)
        event_repo.set_status(self.conn, ids, WITHDRAWN)
        why = f"not in the {self.fmt} export {self.name}, which covers {self.coverage}"
        for eid in ids:
            self._note(eid, "withdrawn", None, why)
        self._logged(ids, dict.fromkeys(ids, f"withdrawn: {why}"))

    def _logged(self, ids: list[str], whys: dict[str, str]) -> None:
        """The update entries of these events, with their rows read back as stored."""
        stored = event_repo.rows_by_id(self.conn, ids)
        s = self.stamp
        for eid in ids:
            state = state_of(dict(zip(COLUMNS, stored[eid], strict=True)))
            self.entries.append(item("event", eid, state, s.actor, s.time, whys[eid], Op.UPDATE))

    def _numbered(self, ids: list[str]) -> None:
        """How many lines of history these events have, to number their next ones."""
        counts = cluster_repo.history_counts(self.conn, [i for i in ids if i not in self._notes])
        for eid in ids:
            self._notes.setdefault(eid, counts.get(eid, 0))

    def _note(self, event_id: str, action: str, status: str | None, reason: str) -> None:
        """A line of the event's history, and its ledger entry."""
        self._numbered([event_id])
        self._notes[event_id] += 1
        s = self.stamp
        row = cluster_repo.history_row(
            event_id, self._notes[event_id], s.time, s.actor, action, status, reason, ()
        )
        records_repo.insert_rows(self.conn, "event_history", [row])
        self.entries.append(item("event_history", row["id"], row, s.actor, s.time, reason))


def revise(
    conn: Connection,
    source: Iterator[Batch],
    log: ProblemLog,
    name: str,
    fmt: str,
    stamp: Stamp,
    *,
    write: bool,
) -> RevisionReport:
    """Take a revised export (its parsed batches) in place of the stored one; with
    ``write`` false, or once ``log`` has a problem, only compare."""
    revision = Revision(conn, name, fmt, stamp, log)
    for batch in source:
        revision.batch(batch, write)
    return revision.finish(write)
