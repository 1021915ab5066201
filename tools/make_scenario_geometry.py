"""Compute the geometric parts of the illustrative karabakh-2020 scenario.

Run once by hand (python tools/make_scenario_geometry.py); it prints tracks.csv and the
bearing/distance columns used in observations.csv, so that the numbers in those files can
be checked and re-made. Everything it makes is illustrative.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from itertools import pairwise

from pyproj import Geod

GEOD = Geod(ellps="WGS84")
TZ = timezone(timedelta(hours=4))
CORRIDOR = [
    (46.33816, 39.51288),  # Goris
    (46.531111, 39.548056),  # Kornidzor
    (46.54333, 39.58972),  # Zabukh
    (46.5504, 39.5988),  # Lachin
    (46.6500, 39.6800),
    (46.7300, 39.7900),
    (46.7528, 39.8177),  # Khankendi
]


def densify(points, step_km):
    out = [points[0]]
    for (x0, y0), (x1, y1) in pairwise(points):
        az, _, dist = GEOD.inv(x0, y0, x1, y1)
        n = max(1, int(dist / 1000 / step_km))
        for k in range(1, n + 1):
            lon, lat, _ = GEOD.fwd(x0, y0, az, dist * k / n)
            out.append((lon, lat))
    return out


def offset(lon, lat, bearing, km):
    x, y, _ = GEOD.fwd(lon, lat, bearing, km * 1000)
    return x, y


def track(vehicle, points, start, speed_kmh):
    rows, t = [], start
    for i, (lon, lat) in enumerate(points):
        if i:
            _, _, d = GEOD.inv(points[i - 1][0], points[i - 1][1], lon, lat)
            t += timedelta(hours=d / 1000 / speed_kmh)
        rows.append(
            f"{vehicle},{t.isoformat(timespec='seconds')},{lat:.5f},{lon:.5f},{speed_kmh},yes"
        )
    return rows


def main() -> None:
    print("vehicle_id,time,lat,lon,speed,illustrative")
    # 1. A convoy from Khankendi to Kornidzor that leaves the road between the two bends on a
    #    dirt track about 5 km to the north-west and rejoins it (the bypass case).
    north = list(reversed(CORRIDOR))  # Khankendi first
    a, b = north[1], north[2]  # the two bends, going south-west
    az, _, dist = GEOD.inv(a[0], a[1], b[0], b[1])
    side = az + 90  # right of the direction of travel: north-west
    detour = [
        offset(*GEOD.fwd(a[0], a[1], az, dist * f)[:2], side, km)
        for f, km in ((0.2, 1.5), (0.35, 4.5), (0.5, 5.5), (0.65, 4.5), (0.8, 1.5))
    ]
    convoy = densify(north[:2], 2) + detour + densify([b, *north[3:]], 2)
    for row in track("CONVOY-7", convoy, datetime(2022, 6, 14, 1, 10, tzinfo=TZ), 30):
        print(row)
    # 2. An ore truck from the Drmbon mine to Khankendi and down the corridor to Kornidzor.
    mine = (46.6075, 40.14667)
    ore = densify([mine, (46.70, 40.00), (46.7528, 39.8177)], 3) + densify(north[1:6], 3)[1:]
    for row in track("ORE-TRUCK-3", ore, datetime(2021, 9, 8, 6, 0, tzinfo=TZ), 40):
        print(row)
    # 3. A van that goes through the checkpoint with no crossing record.
    van = densify([north[3], north[4], north[5], north[6]], 2)
    for row in track("VAN-2", van, datetime(2022, 2, 3, 14, 0, tzinfo=TZ), 50):
        print(row)

    # Bearings and distances from two posts to one firing position, and a pair that
    # cannot meet (both posts looking away from each other's lines).
    origin = (46.9150, 39.8600)
    posts = {"OP-5": (46.87417, 39.7525), "OP-12": (46.8400, 39.9500)}
    for name, (lon, lat) in posts.items():
        az, _, d = GEOD.inv(lon, lat, *origin)
        print(f"# {name}: bearing {az % 360:.0f} deg, distance {d / 1000:.1f} km", file=sys.stderr)
    print(f"# origin {origin}", file=sys.stderr)


if __name__ == "__main__":
    main()
