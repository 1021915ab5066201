"""The parallel import path: blocks cut at record boundaries, parsed in other processes."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest

from ceasewatch.errors import BatchRejected, ParseError
from ceasewatch.ingest.acled import COLUMNS
from ceasewatch.workspace import Workspace, parsing

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _rows(acled_sample: Path, n: int) -> tuple[str, list[list[str]]]:
    reader = csv.reader(io.StringIO(acled_sample.read_text()))
    header = next(reader)
    template = next(reader)
    rows = []
    for i in range(n):
        row = list(template)
        row[0] = f"PAR-{i}"
        # every 7th note spans several lines and holds quotes, to straddle block edges
        if i % 7 == 0:
            row[27] = f'line one of {i}\nline "two"\nline three'
        rows.append(row)
    return ",".join(header), rows


def _write(path: Path, header: str, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    buf.write(header + "\n")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue())
    return path


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsing, "BLOCK_BYTES", 2048)


def test_parallel_import_equals_the_serial_one(
    ws: Workspace, acled_sample: Path, tmp_path: Path, small_blocks: None
) -> None:
    header, rows = _rows(acled_sample, 400)
    path = _write(tmp_path / "many.csv", header, rows)
    report = ws.import_file(path, parallel=True)
    assert (report.rows, report.events) == (400, 400)
    stored = {e.id: e for e in ws.events()}
    assert stored["acled:PAR-14"].notes == 'line one of 14\nline "two"\nline three'
    serial_db = tmp_path / "serial.db"
    with Workspace.init(str(serial_db)) as other:
        other.import_file(path, parallel=False)
        assert other.events() == ws.events()


def test_parallel_problems_carry_true_line_numbers(
    ws: Workspace, acled_sample: Path, tmp_path: Path, small_blocks: None
) -> None:
    header, rows = _rows(acled_sample, 300)
    rows[150][22] = "123"  # latitude
    rows[299][1] = "2021-13-01"  # date
    path = _write(tmp_path / "bad.csv", header, rows)
    # work out each bad row's physical line the slow way: count the lines written before it
    text = path.read_text()
    line_of = {}
    reader = csv.reader(io.StringIO(text))
    next(reader)
    last = reader.line_num
    for row in reader:
        line_of[row[0]] = last + 1
        last = reader.line_num
    with pytest.raises(BatchRejected) as err:
        ws.import_file(path, parallel=True)
    got = [(p.row, p.field) for p in err.value.problems]
    assert got == [(line_of["PAR-150"], "latitude"), (line_of["PAR-299"], "event_date")]
    assert ws.stats()["events"] == 0


def test_parallel_missing_column_is_reported_once(
    ws: Workspace, acled_sample: Path, tmp_path: Path, small_blocks: None
) -> None:
    header, rows = _rows(acled_sample, 100)
    keep = [i for i, c in enumerate(COLUMNS) if c != "fatalities"]
    header = ",".join(COLUMNS[i] for i in keep)
    path = _write(tmp_path / "nofat.csv", header, [[r[i] for i in keep] for r in rows])
    with pytest.raises(BatchRejected) as err:
        ws.import_file(path, parallel=True)
    assert [(p.row, p.field) for p in err.value.problems] == [(1, "fatalities")]


def test_parallel_undecodable_bytes_name_the_line(
    ws: Workspace, acled_sample: Path, tmp_path: Path, small_blocks: None
) -> None:
    header, rows = _rows(acled_sample, 50)
    path = _write(tmp_path / "latin.csv", header, rows)
    data = path.read_bytes().replace(b"PAR-20,", b"PAR-\xe920,")
    path.write_bytes(data)
    with pytest.raises(ParseError, match="not UTF-8"):
        ws.import_file(path, parallel=True)
    assert ws.stats()["events"] == 0


def test_duplicates_across_blocks_are_refused(
    ws: Workspace, acled_sample: Path, tmp_path: Path, small_blocks: None
) -> None:
    header, rows = _rows(acled_sample, 200)
    rows[180][0] = "PAR-3"
    path = _write(tmp_path / "dup.csv", header, rows)
    with pytest.raises(BatchRejected, match="already stored, or repeats an earlier row"):
        ws.import_file(path, parallel=True)
    assert ws.stats()["events"] == 0


@pytest.mark.parametrize("mark", [";", "\t"])
@pytest.mark.parametrize("parallel", [False, True])
def test_a_spreadsheets_csv_of_semicolons_or_tabs_imports_as_the_comma_one(
    ws: Workspace,
    acled_sample: Path,
    tmp_path: Path,
    small_blocks: None,
    mark: str,
    parallel: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copies = tmp_path / "temp"  # where the comma-separated copy goes, empty again after
    copies.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(copies))
    header, rows = _rows(acled_sample, 60)
    rows[20][22] = "123"  # a latitude out of range: named on the original's line
    comma = _write(tmp_path / "comma.csv", header, rows)
    other = tmp_path / "other.csv"

    def write_other() -> None:
        # a locale that separates with semicolons writes decimals with a comma
        local = [
            [v.replace(".", ",") if mark == ";" and i in (22, 23) else v for i, v in enumerate(r)]
            for r in rows
        ]
        with other.open("w", newline="") as fh:
            fh.write(header.replace(",", mark) + "\n")
            csv.writer(fh, delimiter=mark, lineterminator="\n").writerows(local)

    write_other()
    with pytest.raises(BatchRejected) as by_comma:
        ws.import_file(comma, parallel=parallel)
    with pytest.raises(BatchRejected) as by_other:
        ws.import_file(other, parallel=parallel)
    assert [(p.row, p.field) for p in by_other.value.problems] == [
        (p.row, p.field) for p in by_comma.value.problems
    ]
    assert str(other) in str(by_other.value) and "ceasewatch-" not in str(by_other.value)
    del rows[20]
    _write(comma, header, rows)
    write_other()
    ws.import_file(other, parallel=parallel)
    with Workspace.init(str(tmp_path / "by-comma.db")) as by_comma_ws:
        by_comma_ws.import_file(comma, parallel=parallel)
        assert by_comma_ws.events() == ws.events()
    assert not list(copies.iterdir())


def test_a_semicolon_file_with_bytes_not_utf8_names_the_line(
    ws: Workspace, acled_sample: Path, tmp_path: Path
) -> None:
    header, rows = _rows(acled_sample, 10)
    path = tmp_path / "semi.csv"
    with path.open("w", newline="") as fh:
        fh.write(header.replace(",", ";") + "\n")
        csv.writer(fh, delimiter=";", lineterminator="\n").writerows(rows[1:])
    path.write_bytes(path.read_bytes().replace(b"PAR-5;", b"PAR-\xe95;"))
    with pytest.raises(ParseError, match=r"semi\.csv:\d+: bytes that are not UTF-8"):
        ws.import_file(path)
    assert ws.stats()["events"] == 0
