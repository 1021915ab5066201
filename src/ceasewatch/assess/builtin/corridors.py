"""The corridor rule: vehicle tracks that leave an agreed corridor and come back into
it, and reports of roads that bypass it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ceasewatch.assess.builtin.shared import _evidence_line, _provision_of, incidents
from ceasewatch.assess.evidence import FIRST_HAND, Item
from ceasewatch.assess.rules import Context, finding
from ceasewatch.errors import RuleError
from ceasewatch.geo.measure import Frame
from ceasewatch.geo.tracks import ZoneTest, excursions
from ceasewatch.model import Family, Finding, FindingStatus, Severity
from ceasewatch.model.agreement import ObligationKind, ZoneKind


@dataclass(frozen=True)
class CorridorMovement:
    """Movement outside an agreed corridor: vehicle tracks that leave a corridor by more
    than a tolerance and come back into it (a bypass), and reports of bypass roads."""

    id: str = "corridor-movement"
    version: str = "1"
    title: str = "Movement outside an agreed corridor"
    tolerance_m: float = 500.0

    def run(self, ctx: Context) -> Iterator[Finding]:
        a = ctx.agreement
        corridors = [z for z in a.zones if z.kind is ZoneKind.CORRIDOR]
        if not corridors:
            return
        frame = Frame.of(a.zones)
        for z in corridors:
            provision, _ = _provision_of(
                a, {ObligationKind.CONTROL_CORRIDOR, ObligationKind.GUARANTEE_PASSAGE}, None, z.id
            )
            if provision is None:
                raise RuleError(
                    f"no obligation names the corridor zone {z.id!r}", rule=self.id, provision=None
                )
            test = ZoneTest(frame, z)
            for vehicle, points in sorted(ctx.tracks.items()):
                points = [p for p in points if ctx.covers(p.time.date())]
                times = [p.time for p in points]
                runs = excursions(
                    test,
                    times,
                    [p.lon for p in points],
                    [p.lat for p in points],
                    self.tolerance_m,
                )
                for run in runs:
                    if not run.rejoins or run.back_at is None:
                        continue
                    left = points[run.first]
                    back = next(p for p in points if p.time == run.back_at)
                    named = re.compile(rf"(?<![\w-]){re.escape(vehicle)}(?![\w-])")
                    linked = [
                        i
                        for i in ctx.items
                        if i.text
                        and named.search(i.text)
                        and i.start is not None
                        and abs((i.start - left.time.date()).days) <= 1
                    ]
                    escort = next((p for i in linked for p in i.participants), None)
                    track = Item(
                        f"track:{vehicle}",
                        "track",
                        "corridor.bypass",
                        Family.CORRIDOR_TRANSIT,
                        left.time.date(),
                        back.time.date(),
                        left.lat,
                        left.lon,
                        status=FIRST_HAND,
                    )
                    summary = (
                        f"{vehicle} left the corridor {z.name!r} at {left.time:%Y-%m-%d %H:%M} "
                        f"and was back in it at {back.time:%Y-%m-%d %H:%M}, up to "
                        f"{run.max_distance_m / 1000:.1f} km outside"
                        + (f"; escorted by {escort}" if escort else "")
                    )
                    yield finding(
                        self,
                        a,
                        f"track|{z.id}|{vehicle}|{left.time.isoformat()}",
                        provision.number,
                        escort,
                        [track, *linked],
                        summary,
                        Severity.HIGH,
                        FindingStatus.CONFIRMED,
                    )
            reports = [
                i for i in ctx.items if i.type_code == "corridor.bypass" and ctx.in_period(i)
            ]
            for group in incidents(reports, key="day"):
                party = next((p for i in group for p in i.perpetrators + i.participants), None)
                summary = (
                    f"Reported use of roads bypassing the corridor {z.name!r} on "
                    f"{group[0].start}; evidence: {_evidence_line(group)}"
                )
                yield finding(
                    self,
                    a,
                    f"report|{group[0].start}|{group[0].ref}",
                    provision.number,
                    party,
                    group,
                    summary,
                    Severity.MEDIUM,
                )
