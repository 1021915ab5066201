"""Every value is checked against its column before the database sees it, so SQLite and
PostgreSQL keep the same records and refuse the same input with the same error: text with
NUL, text longer than its column, whole numbers past the column's bits, NaN."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ceasewatch.errors import BatchRejected
from ceasewatch.ingest.monitoring import observation_from
from ceasewatch.model import Source, SourceKind
from ceasewatch.model.vocab import Reliability
from ceasewatch.store.schema import events, sources
from ceasewatch.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[2] / "src/ceasewatch/ingest/samples/acled_sample.csv"


def observation(**given: object) -> object:
    fields: dict[str, object] = {
        "id": "obs-1",
        "observer": "OP-9",
        "lat": 39.8,
        "lon": 46.78,
        "start": datetime(2022, 12, 14, 17, 5, tzinfo=UTC),
        "type_code": "cfv.shelling",
    }
    return observation_from(**{**fields, **given})  # type: ignore[arg-type]


def refused(ws: Workspace, write: object) -> BatchRejected:
    """The error of a write that must be refused whole, the record left as it was."""
    before = (ws.ledger_size(), len(ws.observations()))
    with pytest.raises(BatchRejected) as err:
        write()  # type: ignore[operator]
    assert (ws.ledger_size(), len(ws.observations())) == before
    text = str(err.value)
    assert "SQL" not in text and "psycopg" not in text and "sqlite" not in text
    return err.value


def test_text_with_nul_is_refused(ws: Workspace) -> None:
    err = refused(ws, lambda: ws.add_observation(observation(notes="shots\x00fired")))
    assert str(err) == (
        "observation 'obs-1': 1 problem(s); nothing was written\n"
        "observation 'obs-1' notes: 'shots\\x00fired' holds a NUL character (\\x00), which no "
        "stored text may hold"
    )
    assert [(p.field, p.value) for p in err.problems] == [("notes", "shots\x00fired")]


def test_nul_inside_json_text_is_refused_too(ws: Workspace) -> None:
    # the place's name is stored inside the position's JSON, where NUL is written \u0000
    err = refused(ws, lambda: ws.add_observation(observation(place="OP\x009")))
    assert [p.field for p in err.problems] == ["position"]
    assert "holds a NUL character (\\u0000)" in err.problems[0].expected


def test_an_id_longer_than_its_column_is_refused(ws: Workspace) -> None:
    long_id = "obs-" + "x" * 125  # 129 characters; the column holds 128
    err = refused(ws, lambda: ws.add_observation(observation(id=long_id)))
    [problem] = err.problems
    assert problem.field == "id"
    assert problem.expected == "is 129 characters long; id holds at most 128"
    assert problem.file == f"observation '{long_id[:40]}… (129 characters)'"
    ws.add_observation(observation(id=long_id[:128]))  # 128 fit
    assert long_id[:128] in {o.id for o in ws.observations()}


@pytest.mark.parametrize("parallel", [False, True], ids=["in-process", "parser-processes"])
def test_an_import_names_the_line_and_field(ws: Workspace, tmp_path: Path, parallel: bool) -> None:
    rows = list(csv.reader(io.StringIO(SAMPLE.read_text("utf-8"), newline="")))[:4]
    header = rows[0]
    rows[1][header.index("event_id_cnty")] = "E" * 200
    rows[2][header.index("admin1")] = "A" * 129
    rows[3][header.index("fatalities")] = str(2**31)  # past a 32-bit integer column
    path = tmp_path / "long.csv"
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    err = refused(ws, lambda: ws.import_file(path, parallel=parallel))
    assert [(p.row, p.field) for p in err.problems] == [
        (2, "event_id_cnty"),
        (3, "admin1"),
        (4, "fatalities"),
    ]
    assert err.problems[1].expected == "is 129 characters long; admin1 holds at most 128"
    assert err.problems[2].expected.startswith("is outside the range a stored whole number")
    assert ws.events() == []


def test_a_ledger_reason_is_checked(ws: Workspace) -> None:
    with ws.engine.begin() as conn:
        conn.execute(
            sources.insert(),
            {"id": "s1", "name": "A source", "kind": "media", "reliability": "c"},
        )
    with pytest.raises(BatchRejected) as err:
        ws.grade_source("s1", "b", "checked\x00twice")
    # the reason, and the entry's JSON that holds it
    assert [p.field for p in err.value.problems] == ["entry", "reason"]
    assert [s.reliability for s in ws.sources()] == [Reliability.parse("c")]


def test_every_sqlalchemy_write_passes_the_check(ws: Workspace) -> None:
    """Inserts with parameters and updates with their values in the statement alike."""
    with ws.engine.begin() as conn, pytest.raises(BatchRejected, match="id holds at most 64"):
        conn.execute(
            sources.insert(), {"id": "s" * 65, "name": "x", "kind": "m", "reliability": "c"}
        )
    with ws.engine.begin() as conn, pytest.raises(BatchRejected, match="notes: 'a\\\\x00'"):
        conn.execute(events.update().where(events.c.id == "none").values(notes="a\x00"))
    with ws.engine.begin() as conn, pytest.raises(BatchRejected, match="iso: '4294967296'"):
        conn.execute(events.update().values(iso=2**32))
    with ws.engine.begin() as conn, pytest.raises(BatchRejected, match="is not a finite number"):
        conn.execute(events.update().values(lat=float("nan")))


def test_unicode_text_of_full_length_is_stored(ws: Workspace) -> None:
    source = Source("ş" * 64, "Şuşa " * 100, SourceKind.MEDIA, None, Reliability.parse("c"))
    from ceasewatch.store import records as repo
    from ceasewatch.store import texts as texts_repo

    with ws.engine.begin() as conn:
        repo.insert_rows(conn, "source", [texts_repo.source_row(source)])
    assert [s.id for s in ws.sources()] == ["ş" * 64]
