"""Telling an import file's format from its first line (docs/formats.md).

ACLED and UCDP files are told by a column only they have. The mission's own CSV layouts
(sources, events, observations, crossings, tracks) are told by their set of columns: the
layout that shares the most columns with the header, less the header's columns it does
not know, provided it shares at least two. A JSON Lines file of documents is told by its
first object, which has a ``text`` key. Columns may be separated by commas, or by
semicolons or tabs as spreadsheets save "CSV" in some locales (``tell_delimiter``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable

from ceasewatch.ingest import IMPORT_FORMATS, RECORD_FORMATS, monitoring
from ceasewatch.ingest import documents as doc_reader

MARKERS = {"event_id_cnty": "acled", "type_of_violence": "ucdp"}
LAYOUTS: dict[str, tuple[str, ...]] = {
    "sources": monitoring.SOURCE_COLUMNS,
    "events": monitoring.ACTIVITY_COLUMNS,
    "observations": monitoring.OBSERVATION_COLUMNS,
    "crossings": monitoring.CROSSING_COLUMNS,
    "tracks": monitoring.TRACK_COLUMNS,
}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FORMATS = (*IMPORT_FORMATS, *RECORD_FORMATS)


def tell_columns(columns: Iterable[str]) -> str | None:
    """The format of a CSV file with this header, or None if none fits (or two fit
    equally well)."""
    header = {c.strip().strip('"') for c in columns}
    for marker, fmt in MARKERS.items():
        if marker in header:
            return fmt
    scores = {}
    for fmt, layout in LAYOUTS.items():
        shared = len(header & set(layout))
        if shared >= 2:
            scores[fmt] = shared - len(header - set(layout))
    if not scores:
        return None
    best = max(scores.values())
    winners = [fmt for fmt, score in scores.items() if score == best]
    return winners[0] if len(winners) == 1 else None


def tell_first_line(line: str, file_name: str = "") -> str | None:
    """The format of a file from its first line (and its name, for JSON Lines)."""
    text = line.strip()
    if file_name.lower().endswith(JSONL_SUFFIXES):
        return "documents"
    if text.startswith("{"):
        try:
            first = json.loads(text)
        except ValueError:
            return None
        return "documents" if isinstance(first, dict) and "text" in first else None
    return tell_columns(_split(line, tell_delimiter(line)))


# what separates a header's columns besides the comma: spreadsheets save "CSV" with
# semicolons in locales whose decimal mark is a comma, and "text" with tabs
DELIMITERS = (",", ";", "\t")


def _split(line: str, mark: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=mark), [])
    except csv.Error:
        return []


def tell_delimiter(line: str) -> str:
    """The mark that separates a CSV header's columns: the first of ``DELIMITERS`` with
    which the header shows a known format (the comma when none does)."""
    for mark in DELIMITERS:
        if mark in line and tell_columns(_split(line, mark)) is not None:
            return mark
    return ","


def expected_formats() -> str:
    """What a header may look like, for the message of a file whose format is not told."""
    mine = "; ".join(f"{fmt}: {', '.join(cols[:4])}, ..." for fmt, cols in LAYOUTS.items())
    keys = ", ".join(doc_reader.KEYS)
    return (
        "expected ACLED (event_id_cnty, ...) or UCDP GED (id, type_of_violence, ...) "
        f"columns, one of the mission's layouts ({mine}), JSON Lines of documents "
        f"({keys}), or pass --format"
    )
