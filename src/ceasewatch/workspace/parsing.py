"""The parser side of an import: reading, checking and turning rows into row tuples.

This module runs in the parser processes too, so it imports no database toolkit.
"""

from __future__ import annotations

import gc
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from ceasewatch.errors import CeasewatchError, InvalidInput, ParseError
from ceasewatch.ingest import IMPORT_FORMATS, acled, ucdp
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.ledger.entries import Op, Template
from ceasewatch.ledger.merkle import leaf_hash
from ceasewatch.ledger.records import Item
from ceasewatch.model import Taxonomy, default_taxonomy
from ceasewatch.store.copytext import CopyRows
from ceasewatch.store.rows import COLUMNS, event_values, json_list, json_text
from ceasewatch.store.values import TupleCheck
from ceasewatch.workspace.blocks import Layout, read_block

BATCH = 5000
NICENESS = 5
BLOCK_BYTES = 1 << 20  # raw bytes per block handed to a parser process
# New events are logged by reference to their rows (ledger/records.py), so a batch's
# ledger part is just its leaf hashes, joined into one string of 32-byte hashes.
Pack = bytes
# (file lines, stored rows, leaf hashes): rows as tuples, or as PostgreSQL COPY text
Batch = tuple[list[int], list[tuple[Any, ...]] | CopyRows, Pack]


@dataclass(frozen=True, slots=True)
class Stamp:
    """Who writes, when and why: what every ledger entry of an import carries."""

    actor: str
    time: str
    reason: str

    def pack(self, values: list[tuple[Any, ...]]) -> Pack:
        """The leaf hashes of the entries that log these new event rows."""
        make = Template("event", Op.CREATE, self.actor, self.time, self.reason, COLUMNS).entry
        return b"".join(leaf_hash(make(row[0], row)) for row in values)

    def items(self, values: list[tuple[Any, ...]]) -> list[Item]:
        """Ledger items, by reference, for new event rows appended one by one."""
        leaves = self.pack(values)
        actor, time, reason = self.actor, self.time, self.reason
        return [
            Item("event", row[0], "create", None, leaves[32 * i : 32 * i + 32], actor, time, reason)
            for i, row in enumerate(values)
        ]


def acled_values(f: acled.Fields) -> tuple[Any, ...]:
    """The stored row of an ACLED row's checked fields, without making the Event first.

    ``store.rows.event_values(acled.parse_row(...))`` gives the same tuple; this saves the
    model objects on a bulk import, and tests/workspace/test_parsing.py holds the two
    equal.
    """
    (ext_id, day, tprec, etype, sub, disorder_type, kind, lat, lon, gprec, killed, actors,
     extra, location, country, iso, region, admin1, admin2, admin3, notes, sources, scale,
     tags, civ) = f  # fmt: skip
    iso_day = day.isoformat()
    return (
        f"{acled.DATASET}:{ext_id}", acled.DATASET, ext_id, kind.code, kind.family._value_,
        etype, sub, disorder_type, iso_day, iso_day, 0, tprec._value_, location, lat, lon,
        gprec._value_, gprec.default_radius_m, None, country, iso, region, admin1, admin2,
        admin3, killed, killed, None, None, None, None, None, None, None, None,
        json_text([[n, r._value_, None, i] for n, r, i in actors]) if actors else None,
        "unverified", civ, None, notes, json_list(sources), scale, json_list(tags),
        json_text(extra) if extra else None,
    )  # fmt: skip


# The file's name for each stored column not named as the file names it, so that a value
# that does not fit its column is reported under the field that brought it.
FIELDS = {
    "acled": {
        "id": "event_id_cnty",
        "external_id": "event_id_cnty",
        "acled_event_type": "event_type",
        "acled_sub_event_type": "sub_event_type",
        "place_name": "location",
        "actors": "actor1/actor2/assoc_actor_1/assoc_actor_2",
        "sources": "source",
        "killed_low": "fatalities",
        "killed_best": "fatalities",
        "killed_high": "fatalities",
        "extra": "(a column outside ACLED's)",
    },
    "ucdp": {
        "external_id": "id",
        "place_name": "where_description",
        "admin1": "adm_1",
        "admin2": "adm_2",
        "actors": "side_a/side_b",
        "notes": "source_headline",
        "sources": "source_office",
        "killed_low": "low",
        "killed_best": "best",
        "killed_high": "high",
        "killed_civilian": "deaths_civilians",
        "extra": "(a kept column)",
    },
}


def check_format(fmt: str) -> None:
    if fmt not in IMPORT_FORMATS:
        raise InvalidInput(f"unknown import format {fmt!r}; expected one of {IMPORT_FORMATS}")


def rows_of(
    stream: TextIO,
    name: str,
    fmt: str,
    taxonomy: Taxonomy,
    log: ProblemLog,
    header: Sequence[str] | None = None,
    line: int = 1,
    check: TupleCheck | None = None,
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(line, stored row) for every good row of an import file; bad rows go to ``log``.

    With ``check`` (the events table's, store/events.py), a row with a value that does not
    fit its column is a bad row too, logged under the name the file gives the field."""
    check_format(fmt)
    if fmt == "acled":
        made: Iterator[tuple[int, tuple[Any, ...]]] = (
            (at, acled_values(fields))
            for at, fields in acled.read_acled_fields(
                stream, name, taxonomy, log, header=header, line=line
            )
        )
    else:
        made = (
            (at, event_values(event))
            for at, event in ucdp.read_ucdp(stream, name, taxonomy, log, header=header, line=line)
        )
    if check is None:
        yield from made
        return
    names = FIELDS[fmt]
    for at, row in made:
        found = check.of_row(row, text=False)  # CsvTable refused NUL and surrogates
        if not found:
            yield at, row
            continue
        told = set()
        for f in found:
            field = names.get(f.column, f.column)
            if field not in told:  # id and external_id both come from one field
                told.add(field)
                log.add(at, field, f.value, f.expected)


def batches(
    stream: TextIO,
    name: str,
    fmt: str,
    taxonomy: Taxonomy,
    log: ProblemLog,
    stamp: Stamp,
    check: TupleCheck,
) -> Iterator[Batch]:
    """(lines, row values, ledger items) in batches of ``BATCH`` good rows, each checked
    against its columns; bad rows go to ``log``."""
    lines: list[int] = []
    values: list[tuple[Any, ...]] = []
    for line, row in rows_of(stream, name, fmt, taxonomy, log, check=check):
        lines.append(line)
        values.append(row)
        if len(lines) >= BATCH:
            yield lines, values, stamp.pack(values)
            lines, values = [], []
    if lines:
        yield lines, values, stamp.pack(values)


def worker(
    name: str,
    fmt: str,
    header: list[str],
    stamp: Stamp,
    check: TupleCheck,
    blocks: Any,
    out: Any,
    copy: bool = False,
) -> None:
    """Child process: parse each block of raw lines it is given, its rows checked against
    their columns with ``check``; send batches, then problems. An ACLED block is read a
    column at a time when it can be (blocks.py), else row by row; with ``copy`` such a
    block leaves as PostgreSQL COPY text.

    Parsers yield the processor to the writer when both want it: the writer is the one
    step that cannot be shared, so letting it wait costs the whole import.
    """
    os.nice(NICENESS)
    log = ProblemLog(name)
    taxonomy = default_taxonomy()
    layout = Layout(header) if fmt == "acled" else None
    template = Template("event", Op.CREATE, stamp.actor, stamp.time, stamp.reason, COLUMNS)
    gc.freeze()  # the modules and taxonomy stay; spare the collector scanning them
    try:
        while (block := blocks.get()) is not None:
            first_line, raw = block
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad = first_line + raw.count(b"\n", 0, exc.start)
                raise ParseError(
                    f"{name}:{bad}: bytes that are not UTF-8 ({exc.reason})", file=name, row=bad
                ) from None
            if layout is not None:
                fast = read_block(text, layout, first_line, taxonomy, template, check, copy=copy)
                if fast is not None:
                    out.put(("rows", fast))
                    continue
            lines: list[int] = []
            values: list[tuple[Any, ...]] = []
            stream = io.StringIO(text, newline="")
            for line, row in rows_of(stream, name, fmt, taxonomy, log, header, first_line, check):
                lines.append(line)
                values.append(row)
            out.put(("rows", (lines, values, stamp.pack(values))))
        out.put(("end", log.problems, log.total))
    except CeasewatchError as exc:
        out.put(("error", type(exc).__name__, str(exc), getattr(exc, "row", None)))
    except Exception as exc:  # a bug in the parser: carry it to the parent as text
        out.put(("crash", f"{type(exc).__name__}: {exc}"))


def cut_blocks(path: str, name: str) -> tuple[str, Iterator[tuple[int, bytes]]]:
    """The header line, and the rest of the file as (first line, raw bytes) blocks of whole records.

    A block ends at a line end outside quotes: the count of quote characters up to there is
    even (a doubled quote inside a field adds two), so no record is cut in half.
    """
    fh = open(path, "rb")  # noqa: SIM115 - closed by the generator below
    head = fh.readline()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    try:
        header_text = head.decode("utf-8")
    except UnicodeDecodeError:
        fh.close()
        raise ParseError(f"{name}:1: the header is not UTF-8 text", file=name, row=1) from None

    def blocks() -> Iterator[tuple[int, bytes]]:
        line = 2
        with fh:
            while True:
                chunk = fh.readlines(BLOCK_BYTES)
                if not chunk:
                    return
                raw = b"".join(chunk)
                while raw.count(b'"') % 2:
                    more = fh.readline()
                    if not more:
                        break  # an unterminated quote: the parser will say where
                    chunk.append(more)
                    raw += more
                yield line, raw
                line += len(chunk)

    return header_text, blocks()
