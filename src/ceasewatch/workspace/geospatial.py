"""Tracks and bearings as use cases: import tracks, analyse them against the agreement's
zones, reconcile them with checkpoint records, and triangulate fire from observations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection

from ceasewatch.geo.assign import assign
from ceasewatch.geo.checkpoints import Mismatch, as_track, reconcile
from ceasewatch.geo.measure import Frame
from ceasewatch.geo.tracks import Dwell, Excursion, ZoneTest, dwells, excursions
from ceasewatch.geo.triangulate import Estimate, Sighting, triangulate
from ceasewatch.ingest.tracks import TrackReport
from ceasewatch.model import Observation, TrackPoint
from ceasewatch.model.agreement import Agreement, ZoneKind
from ceasewatch.model.taxonomy import Taxonomy
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.store import records as repo
from ceasewatch.workspace.importing import Stamp
from ceasewatch.workspace.records import created


def store_tracks(conn: Connection, report: TrackReport, stamp: Stamp) -> int:
    """Store the points not stored yet; each in the ledger. Returns how many were new."""
    have = monitoring_repo.track_point_instants(conn, list(report.vehicles))
    rows = [
        monitoring_repo.track_point_row(p) for p in report.points if (p.vehicle, p.time) not in have
    ]
    repo.insert_rows(conn, "track_point", rows)
    ledger_repo.append(conn, created("track_point", rows, stamp))
    return len(rows)


@dataclass
class TrackAnalysis:
    excursions: list[tuple[str, str, Excursion]] = field(default_factory=list)  # zone, vehicle
    dwells: list[tuple[str, Dwell]] = field(default_factory=list)  # vehicle
    mismatches: list[Mismatch] = field(default_factory=list)
    vehicles: int = 0
    points: int = 0


def analyse(
    agreement: Agreement,
    points: Sequence[TrackPoint],
    crossings: Sequence[Any],
    tolerance_m: float,
    min_dwell_s: float = 300.0,
) -> TrackAnalysis:
    frame = Frame.of(agreement.zones)
    corridors = [z for z in agreement.zones if z.kind is ZoneKind.CORRIDOR]
    sites = [z for z in agreement.zones if z.kind in (ZoneKind.SITE, ZoneKind.CHECKPOINT)]
    tests = {z.id: ZoneTest(frame, z) for z in corridors + sites}
    west, south, east, north = _extent(agreement)
    tracks: dict[str, list[TrackPoint]] = defaultdict(list)
    for p in points:
        tracks[p.vehicle].append(p)
    tracks = {  # vehicles that come within a degree of the agreement's zones
        v: pts
        for v, pts in tracks.items()
        if any(west <= q.lon <= east and south <= q.lat <= north for q in pts)
    }
    out = TrackAnalysis(vehicles=len(tracks), points=sum(len(p) for p in tracks.values()))
    arrays = {}
    for vehicle, pts in sorted(tracks.items()):
        pts.sort(key=attrgetter("time"))
        times, lons, lats = arrays[vehicle] = as_track(pts)
        for z in corridors:
            for e in excursions(tests[z.id], times, lons, lats, tolerance_m):
                out.excursions.append((z.id, vehicle, e))
        for z in sites:
            for d in dwells(tests[z.id], times, lons, lats, min_dwell_s):
                out.dwells.append((vehicle, d))
    checkpoints = {z.id: tests[z.id] for z in sites if z.kind is ZoneKind.CHECKPOINT}
    out.mismatches = reconcile(checkpoints, arrays, crossings)
    return out


def _extent(agreement: Agreement, margin: float = 1.0) -> tuple[float, float, float, float]:
    from ceasewatch.geo.measure import zones_box

    # an agreement with no zones: the whole world, with the margin as before
    return zones_box(agreement, margin) or (
        -180.0 - margin,
        -90.0 - margin,
        180.0 + margin,
        90.0 + margin,
    )


@dataclass
class Firing:
    """Observations of one firing, and where the bearings put its origin."""

    observations: list[str]
    estimate: Estimate
    lon: float | None = None
    lat: float | None = None
    zones: list[tuple[str, str]] = field(default_factory=list)  # (zone, inside/left/...)


def firings(
    agreement: Agreement,
    observations: Sequence[Observation],
    taxonomy: Taxonomy,
    window: timedelta,
) -> tuple[list[Firing], list[str]]:
    """Groups of observations of one firing (violations that overlap in time, within
    *window*), each triangulated; and the observations left out, with the reason."""
    skipped = []
    usable = []
    west, south, east, north = _extent(agreement)
    for o in sorted(observations, key=lambda o: o.start):
        if taxonomy.get(o.type_code).family.value != "ceasefire_violation":
            continue
        if o.bearing_deg is None:
            skipped.append(f"{o.id}: no bearing, so it cannot place the origin")
            continue
        if o.position.lat is None or o.position.lon is None:
            skipped.append(f"{o.id}: the observer's position is not known")
            continue
        if not (west <= o.position.lon <= east and south <= o.position.lat <= north):
            continue  # another agreement's ground
        usable.append(o)
    groups: list[list[Observation]] = []
    for o in usable:
        if groups and o.start <= max(g.end for g in groups[-1]) + window:
            groups[-1].append(o)
        else:
            groups.append([o])
    frame = Frame.of(agreement.zones)
    out = []
    for g in groups:
        if len({o.observer for o in g}) < 2:
            skipped.append(
                f"{', '.join(o.id for o in g)}: one observer only; a bearing "
                "needs a second to cross"
            )
            continue
        lons = [o.position.lon or 0.0 for o in g]
        lats = [o.position.lat or 0.0 for o in g]
        # bearings are from true north: measure in a frame whose north is true north at
        # the observers (azimuthal equidistant, centred among them), not on the UTM grid
        local = Frame.local(sum(lons) / len(lons), sum(lats) / len(lats))
        xs, ys = local.xy(lons, lats)
        sightings = [
            Sighting(float(x), float(y), o.bearing_deg or 0.0, o.distance_km, o.id)
            for o, x, y in zip(g, xs, ys, strict=True)
        ]
        est = triangulate(sightings)
        firing = Firing([o.id for o in g], est)
        if est.found:
            assert est.x is not None and est.y is not None
            firing.lon, firing.lat = local.lonlat(est.x, est.y)
            firing.zones = [
                (a.zone, a.status)
                for a in assign(frame, firing.lon, firing.lat, est.semi_major_m or 0.0)
                if a.status not in ("outside",)
            ]
        out.append(firing)
    return out, skipped
