"""Gazetteers as data: stored in the workspace by name, named by an agreement file and
stored with it, used to place what statements say, with the agreement's zones as places."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasewatch.cli import cli
from ceasewatch.errors import CeasewatchError
from ceasewatch.workspace import Workspace

AGREEMENT = """\
id: river-2030
title: An invented ceasefire along a river (written for the tests)
signed: 2030-05-01
effective: 2030-05-02T00:00:00+00:00
timezone: UTC
gazetteer: river.gazetteer.csv
texts:
  - {id: en, language: en, kind: original, source: written for the tests}
parties:
  - {id: N, name: Northland, aliases: [Northland forces, northern forces]}
  - {id: S, name: Southland, aliases: [Southland forces, southern forces]}
provisions:
  - number: "1"
    summary: Both sides stop firing along the river.
    text: en
    obligations:
      - {party: N, kind: cease_fire, start: effective}
      - {party: S, kind: cease_fire, start: effective}
zones:
  - id: ford-crossing
    kind: checkpoint
    name: Old Ford crossing
    point: [10.50, 50.20]
    radius_km: 1
"""
GAZETTEER = """\
name,alt_names,lat,lon,kind,admin
Eastbrook,Eastbrooke;East Brook,50.10,10.80,town,
Millhaven,,50.30,10.20,village,
"""


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "river.yaml").write_text(AGREEMENT)
    (tmp_path / "river.gazetteer.csv").write_text(GAZETTEER)
    return tmp_path


def test_an_agreement_file_brings_its_gazetteer_and_statements_are_placed_by_it(
    ws: Workspace, files: Path
) -> None:
    ws.load_agreement(str(files / "river.yaml"))
    [(name, _file, places, _at)] = ws.gazetteers()
    assert name == "river.gazetteer.csv" and places == 2
    note = files / "s.txt"
    note.write_text(
        "Northland forces shelled positions near Eastbrook on Monday. Southern forces "
        "fired on a patrol at the Old Ford crossing."
    )
    ws.import_documents([str(note)], "2030-06-04", None)
    ws.extract_claims()  # the only agreement stored: no need to name it
    placed = {p.name: (p.lat, p.lon) for c in ws.claims() for p in c.places if p.lat is not None}
    assert placed["Eastbrook"] == (50.10, 10.80)
    assert placed["Old Ford crossing"] == (50.20, 10.50)  # a zone of the agreement is a place
    ws.ledger_head()
    assert ws.ledger_verify().ok  # the gazetteer, like every record, is in the log


def test_a_gazetteer_loaded_by_name_replaces_the_one_stored(ws: Workspace, files: Path) -> None:
    ws.load_agreement(str(files / "river.yaml"))
    other = files / "other.csv"
    other.write_text("name,alt_names,lat,lon,kind,admin\nEastbrook,,50.11,10.81,town,\n")
    report = ws.load_gazetteer(str(other), "river.gazetteer.csv")
    assert report.replaced and report.places == 1
    agreement = ws.chosen_agreement(None)
    [m] = ws.places(agreement).find("Shots near Eastbrook.")
    assert m.entry is not None and m.entry.lat == 50.11


def test_a_bad_gazetteer_row_is_named_and_nothing_is_stored(ws: Workspace, files: Path) -> None:
    bad = files / "bad.csv"
    bad.write_text("name,alt_names,lat,lon\nEastbrook,,north,10.8\n")
    with pytest.raises(CeasewatchError, match=r"bad\.csv:2 lat: .north. is not a latitude"):
        ws.load_gazetteer(str(bad))
    assert ws.gazetteers() == []


def test_gazetteer_and_actors_from_the_command_line(files: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", db, *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    run("init")
    assert "2 place(s) stored" in run("gazetteer", "load", str(files / "river.gazetteer.csv"))
    assert "river.gazetteer.csv" in run("gazetteer", "list")
    run("agreement", "load", str(files / "river.yaml"))
    acled = Path(__file__).parents[2] / "src/ceasewatch/ingest/samples/acled_sample.csv"
    run("import", str(acled))
    unmapped = run("actors", "--unmapped", "--json")
    assert "Military Forces of Armenia (2018-)" in unmapped  # no party of this agreement
    no_agreement = runner.invoke(cli, ["--db", str(tmp_path / "empty.db"), "init"])
    assert no_agreement.exit_code == 0
    refused = runner.invoke(cli, ["--db", str(tmp_path / "empty.db"), "documents", "extract"])
    assert refused.exit_code != 0 and "no agreement is stored" in refused.output
