"""Streaming CSV rows with line numbers, and the problem log every importer shares."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import TextIO, TypeVar

from ceasewatch.errors import BatchRejected, ParseError, Problem, SchemaError
from ceasewatch.formats.csvtext import NUL, as_written, not_text, repeated_column

csv.field_size_limit(16 * 1024 * 1024)
R = TypeVar("R")


@dataclass(slots=True)
class ProblemLog:
    """Collects every problem of a batch; keeps the first ``cap`` and counts the rest."""

    file: str
    cap: int = 50
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, row: int | None, fld: str | None, value: str | None, expected: str) -> None:
        self.total += 1
        if len(self.problems) < self.cap:
            self.problems.append(Problem(self.file, row, fld, value, expected))

    def add_error(self, row: int | None, err: SchemaError, value: str | None = None) -> None:
        text = str(err)
        if value is not None and text.startswith(repr(value)):
            value = None  # the message shows the value already: once is enough
        self.add(row, err.field, value, text)

    def __bool__(self) -> bool:
        return self.total > 0

    def raise_if_any(self) -> None:
        if self.total:
            raise BatchRejected(self.problems, file=self.file, total=self.total, shown=self.cap)


# the columns of decimal numbers in every layout read (ACLED, UCDP, the mission's files)
DECIMAL_COLUMNS = frozenset(
    ("latitude", "longitude", "lat", "lon", "quantity", "bearing_deg", "distance_min_km",
     "distance_max_km", "speed")
)  # fmt: skip
_DECIMAL_COMMA = re.compile(r"\s*-?\d+,\d+\s*")


def recode(source: TextIO, target: TextIO, mark: str) -> None:
    """Copy a CSV whose fields ``mark`` separates as comma-separated CSV, record for record
    and line for line, so that whatever reads the copy names the lines of the original. It
    reads as leniently as ``CsvTable`` does: what is wrong is found there, in the copy.

    A file of semicolons comes from a locale whose decimal mark is the comma: there a
    decimal column's "39,7525" is 39.7525 (only a whole number, a comma and digits; any
    other value is left for the reader to judge)."""
    writer = csv.writer(target, lineterminator="\n")
    rows = csv.reader(source, delimiter=mark)
    header = next(rows, None)
    if header is None:
        return
    writer.writerow(header)
    decimal = [i for i, name in enumerate(header) if name.strip() in DECIMAL_COLUMNS]
    if mark != ";" or not decimal:
        writer.writerows(rows)
        return
    for row in rows:
        for i in decimal:
            if i < len(row) and _DECIMAL_COMMA.fullmatch(row[i]):
                row[i] = row[i].replace(",", ".")
        writer.writerow(row)


def read_header(reader: Iterator[list[str]], file: str) -> list[str]:
    """The first record of a CSV reader, stripped; ``ParseError`` if there is none."""
    try:
        return [h.strip() for h in next(reader)]
    except StopIteration:
        raise ParseError(f"{file}: the file is empty; expected a CSV header", file=file) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ParseError(f"{file}:1: cannot read the header: {exc}", file=file, row=1) from None


class CsvTable:
    """The data rows of a CSV file as tuples in a fixed column order, with line numbers.

    ``columns`` is the layout the reader understands; the file may order them any way and
    may add others (``extra_columns``, appended to each tuple in file order). ``required``
    maps each required column to a harmless stand-in: when the header lacks it, the problem
    is logged against line 1 and rows get the stand-in, so that the rest of every row is
    still checked and all problems come out in one run. Absent optional columns read as "".

    Rows with the wrong number of fields, and fields holding a NUL character or an unpaired
    surrogate (text read with ``errors="surrogateescape"``, as standard input may be), are
    logged and skipped: no text a reader takes from a CsvTable holds either (the header
    neither). A column named twice in the header is logged against line 1. Undecodable
    bytes or broken quoting raise ``ParseError`` naming the line: nothing after them can be
    trusted. A field that an export made safe for spreadsheets (``'=...``) is read as it
    was written (``formats.csvtext.as_written``).

    To read a slice of a file that was cut at record boundaries, pass the file's ``header``
    (then the stream has none, and the header's problems are not logged again) and the
    file ``line`` on which the stream starts.
    """

    def __init__(
        self,
        stream: TextIO,
        file: str,
        columns: Sequence[str],
        required: Mapping[str, str],
        log: ProblemLog,
        *,
        header: Sequence[str] | None = None,
        line: int = 1,
    ) -> None:
        self.file = file
        self.log = log
        self._reader = csv.reader(stream)
        self._before = line - 1
        if header is None:
            header = read_header(self._reader, file)
        else:
            log = ProblemLog(file)  # already reported by whoever read line 1
        self.header = tuple(header)
        self.width = len(header)
        position: dict[str, int] = {}
        for i, name in enumerate(header):
            wrong = NUL if "\x00" in name else not_text(name)
            if wrong:
                log.add(1, f"column {i + 1}", name[:40], wrong)
            if name in position:
                log.add(1, name or None, None, repeated_column(name, position[name], i))
            else:
                position[name] = i
        self.pad: list[str] = []
        indices = []
        for name in columns:
            if name in position:
                indices.append(position[name])
                continue
            if name in required:
                log.add(1, name, None, f"column {name!r} is missing from the header")
            indices.append(self.width + len(self.pad))
            self.pad.append(required.get(name, ""))
        known = set(columns)
        self.extra_columns = tuple(h for h in header if h not in known)
        indices += [position[h] for h in self.extra_columns]
        self._get = itemgetter(*indices)

    def __iter__(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        reader, get, pad, width, file = self._reader, self._get, self.pad, self.width, self.file
        before = self._before
        last = before + reader.line_num
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise ParseError(
                    f"{file}: after line {last}: bytes that are not UTF-8 ({exc.reason})",
                    file=file,
                    row=last + 1,
                ) from None
            except csv.Error as exc:
                raise ParseError(f"{file}:{last + 1}: {exc}", file=file, row=last + 1) from None
            line = last + 1
            last = before + reader.line_num
            if len(values) != width:
                if values:
                    self.log.add(
                        line, None, None, f"has {len(values)} fields; the header has {width}"
                    )
                continue
            joined = "\x1f".join(values)  # one search for what is rare, not one per field
            if "\x00" in joined or (not joined.isascii() and not_text(joined)):
                for name, v in zip(self.header, values, strict=True):
                    wrong = NUL if "\x00" in v else not_text(v)
                    if wrong:
                        self.log.add(line, name, v[:40], wrong)
                continue
            if "\x1f'" in joined or joined[:1] == "'":
                values = [as_written(v) for v in values]
            if pad:
                values += pad
            yield line, get(values)


def parsed_rows(
    table: CsvTable, columns: Sequence[str], parse: Callable[[Sequence[str]], R]
) -> Iterator[tuple[int, R]]:
    """(line, parse(row)) for each row of ``table``; a ``SchemaError`` goes to the table's
    log with the line, the field and the field's value (``columns`` names the fields)."""
    index = {c: i for i, c in enumerate(columns)}
    for at, values in table:
        try:
            yield at, parse(values)
        except SchemaError as err:
            value = values[index[err.field]] if err.field in index else None
            table.log.add_error(at, err, value)


BIGGEST = 2**53  # beyond this, JSON readers lose digits and 64-bit columns overflow


def parse_int(text: str, fld: str, *, lo: int | None = None, hi: int | None = None) -> int:
    if len(text) > 40 and len(text.strip()) > 20:  # past BIGGEST: no need to read it all
        raise SchemaError(f"is too large (at most {BIGGEST})", field=fld)
    try:
        n = int(text)
    except ValueError:
        raise SchemaError("is not a whole number", field=fld) from None
    if abs(n) > BIGGEST:
        raise SchemaError(f"is too large (at most {BIGGEST})", field=fld)
    if hi is None and lo is not None and n < lo:
        raise SchemaError(f"cannot be less than {lo}", field=fld)
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        raise SchemaError(f"is not between {lo} and {hi}", field=fld)
    return n


def parse_opt_int(text: str, fld: str, *, lo: int | None = 0) -> int | None:
    text = text.strip()
    if not text:
        return None
    return parse_int(text, fld, lo=lo)


def parse_float(text: str, fld: str, lo: float, hi: float, what: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise SchemaError(f"is not a {what}", field=fld) from None
    if not lo <= x <= hi:  # NaN fails too
        raise SchemaError(f"is not a {what} between {lo:g} and {hi:g}", field=fld)
    return x + 0.0  # -0.0 becomes 0.0: SQLite would store it so, and the ledger hashes it


_MONTH_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%Y/%m/%d")


def parse_date(text: str, fld: str) -> date:
    """Parse an ISO date (fast path), an ISO datetime, or ACLED's older '12 November 2020'."""
    text = text.strip()
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    if len(text) > 10 and text[4] == "-":
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            pass
    for fmt in _MONTH_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise SchemaError("is not a date (expected YYYY-MM-DD)", field=fld)


def split_list(text: str) -> tuple[str, ...]:
    """Split ACLED's '; '-separated lists, dropping empties."""
    if not text:
        return ()
    return tuple(p.strip() for p in text.split(";") if p.strip())
