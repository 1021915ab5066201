"""Scenarios loaded from a folder, with the manifest's keys, on SQLite and PostgreSQL.

The folders are written by the tests from illustrative records (the sample ACLED rows
and the record files of tests/workspace/test_recordfiles.py).
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
from tests.workspace.test_recordfiles import CROSSINGS, OBSERVATIONS, SOURCES, state

from ceasewatch.agreements.bundled import bundled_text
from ceasewatch.errors import BatchRejected, Conflict, Invalid, InvalidInput, NotFound
from ceasewatch.workspace import Workspace

EVENTS = """\
id,date_start,type,place,lat,lon,actor,party,role,sources,illustrative
ill-e1,2021-06-10,mission.escort,Goris-Stepanakert road,39.68,46.65,Peacekeepers,RU,escort,ru-pkc,yes
"""


def folder(tmp_path: Path, manifest: str, **files: str) -> Path:
    where = tmp_path / "mission"
    where.mkdir(exist_ok=True)
    (where / "manifest.yaml").write_text(manifest)
    for name, text in files.items():
        (where / name.replace("_", ".")).write_text(text)
    return where


def test_a_folder_with_its_own_agreement_file_and_an_acled_export(
    ws: Workspace, tmp_path: Path, acled_sample: Path
) -> None:
    where = folder(
        tmp_path,
        "id: my-mission\nagreement: agreement.yaml\nillustrative: true\n"
        "files:\n  sources: sources.csv\n  events: events.csv\n  acled: acled.csv\n"
        "  observations: [obs.csv]\n",
        agreement_yaml=bundled_text("karabakh-2020"),
        sources_csv=SOURCES,
        events_csv=EVENTS,
        obs_csv=OBSERVATIONS,
    )
    shutil.copy(acled_sample, where / "acled.csv")
    gazetteer = resources.files("ceasewatch.agreements").joinpath(
        "data/karabakh-2020.gazetteer.csv"
    )
    (where / "karabakh-2020.gazetteer.csv").write_text(gazetteer.read_text("utf-8"))
    report = ws.load_scenario(str(where))
    assert (report.scenario, report.agreement, report.illustrative) == (
        "my-mission",
        "karabakh-2020",
        True,
    )
    assert report.counts == {"sources": 2, "events": 1, "acled_events": 8, "observations": 2}
    ids = {e.id for e in ws.events()}
    assert "scenario-my-mission:ill-e1" in ids and "acled:CW-ILL-0001" in ids  # as import gives
    assert [a.agreement.id for a in ws.agreements()] == ["karabakh-2020"]
    # the gazetteer the agreement file names beside it is stored, as by 'agreement load'
    assert [g[0] for g in ws.gazetteers()] == ["karabakh-2020.gazetteer.csv"]
    with pytest.raises(Conflict, match="scenario my-mission is loaded in this workspace already"):
        ws.load_scenario(str(where))
    ws.ledger_head()
    assert ws.ledger_verify().ok


def test_every_file_key_is_optional(ws: Workspace, tmp_path: Path) -> None:
    where = folder(
        tmp_path, "agreement: karabakh-2020\nfiles:\n  crossings: x.csv\n", x_csv=CROSSINGS
    )
    report = ws.load_scenario(str(where))
    assert (report.scenario, report.counts) == ("mission", {"crossings": 1})
    assert [x.id for x in ws.crossings()] == ["ill-x-1"]


def test_a_bad_manifest_names_each_problem_with_its_line(ws: Workspace, tmp_path: Path) -> None:
    where = folder(
        tmp_path,
        "agreement: nowhere-2031\nfiles:\n  sources: sources.csv\n  tweets: t.csv\n"
        "  events: missing.csv\n",
        sources_csv=SOURCES,
    )
    with pytest.raises(Invalid) as err:
        ws.load_scenario(str(where))
    manifest = f"{where}/manifest.yaml"
    first, *rest = [str(p) for p in err.value.problems]
    assert first.startswith(
        f"{manifest}:1 agreement: 'nowhere-2031' is neither a file of the folder nor a "
        "bundled agreement ("
    )
    assert "karabakh-2020" in first
    assert rest == [
        f"{manifest}:4 files.tweets: 'tweets' is not a kind of file; expected one of sources, "
        "events, observations, crossings, tracks, documents, acled, ucdp",
        f"{manifest}:5 files.events: 'missing.csv' is not a file of the scenario's folder",
    ]
    assert state(ws) == (0, 0, 0, 0, 0, 0, 0)


def test_a_bad_acled_row_refuses_the_whole_scenario(
    ws: Workspace, tmp_path: Path, acled_sample: Path
) -> None:
    rows = acled_sample.read_text().splitlines()
    where = folder(
        tmp_path,
        "agreement: karabakh-2020\nacled: acled.csv\nfiles:\n  sources: sources.csv\n",
        sources_csv=SOURCES,
        acled_csv="\n".join([rows[0], rows[1], rows[2].replace("39.5300", "139.53")]) + "\n",
    )
    with pytest.raises(BatchRejected) as err:
        ws.load_scenario(str(where))
    assert [str(p) for p in err.value.problems] == [
        f"{where}/acled.csv:3 latitude: '139.53' is not a latitude between -90 and 90"
    ]
    assert str(err.value).startswith("scenario mission: 1 problem(s); nothing was written")
    assert state(ws) == (0, 0, 0, 0, 0, 0, 0) and ws.agreements() == []


def test_a_folder_without_a_manifest_or_no_folder(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"no manifest\.yaml in this folder"):
        ws.load_scenario(str(tmp_path))
    with pytest.raises(NotFound, match="a bundled name, or a folder"):
        ws.load_scenario("atlantis-1999")
