"""Every value checked against its column before the database sees it, the same on SQLite
and PostgreSQL.

PostgreSQL refuses text that holds a NUL character, text longer than its ``VARCHAR(n)``
and whole numbers past 32 (``integer``) or 64 bits (``bigint``); SQLite stores all of
them, and turns NaN into NULL. So that both databases keep the same records and refuse
the same input with the same clear error, every write is checked here first: a value that
would not fit is refused with the record, the column and what it may hold, as
``BatchRejected``, and nothing of the write is kept.

The checks run in one place every write passes through: a ``before_execute`` hook on the
engine (``watch``) checks the parameters of every INSERT and UPDATE that SQLAlchemy
statements send, from the importers, the API, the web forms and the command line alike.
The two writes sent as plain SQL for speed (new event rows and ledger entries) call a
``TupleCheck`` of their own; the bulk importer calls it beforehand, to name the file's
lines.

What is refused:

- text longer than its column's ``String(n)``, counted in characters as PostgreSQL does;
- a NUL character (``\\x00``) in any text, also written as ``\\u0000`` inside JSON text;
- an unpaired surrogate (``\\ud800``-``\\udfff``), which is not Unicode text;
- a whole number outside -2**31..2**31-1 (``Integer``) or -2**63..2**63-1
  (``BigInteger``);
- a float that is NaN or infinite.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import BigInteger, Boolean, Engine, Float, Integer, String, Table, event
from sqlalchemy.sql.dml import Insert, Update

from ceasewatch.errors import BatchRejected, Problem
from ceasewatch.store.schema import RECORD_TABLES, metadata

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
_SURROGATE = re.compile("[\ud800-\udfff]")
# \u0000 in JSON text: preceded by an even number of backslashes, it is an escaped NUL
_ESCAPED_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")
_KIND_OF_TABLE = {table.name: kind for kind, (table, _) in RECORD_TABLES.items()}


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
    """What is wrong with ``value`` for a column of type ``limit`` (from ``_limit``), or
    None when it fits."""
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


def _limit(column: Any) -> Any:
    """What a column may hold: a length (int), a range of whole numbers (tuple), "text",
    "float", or None for anything else."""
    kind = column.type
    if isinstance(kind, Boolean):
        return None
    if isinstance(kind, BigInteger):
        return INT64
    if isinstance(kind, Integer):
        return INT32
    if isinstance(kind, String):  # Text is a String without a length
        return kind.length or "text"
    if isinstance(kind, Float):
        return "float"
    return None


@dataclass(frozen=True, slots=True)
class Limits:
    """The columns of one table and what each may hold."""

    table: str
    columns: Mapping[str, Any]
    key: tuple[str, ...]  # the columns that name a row in an error

    def label(self, row: Mapping[str, Any]) -> str:
        """A record as errors name it: its kind and id, shortened."""
        kind = _KIND_OF_TABLE.get(self.table, self.table)
        ident = "/".join(_short(row.get(k), 40) for k in self.key if row.get(k) is not None)
        return f"{kind} {ident!r}" if ident else kind

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


def limits_of(table: Table) -> Limits:
    columns = {c.name: _limit(c) for c in table.columns}
    return Limits(table.name, {k: v for k, v in columns.items() if v is not None},
                  tuple(c.name for c in table.primary_key.columns))  # fmt: skip


LIMITS = {t.name: limits_of(t) for t in metadata.sorted_tables}


class TupleCheck:
    """The checks of ``Limits`` for rows given as tuples in a fixed column order, made
    fast for bulk writes: one pass over the lengths, one search of the row's text joined
    together; only a row that fails them is looked at value by value."""

    def __init__(self, table: Table, columns: Sequence[str]) -> None:
        self.limits = LIMITS[table.name]
        self.columns = tuple(columns)
        kinds = [self.limits.columns.get(c) for c in self.columns]
        self._lengths = tuple((i, k) for i, k in enumerate(kinds) if type(k) is int)
        texts = [i for i, k in enumerate(kinds) if type(k) is int or k == "text"]
        self._texts = itemgetter(*texts) if len(texts) > 1 else None
        self._text_list = tuple(texts)
        self._numbers = tuple(i for i, k in enumerate(kinds) if k == "float" or type(k) is tuple)

    def _suspect(self, row: Sequence[Any]) -> bool:
        for i, n in self._lengths:
            v = row[i]
            if v is not None and len(v) > n:
                return True
        if self._texts is not None:
            joined = "".join(filter(None, self._texts(row)))
        else:
            joined = "".join(row[i] or "" for i in self._text_list)
        if "\x00" in joined or "\\u0000" in joined:
            return True
        if not joined.isascii() and _SURROGATE.search(joined):
            return True
        for i in self._numbers:
            v = row[i]
            if v is not None and problem_with("", self.limits.columns[self.columns[i]], v):
                return True
        return False

    def problems(self, rows: Sequence[Sequence[Any]]) -> list[Found]:
        """Every value of ``rows`` that does not fit; ``Found.index`` is the row's index."""
        out: list[Found] = []
        for n, row in enumerate(rows):
            if self._suspect(row):
                found = self.limits.problems([dict(zip(self.columns, row, strict=True))])
                out.extend(Found(n, f.column, f.value, f.expected) for f in found)
        return out

    def check(self, rows: Sequence[Sequence[Any]]) -> None:
        found = self.problems(rows)
        if found:
            named = [dict(zip(self.columns, row, strict=True)) for row in rows]
            raise self.limits.refusal(named, found)


def _before_execute(conn: Any, statement: Any, multiparams: Any, params: Any, options: Any) -> None:
    if not isinstance(statement, (Insert, Update)):
        return
    limits = LIMITS.get(getattr(statement.table, "name", ""))
    if limits is None:
        return
    rows = list(multiparams) if multiparams else [params] if params else []
    if not rows:
        # values given in the statement itself (``update().values(...)``); SQLAlchemy keeps
        # them, as bound parameters, in ``_values`` (tests/store/test_limits.py holds it so)
        given = getattr(statement, "_values", None) or {}
        rows = [{str(k): getattr(v, "value", v) for k, v in given.items()}]
    limits.check(rows)


def watch(engine: Engine) -> None:
    """Check every INSERT and UPDATE ``engine`` runs (see the module's docstring)."""
    event.listen(engine, "before_execute", _before_execute)
