"""Telling an import file's format from its first line."""

from __future__ import annotations

import pytest

from ceasewatch.ingest import monitoring
from ceasewatch.ingest.formats import tell_columns, tell_delimiter, tell_first_line


@pytest.mark.parametrize(
    ("columns", "fmt"),
    [
        (["event_id_cnty", "event_date", "notes"], "acled"),
        (["id", "type_of_violence", "best"], "ucdp"),
        (list(monitoring.SOURCE_COLUMNS), "sources"),
        (["id", "name"], "sources"),  # the required columns alone
        (list(monitoring.ACTIVITY_COLUMNS), "events"),
        (["id", "date_start", "type"], "events"),
        (list(monitoring.OBSERVATION_COLUMNS), "observations"),
        (["id", "observer", "lat", "lon", "start", "type"], "observations"),
        (list(monitoring.CROSSING_COLUMNS), "crossings"),
        (["id", "checkpoint", "time", "vehicle", "direction"], "crossings"),
        (list(monitoring.TRACK_COLUMNS), "tracks"),
        (["vehicle_id", "time", "lat", "lon"], "tracks"),
        ([*monitoring.SOURCE_COLUMNS, "url", "country", "notes"], "sources"),  # extra columns
        (["when", "what"], None),
        (["id"], None),
    ],
)
def test_a_csv_layout_is_told_by_its_columns(columns: list[str], fmt: str | None) -> None:
    assert tell_columns(columns) == fmt


def test_json_lines_are_documents() -> None:
    assert tell_first_line('{"id": "a", "text": "x"}\n') == "documents"
    assert tell_first_line('{"id": "a"}\n') is None
    assert tell_first_line("anything", "feed.jsonl") == "documents"
    assert tell_first_line('"vehicle_id","time","lat","lon"\r\n') == "tracks"


@pytest.mark.parametrize("mark", [";", "\t"])
def test_a_header_a_spreadsheet_separated_otherwise_is_told_with_its_mark(mark: str) -> None:
    line = mark.join(["event_id_cnty", "event_date", "event_type", "actor1", "notes"])
    assert tell_delimiter(line) == mark and tell_first_line(line) == "acled"
    # a comma header keeps the comma, even with a semicolon inside a quoted name
    assert tell_delimiter('event_id_cnty,"a;b",event_date') == ","
    assert tell_delimiter("a;b;c") == "," and tell_first_line("a;b;c") is None
