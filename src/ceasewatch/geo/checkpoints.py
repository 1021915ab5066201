"""Checkpoint records against vehicle tracks: passages with no record, records with no
passage, and cargo seen that was not declared."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from ceasewatch.geo.tracks import ZoneTest, passes_at
from ceasewatch.model import Crossing, TrackPoint

WINDOW = timedelta(hours=2)
Track = tuple[Sequence[datetime], Any, Any]  # times, longitudes, latitudes (arrays)


def as_track(points: Sequence[TrackPoint] | Track) -> Track:
    """A track as (times, lon array, lat array), from points or as it is."""
    if isinstance(points, tuple):
        return points
    return (
        [p.time for p in points],
        np.fromiter((p.lon for p in points), float, len(points)),
        np.fromiter((p.lat for p in points), float, len(points)),
    )


@dataclass(frozen=True, slots=True)
class Mismatch:
    kind: str  # unrecorded_passage, no_track, undeclared_cargo
    checkpoint: str
    vehicle: str
    time: datetime
    detail: str
    crossing: str | None = None


def reconcile(
    checkpoints: Mapping[str, ZoneTest],
    tracks: Mapping[str, Any],  # vehicle -> its points, or its Track arrays
    crossings: Sequence[Crossing],
    window: timedelta = WINDOW,
) -> list[Mismatch]:
    """Every mismatch between tracks and crossing records at the given checkpoints. Each
    passage is matched to at most one record of that vehicle and checkpoint, the nearest
    in time within *window*, and each record to at most one passage."""
    out: list[Mismatch] = []
    records: dict[tuple[str, str], list[Crossing]] = {}
    for x in crossings:
        if x.checkpoint in checkpoints:
            records.setdefault((x.vehicle, x.checkpoint), []).append(x)
    matched: set[str] = set()
    for cp, test in sorted(checkpoints.items()):
        for vehicle, points in sorted(tracks.items()):
            times, lons, lats = as_track(points)
            for at in passes_at(test, times, lons, lats):
                free = [
                    x
                    for x in records.get((vehicle, cp), [])
                    if x.id not in matched and abs(x.time - at) <= window
                ]
                if free:
                    matched.add(min(free, key=lambda x: abs(x.time - at)).id)
                    continue
                out.append(
                    Mismatch(
                        "unrecorded_passage",
                        cp,
                        vehicle,
                        at,
                        f"{vehicle} passed {cp} at {at:%Y-%m-%d %H:%M %z} with no "
                        f"crossing record within {window}",
                    )
                )
    for x in crossings:
        if x.checkpoint not in checkpoints:
            continue
        if x.id not in matched:
            why = (
                "no track of this vehicle"
                if x.vehicle not in tracks
                else f"its track does not pass {x.checkpoint} within {window}"
            )
            out.append(
                Mismatch(
                    "no_track", x.checkpoint, x.vehicle, x.time, f"crossing {x.id}: {why}", x.id
                )
            )
        if x.observed is not None:
            declared = {c.category for c in x.declared}
            hidden = sorted({c.category for c in x.observed} - declared)
            if hidden:
                out.append(
                    Mismatch(
                        "undeclared_cargo",
                        x.checkpoint,
                        x.vehicle,
                        x.time,
                        f"crossing {x.id}: seen but not declared: {', '.join(hidden)}",
                        x.id,
                    )
                )
    return sorted(out, key=lambda m: (m.time, m.vehicle, m.kind))
