"""The bulk importer's shortcut from ACLED fields to stored rows gives exactly the rows
the ordinary path gives (ACLED row -> Event -> row)."""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
from pathlib import Path

from ceasewatch.ingest.acled import COLUMNS, parse_fields, parse_row
from ceasewatch.model import default_taxonomy
from ceasewatch.store.rows import event_values
from ceasewatch.workspace.parsing import acled_values

ROOT = Path(__file__).resolve().parents[2]


def _rows() -> list[list[str]]:
    sample = ROOT / "src/ceasewatch/ingest/samples/acled_sample.csv"
    rows = list(csv.reader(io.StringIO(sample.read_text())))[1:]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from store import generate  # the benchmark's rows: all six kinds, random places

    with tempfile.TemporaryDirectory() as d:
        target = Path(d) / "gen.csv"
        generate(target, 300, seed=3)
        rows += list(csv.reader(io.StringIO(target.read_text())))[1:]
    rnd = random.Random(8)
    varied = []
    for row in rows:
        row = list(row)
        row[COLUMNS.index("assoc_actor_1")] = rnd.choice(["", "Militia X; Militia Y", "Ş group"])
        row[COLUMNS.index("assoc_actor_2")] = rnd.choice(["", "Civilians (Azerbaijan)"])
        row[COLUMNS.index("tags")] = rnd.choice(["", "crowd size=no report; local"])
        row[COLUMNS.index("timestamp")] = rnd.choice(["", "1614643200"])
        row[COLUMNS.index("admin2")] = rnd.choice(["", " Padded "])
        varied.append(row)
    return rows + varied


def test_shortcut_rows_equal_the_ordinary_rows() -> None:
    tax = default_taxonomy()
    rows = _rows()
    assert len(rows) > 600
    for row in rows:
        assert acled_values(parse_fields(row, tax)) == event_values(parse_row(row, tax)), row[0]


def test_shortcut_keeps_extra_columns() -> None:
    tax = default_taxonomy()
    row = _rows()[0] + ["kept value"]
    got = acled_values(parse_fields(row, tax, ["my_column"]))
    assert got == event_values(parse_row(row, tax, ["my_column"]))
    assert "my_column" in got[-1]
