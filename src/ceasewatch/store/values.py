"""What a column may hold, and values checked against it: the checks of store/limits.py.

No SQLAlchemy here: the parser processes of a bulk import (workspace/parsing.py) check the
rows they make with a ``TupleCheck`` the writer hands them, so that the one step that
cannot be shared, writing, does not pay for it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from ceasewatch.errors import BatchRejected, Problem

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
_SURROGATE = re.compile("[\ud800-\udfff]")
# \u0000 in JSON text: preceded by an even number of backslashes, it is an escaped NUL
_ESCAPED_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


@dataclass(frozen=True, slots=True)
class Found:
    """One value that does not fit: the row's index in the write, its column, a short
    form of the value, and what the column may hold."""

    index: int
    column: str
    value: str | None
    expected: str


def _short(value: Any, width: int = 40) -> str:
    text = str(value)
    return text if len(text) <= width else f"{text[:width]}… ({len(text):,} characters)"


def problem_with(column: str, limit: Any, value: Any) -> str | None:
    """What is wrong with ``value`` for a column that may hold ``limit``: a length (int),
    a range of whole numbers (a tuple), "text" or "float"; None when it fits."""
    if value is None:
        return None
    if isinstance(value, str):
        if isinstance(limit, int) and len(value) > limit:
            return f"is {len(value):,} characters long; {column} holds at most {limit}"
        if "\x00" in value:
            return "holds a NUL character (\\x00), which no stored text may hold"
        if "\\u0000" in value and value[:1] in "[{" and _ESCAPED_NUL.search(value):
            return "holds a NUL character (\\u0000), which no stored text may hold"
        if not value.isascii():
            bad = _SURROGATE.search(value)
            if bad:
                return f"holds an unpaired surrogate (U+{ord(bad.group()):04X}): not Unicode text"
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and isinstance(limit, tuple):
        lo, hi = limit
        if not lo <= value <= hi:
            return f"is outside the range a stored whole number may have ({lo:,} to {hi:,})"
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return "is not a finite number"
    return None


@dataclass(frozen=True, slots=True)
class Limits:
    """The columns of one table and what each may hold."""

    table: str
    kind: str  # what errors call a row of it
    columns: Mapping[str, Any]  # what each column may hold (see ``problem_with``)
    key: tuple[str, ...]  # the columns that name a row in an error

    def label(self, row: Mapping[str, Any]) -> str:
        """A record as errors name it: its kind and id, shortened."""
        ident = "/".join(_short(row.get(k), 40) for k in self.key if row.get(k) is not None)
        return f"{self.kind} {ident!r}" if ident else self.kind

    def problems(self, rows: Sequence[Mapping[str, Any]]) -> list[Found]:
        out = []
        for n, row in enumerate(rows):
            for name, value in row.items():
                limit = self.columns.get(name)
                if limit is None:
                    continue
                wrong = problem_with(name, limit, value)
                if wrong:
                    short = _short(value) if isinstance(value, str) else repr(value)
                    out.append(Found(n, name, short, wrong))
        return out

    def refusal(self, rows: Sequence[Mapping[str, Any]], found: Sequence[Found]) -> BatchRejected:
        labels = {f.index: self.label(rows[f.index]) for f in found}
        problems = [Problem(labels[f.index], None, f.column, f.value, f.expected) for f in found]
        where = labels[found[0].index] if len(labels) == 1 else f"{len(rows)} {self.table} rows"
        return BatchRejected(problems, file=where)

    def check(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Raise ``BatchRejected`` naming every value of ``rows`` that does not fit."""
        found = self.problems(rows)
        if found:
            raise self.refusal(rows, found)


class TupleCheck:
    """The checks of ``Limits`` for rows given as tuples in a fixed column order, made
    fast for bulk writes: one pass over the lengths, one search of the row's text joined
    together; only a row that fails them is looked at value by value."""

    def __init__(self, limits: Limits, columns: Sequence[str]) -> None:
        self.limits = limits
        self.columns = tuple(columns)
        kinds = [self.limits.columns.get(c) for c in self.columns]
        self._lengths = tuple((i, k) for i, k in enumerate(kinds) if type(k) is int)
        texts = [i for i, k in enumerate(kinds) if type(k) is int or k == "text"]
        self._texts = itemgetter(*texts) if len(texts) > 1 else None
        self._text_list = tuple(texts)
        self._ints = tuple((i, k[0], k[1]) for i, k in enumerate(kinds) if type(k) is tuple)
        self._floats = tuple(i for i, k in enumerate(kinds) if k == "float")

    def _suspect(self, row: Sequence[Any], text: bool) -> bool:
        for i, n in self._lengths:
            v = row[i]
            if v is not None and len(v) > n:
                return True
        if text and self._bad_text(row):
            return True
        for i, lo, hi in self._ints:
            v = row[i]
            if v is not None and not lo <= v <= hi:
                return True
        for i in self._floats:
            v = row[i]
            if v is not None and v - v != 0:  # NaN and the infinities
                return True
        return False

    def columns_fit(self, columns: Sequence[Sequence[Any]]) -> bool:
        """Whether every value of rows given column by column (in ``columns`` order)
        passes the checks ``of_row(row, text=False)`` makes first; False says only that
        some row needs looking at value by value."""
        for i, n in self._lengths:
            sized = [v for v in columns[i] if v is not None]
            if sized and max(map(len, sized)) > n:
                return False
        for i, lo, hi in self._ints:
            ints = [v for v in columns[i] if v is not None]
            if ints and not (lo <= min(ints) and max(ints) <= hi):
                return False
        # NaN and the infinities: v - v is not 0
        return not any(v is not None and v - v != 0 for i in self._floats for v in columns[i])

    def _bad_text(self, row: Sequence[Any]) -> bool:
        if self._texts is not None:
            joined = "".join(filter(None, self._texts(row)))
        else:
            joined = "".join(row[i] or "" for i in self._text_list)
        if "\x00" in joined or "\\u0000" in joined:
            return True
        return not joined.isascii() and _SURROGATE.search(joined) is not None

    def of_row(self, row: Sequence[Any], *, text: bool = True) -> list[Found]:
        """The values of one row that do not fit (``Found.index`` 0); at once [] for a row
        that passes the fast checks.

        ``text=False`` leaves out the search of its text for NUL and unpaired surrogates,
        for a row made from fields a ``CsvTable`` read: it refused both already, naming the
        line and the column (ingest/tabular.py), and JSON made from such text holds
        neither. Lengths and numbers are checked all the same."""
        if not self._suspect(row, text):
            return []
        return self.limits.problems([dict(zip(self.columns, row, strict=True))])

    def problems(self, rows: Sequence[Sequence[Any]]) -> list[Found]:
        """Every value of ``rows`` that does not fit; ``Found.index`` is the row's index."""
        out: list[Found] = []
        for n, row in enumerate(rows):
            found = self.of_row(row)
            if found:
                out.extend(Found(n, f.column, f.value, f.expected) for f in found)
        return out

    def check(self, rows: Sequence[Sequence[Any]]) -> None:
        found = self.problems(rows)
        if found:
            named = [dict(zip(self.columns, row, strict=True)) for row in rows]
            raise self.limits.refusal(named, found)
