"""Tracks and bearings through the workspace."""

from __future__ import annotations

from ceasewatch.workspace import Workspace


def test_an_observation_without_a_bearing_is_skipped_with_the_reason(ws: Workspace) -> None:
    ws.load_scenario("minsk-2015")
    [(agreement, firings, skipped)] = ws.triangulate("minsk-2015")
    assert agreement == "minsk-2015" and firings == []
    assert skipped == ["smm-obs-001: no bearing, so it cannot place the origin"]


def test_scenario_tracks_against_corridor_and_checkpoints(ws: Workspace) -> None:
    ws.load_scenario("karabakh-2020")
    [(_, analysis)] = ws.analyse_tracks("karabakh-2020")
    bypasses = [(v, e) for _, v, e in analysis.excursions if e.rejoins]
    assert [v for v, _ in bypasses] == ["CONVOY-7"]
    _, convoy = bypasses[0]
    assert round(convoy.max_distance_m) == 2999 and convoy.duration_s == 998.0
    kinds = {(m.kind, m.vehicle) for m in analysis.mismatches}
    assert ("unrecorded_passage", "VAN-2") in kinds  # no crossing record for the van
    assert ("no_track", "ORE-TRUCK-4") in kinds  # a record with no track


def test_bearings_are_from_true_north(ws: Workspace) -> None:
    """The origin's geodesic azimuth from each post is the bearing the post gave."""
    from pyproj import Geod

    ws.load_scenario("karabakh-2020")
    [(_, firings, _)] = ws.triangulate("karabakh-2020")
    placed = next(f for f in firings if f.estimate.found)
    posts = {o.id: o for o in ws.observations()}
    geod = Geod(ellps="WGS84")
    for ref in placed.observations:
        o = posts[ref]
        azimuth, _, _ = geod.inv(o.position.lon, o.position.lat, placed.lon, placed.lat)
        assert abs((azimuth - (o.bearing_deg or 0) + 180) % 360 - 180) < 0.5


def test_analysis_of_one_vehicle_leaves_the_others_records_alone(ws: Workspace) -> None:
    ws.load_scenario("karabakh-2020")
    [(_, analysis)] = ws.analyse_tracks("karabakh-2020", vehicle="VAN-2")
    assert {m.vehicle for m in analysis.mismatches} == {"VAN-2"}


def test_the_same_instant_in_another_offset_is_stored_once(ws: Workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    gpx = tmp_path / "t.gpx"
    name = "\n  CONVOY-7\n"  # as an editor may lay it out
    gpx.write_text(
        f'<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><name>{name}</name><trkseg>'
        '<trkpt lat="39.8177" lon="46.7528"><time>2022-06-13T21:10:00Z</time></trkpt>'
        '<trkpt lat="39.9" lon="46.8"><time>2022-06-13T23:59:00Z</time></trkpt>'
        "</trkseg></trk></gpx>"
    )
    ws.load_scenario("karabakh-2020")
    report, new = ws.import_tracks([str(gpx)], vehicle="OTHER")
    assert list(report.vehicles) == ["CONVOY-7"]  # the file's own name wins, stripped
    assert new == 1  # 21:10Z is the scenario's 01:10+04:00
