"""One batch of import files in one transaction, all or nothing.

The field's data sets (ACLED, UCDP GED) and the mission's own record files
(``recordfiles.py``) go through the same batch, in an order where what a record may name
comes first: sources, events, the data sets, observations, crossings, tracks, documents.
While no file has a problem each is written as it is read; once one has, the others are
only checked, so that every problem of every file is named. ``refuse_if_any`` then raises
with all of them, and the caller's transaction is rolled back: nothing is written.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from sqlalchemy import Connection

from ceasewatch.errors import BatchRejected, InvalidInput, ParseError, Problem
from ceasewatch.ingest import IMPORT_FORMATS, RECORD_FORMATS, packed
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.model import Taxonomy
from ceasewatch.workspace import importing
from ceasewatch.workspace.importing import ImportReport, Progress, batches
from ceasewatch.workspace.parsing import Batch, Stamp
from ceasewatch.workspace.recordfiles import RecordFiles, RecordReport, read_records
from ceasewatch.workspace.revising import RevisionReport, revise

Report = ImportReport | RecordReport | RevisionReport
RANK = {"sources": 0, "events": 1, "acled": 2, "ucdp": 2, "observations": 3, "crossings": 4,
        "tracks": 5, "documents": 6}  # fmt: skip
PROBLEMS_PER_FILE = 200


def in_order(files: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(file, format) pairs in the order a batch stores them (stable within a format)."""
    return sorted(files, key=lambda f: RANK[f[1]])


def check_format(fmt: str) -> None:
    if fmt not in RANK:
        raise InvalidInput(
            f"unknown import format {fmt!r}; expected one of "
            + ", ".join((*IMPORT_FORMATS, *RECORD_FORMATS)),
            field="format",
        )


def told(paths: Sequence[str | Path], fmt: str | None, *, update: bool) -> list[tuple[str, str]]:
    """(file, format) of each file: ``fmt``, or what its first line tells. With
    ``update`` every file must be an ACLED or UCDP export."""
    if not paths:
        raise InvalidInput("name at least one file to import", field="files")
    if fmt is not None:
        check_format(fmt)
    files = [(str(p), fmt or importing.tell_format(Path(p))) for p in paths]
    for name, found in files:
        if update and found not in IMPORT_FORMATS:
            raise InvalidInput(
                f"{name}: --update takes a revised ACLED or UCDP export; this is a {found} file",
                file=name,
            )
    return files


def check_dataset(name: str) -> str:
    """A data set id given for an activity log: what its events' ids start with."""
    name = name.strip()
    if not name or len(name) > 32 or ":" in name or name in ("acled", "ucdp", "ceasewatch"):
        raise InvalidInput(
            f"{name!r} is not a data set id for an activity log: 1 to 32 characters, no ':', "
            "and not acled, ucdp or ceasewatch (the importers' and clustering's own)",
            field="dataset",
        )
    return name


class Intake:
    """The files of one batch, read, checked and (while all is well) written in ``conn``'s
    transaction. With ``reasons`` each file's ledger entries give the file as the reason
    ("import events.csv"); otherwise ``stamp``'s reason stands for the whole batch."""

    def __init__(
        self,
        conn: Connection,
        taxonomy: Taxonomy,
        stamp: Stamp,
        *,
        reasons: bool = True,
        progress: Progress | None = None,
    ) -> None:
        self.conn = conn
        self.taxonomy = taxonomy
        self.stamp = stamp
        self.reasons = reasons
        self.progress = progress
        self.records = RecordFiles(conn)
        self.problems: list[Problem] = []
        self.total = 0
        self.reports: list[Report] = []

    @property
    def clean(self) -> bool:
        return self.total == 0

    def _stamp(self, name: str) -> Stamp:
        if not self.reasons:
            return self.stamp
        return replace(self.stamp, reason=f"import {Path(name).name}")

    def _absorb(self, log: ProblemLog) -> None:
        self.problems += log.problems
        self.total += log.total

    def dataset_file(self, path: Path, fmt: str, parallel: bool | None = None) -> ImportReport:
        """An ACLED or UCDP file from disk (parsed in other processes when it is big, which
        on PostgreSQL send its rows as COPY text)."""
        name = str(path)
        log = ProblemLog(name, cap=PROBLEMS_PER_FILE)
        stamp = self._stamp(name)
        copy = self.conn.dialect.name == "postgresql"
        fmt, source, done = importing.open_source(
            path, fmt, self.taxonomy, log, parallel, stamp, copy=copy
        )
        expected = path.stat().st_size // importing.BYTES_PER_ROW
        try:
            return self._dataset(source, log, name, fmt, stamp, expected)
        finally:
            done()

    def dataset_stream(self, stream: TextIO, name: str, fmt: str) -> ImportReport:
        log = ProblemLog(name, cap=PROBLEMS_PER_FILE)
        stamp = self._stamp(name)
        source = batches(stream, name, fmt, self.taxonomy, log, stamp)
        return self._dataset(source, log, name, fmt, stamp, 0)

    def _dataset(
        self,
        source: Iterator[Batch],
        log: ProblemLog,
        name: str,
        fmt: str,
        stamp: Stamp,
        expected: int,
    ) -> ImportReport:
        rows, stored = importing.consume(
            self.conn, source, log, self.progress, stamp, expected, write=self.clean
        )
        self._absorb(log)
        report = ImportReport(name, fmt, rows, stored if self.clean else 0)
        self.reports.append(report)
        return report

    def revision_file(self, path: Path, fmt: str, parallel: bool | None = None) -> RevisionReport:
        """A revised ACLED or UCDP export, taken in place of the stored one (revising.py)."""
        name = str(path)
        log = ProblemLog(name, cap=PROBLEMS_PER_FILE)
        stamp = replace(self.stamp, reason=f"import --update {path.name}")
        fmt, source, done = importing.open_source(path, fmt, self.taxonomy, log, parallel, stamp)
        try:
            report = revise(self.conn, source, log, name, fmt, stamp, write=self.clean)
        finally:
            done()
        self._absorb(log)
        self.reports.append(report)
        return report

    def record_stream(self, stream: TextIO, name: str, fmt: str, dataset: str) -> RecordReport:
        """A file of the mission's own records."""
        log = ProblemLog(name, cap=PROBLEMS_PER_FILE)
        found = read_records(fmt, stream, name, self.taxonomy, log, dataset)
        report = self.records.add(fmt, name, found, log, self._stamp(name), write=self.clean)
        self._absorb(log)
        self.reports.append(report)
        return report

    def record_file(self, path: Path, fmt: str, dataset: str) -> RecordReport:
        name = str(path)
        # the file itself, or a plain comma-separated copy of what an archive holds or of a
        # spreadsheet's CSV of semicolons or tabs (ingest/packed.py)
        plain, copied = packed.readable(path, name)
        try:
            text = read_text(plain, name)
        finally:
            if copied:
                plain.unlink(missing_ok=True)
        return self.record_stream(io.StringIO(text, newline=""), name, fmt, dataset)

    def run(
        self,
        files: Sequence[tuple[str, str]],
        dataset: str,
        parallel: bool | None = None,
        each: Callable[[Report], None] | None = None,
        *,
        update: bool = False,
    ) -> list[Report]:
        """Read (file, format) pairs from disk in the batch's order; with ``update``,
        each is a revised ACLED or UCDP export, taken in the order given."""
        for name, fmt in files if update else in_order(files):
            path = Path(name)
            if update:
                report: Report = self.revision_file(path, fmt, parallel)
            elif fmt in IMPORT_FORMATS:
                report = self.dataset_file(path, fmt, parallel)
            else:
                report = self.record_file(path, fmt, dataset)
            if each is not None:
                each(report)
        return self.reports

    def refuse_if_any(self, label: str) -> None:
        """Raise ``BatchRejected`` with every problem of every file, if there is one."""
        if self.total:
            shown = len(self.problems)
            raise BatchRejected(self.problems, file=label, total=self.total, shown=shown)


def read_text(path: Path, name: str) -> str:
    """A record file's text (*name*: the file the user gave); record files are small enough
    to read whole."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot open: {exc.strerror}", file=name) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ParseError(
            f"{name}:{line}: bytes that are not UTF-8 ({exc.reason})", file=name, row=line
        ) from None


def batch_label(files: Sequence[str]) -> str:
    """How a refused batch names itself: the file, or how many files and which."""
    if len(files) == 1:
        return files[0]
    return f"import of {len(files)} files ({', '.join(files)})"
