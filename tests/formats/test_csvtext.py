"""Cells a spreadsheet would run as formulas are written as text, numbers as numbers, and
read back as they were."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.fuzzing import BUDGET

from ceasewatch.formats.csvtext import as_written, repeated_column, spreadsheet_safe


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),  # a quote already there is kept: reading drops only ours
        ("-12.5", "-12.5"),
        ("+3", "+3"),
        ("-1e-3", "-1e-3"),
        ("-", "'-"),
        ("Lachin", "Lachin"),
        ("", ""),
        ("it's", "it's"),
        ("a=b", "a=b"),
    ],
)
def test_cells_that_would_be_formulas_get_a_quote(cell: str, written: str) -> None:
    assert spreadsheet_safe(cell) == written
    assert as_written(written) == cell


@given(cell=st.text(alphabet=st.sampled_from("'=+-@\t\r1.eaE "), max_size=8) | st.text(max_size=8))
@BUDGET
def test_reading_back_gives_what_was_written(cell: str) -> None:
    safe = spreadsheet_safe(cell)
    assert as_written(safe) == cell
    assert safe == cell or safe == "'" + cell
    if safe[:1] and safe[0] in "=+-@\t\r":
        float(safe)  # only a plain number may still start with one of them


def test_a_repeated_column_is_named_with_both_places() -> None:
    assert repeated_column("notes", 3, 7) == (
        "column 'notes' is given twice in the header (columns 4 and 8); expected each column once"
    )
    assert repeated_column("", 0, 1).startswith("an unnamed column is given twice")
