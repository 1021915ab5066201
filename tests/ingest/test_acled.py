from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ceasewatch.errors import BatchRejected, ParseError
from ceasewatch.ingest.acled import COLUMNS, event_to_row, read_acled
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.model import ActorRole, Family, GeoPrecision, TimePrecision, default_taxonomy

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _read(text: str, name: str = "t.csv") -> tuple[list, ProblemLog]:
    log = ProblemLog(name)
    events = list(read_acled(io.StringIO(text), name, default_taxonomy(), log))
    return events, log


def test_sample_rows_become_events(acled_sample: Path) -> None:
    events, log = _read(acled_sample.read_text())
    assert not log and len(events) == 8
    line, first = events[0]
    assert line == 2
    assert first.id == "acled:CW-ILL-0001" and first.type_code == "cfv.shelling"
    assert first.family is Family.CEASEFIRE_VIOLATION
    assert first.where.precision is GeoPrecision.NEAR and first.where.lat == 39.5197
    assert [a.role for a in first.actors] == [ActorRole.SIDE_A, ActorRole.SIDE_B]
    assert first.actors[0].inter == 1
    _, weekly = events[6]
    assert weekly.when.precision is TimePrecision.WEEK
    assert events[1][1].sources == ("Illustrative source B", "Illustrative source C")


def test_round_trip_keeps_every_column(acled_sample: Path) -> None:
    events, _ = _read(acled_sample.read_text())
    original = list(csv.DictReader(io.StringIO(acled_sample.read_text())))
    tax = default_taxonomy()
    for (_, e), row in zip(events, original, strict=True):
        assert event_to_row(e, tax) == {c: row[c] for c in COLUMNS}


def test_bad_date_latitude_and_missing_column_in_one_report() -> None:
    text = (FIXTURES / "acled_bad.csv").read_text()
    _, log = _read(text, "acled_bad.csv")
    where = {(p.row, p.field) for p in log.problems}
    assert where == {(1, "fatalities"), (3, "event_date"), (4, "latitude")}
    with pytest.raises(BatchRejected) as err:
        log.raise_if_any()
    msg = str(err.value)
    assert "acled_bad.csv:3 event_date: '2021-02-30' is not a date" in msg
    assert "acled_bad.csv:4 latitude: '123' is not a latitude between -90 and 90" in msg
    assert "acled_bad.csv:1 fatalities: column 'fatalities' is missing" in msg


def test_problem_report_is_capped_with_a_count() -> None:
    header = ",".join(COLUMNS)
    good = (FIXTURES.parent.parent / "src/ceasewatch/ingest/samples/acled_sample.csv").read_text()
    row = good.splitlines()[1].replace("2020-11-26", "someday")
    rows = "\n".join(row.replace("CW-ILL-0001", f"X{i}") for i in range(80))
    _, log = _read(header + "\n" + rows + "\n")
    assert log.total == 80 and len(log.problems) == 50
    with pytest.raises(BatchRejected, match=r"\.\.\. and 30 more problem"):
        log.raise_if_any()


def test_wrong_field_count_and_unknown_pair() -> None:
    header = ",".join(COLUMNS)
    short = "A1,2021-01-01,2021"
    bad_pair = ",".join(
        [
            "A2",
            "2021-01-01",
            "2021",
            "1",
            "",
            "Battles",
            "Skirmish",
            "x",
            "",
            "1",
            "",
            "",
            "0",
            "10",
            "",
            "31",
            "",
            "Azerbaijan",
            "",
            "",
            "",
            "Shusha",
            "39.76",
            "46.75",
            "1",
            "",
            "",
            "",
            "0",
            "",
            "",
        ]
    )
    _, log = _read(f"{header}\n{short}\n{bad_pair}\n")
    assert [(p.row, p.field) for p in log.problems] == [(2, None), (3, "sub_event_type")]
    assert "has 3 fields" in log.problems[0].expected


def test_empty_and_broken_files_raise_parse_errors() -> None:
    with pytest.raises(ParseError, match="empty"):
        _read("")
    header = ",".join(COLUMNS).encode()
    body = b"x\n" * 20_000 + b"\xff\xfe,1\n"
    raw = io.TextIOWrapper(io.BytesIO(header + b"\n" + body), encoding="utf-8")
    with pytest.raises(ParseError, match="not UTF-8"):
        list(read_acled(raw, "latin.csv", default_taxonomy(), ProblemLog("latin.csv")))


def test_old_acled_date_format_and_text_inter_labels(acled_sample: Path) -> None:
    text = acled_sample.read_text().replace("2020-11-26", "26 November 2020", 1)
    text = text.replace(
        ",1,Military Forces of Azerbaijan (2003-),,1,11,",
        ",State forces,Military Forces of Azerbaijan (2003-),,1,11,",
        1,
    )
    events, log = _read(text)
    assert not log
    assert events[0][1].when.start.isoformat() == "2020-11-26"
    assert events[0][1].actors[0].inter == 1


def test_numbers_too_large_for_the_store_are_row_problems(acled_sample: Path) -> None:
    text = acled_sample.read_text().replace(",0,,1606400000", f",{2**63},,1606400000", 1)
    _, log = _read(text)
    assert [(p.row, p.field) for p in log.problems] == [(2, "fatalities")]
    assert "too large" in log.problems[0].expected
