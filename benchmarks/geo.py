"""Geospatial benchmark: corridor analysis of 2,000,000 track points and triangulation.

    .venv/bin/python benchmarks/geo.py [--vehicles N] [--points N] [--estimates N]

The tracks are synthetic: vehicles driving the length of the karabakh-2020 Lachin
corridor with GPS noise, one in ten with a bypass of about 6 km. Timed in the same run:
the corridor analysis alone (``geo.tracks.excursions`` on arrays), the whole of what
``tracks analyse`` does from track point records (excursions from every corridor, dwells
at every site and checkpoint, passages for reconciliation), and shapely's raw
``contains_xy`` on the same points. The triangulation times ``geo.triangulate`` on three-bearing
firings with compass errors of a degree or two. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from datetime import UTC, datetime, timedelta

import numpy as np
import shapely

from ceasewatch.agreements.bundled import bundled
from ceasewatch.geo.measure import Frame
from ceasewatch.geo.tracks import ZoneTest, excursions
from ceasewatch.geo.triangulate import Sighting, triangulate
from ceasewatch.model import TrackPoint
from ceasewatch.workspace.geospatial import analyse


def tracks(zone_line: np.ndarray, vehicles: int, points: int, seed: int = 7):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    seglen = np.hypot(np.diff(zone_line[:, 0]), np.diff(zone_line[:, 1]))
    cum = np.concatenate([[0], np.cumsum(seglen)])
    u = np.linspace(0, 1, points)
    d = u * cum[-1]
    k = np.clip(np.searchsorted(cum, d) - 1, 0, len(zone_line) - 2)
    s = (d - cum[k]) / seglen[k]
    lon0 = zone_line[k, 0] + (zone_line[k + 1, 0] - zone_line[k, 0]) * s
    lat0 = zone_line[k, 1] + (zone_line[k + 1, 1] - zone_line[k, 1]) * s
    out = []
    for v in range(vehicles):
        lon = lon0 + rng.normal(0, 0.002, points)
        lat = lat0 + rng.normal(0, 0.002, points)
        if v % 10 == 0:
            lon[points * 2 // 5 : points // 2] += 0.07
        out.append((lon, lat))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vehicles", type=int, default=2000)
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--estimates", type=int, default=50_000)
    args = parser.parse_args()
    a = bundled("karabakh-2020")
    zone = next(z for z in a.zones if z.id == "lachin-corridor")
    frame = Frame.of(a.zones)
    test = ZoneTest(frame, zone)
    line = np.array(zone.geometry["coordinates"], dtype=float)  # type: ignore[index]
    data = tracks(line, args.vehicles, args.points)
    base = datetime(2022, 6, 14, tzinfo=UTC)
    times = [base + timedelta(seconds=10 * i) for i in range(args.points)]
    n = args.vehicles * args.points

    start = time.perf_counter()
    found = sum(len(excursions(test, times, lon, lat)) for lon, lat in data)
    ours = time.perf_counter() - start
    points = [
        TrackPoint(f"V{v}", t, float(la), float(lo))
        for v, (lon, lat) in enumerate(data)
        for t, lo, la in zip(times, lon, lat, strict=True)
    ]
    start = time.perf_counter()
    whole = analyse(a, points, [], 500.0)
    full = time.perf_counter() - start
    lons = np.concatenate([lon for lon, _ in data])
    lats = np.concatenate([lat for _, lat in data])
    start = time.perf_counter()
    shapely.contains_xy(test.shape, lons, lats)
    raw = time.perf_counter() - start

    rnd = random.Random(3)
    cases = []
    for _ in range(args.estimates):
        ox, oy = rnd.uniform(-3000, 3000), rnd.uniform(-3000, 3000)
        posts = [(rnd.uniform(-9000, 9000), rnd.uniform(-9000, 9000)) for _ in range(3)]
        cases.append(
            [
                Sighting(x, y, math.degrees(math.atan2(ox - x, oy - y)) % 360 + rnd.gauss(0, 1.5))
                for x, y in posts
            ]
        )
    start = time.perf_counter()
    placed = sum(triangulate(c).found for c in cases)
    tri = time.perf_counter() - start
    print(
        json.dumps(
            {
                "track_points": n,
                "excursions_found": found,
                "corridor_analysis_points_per_s": round(n / ours),
                "whole_tracks_analyse_points_per_s": round(n / full),
                "whole_analysis_excursions": len(whole.excursions),
                "whole_analysis_dwells": len(whole.dwells),
                "shapely_contains_xy_points_per_s": round(n / raw),
                "ratio_to_raw_contains_xy": round(ours / raw, 2),
                "triangulations": args.estimates,
                "origins_found": placed,
                "triangulations_per_s": round(args.estimates / tri),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
