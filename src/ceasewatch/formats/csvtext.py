"""Rules every CSV reader and writer shares: a header names each column once, no field holds
a NUL character, and text cells are written so that a spreadsheet shows them as text.

A spreadsheet opening a CSV file runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some, a tab or a carriage return) as a formula: ``=HYPERLINK(...)`` in an event's
notes would become a live link, or worse (OWASP, "CSV Injection"). ``spreadsheet_safe``
puts a single quote before such a cell, as OWASP advises, unless the cell is a plain
number (``-12.5`` stays a number). ``as_written`` undoes it when ceasewatch reads such a
file back, so an export read in again gives the same values.

>>> spreadsheet_safe('=HYPERLINK("http://example.org")')
'\\'=HYPERLINK("http://example.org")'
>>> spreadsheet_safe("-12.5"), spreadsheet_safe("a place")
('-12.5', 'a place')
>>> as_written(spreadsheet_safe("@SUM(A1)"))
'@SUM(A1)'
"""

from __future__ import annotations

import re

NUL = "holds a NUL character (\\x00); expected text"
_SURROGATE = re.compile("[\ud800-\udfff]")
TRIGGERS = "=+-@\t\r"
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: a cell that would start a formula gets a
    single quote in front (so does one that starts with quotes before such a character,
    so that ``as_written`` gives it back whole). Plain numbers are left alone."""
    if _NEEDS_QUOTE.match(cell) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def as_written(cell: str) -> str:
    """The value ``spreadsheet_safe`` was given: one leading quote before a formula
    character is dropped."""
    return cell[1:] if _QUOTED.match(cell) else cell


def not_text(cell: str) -> str | None:
    """What is wrong with a cell that holds an unpaired surrogate (bytes that were not
    UTF-8, kept by ``errors="surrogateescape"``), or None."""
    bad = _SURROGATE.search(cell)
    if bad is None:
        return None
    return f"holds bytes that are not UTF-8 (U+{ord(bad.group()):04X}); expected UTF-8 text"


def repeated_column(name: str, first: int, again: int) -> str:
    """What to say about a header naming a column twice (0-based positions)."""
    what = f"column {name!r}" if name else "an unnamed column"
    return (
        f"{what} is given twice in the header (columns {first + 1} and {again + 1}); "
        "expected each column once"
    )
