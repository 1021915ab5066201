"""Streaming CSV rows with line numbers, and the problem log every importer shares."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TextIO

from ceasewatch.errors import BatchRejected, ParseError, Problem, SchemaError

csv.field_size_limit(16 * 1024 * 1024)


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
        self.add(row, err.field, value, str(err))

    def __bool__(self) -> bool:
        return self.total > 0

    def raise_if_any(self) -> None:
        if self.total:
            raise BatchRejected(self.problems, file=self.file, total=self.total, shown=self.cap)


def csv_rows(
    stream: TextIO, file: str, required: Mapping[str, str], log: ProblemLog
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row; a missing column is logged against line 1.

    ``required`` maps each required column to a harmless stand-in value. When a column is
    missing, rows get the stand-in so that the rest of every row is still checked and all
    problems come out in one run; the batch is rejected anyway because of the header.

    Rows with the wrong number of fields are logged and not yielded. Undecodable bytes or
    broken quoting raise ``ParseError`` naming the line, since nothing after them can be
    trusted.
    """
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise ParseError(f"{file}: the file is empty; expected a CSV header", file=file) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ParseError(f"{file}:1: cannot read the header: {exc}", file=file, row=1) from None
    header = [h.strip() for h in header]
    fill = {}
    for name, stand_in in required.items():
        if name not in header:
            log.add(1, name, None, f"column {name!r} is missing from the header")
            fill[name] = stand_in
    width = len(header)
    last = reader.line_num
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
        last = reader.line_num
        if not values:
            continue
        if len(values) != width:
            log.add(line, None, None, f"has {len(values)} fields; the header has {width}")
            continue
        row = dict(zip(header, values, strict=True))
        if fill:
            row.update(fill)
        yield line, row


def parse_int(text: str, fld: str, *, lo: int | None = None, hi: int | None = None) -> int:
    try:
        n = int(text)
    except ValueError:
        raise SchemaError("is not a whole number", field=fld) from None
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
    return x


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
    return tuple(p.strip() for p in text.split(";") if p.strip())
