"""Free-text search over events (EventQuery.text), the same on SQLite and PostgreSQL:
every word must be found, in any case and any alphabet, in the place, the type, the
notes or the actors."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from ceasewatch.errors import SchemaError
from ceasewatch.model.query import EventQuery
from ceasewatch.workspace import Workspace


def _ids(ws: Workspace, text: str, **more: object) -> set[str]:
    return {e.id.removeprefix("acled:") for e in ws.events(EventQuery(text=text, **more))}  # type: ignore[arg-type]


def test_words_in_the_place_the_notes_and_the_actors(ws: Workspace, acled_sample: Path) -> None:
    ws.import_file(acled_sample)
    # the place (Khankendi), in any case
    assert _ids(ws, "KHANKENDI") == {"CW-ILL-0007", "CW-ILL-0008"}
    # the notes: "drone strike reported on heights near the corridor"
    assert _ids(ws, "drone") == {"CW-ILL-0005"}
    # every word must be found, each anywhere: a place and a word of the notes
    assert _ids(ws, "khankendi artillery") == {"CW-ILL-0008"}
    assert _ids(ws, "khankendi drone") == set()
    # an actor's name
    assert _ids(ws, "peacekeeping") == {"CW-ILL-0007"}
    # a word with the other filters: the period of the query still holds
    assert _ids(ws, "khankendi", start=date(2023, 9, 1)) == {"CW-ILL-0008"}
    # LIKE's own wildcards are plain characters here
    assert _ids(ws, "sotk") == {"CW-ILL-0004"}
    assert _ids(ws, "%") == set() and _ids(ws, "sot_") == set()
    # an empty search is no search
    assert len(ws.events(EventQuery(text="  "))) == 8


def test_letters_beyond_ascii_in_any_case(ws: Workspace, acled_sample: Path) -> None:
    # a Russian note, stored as it came; SQLite's own lower() would miss its capitals
    text = acled_sample.read_text("utf-8").replace(
        "ILLUSTRATIVE record written by ceasewatch: a road protest", "Протест у СТЕПАНАКЕРТА"
    )
    ws.import_stream(io.StringIO(text), "acled-ru.csv", "acled")
    assert _ids(ws, "степанакерта") == {"CW-ILL-0006"}
    assert _ids(ws, "ПРОТЕСТ") == {"CW-ILL-0006"}


def test_a_search_too_long_is_refused() -> None:
    with pytest.raises(SchemaError) as err:
        EventQuery(text="x" * 201)
    assert err.value.field == "q"
    with pytest.raises(SchemaError) as err:
        EventQuery(text="a\x00b")  # PostgreSQL's text holds none
    assert err.value.field == "q"
