"""``report`` and the KML export from the command line."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner
from tests.support import command_line

from ceasewatch.cli import cli


def test_reports_and_the_exports_beside_them(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    run = command_line(db)

    run("init")
    run("scenario", "load", "karabakh-2020")
    out = tmp_path / "december.html"
    log = run("report", "--from", "2022-12-01", "--to", "2022-12-31", "-o", str(out), "--exports")
    assert f"wrote {out}" in log
    assert "<h1>Situation report" in out.read_text()
    geo = json.loads((tmp_path / "december.geojson").read_text())
    assert {f["properties"]["type"] for f in geo["features"]} >= {"obstruction.journalists"}
    acled = (tmp_path / "december.acled.csv").read_text().splitlines()
    assert acled[0].startswith("event_id_cnty,") and len(acled) == 1 + len(geo["features"])
    kml = ET.parse(tmp_path / "december.kml").getroot()
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    marks = kml.findall(".//k:Placemark", ns)
    assert len(marks) == len([f for f in geo["features"] if f["geometry"]])
    assert marks[0].find("k:Point/k:coordinates", ns) is not None
    daily = run("report", "--daily", "2022-12-12", "--format", "md")
    assert "timed records up to 19:30 each day" in daily
    assert "No events were recorded" in run("report", "--daily", "2030-01-01", "--format", "md")
    err = run("report", "--from", "2022-12-31", "--to", "2022-12-01", code=2)
    assert "the period ends (2022-12-01) before it starts (2022-12-31)" in err
    err = run("report", "--from", "2022-12-01", "--to", "2022-12-31", "--format", "docx", code=2)
    assert "unknown report format 'docx'; expected one of html, pdf, md" in err
    assert "give the period" in run("report", code=2)
    assert "not both" in run("report", "--daily", "2022-12-12", "--from", "2022-12-01", code=2)
    assert "--cutoff goes with --daily" in run("report", "--from", "2022-12-01", "--to",
                                               "2022-12-02", "--cutoff", "18:00", code=2)  # fmt: skip
    run("agreement", "load", "minsk-2015")
    err = run("report", "--from", "2022-12-01", "--to", "2022-12-31", code=2)
    assert "name one with --agreement" in err
    assert "<h1>" in run("report", "--from", "2022-12-01", "--to", "2022-12-31",
                         "--agreement", "karabakh-2020")  # fmt: skip


def test_the_public_edition_from_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "r.db")

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", db, *args])
        assert result.exit_code == 0, result.output
        return result.output

    run("init")
    run("scenario", "load", "karabakh-2020")
    run("corroborate")  # some events corroborated: published
    period = ["--from", "2020-11-10", "--to", "2023-12-31", "--exports"]
    run("report", *period, "-o", str(tmp_path / "whole.md"), "--format", "md")
    run("report", *period, "-o", str(tmp_path / "public.md"), "--format", "md", "--public")
    assert "Public edition" in (tmp_path / "public.md").read_text()
    assert "Public edition" not in (tmp_path / "whole.md").read_text()
    whole = json.loads((tmp_path / "whole.geojson").read_text())["features"]
    public = json.loads((tmp_path / "public.geojson").read_text())["features"]
    assert public and len(public) < len(whole)
    assert {f["properties"]["status"] for f in public} <= {"corroborated", "verified"}
