"""Bulk import: parser processes read and check while this process writes, all or nothing.

Parsing a row (CSV, checks, model objects, row values) costs more than inserting it, so
on files of some size the work is split. A feeder thread cuts the file into blocks of
whole records and deals them to ``WORKERS`` parser processes (``parsing.py``); they send
back batches of row tuples, which this process inserts in its one transaction. Every
queue is bounded, so memory stays constant whatever the file size, and a problem found
by any side rolls the whole transaction back.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import os
import queue as queue_mod
import threading
from collections.abc import Callable, Generator, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from ceasewatch.errors import BatchRejected, CeasewatchError, InvalidInput, ParseError
from ceasewatch.ingest import acled, formats, packed, ucdp
from ceasewatch.ingest.tabular import CsvTable, ProblemLog
from ceasewatch.model import Taxonomy, default_taxonomy
from ceasewatch.store import events as event_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store.copytext import CopyRows
from ceasewatch.workspace import parsing
from ceasewatch.workspace.parsing import Batch, Stamp, check_format, cut_blocks, worker

QUEUE_DEPTH = 2
PARALLEL_MIN_BYTES = 2 * 2**20  # below this, a second process costs more than it saves
WORKERS = max(1, min(2, os.cpu_count() or 1))  # parser processes; this one writes
BULK_MIN_ROWS = 50_000  # below this, rebuilding indexes costs more than it saves
COPY_BATCH_ROWS = 20_000  # rows of COPY text the writer sends at a time
BYTES_PER_ROW = 300  # a typical ACLED row, to guess a file's row count from its size
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ImportReport:
    file: str
    format: str
    rows: int
    events: int


def sniff_format(header_line: str, file_name: str = "") -> str | None:
    """The format a file's first line shows (ingest/formats.py), or None."""
    return formats.tell_first_line(header_line, file_name)


def tell_format(path: Path) -> str:
    """The format of an import file, told from its first line; ``ParseError`` if none fits."""
    name = str(path)
    first = packed.first_line(path, name)
    fmt = sniff_format(first, packed.inner_name(path))
    if fmt is None:
        raise ParseError(
            f"{name}:1: cannot tell the format from the header; {formats.expected_formats()}",
            file=name,
            row=1,
        )
    return fmt


def _from_workers(
    path: str, name: str, fmt: str, log: ProblemLog, workers: int, stamp: Stamp, copy: bool
) -> Generator[Batch, None, None]:
    """Batches parsed by ``workers`` child processes from blocks a feeder thread cuts;
    ``copy``: ACLED rows come as PostgreSQL COPY text where they can."""
    header_text, blocks = cut_blocks(path, name)
    # The header is checked here, once; the workers get it and do not report it again.
    codec = acled if fmt == "acled" else ucdp
    table = CsvTable(io.StringIO(header_text, newline=""), name, codec.COLUMNS, codec.REQUIRED, log)
    header = list(table.header)
    ctx = mp.get_context("spawn")
    out = ctx.Queue(maxsize=QUEUE_DEPTH * workers)
    inboxes = [ctx.Queue(maxsize=QUEUE_DEPTH) for _ in range(workers)]
    children = [
        ctx.Process(
            target=worker,
            args=(name, fmt, header, stamp, event_repo.CHECK, inbox, out, copy),
            daemon=True,
        )
        for inbox in inboxes
    ]
    for child in children:
        child.start()
    stop = threading.Event()
    feed_error: list[BaseException] = []

    def put(inbox: Any, item: object) -> bool:
        while not stop.is_set():
            try:
                inbox.put(item, timeout=0.5)
                return True
            except queue_mod.Full:
                continue
        return False

    def feed() -> None:
        try:
            for k, block in enumerate(blocks):
                if not put(inboxes[k % workers], block):
                    return
        except BaseException as exc:
            feed_error.append(exc)
        finally:
            for inbox in inboxes:
                put(inbox, None)

    feeder = threading.Thread(target=feed, name="ceasewatch-import-feeder", daemon=True)
    feeder.start()
    ended = 0
    try:
        while ended < workers:
            try:
                msg = out.get(timeout=1.0)
            except queue_mod.Empty:
                # a parser that sent "end" exits normally; only a failed one is an error
                if any(c.exitcode not in (None, 0) for c in children):
                    raise CeasewatchError(f"{name}: a parser process died") from None
                continue
            kind = msg[0]
            if kind == "rows":
                yield msg[1]
            elif kind == "end":
                ended += 1
                for p in msg[1]:
                    log.add(p.row, p.field, p.value, p.expected)
                log.total += msg[2] - len(msg[1])
            elif kind == "error":
                cls = ParseError if msg[1] == "ParseError" else InvalidInput
                raise cls(msg[2], file=name, row=msg[3])
            else:
                raise CeasewatchError(f"{name}: the parser failed: {msg[1]}")
        if feed_error:
            raise feed_error[0]
        log.problems.sort(key=lambda p: p.row or 0)
    finally:
        stop.set()
        feeder.join()
        for child in children:
            if child.is_alive():
                child.terminate()
            child.join()
        for q in (*inboxes, out):
            q.cancel_join_thread()
            q.close()


def batches(
    stream: TextIO, name: str, fmt: str, taxonomy: Taxonomy, log: ProblemLog, stamp: Stamp
) -> Iterator[Batch]:
    """An import read in this process (``parsing.batches``), its rows checked against the
    events table's columns."""
    return parsing.batches(stream, name, fmt, taxonomy, log, stamp, event_repo.CHECK)


def store_batch(
    conn: Connection,
    batch: Batch,
    log: ProblemLog,
    stamp: Stamp,
    *,
    write: bool = True,
    copy: bool = True,
) -> int:
    """Insert one batch inside a savepoint; on a taken id, find and log the culprits. The
    parser side checked every row against its columns (``batches``, ``worker``).

    Once anything is wrong (in this file, or with ``write`` false in another file of the
    batch), rows are only checked: ids repeated in the batch or stored already. On
    PostgreSQL rows go in with COPY unless ``copy`` is false (store/events.py)."""
    lines, values, pack = batch
    ids = values.ids if isinstance(values, CopyRows) else [row[0] for row in values]
    seen: dict[str, int] = {}
    for line, eid in zip(lines, ids, strict=True):
        if eid in seen:
            log.add(line, "id", eid, f"repeats the event id of line {seen[eid]}")
        else:
            seen[eid] = line
    if log or not write:  # the batch will be refused: only keep checking
        _log_taken(log, seen, event_repo.existing_ids(conn, seen))
        return 0
    try:
        with conn.begin_nested():
            event_repo.insert_values(conn, values, checked=True, copy=copy)
            # no id repeats here (checked above), so ``seen`` holds them in row order
            ledger_repo.append_new_rows(
                conn, "event", list(seen), pack, stamp.actor, stamp.time, stamp.reason
            )
    except IntegrityError:
        taken = event_repo.existing_ids(conn, seen)
        if not taken:
            raise
        _log_taken(log, seen, taken)
        return 0
    return len(values)


def merged(source: Iterator[Batch], rows: int = COPY_BATCH_ROWS) -> Iterator[Batch]:
    """Consecutive batches of COPY text joined into batches of about ``rows`` rows: each
    batch costs the writer a few round trips to the server (the ledger's frontier, its
    run, the COPY), which at a parser's block of a few thousand rows cost more than the
    rows themselves. Batches of tuples pass as they come (their size is their memory)."""
    lines: list[int] = []
    ids: list[str] = []
    texts: list[str] = []
    packs: list[bytes] = []
    for batch in source:
        if not isinstance(batch[1], CopyRows):
            yield batch
            continue
        lines += batch[0]
        ids += batch[1].ids
        texts.append(batch[1].text)
        packs.append(batch[2])
        if len(lines) >= rows:
            yield lines, CopyRows(ids, "".join(texts)), b"".join(packs)
            lines, ids, texts, packs = [], [], [], []
    if lines:
        yield lines, CopyRows(ids, "".join(texts)), b"".join(packs)


def _log_taken(log: ProblemLog, seen: dict[str, int], taken: set[str]) -> None:
    for eid in sorted(taken, key=seen.__getitem__):
        log.add(seen[eid], "id", eid, "is already stored, or repeats an earlier row")


def consume(
    conn: Connection,
    source: Iterator[Batch],
    log: ProblemLog,
    progress: Progress | None,
    stamp: Stamp,
    expected_rows: int = 0,
    *,
    write: bool = True,
    copy: bool = True,
) -> tuple[int, int]:
    """Store every batch of ``source`` in ``conn``'s transaction while ``log`` stays empty
    (and ``write`` holds); returns (rows read, rows stored).

    When the file is expected to bring more rows than the table holds, the secondary
    indexes are rebuilt once at the end instead of being updated row by row (on
    PostgreSQL only with COPY, ``copy``: the INSERT path is kept as it was, to compare).
    """
    rows = stored = 0
    bulk = (
        write
        and (copy or conn.dialect.name == "sqlite")
        and expected_rows >= BULK_MIN_ROWS
        and expected_rows > event_repo.count_estimate(conn)
    )
    with event_repo.bulk_load(conn) if bulk else nullcontext():
        for batch in merged(source):
            rows += len(batch[0])
            stored += store_batch(conn, batch, log, stamp, write=write, copy=copy)
            if progress:
                progress(rows)
    if stored >= BULK_MIN_ROWS and not log:
        event_repo.refresh_statistics(conn)
    return rows, stored


def run_import(
    conn: Connection,
    source: Iterator[Batch],
    log: ProblemLog,
    name: str,
    fmt: str,
    progress: Progress | None,
    stamp: Stamp,
    expected_rows: int = 0,
    *,
    copy: bool = True,
) -> ImportReport:
    """Store every batch of ``source`` in ``conn``'s transaction; refuse all on any problem."""
    rows, stored = consume(conn, source, log, progress, stamp, expected_rows, copy=copy)
    if log:
        conn.rollback()
        raise BatchRejected(log.problems, file=name, total=log.total, shown=log.cap)
    return ImportReport(name, fmt, rows, stored)


def open_source(
    path: Path,
    fmt: str | None,
    taxonomy: Taxonomy,
    log: ProblemLog,
    parallel: bool | None,
    stamp: Stamp,
    *,
    copy: bool = False,
) -> tuple[str, Iterator[Batch], Callable[[], None]]:
    """Work out the format, and start reading: in child processes for big files, which
    with ``copy`` render ACLED rows as PostgreSQL COPY text (for ``run_import`` on
    PostgreSQL; the callers that look at the rows themselves want tuples)."""
    name = str(path)
    if fmt is None:
        fmt = tell_format(path)
    check_format(fmt)
    path, recoded = packed.readable(path, name)
    try:
        size = path.stat().st_size
        stream = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        if recoded:
            path.unlink(missing_ok=True)
        raise InvalidInput(f"{name}: cannot open: {exc.strerror}", file=name) from None

    def closing(close: Callable[[], None]) -> Callable[[], None]:
        def done() -> None:
            try:
                close()
            finally:
                if recoded:
                    path.unlink(missing_ok=True)

        return done

    try:
        if parallel is None:
            parallel = size >= PARALLEL_MIN_BYTES
        if parallel and taxonomy is default_taxonomy():
            stream.close()
            workers = _from_workers(str(path), name, fmt, log, WORKERS, stamp, copy)
            # closing the generator runs its clean-up (children, threads, queues) at once
            return fmt, workers, closing(workers.close)
    except BaseException:
        stream.close()
        if recoded:
            path.unlink(missing_ok=True)
        raise
    return fmt, batches(stream, name, fmt, taxonomy, log, stamp), closing(stream.close)


__all__ = [
    "ImportReport",
    "Stamp",
    "batches",
    "open_source",
    "run_import",
    "sniff_format",
    "tell_format",
]
