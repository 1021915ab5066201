"""``tracks import / analyse`` and ``observations triangulate`` end to end."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ceasewatch.cli import cli

# a van from Lachin that leaves the corridor westwards and comes back (illustrative)
GPX = """<?xml version="1.0"?>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>VAN-9</name><trkseg>
<trkpt lat="39.5988" lon="46.5504"><time>2023-01-10T10:00:00Z</time></trkpt>
<trkpt lat="39.6100" lon="46.5700"><time>2023-01-10T10:03:00Z</time></trkpt>
<trkpt lat="39.6300" lon="46.5300"><time>2023-01-10T10:10:00Z</time></trkpt>
<trkpt lat="39.6500" lon="46.5600"><time>2023-01-10T10:17:00Z</time></trkpt>
<trkpt lat="39.6620" lon="46.6270"><time>2023-01-10T10:25:00Z</time></trkpt>
</trkseg></trk></gpx>
"""


def test_tracks_and_triangulation(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", db_url, *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    run("init")
    run("scenario", "load", "karabakh-2020")
    gpx = tmp_path / "van.gpx"
    gpx.write_text(GPX)
    assert "stored 5 new point(s) of 1 vehicle(s)" in run("tracks", "import", str(gpx))
    assert "stored 0 new point(s)" in run("tracks", "import", str(gpx))  # stored once
    data = json.loads(run("tracks", "analyse", "--vehicle", "VAN-9", "--json"))
    [trip] = data[0]["excursions"]
    assert trip["bypass"] and trip["vehicle"] == "VAN-9" and trip["max_distance_m"] > 500
    everything = run("tracks", "analyse")
    assert "bypass of lachin-corridor: CONVOY-7" in everything
    assert "unrecorded passage: VAN-2 passed kornidzor-checkpoint" in everything
    found = json.loads(run("observations", "triangulate", "--json"))[0]
    placed = [f for f in found["firings"] if f["lat"] is not None]
    unmet = [f for f in found["firings"] if f["problem"]]
    assert placed[0]["observations"] == ["obs-001", "obs-002"]
    assert placed[0]["zones"]["area-of-responsibility"] == "inside"
    assert unmet[0]["observations"] == ["obs-003", "obs-004"] and "behind" in unmet[0]["problem"]


def test_event_zones_respect_the_precision_of_the_place(db_url: str) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db_url, "init"]).exit_code == 0
    assert runner.invoke(cli, ["--db", db_url, "scenario", "load", "karabakh-2020"]).exit_code == 0
    near = runner.invoke(cli, ["--db", db_url, "events", "zones", "scenario-karabakh-2020:pkc-010"])
    assert near.exit_code == 0, near.output
    assert "within 5,000 m" in near.stdout  # "near": it cannot prove it was in the corridor
    assert "lachin-corridor              uncertain" in near.stdout
    none = runner.invoke(cli, ["--db", db_url, "events", "zones", "scenario-karabakh-2020:pkc-003"])
    assert none.exit_code != 0 and "has no coordinates" in none.stderr
