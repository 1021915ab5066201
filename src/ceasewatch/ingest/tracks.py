"""Vehicle tracks from GPX files and from CSV (vehicle_id, time, lat, lon[, speed]).

``read_track_file`` reads either, names every bad row or point (file, line, field, value,
what was expected) and raises them together; ``clean`` then sorts each vehicle's points
by time, drops repeated times (keeping the first), skips tracks of a single point, and
marks the gaps longer than ``max_gap``. What it dropped or skipped is reported with the
reason.
"""

from __future__ import annotations

import io
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from ceasewatch.errors import BatchRejected, ParseError, Problem
from ceasewatch.ingest.monitoring import read_tracks
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.ingest.texts import decode, parse_xml
from ceasewatch.model import TrackPoint

GPX = "{http://www.topografix.com/GPX/1/1}"
GPX10 = "{http://www.topografix.com/GPX/1/0}"


@dataclass
class TrackReport:
    points: list[TrackPoint] = field(default_factory=list)
    vehicles: dict[str, int] = field(default_factory=dict)  # vehicle -> points kept
    dropped: list[str] = field(default_factory=list)  # what was left out, and why
    gaps: list[tuple[str, datetime, datetime]] = field(default_factory=list)


def _gpx_points(raw: bytes, file: str, log: ProblemLog, vehicle: str | None) -> list[TrackPoint]:
    root = parse_xml(raw, file, "GPX file")
    ns = GPX if root.tag.startswith(GPX) else GPX10 if root.tag.startswith(GPX10) else ""
    out: list[TrackPoint] = []
    tracks = root.findall(f"{ns}trk")
    if not tracks:
        raise ParseError(f"{file}: no <trk> element; expected a GPX track", file=file)
    for n, trk in enumerate(tracks, start=1):
        name = (trk.findtext(f"{ns}name") or "").strip() or vehicle or f"{Path(file).stem}-{n}"
        for pt in trk.iter(f"{ns}trkpt"):
            line = pt.sourceline
            when = pt.findtext(f"{ns}time")
            try:
                lat = float(pt.get("lat", ""))
                lon = float(pt.get("lon", ""))
            except ValueError:
                log.add(
                    line, "lat/lon", f"{pt.get('lat')},{pt.get('lon')}", "expected decimal degrees"
                )
                continue
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                log.add(line, "lat/lon", f"{lat},{lon}", "is out of range (lat ±90, lon ±180)")
                continue
            if not when:
                log.add(line, "time", None, "is missing; every track point needs a time")
                continue
            try:
                moment = datetime.fromisoformat(when.strip().replace("Z", "+00:00"))
            except ValueError:
                log.add(line, "time", when, "is not an ISO date-time")
                continue
            if moment.tzinfo is None:
                log.add(line, "time", when, "has no time zone; expected UTC ('Z') or an offset")
                continue
            out.append(TrackPoint(name, moment, lat, lon))
    return out


def read_track_file(path: str | Path, vehicle: str | None = None) -> list[TrackPoint]:
    """The points of a .gpx or .csv track file, or ``BatchRejected`` with every problem."""
    path = Path(path)
    file = str(path)
    log = ProblemLog(file)
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".gpx":
        points = _gpx_points(raw, file, log, vehicle)
    elif suffix == ".csv":
        points = [p for _, p in read_tracks(io.StringIO(decode(raw, file)), file, log)]
    else:
        raise BatchRejected(
            [Problem(file, None, None, None, "has an unknown suffix; expected .gpx or .csv")],
            file=file,
        )
    log.raise_if_any()
    return points


def clean(points: Iterable[TrackPoint], max_gap: timedelta = timedelta(minutes=10)) -> TrackReport:
    """Each vehicle's points in time order, once per time; gaps marked; lone points left."""
    by_vehicle: dict[str, list[TrackPoint]] = defaultdict(list)
    for p in points:
        by_vehicle[p.vehicle].append(p)
    report = TrackReport()
    for vehicle, pts in sorted(by_vehicle.items()):
        pts.sort(key=lambda p: p.time)
        kept = [pts[0]]
        repeated = 0
        for p in pts[1:]:
            if p.time == kept[-1].time:
                repeated += 1
                continue
            kept.append(p)
        if repeated:
            report.dropped.append(f"{vehicle}: {repeated} point(s) at a time already seen")
        if len(kept) < 2:
            report.dropped.append(f"{vehicle}: a single point is not a track; skipped")
            continue
        for a, b in itertools.pairwise(kept):
            if b.time - a.time > max_gap:
                report.gaps.append((vehicle, a.time, b.time))
        report.points.extend(kept)
        report.vehicles[vehicle] = len(kept)
    return report
