"""Track files: GPX and CSV, cleaned; bad points named with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasewatch.errors import BatchRejected
from ceasewatch.ingest.tracks import clean, read_track_file

GPX = """<?xml version="1.0"?>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>CONVOY-9</name><trkseg>
<trkpt lat="39.6000" lon="46.5500"><time>2022-06-14T01:00:00Z</time></trkpt>
<trkpt lat="39.6100" lon="46.5600"><time>2022-06-14T01:05:00Z</time></trkpt>
<trkpt lat="39.6100" lon="46.5600"><time>2022-06-14T01:05:00Z</time></trkpt>
<trkpt lat="39.6300" lon="46.5800"><time>2022-06-14T01:40:00Z</time></trkpt>
<trkpt lat="39.6200" lon="46.5700"><time>2022-06-14T01:10:00Z</time></trkpt>
</trkseg></trk>
<trk><name>LONE</name><trkseg><trkpt lat="39.7" lon="46.7"><time>2022-06-14T02:00:00Z</time></trkpt></trkseg></trk>
</gpx>
"""


def test_gpx_sorted_deduplicated_gaps_marked_lone_points_skipped(tmp_path: Path) -> None:
    path = tmp_path / "c.gpx"
    path.write_text(GPX)
    report = clean(read_track_file(path))
    assert report.vehicles == {"CONVOY-9": 4}
    times = [p.time.minute for p in report.points]
    assert times == [0, 5, 10, 40]
    assert any("1 point(s) at a time already seen" in d for d in report.dropped)
    assert any("LONE: a single point is not a track" in d for d in report.dropped)
    assert [(v, a.minute, b.minute) for v, a, b in report.gaps] == [("CONVOY-9", 10, 40)]


def test_bad_points_are_named(tmp_path: Path) -> None:
    bad = GPX.replace(
        '2022-06-14T01:05:00Z</time></trkpt>\n<trkpt lat="39.6100"',
        '2022-06-14T1:05</time></trkpt>\n<trkpt lat="39.6100"',
        1,
    )
    bad = bad.replace('lat="39.6300"', 'lat="139.6300"')
    path = tmp_path / "b.gpx"
    path.write_text(bad)
    with pytest.raises(BatchRejected) as info:
        read_track_file(path)
    text = str(info.value)
    assert "b.gpx:4 time: '2022-06-14T1:05' is not an ISO date-time" in text
    assert "b.gpx:6 lat/lon: '139.63,46.58' is out of range" in text
    csv = tmp_path / "t.csv"
    csv.write_text("vehicle_id,time,lat,lon,speed\nV,2022-06-14T01:00:00Z,39.6,246.5,40\n")
    with pytest.raises(BatchRejected, match=r"t.csv:2 lon: '246.5'"):
        read_track_file(csv)
    kml = tmp_path / "x.kml"
    kml.write_text("<kml/>")
    with pytest.raises(BatchRejected, match="unknown suffix"):
        read_track_file(kml)
