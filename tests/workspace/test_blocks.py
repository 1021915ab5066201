"""The bulk importer's fast path (workspace/blocks.py): a block of ACLED rows read a
column at a time gives the rows and ledger leaves of the row-by-row path, and COPY into
PostgreSQL stores exactly what the INSERT path stores."""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ceasewatch.errors import BatchRejected
from ceasewatch.ingest.acled import COLUMNS
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.ledger.entries import Op, Template
from ceasewatch.model import default_taxonomy
from ceasewatch.store import events as event_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store.copytext import CopyRows
from ceasewatch.store.rows import COLUMNS as STORED
from ceasewatch.store.schema import events
from ceasewatch.workspace import Workspace
from ceasewatch.workspace.blocks import Layout, read_block
from ceasewatch.workspace.parsing import Stamp, rows_of

ROOT = Path(__file__).resolve().parents[2]
STAMP = Stamp("tester", "2026-12-06T10:00:00Z", "import test.csv")
TEMPLATE = Template("event", Op.CREATE, STAMP.actor, STAMP.time, STAMP.reason, STORED)
COL = {c: i for i, c in enumerate(COLUMNS)}


def _generated(n: int, seed: int) -> list[list[str]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from store import generate  # the benchmark's rows: six kinds, random places and notes

    with tempfile.TemporaryDirectory() as d:
        target = Path(d) / "gen.csv"
        generate(target, n, seed=seed)
        return list(csv.reader(io.StringIO(target.read_text())))[1:]


def varied(n: int, seed: int = 5) -> list[list[str]]:
    """Generated rows with what real exports hold: other alphabets, quotes, backslashes,
    tabs, percent signs, associated actors, padded and empty optional values, a negative
    zero, notes that decide the type (protests, strategic developments)."""
    rnd = random.Random(seed)
    rows = _generated(n, seed)
    for i, row in enumerate(rows):
        row[COL["assoc_actor_1"]] = rnd.choice(["", "", "Militia X; Militia Y", "Şəhid group"])
        row[COL["assoc_actor_2"]] = rnd.choice(["", "Civilians (Azerbaijan)", 'The "Red" unit'])
        row[COL["actor2"]] = rnd.choice([row[COL["actor2"]], "", "Back\\slash Brigade"])
        row[COL["tags"]] = rnd.choice(["", "crowd size=no report; local", "50% estimate"])
        row[COL["timestamp"]] = rnd.choice(["", str(1_600_000_000 + i), " 1614643200 "])
        row[COL["admin2"]] = rnd.choice(["", " Padded ", "Ağdam"])
        row[COL["iso"]] = rnd.choice(["31", "", "51"])
        row[COL["source"]] = rnd.choice(["Benchmark source", "APA; News.am", "Radio\tFree"])
        row[COL["civilian_targeting"]] = rnd.choice(["", "Civilian targeting"])
        if i % 11 == 0:
            row[COL["latitude"]] = "-0.0"
        if i % 13 == 0:
            row[COL["notes"]] = 'Он сказал: "100% \\ правда"\tи ушёл; a convoy was blocked'
        if i % 17 == 0:
            row[COL["event_type"]], row[COL["sub_event_type"]] = "Protests", "Peaceful protest"
            row[COL["notes"]] = "Residents blocked the road to the checkpoint for hours."
        if i % 19 == 0:
            row[COL["event_date"]] = "12 November 2020"
        if i % 23 == 0:
            row[COL["disorder_type"]] = ""
    return rows


def csv_text(rows: list[list[str]], header: list[str] | None = None) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _row_path(text: str, header: list[str]) -> tuple[list[int], list[tuple[Any, ...]], ProblemLog]:
    log = ProblemLog("test.csv")
    stream = io.StringIO(text, newline="")
    got = list(
        rows_of(stream, "test.csv", "acled", default_taxonomy(), log, header, 2, event_repo.CHECK)
    )
    return [line for line, _ in got], [row for _, row in got], log


def _fast(text: str, header: list[str], *, copy: bool) -> Any:
    layout = Layout(header)
    return read_block(text, layout, 2, default_taxonomy(), TEMPLATE, event_repo.CHECK, copy=copy)


def test_a_block_read_by_columns_equals_the_row_path() -> None:
    rows = varied(600)
    text = csv_text(rows)
    header = list(COLUMNS)
    lines, values, log = _row_path(text, header)
    assert not log and len(values) == 600
    fast = _fast(text, header, copy=False)
    assert fast is not None, "a clean block takes the fast path"
    assert fast[0] == lines
    assert fast[1] == values
    assert fast[2] == STAMP.pack(values)  # the same ledger leaves, byte for byte
    copied = _fast(text, header, copy=True)
    assert isinstance(copied[1], CopyRows)
    assert copied[1].ids == [row[0] for row in values]
    assert copied[1].text.count("\n") == 600
    assert copied[2] == fast[2]


def test_a_block_with_windows_line_ends() -> None:
    rows = varied(300, seed=7)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    text = buf.getvalue()
    lines, values, log = _row_path(text, list(COLUMNS))
    assert not log
    fast = _fast(text, list(COLUMNS), copy=False)
    assert fast is not None
    assert (fast[0], fast[1], fast[2]) == (lines, values, STAMP.pack(values))


def test_columns_in_another_order_and_extra_columns() -> None:
    rows = varied(200, seed=9)
    order = [*reversed(COLUMNS), "population_best"]
    moved = [[row[COL[c]] for c in reversed(COLUMNS)] + [str(k % 3 or "")] for k, row in
             enumerate(rows)]  # fmt: skip
    text = csv_text(moved)
    lines, values, log = _row_path(text, order)
    assert not log
    fast = _fast(text, order, copy=False)
    assert fast is not None
    assert (fast[0], fast[1], fast[2]) == (lines, values, STAMP.pack(values))


@pytest.mark.parametrize(
    "change",
    [
        lambda rows: rows[50].__setitem__(COL["latitude"], "123"),  # out of range
        lambda rows: rows[50].__setitem__(COL["notes"], "two\nlines"),  # a record over two
        lambda rows: rows[50].__setitem__(COL["notes"], "a lone\rreturn"),
        lambda rows: rows[50].__setitem__(COL["actor1"], "'=SUM(A1)"),  # made safe for sheets
        lambda rows: rows[50].append("one too many"),
        lambda rows: rows[50].__setitem__(COL["event_id_cnty"], " "),
        lambda rows: rows[50].__setitem__(COL["fatalities"], "-1"),
        lambda rows: rows[50].__setitem__(COL["admin1"], "x" * 200),  # longer than its column
        lambda rows: rows[50].__setitem__(COL["sub_event_type"], "Picnic"),
    ],
)
def test_what_the_fast_path_leaves_to_the_row_path(change: Any) -> None:
    rows = varied(100)
    change(rows)
    assert _fast(csv_text(rows), list(COLUMNS), copy=True) is None


def _write(path: Path, rows: list[list[str]]) -> Path:
    path.write_text(csv_text(rows, list(COLUMNS)), encoding="utf-8")
    return path


def _fixed(ws: Workspace) -> Workspace:
    ws.clock = lambda: datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
    return ws


def _stored(ws: Workspace) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with ws.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(select(events).order_by(events.c.id))]
        entries = sorted((e[1], e[2], e[3], e[5]) for e in ledger_repo.iter_entries(conn))
    return rows, entries


@pytest.mark.postgres
def test_copy_import_equals_the_insert_path_and_sqlite(
    pg_url: str, other_pg_url: str, tmp_path: Path
) -> None:
    rows = varied(4000)
    path = _write(tmp_path / "acled.csv", rows)
    assert _fast(csv_text(rows), list(COLUMNS), copy=True) is not None  # no block falls back
    with _fixed(Workspace.init(pg_url)) as ws:
        report = ws.import_file(path, parallel=True)  # parser processes, COPY
        assert (report.rows, report.events) == (4000, 4000)
        copied = _stored(ws)
        ws.ledger_head()
        audit = ws.ledger_verify()  # every leaf made again from its stored row
        assert audit.ok, audit.problems
    with _fixed(Workspace.init(other_pg_url)) as other:
        other.import_file(path, parallel=False, copy=False)  # in this process, INSERT
        assert _stored(other) == copied
    with _fixed(Workspace.init(f"sqlite:///{tmp_path / 'lite.db'}")) as lite:
        lite.import_file(path, parallel=True)
        rows, entries = _stored(lite)
    assert entries == copied[1]
    assert len(rows) == 4000
    # the same values, as each database gives them back (SQLite: booleans as 0/1)
    assert [tuple(v if type(v) is not bool else int(v) for v in r) for r in copied[0]] == rows


def test_a_bad_row_amid_a_large_batch_writes_nothing(db_url: str, tmp_path: Path) -> None:
    rows = varied(6000)
    rows[3100][COL["longitude"]] = "east"
    path = _write(tmp_path / "bad.csv", rows)
    with Workspace.init(db_url) as ws:
        size = ws.ledger_state()[0]
        with pytest.raises(BatchRejected) as err:
            ws.import_file(path, parallel=True)
        assert [(p.file, p.row, p.field) for p in err.value.problems] == [
            (str(path), 3102, "longitude")
        ]
        assert ws.stats()["events"] == 0
        assert ws.ledger_state()[0] == size


def test_an_id_stored_already_refuses_the_whole_copy(db_url: str, tmp_path: Path) -> None:
    first = varied(3000)
    second = varied(3000, seed=6)
    for row in second:
        row[COL["event_id_cnty"]] = "NEW" + row[COL["event_id_cnty"]]
    second[2000][COL["event_id_cnty"]] = first[10][COL["event_id_cnty"]]
    with Workspace.init(db_url) as ws:
        ws.import_file(_write(tmp_path / "first.csv", first), parallel=True)
        size = ws.ledger_state()[0]
        with pytest.raises(BatchRejected, match="already stored") as err:
            ws.import_file(_write(tmp_path / "second.csv", second), parallel=True)
        assert [(p.row, p.field) for p in err.value.problems] == [(2002, "id")]
        assert ws.stats()["events"] == 3000
        assert ws.ledger_state()[0] == size
