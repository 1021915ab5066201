"""What every CSV reader shares (CsvTable): a column named twice is refused, a NUL
character is refused with its line and field, and a cell an export quoted for spreadsheets
reads as it was written."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from ceasewatch.ingest import acled, monitoring, ucdp
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.model import default_taxonomy

ROOT = Path(__file__).resolve().parents[2]
TAXONOMY = default_taxonomy()
SCENARIO = resources.files("ceasewatch.scenarios").joinpath("karabakh-2020")
Reader = Callable[[Any, str, ProblemLog], Iterator[tuple[int, Any]]]
READERS: dict[str, tuple[str, Reader]] = {
    "acled": (
        (ROOT / "src/ceasewatch/ingest/samples/acled_sample.csv").read_text("utf-8"),
        lambda s, f, log: acled.read_acled(s, f, TAXONOMY, log),
    ),
    "ucdp": (
        (ROOT / "tests/fixtures/ucdp_sample.csv").read_text("utf-8"),
        lambda s, f, log: ucdp.read_ucdp(s, f, TAXONOMY, log),
    ),
    "sources": (SCENARIO.joinpath("sources.csv").read_text("utf-8"), monitoring.read_sources),
    "activities": (
        SCENARIO.joinpath("events.csv").read_text("utf-8"),
        lambda s, f, log: monitoring.read_activities(s, f, TAXONOMY, log),
    ),
    "observations": (
        SCENARIO.joinpath("observations.csv").read_text("utf-8"),
        lambda s, f, log: monitoring.read_observations(s, f, TAXONOMY, log),
    ),
    "crossings": (SCENARIO.joinpath("crossings.csv").read_text("utf-8"), monitoring.read_crossings),
    "tracks": (SCENARIO.joinpath("tracks.csv").read_text("utf-8"), monitoring.read_tracks),
}


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _read(name: str, text: str) -> tuple[list[Any], ProblemLog]:
    log = ProblemLog("t.csv")
    return [x for _, x in READERS[name][1](io.StringIO(text, newline=""), "t.csv", log)], log


@pytest.mark.parametrize("name", sorted(READERS))
def test_a_column_named_twice_is_refused(name: str) -> None:
    rows = _rows(READERS[name][0])[:3]
    first = rows[0][1]
    rows[0].append(first)
    for row in rows[1:]:
        row.append("a value the reader would otherwise take")
    _, log = _read(name, _text(rows))
    [problem] = log.problems
    assert (problem.file, problem.row, problem.field) == ("t.csv", 1, first)
    assert problem.expected == (
        f"column {first!r} is given twice in the header (columns 2 and {len(rows[0])}); "
        "expected each column once"
    )


@pytest.mark.parametrize("name", sorted(READERS))
def test_a_nul_character_is_refused_with_its_line_and_field(name: str) -> None:
    rows = _rows(READERS[name][0])[:4]
    column = rows[0][-2] or rows[0][0]
    rows[2][rows[0].index(column)] = "before\x00after"
    good, log = _read(name, _text(rows))
    [problem] = log.problems
    assert (problem.row, problem.field, problem.value) == (3, column, "before\x00after")
    assert "NUL" in problem.expected
    assert len(good) == 2


def test_a_cell_quoted_for_spreadsheets_reads_as_written() -> None:
    rows = _rows(READERS["acled"][0])[:2]
    rows[1][rows[0].index("notes")] = '\'=HYPERLINK("http://example.org")'
    rows[1][rows[0].index("location")] = "'Hadrut"  # a quote of the writer's own is kept
    [event], log = _read("acled", _text(rows))
    assert not log
    assert event.notes == '=HYPERLINK("http://example.org")'
    assert event.where.name == "'Hadrut"


def test_bytes_kept_by_surrogateescape_are_refused_with_their_line() -> None:
    # standard input in a POSIX locale keeps bytes that are not UTF-8 as lone surrogates
    raw = READERS["acled"][0].encode("utf-8").replace(b"Hadrut", b"Had\xffrut", 1)
    _, log = _read("acled", raw.decode("utf-8", "surrogateescape"))
    [problem] = log.problems
    assert (problem.row, problem.field) == (2, "location")
    assert problem.expected == "holds bytes that are not UTF-8 (U+DCFF); expected UTF-8 text"


def test_a_header_holding_nul_is_refused() -> None:
    rows = _rows(READERS["tracks"][0])[:2]
    rows[0].append("extra\x00column")
    rows[1].append("")
    _, log = _read("tracks", _text(rows))
    assert [(p.row, p.field) for p in log.problems] == [(1, f"column {len(rows[0])}")]
