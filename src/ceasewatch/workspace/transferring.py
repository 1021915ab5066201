"""The Workspace's bulk transfers: datasets and the mission's record files imported all
or nothing (``importing.py``, ``intake.py``), and the events exported in the field's
formats."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ceasewatch.errors import InvalidInput
from ceasewatch.ingest import exports
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.model.query import EventQuery
from ceasewatch.store import events as event_repo
from ceasewatch.workspace import importing
from ceasewatch.workspace.base import Base
from ceasewatch.workspace.importing import ImportReport, Progress

if TYPE_CHECKING:
    from ceasewatch.workspace import intake


class Transferring(Base):
    """Records in and out in bulk."""

    def import_file(
        self,
        path: str | Path,
        fmt: str | None = None,
        progress: Progress | None = None,
        *,
        parallel: bool | None = None,
        copy: bool = True,
    ) -> ImportReport:
        """Import an ACLED or UCDP GED CSV file, all or nothing.

        ``fmt`` defaults to what the header shows. Files of a few MB or more are parsed in
        other processes while this one writes (``parallel`` forces either way). On
        PostgreSQL rows go in with COPY; ``copy=False`` keeps the INSERT path, to compare.
        """
        path = Path(path)
        log = ProblemLog(str(path))
        stamp = self._stamp(f"import {path.name}")
        copy = copy and self.engine.dialect.name == "postgresql"
        fmt, source, done = importing.open_source(
            path, fmt, self.taxonomy, log, parallel, stamp, copy=copy
        )
        expected = path.stat().st_size // importing.BYTES_PER_ROW
        try:
            with self._write() as conn:
                return importing.run_import(
                    conn, source, log, str(path), fmt, progress, stamp, expected, copy=copy
                )
        finally:
            done()

    def import_files(
        self,
        paths: Sequence[str | Path],
        fmt: str | None = None,
        progress: Progress | None = None,
        *,
        update: bool = False,
        dataset: str | None = None,
        parallel: bool | None = None,
        each: Callable[[intake.Report], None] | None = None,
    ) -> list[intake.Report]:
        """Import several files in one transaction: ACLED and UCDP GED CSV, and the
        mission's own record files (sources, events in the activity-log layout,
        observations, crossings, tracks, documents as JSON Lines), each told from its
        header unless ``fmt`` is given. A problem in any file and nothing is written;
        ``BatchRejected`` names every problem of every file.

        With ``update`` each file is a revised ACLED or UCDP export: new rows are added,
        changed ones updated (their versions kept in the ledger), unchanged ones left, and
        stored events of its coverage that it no longer has marked withdrawn
        (``revising.py``). Known ids are refused otherwise.

        Events of an activity log go into ``dataset`` (default ``mission-log``); ``each``
        is called with each file's report as it is done."""
        from ceasewatch.workspace import intake
        from ceasewatch.workspace.recordfiles import DEFAULT_DATASET

        dataset = intake.check_dataset(dataset or DEFAULT_DATASET)
        files = intake.told(paths, fmt, update=update)
        with self._write() as conn:
            batch = intake.Intake(conn, self.taxonomy, self._stamp("import"), progress=progress)
            reports = batch.run(files, dataset, parallel, each, update=update)
            batch.refuse_if_any(intake.batch_label([name for name, _ in files]))
        return reports

    def import_stream(
        self, stream: TextIO, name: str, fmt: str, progress: Progress | None = None
    ) -> ImportReport:
        """Import from an open text stream (read in this process), all or nothing."""
        log = ProblemLog(name)
        stamp = self._stamp(f"import {name}")
        source = importing.batches(stream, name, fmt, self.taxonomy, log, stamp)
        with self._write() as conn:
            return importing.run_import(conn, source, log, name, fmt, progress, stamp)

    # -- export ---------------------------------------------------------------------
    def export(self, out: TextIO, fmt: str, query: EventQuery | None = None) -> int:
        """Write the events matching ``query`` to ``out``; return how many."""
        query = query or EventQuery()
        if fmt not in exports.FORMATS:
            raise InvalidInput(f"unknown export format {fmt!r}; expected one of {exports.FORMATS}")
        from ceasewatch.workspace import views

        with self._read() as conn:
            hide = views.protected(conn)  # never leaves in exports
            items = (hide.event(e) for e in event_repo.iter_events(conn, query))
            return exports.write(out, fmt, items, self.taxonomy)

    def export_text(self, fmt: str, query: EventQuery | None = None) -> str:
        buf = io.StringIO()
        self.export(buf, fmt, query)
        return buf.getvalue()
