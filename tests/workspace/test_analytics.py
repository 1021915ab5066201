"""The analytics from the Parquet snapshot (DuckDB) give the row store's numbers, on
SQLite and on PostgreSQL; a stale snapshot is never served unasked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ceasewatch.errors import InvalidInput, SchemaError
from ceasewatch.model import Family, VerificationStatus
from ceasewatch.model.access import ANONYMOUS, Role, User
from ceasewatch.model.query import BBox, EventQuery
from ceasewatch.workspace import Workspace, snapshots

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ANALYST = User("analyst", Role.ANALYST)

QUERIES = [
    EventQuery(),
    EventQuery(start=date(2021, 1, 1), end=date(2022, 12, 31)),
    EventQuery(families=(Family.CEASEFIRE_VIOLATION,)),
    EventQuery(party="AZ"),
    EventQuery(bbox=BBox(46.5, 39.6, 47.0, 40.0), statuses=(VerificationStatus.UNVERIFIED,)),
]


@pytest.fixture
def scenario(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("CEASEWATCH_SNAPSHOT", str(tmp_path / "snap"))
    ws = Workspace.init(db_url)
    ws.load_scenario("karabakh-2020")
    ws.import_file(FIXTURES / "ucdp_sample.csv")
    ws.extract_claims()
    ws.corroborate()
    return ws


def test_the_snapshot_answers_as_the_row_store_does(scenario: Workspace) -> None:
    ws = scenario
    snap, made = ws.make_snapshot()
    assert made and snap.events == ws.stats(engine="rows")["events"] > 20
    assert ws.make_snapshot() == (snap, False)  # the ledger has not grown: kept
    rows, duck = ws.stats(engine="rows"), ws.stats(engine="snapshot")
    assert duck["engine"] == "snapshot" and rows["engine"] == "rows"
    assert not duck["snapshot"]["stale"]
    for key in ("events", "first_date", "last_date", "by_family", "by_status", "by_dataset"):
        assert duck[key] == rows[key], key
    for by in ("type", "family", "party", "zone"):
        for q in QUERIES:
            expected = ws.monthly_counts(q, by=by, engine="rows")
            assert ws.monthly_counts(q, by=by, engine="snapshot") == expected, (by, q)
    # the counts mean something: every event once by family, once per party named
    everything = ws.monthly_counts(by="family", engine="snapshot")
    assert sum(n for _, _, n in everything) == rows["events"]
    parties = {k for _, k, _ in ws.monthly_counts(by="party", engine="snapshot")}
    assert {"AZ", "AM"} <= parties
    zones = {k for _, k, _ in ws.monthly_counts(by="zone", engine="snapshot")}
    assert any(z.startswith("karabakh-2020/") for z in zones)


def test_bins_are_the_same_from_either_engine(scenario: Workspace) -> None:
    ws = scenario
    ws.make_snapshot()
    for user in (ANONYMOUS, ANALYST):
        for zoom in (3, 6, 9):
            for q in (
                EventQuery(),  # the cube, to zoom 6
                EventQuery(bbox=BBox(46.6, 39.7, 47.1, 40.1)),
                EventQuery(start=date(2021, 1, 1), families=(Family.CEASEFIRE_VIOLATION,)),
            ):
                rows = ws.map_bins(user, q, zoom, engine="rows")
                duck = ws.map_bins(user, q, zoom, engine="snapshot")
                assert duck["bins"] == rows["bins"], (user.role, zoom, q)
    whole = ws.map_bins(ANALYST, EventQuery(), 3, engine="snapshot")
    placed = [e for e in ws.events() if e.where.lat is not None]
    assert whole["count"] == len(placed)
    public = ws.map_bins(ANONYMOUS, EventQuery(), 3, engine="snapshot")
    shown = ws.events_page(ANONYMOUS, EventQuery())["events"]
    assert public["count"] == sum(1 for e in shown if e["place"]["lat"] is not None)
    assert public["count"] < whole["count"]
    # fine bins split what coarse ones hold, and a box keeps its cells whole
    fine = ws.map_bins(ANALYST, EventQuery(), 9, engine="snapshot")
    assert fine["count"] == whole["count"] and len(fine["bins"]) > len(whole["bins"])
    for b in fine["bins"]:
        west, south, east, north = b["bounds"]
        assert west <= b["lon"] <= east and south <= b["lat"] <= north


def test_a_withheld_place_is_in_no_bin(scenario: Workspace) -> None:
    ws = scenario
    liaison = User("liaison", Role.LIAISON)
    placed = [e for e in ws.events() if e.where.lat is not None and e.where.name]
    target = placed[0]
    before = ws.map_bins(liaison, EventQuery(), 5, engine="rows")["count"]
    ws.add_source("team-x", str(target.where.name), "mission", reliability="A", protected=True)
    ws.make_snapshot()
    # what the event list shows the liaison officer with a place is what the bins count
    shown = ws.events_page(liaison, EventQuery())["events"]
    expected = sum(1 for e in shown if e["place"]["lat"] is not None)
    assert expected < before
    everything = ws.map_bins(ANALYST, EventQuery(), 5, engine="rows")["count"]
    for engine in ("rows", "snapshot"):
        for zoom in (5, 10):  # from the cube, and from the events
            assert ws.map_bins(ANALYST, EventQuery(), zoom, engine=engine)["count"] == everything
            assert ws.map_bins(liaison, EventQuery(), zoom, engine=engine)["count"] == expected


def test_a_stale_snapshot_is_never_served_unasked(
    scenario: Workspace, monkeypatch: pytest.MonkeyPatch, acled_sample: Path
) -> None:
    ws = scenario
    with pytest.raises(InvalidInput, match="ceasewatch snapshot"):
        ws.stats(engine="snapshot")
    monkeypatch.setenv("CEASEWATCH_ANALYTICS_EVENTS", "1")
    assert ws.stats()["engine"] == "rows"  # no snapshot yet
    ws.make_snapshot()
    assert ws.stats()["engine"] == "snapshot"
    before = ws.stats()["events"]
    ws.import_file(acled_sample)
    now = ws.stats()
    assert now["engine"] == "rows" and now["events"] == before + 8
    asked = ws.stats(engine="snapshot")
    assert asked["snapshot"]["stale"] and asked["events"] == before
    snap, made = ws.make_snapshot()
    assert made and ws.stats() == {**now, "engine": "snapshot", "snapshot": ws.stats()["snapshot"]}
    monkeypatch.setenv("CEASEWATCH_ANALYTICS_EVENTS", str(snap.events + 1))
    assert ws.stats()["engine"] == "rows"  # too few events to ask the snapshot
    with pytest.raises(SchemaError):
        ws.stats(engine="fast")


def test_a_snapshot_is_replaced_whole(tmp_path: Path) -> None:
    ws = Workspace.init(str(tmp_path / "w.db"))
    ws.import_file(FIXTURES / "ucdp_sample.csv")
    folder = ws.snapshot_folder()
    assert folder == tmp_path / "w.db.snapshot"
    first, _ = ws.make_snapshot()
    again, made = ws.make_snapshot(force=True)
    assert made and again.events == first.events == 3
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [snapshots.CUBE, snapshots.EVENTS, snapshots.META]
    )
    assert [p.name for p in tmp_path.iterdir() if "snapshot" in p.name] == ["w.db.snapshot"]
    ws.close()
