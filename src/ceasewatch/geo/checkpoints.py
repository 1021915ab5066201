"""Checkpoint records against vehicle tracks: passages with no record, records with no
passage, and cargo seen that was not declared."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ceasewatch.geo.tracks import ZoneTest, first_pass
from ceasewatch.model import Crossing, TrackPoint

WINDOW = timedelta(hours=2)


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
    tracks: Mapping[str, Sequence[TrackPoint]],
    crossings: Sequence[Crossing],
    window: timedelta = WINDOW,
) -> list[Mismatch]:
    """Every mismatch between tracks and crossing records at the given checkpoints."""
    out: list[Mismatch] = []
    by_vehicle: dict[str, list[Crossing]] = {}
    for x in crossings:
        by_vehicle.setdefault(x.vehicle, []).append(x)
    seen: set[str] = set()
    for cp, test in sorted(checkpoints.items()):
        for vehicle, points in sorted(tracks.items()):
            at = first_pass(
                test, [p.time for p in points], [p.lon for p in points], [p.lat for p in points]
            )
            if at is None:
                continue
            matched = [
                x
                for x in by_vehicle.get(vehicle, [])
                if x.checkpoint == cp and abs(x.time - at) <= window
            ]
            if matched:
                seen.update(x.id for x in matched)
            else:
                out.append(
                    Mismatch(
                        "unrecorded_passage",
                        cp,
                        vehicle,
                        at,
                        f"{vehicle} passed {cp} at {at:%Y-%m-%d %H:%M} with no "
                        f"crossing record within {window}",
                    )
                )
    for x in crossings:
        if x.checkpoint in checkpoints and x.id not in seen:
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
