"""Where fire came from: the least-squares origin of two or more observers' bearings.

Each observation is a point (the post) and a bearing (degrees clockwise from true north),
perhaps with a range of distances. In a metric frame each bearing is a ray; the origin is
the point that minimises the weighted sum of squared perpendicular distances to the
rays' lines, each weighted by the spread a bearing error of ``sigma_deg`` makes at the
distance the origin lies at. The uncertainty is the 95% ellipse of that estimate
(chi-square with 2 degrees of freedom: 5.991).

Bearings that cannot meet are reported, not forced: lines that are (nearly) parallel;
and an origin that would lie behind an observer (the rays diverge). An origin outside an
observer's stated distance range is kept but said so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

CHI2_95 = 5.991
PARALLEL_DEG = 2.0  # bearings closer than this give no usable crossing


@dataclass(frozen=True, slots=True)
class Sighting:
    """One observer's bearing, in metres in a local frame (x east, y north)."""

    x: float
    y: float
    bearing_deg: float
    distance_km: tuple[float, float] | None = None
    ref: str = ""


@dataclass(frozen=True, slots=True)
class Estimate:
    x: float | None  # metres in the frame; None when the bearings do not meet
    y: float | None
    semi_major_m: float | None = None
    semi_minor_m: float | None = None
    orientation_deg: float | None = None  # of the major axis, clockwise from north
    rms_m: float | None = None  # how far, on average, the bearings pass from the origin
    problem: str | None = None  # why there is no origin
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def found(self) -> bool:
        return self.x is not None


def _direction(bearing_deg: float) -> tuple[float, float]:
    b = math.radians(bearing_deg)
    return math.sin(b), math.cos(b)  # east, north


def _solve(
    rows: Sequence[tuple[float, float, float, float, float]],
) -> tuple[float, float, tuple[float, float, float]] | None:
    """Weighted least squares over (x, y, dx, dy, weight): the point and the inverse of the
    normal matrix (a, b, c for [[a, b], [b, c]]); None when the system is singular."""
    a11 = a12 = a22 = b1 = b2 = 0.0
    for x, y, dx, dy, w in rows:
        nx, ny = -dy, dx  # the line's normal
        a11 += w * nx * nx
        a12 += w * nx * ny
        a22 += w * ny * ny
        p = nx * x + ny * y
        b1 += w * nx * p
        b2 += w * ny * p
    det = a11 * a22 - a12 * a12
    if det <= 1e-12 * max(a11 * a22, 1e-300):
        return None
    inv = (a22 / det, -a12 / det, a11 / det)
    return inv[0] * b1 + inv[1] * b2, inv[1] * b1 + inv[2] * b2, inv


def triangulate(sightings: Sequence[Sighting], sigma_deg: float = 3.0) -> Estimate:
    """The origin of the bearings, with its 95% ellipse, or why there is none."""
    if len(sightings) < 2:
        return Estimate(None, None, problem="needs two or more bearings")
    dirs = [_direction(s.bearing_deg) for s in sightings]
    spread = max(
        abs((sightings[i].bearing_deg - sightings[j].bearing_deg + 90.0) % 180.0 - 90.0)
        for i in range(len(sightings))
        for j in range(i + 1, len(sightings))
    )
    if spread < PARALLEL_DEG:
        return Estimate(
            None,
            None,
            problem=f"the bearings are parallel (they differ by {spread:.1f} degrees at most)",
        )
    # first pass with equal weights, then weights for the distances found
    first = _solve([(s.x, s.y, d[0], d[1], 1.0) for s, d in zip(sightings, dirs, strict=True)])
    if first is None:
        return Estimate(None, None, problem="the bearings are parallel")
    x, y, _ = first
    sigma = math.radians(sigma_deg)
    rows = []
    for s, (dx, dy) in zip(sightings, dirs, strict=True):
        along = dx * (x - s.x) + dy * (y - s.y)
        if along <= 0:
            return Estimate(
                None,
                None,
                problem=f"the bearings do not meet ahead of the observers: the crossing lies "
                f"behind {s.ref or 'an observer'}",
            )
        spread_m = max(along * sigma, 10.0)
        rows.append((s.x, s.y, dx, dy, 1.0 / spread_m**2))
    second = _solve(rows)
    if second is None:
        return Estimate(None, None, problem="the bearings are parallel")
    x, y, (c11, c12, c22) = second
    # the ellipse: eigenvalues of the covariance
    half_trace = (c11 + c22) / 2
    root = math.sqrt(max(((c11 - c22) / 2) ** 2 + c12 * c12, 0.0))
    major, minor = half_trace + root, max(half_trace - root, 0.0)
    angle = 0.5 * math.atan2(2 * c12, c11 - c22)  # from the x (east) axis
    residuals = []
    notes = []
    for s, (dx, dy) in zip(sightings, dirs, strict=True):
        residuals.append(abs(-dy * (x - s.x) + dx * (y - s.y)))
        if s.distance_km is not None:
            km = math.hypot(x - s.x, y - s.y) / 1000.0
            low, high = s.distance_km
            if not low <= km <= high:
                notes.append(
                    f"{s.ref or 'an observer'} put it {low:g}-{high:g} km away; the bearings "
                    f"put it at {km:.1f} km"
                )
    return Estimate(
        x,
        y,
        math.sqrt(CHI2_95 * major),
        math.sqrt(CHI2_95 * minor),
        (90.0 - math.degrees(angle)) % 180.0,
        math.sqrt(sum(r * r for r in residuals) / len(residuals)),
        notes=tuple(notes),
    )
