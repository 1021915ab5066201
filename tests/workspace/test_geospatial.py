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
