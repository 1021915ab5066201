"""The Workspace on both databases: import, query, export, all-or-nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from ceasewatch.errors import BatchRejected, NotFound, ParseError, StoreError
from ceasewatch.ingest.acled import COLUMNS
from ceasewatch.model import Family, VerificationStatus
from ceasewatch.model.query import BBox, EventQuery
from ceasewatch.workspace import Workspace

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _dump(ws: Workspace) -> list[tuple]:
    with ws.engine.connect() as conn:
        ev = conn.execute(text("SELECT * FROM events ORDER BY id")).all()
    return [tuple(r) for r in ev]


def test_import_then_query_and_show(ws: Workspace, acled_sample: Path) -> None:
    report = ws.import_file(acled_sample)
    assert (report.format, report.rows, report.events) == ("acled", 8, 8)
    everything = ws.events()
    assert [e.when.start for e in everything] == sorted(e.when.start for e in everything)
    q = EventQuery(start=date(2022, 1, 1), end=date(2022, 12, 31))
    assert {e.id for e in ws.events(q)} == {"acled:CW-ILL-0005", "acled:CW-ILL-0006"}
    box = EventQuery(bbox=BBox(46.7, 39.7, 46.8, 39.9))
    assert {e.id for e in ws.events(box)} == {"acled:CW-ILL-0007", "acled:CW-ILL-0008"}
    fam = EventQuery(families=(Family.CEASEFIRE_VIOLATION,), actor="armenia")
    assert [e.id for e in ws.events(fam)] == ["acled:CW-ILL-0001", "acled:CW-ILL-0005"]
    assert ws.events(EventQuery(types=("protest.peaceful",)))[0].where.name == "Lachin corridor"
    assert ws.events(EventQuery(statuses=(VerificationStatus.VERIFIED,))) == []
    assert len(ws.events(EventQuery(limit=3))) == 3
    shown = ws.event("acled:CW-ILL-0002")
    assert shown.killed.best == 6 and shown.actors[1].name.startswith("Military Forces of Armenia")
    with pytest.raises(NotFound):
        ws.event("acled:nope")


def test_interval_overlap_respects_precision(ws: Workspace) -> None:
    ws.import_file(FIXTURES / "ucdp_sample.csv")
    # the weekly event runs 3-9 May 2021; a query on 8 May finds it, one on 10 May does not
    assert [e.id for e in ws.events(EventQuery(start=date(2021, 5, 8), end=date(2021, 5, 8)))] == [
        "ucdp:900002"
    ]
    assert ws.events(EventQuery(start=date(2021, 5, 10), end=date(2021, 5, 10))) == []


def test_acled_round_trip_through_the_store(ws: Workspace, acled_sample: Path) -> None:
    ws.import_file(acled_sample)
    out = list(csv.DictReader(io.StringIO(ws.export_text("acled"))))
    original = list(csv.DictReader(io.StringIO(acled_sample.read_text())))
    assert [{c: r[c] for c in COLUMNS} for r in out] == original


def test_bad_file_changes_nothing(ws: Workspace, acled_sample: Path) -> None:
    ws.import_file(acled_sample)
    before = _dump(ws)
    with pytest.raises(BatchRejected) as err:
        ws.import_file(FIXTURES / "acled_bad.csv")
    assert {(p.row, p.field) for p in err.value.problems} == {
        (1, "fatalities"),
        (3, "event_date"),
        (4, "latitude"),
    }
    assert _dump(ws) == before


def test_a_late_bad_row_rolls_back_earlier_batches(
    ws: Workspace, acled_sample: Path, tmp_path: Path
) -> None:
    lines = acled_sample.read_text().splitlines()
    header, row = lines[0], lines[1]
    body = [row.replace("CW-ILL-0001", f"BIG-{i}") for i in range(12_000)]
    body.append(row.replace("CW-ILL-0001", "BIG-last").replace("39.5197", "-95"))
    big = tmp_path / "big.csv"
    big.write_text("\n".join([header, *body]) + "\n")
    with pytest.raises(BatchRejected, match=r"big.csv:12002 latitude"):
        ws.import_file(big)
    assert ws.stats()["events"] == 0


def test_duplicates_within_a_file_and_against_the_store(
    ws: Workspace, acled_sample: Path, tmp_path: Path
) -> None:
    lines = acled_sample.read_text().splitlines()
    dup = tmp_path / "dup.csv"
    dup.write_text("\n".join([lines[0], lines[1], lines[1]]) + "\n")
    with pytest.raises(
        BatchRejected, match=r"dup\.csv:3 id: 'acled:CW-ILL-0001' repeats the event id of line 2"
    ):
        ws.import_file(dup)
    ws.import_file(acled_sample)
    with pytest.raises(BatchRejected, match="already stored"):
        ws.import_file(acled_sample)
    assert ws.stats()["events"] == 8


def test_unknown_header_and_unreadable_file(ws: Workspace, tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(ParseError, match=r"odd\.csv:1: cannot tell the format"):
        ws.import_file(odd)
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xff")
    with pytest.raises(ParseError):
        ws.import_file(binary)


def test_geojson_and_jsonl_exports(ws: Workspace, acled_sample: Path) -> None:
    ws.import_file(acled_sample)
    fc = json.loads(ws.export_text("geojson"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 8
    f0 = fc["features"][0]
    assert f0["geometry"] == {"type": "Point", "coordinates": [47.0322, 39.5197]}
    assert f0["properties"]["family"] == "ceasefire_violation"
    lines = ws.export_text("jsonl", EventQuery(dataset="acled", families=(Family.PROTEST,)))
    assert [json.loads(x)["id"] for x in lines.splitlines()] == ["acled:CW-ILL-0006"]


def test_monthly_counts_and_stats(ws: Workspace, acled_sample: Path) -> None:
    ws.import_file(acled_sample)
    ws.import_file(FIXTURES / "ucdp_sample.csv")
    counts = ws.monthly_counts()
    assert ("2023-09", "cfv.shelling", 1) in counts
    assert sum(n for _, _, n in counts) == 11
    st = ws.stats()
    assert st["events"] == 11 and st["by_dataset"] == {"acled": 8, "ucdp": 3}


def test_opening_a_missing_or_old_workspace(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="ceasewatch init"):
        Workspace.open(str(tmp_path / "none.db"))
    from ceasewatch.store.engine import open_engine

    open_engine(str(tmp_path / "empty.db")).connect().close()
    with pytest.raises(StoreError, match="db upgrade"):
        Workspace.open(str(tmp_path / "empty.db"))


def test_import_from_a_stream_is_all_or_nothing_too(ws: Workspace, acled_sample: Path) -> None:
    report = ws.import_stream(io.StringIO(acled_sample.read_text()), "upload.csv", "acled")
    assert (report.rows, report.events) == (8, 8)
    assert ws.ledger_prove(7)["entry"]["reason"] == "import upload.csv"
    bad = (FIXTURES / "acled_bad.csv").read_text()
    with pytest.raises(BatchRejected, match=r"upload2\.csv:3 event_date"):
        ws.import_stream(io.StringIO(bad), "upload2.csv", "acled")
    assert ws.stats()["events"] == 8
