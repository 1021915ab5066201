"""Telling an import file's format from its first line."""

from __future__ import annotations

import pytest

from ceasewatch.ingest import monitoring
from ceasewatch.ingest.formats import delimiter_hint, tell_columns, tell_first_line


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


@pytest.mark.parametrize(("mark", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_header_a_spreadsheet_separated_otherwise_is_named_with_what_to_do(
    mark: str, name: str
) -> None:
    line = mark.join(["event_id_cnty", "event_date", "event_type", "actor1", "notes"])
    assert tell_first_line(line) is None  # a comma-separated file is what is read
    hint = delimiter_hint(line)
    assert hint is not None and f"separated by {name}" in hint and "looks like acled" in hint
    assert delimiter_hint("id,name,kind") is None and delimiter_hint("a;b;c") is None
