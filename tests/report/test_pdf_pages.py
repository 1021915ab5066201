"""The PDF's pages: no table's header left alone at the foot of a page, its rows on the
next. Reports of more and more obstructions move the tables below them down the page a
row at a time, so that each header in turn comes near a page's foot (without the header
kept with its first row, 8 and 14 obstructions strand one: found by this sweep)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.report.test_build import ev, inputs

from ceasewatch.model import Family
from ceasewatch.report import render
from ceasewatch.report.build import build

# the first cells of the report's table headers, as pdftotext writes them
HEADERS = ("family", "area", "party blamed", "date", "checkpoint", "status", "source")


def stranded(pdf: bytes, folder: Path) -> list[str]:
    """The last lines of the pages that end on a table's header."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (Debian's poppler-utils) is needed: apt-get install poppler-utils"
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([tool, "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    out = []
    for page in text.split("\f"):
        lines = [x.strip() for x in page.splitlines() if x.strip()]
        body = [x for x in lines if "ceasewatch situation report, page" not in x]
        if body:
            cells = re.split(r"\s{2,}", body[-1])
            if cells[0] in HEADERS and len(cells) >= 3:
                out.append(body[-1])
    return out


@pytest.mark.slow
def test_no_table_header_is_left_at_the_foot_of_a_page(tmp_path: Path) -> None:
    for n in range(6, 16):
        events = [ev(f"o{i:03d}", 1 + i % 28, Family.OBSTRUCTION, party=None) for i in range(n)]
        assert stranded(render.pdf(build(inputs(events))), tmp_path) == [], n
