"""The command line draws how far long work has got as one line rewritten in place, on
a terminal only (cli/progress.py)."""

from __future__ import annotations

import io

from ceasewatch.cli.progress import Line


def test_the_line_is_drawn_in_place_only_on_a_terminal() -> None:
    out = io.StringIO()
    line = Line("extracting", out, shown=True, every=0.0)
    for n in range(11):
        line("documents", n, 10)
    line.close()
    text = out.getvalue()
    assert text.startswith("\r  extracting: 0 of 10 documents (0%)")
    assert "10 of 10 documents (100%)" in text and text.endswith("\n")
    assert text.count("\n") == 1  # one line, rewritten
    rows = io.StringIO()
    reading = Line("reading", rows, shown=True, every=0.0)
    reading(5000)
    reading.close()
    assert "reading: 5,000 rows" in rows.getvalue()
    hidden = io.StringIO()
    quiet = Line("extracting", hidden, shown=False)
    quiet("documents", 3, 10)
    quiet.close()
    assert hidden.getvalue() == ""
