"""Rows in PostgreSQL's COPY text format, made where the rows are read.

A bulk import's parser processes render their rows here as the lines PostgreSQL's
``COPY ... FROM STDIN`` reads: the writing process then sends each batch as one string,
instead of receiving tuples it would have to unpickle and adapt value by value. No
SQLAlchemy here: parser processes import this module.

The format (PostgreSQL manual, "COPY", text format): one line per row, values separated
by a tab, ``\\N`` for NULL, and a backslash before a backslash, a tab, a newline or a
carriage return inside a value (written as ``\\\\``, ``\\t``, ``\\n``, ``\\r``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

NULL = "\\N"
_SPECIAL = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def escape(value: str) -> str:
    """A text value as COPY's text format writes it."""
    return value.translate(_SPECIAL)


def text_column(values: Iterable[str | None]) -> list[str]:
    """A column of text values (None: NULL) as COPY text fields; the escaping is paid only
    by a column that holds something to escape."""
    values = list(values)
    plain = [v for v in values if v is not None]
    joined = "".join(plain)
    if "\\" in joined or "\t" in joined or "\n" in joined or "\r" in joined:
        return [NULL if v is None else v.translate(_SPECIAL) for v in values]
    if len(plain) == len(values):
        return plain
    return [NULL if v is None else v for v in values]


@dataclass(frozen=True, slots=True)
class CopyRows:
    """New rows of one table as COPY text (one line each, every line ending in a newline),
    with their primary keys in the same order."""

    ids: list[str]
    text: str

    def __len__(self) -> int:
        return len(self.ids)
