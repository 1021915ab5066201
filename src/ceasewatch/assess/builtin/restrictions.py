"""The rules on the agreement's restrictions: prohibited cargo at a checkpoint or in a
zone, and restricted activity (weapon classes, say) within a zone's distance."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ceasewatch.agreements.calendar import restriction_start
from ceasewatch.assess.builtin.shared import _evidence_line, incidents
from ceasewatch.assess.deadlines import TOO_VAGUE
from ceasewatch.assess.evidence import Item
from ceasewatch.assess.rules import Context, finding
from ceasewatch.errors import RuleError
from ceasewatch.geo.measure import Frame
from ceasewatch.model import Finding, Severity
from ceasewatch.model.agreement import Agreement

CARGO_REACH_KM = 60.0
# which event types report which kinds of cargo
CARGO_TYPES = {
    "transfer.weapons": {"weapons", "ammunition", "military_personnel", "explosives", "mines"},
    "transfer.resources": {"mineral_ore", "metal_concentrate", "minerals", "gold", "timber"},
}


@dataclass(frozen=True)
class ProhibitedCargo:
    """Checkpoint records whose declared or observed cargo falls in a category a cargo
    restriction forbids in its zones, and reports of such transfers there."""

    id: str = "prohibited-cargo"
    version: str = "1"
    title: str = "Prohibited cargo at a checkpoint or in a zone"

    def run(self, ctx: Context) -> Iterator[Finding]:
        a = ctx.agreement
        frame = Frame.of(a.zones)
        crossings = {i.ref: i for i in ctx.items if i.kind == "crossing"}
        for r in a.restrictions:
            if r.kind != "cargo":
                continue
            if not r.zones:
                raise RuleError(
                    f"cargo restriction {r.id!r} names no zone", rule=self.id, provision=r.provision
                )
            basis = (
                "" if r.basis.value == "text" else f" (on a reading: {r.id} is an interpretation)"
            )
            severity = Severity.MEDIUM if r.basis.value == "text" else Severity.LOW
            wanted = set(r.categories)
            for ref, x in crossings.items():
                if not (x.unit and set(x.unit.split(";")) & wanted):
                    continue
                if not _in_zones(frame, a, x.claimant, r.zones) or not ctx.in_period(x):
                    continue
                summary = (
                    f"{x.text or ref}: carried {x.unit.replace(';', ', ')} through "
                    f"{x.claimant}, which restriction {r.id} forbids in "
                    f"{', '.join(r.zones)}{basis}"
                )
                party = r.parties[0] if len(r.parties) == 1 else None
                yield finding(self, a, f"{r.id}|{ref}", r.provision, party, [x], summary, severity)
            types = [t for t, cats in CARGO_TYPES.items() if cats & wanted]
            reports = [
                i
                for i in ctx.items
                if i.type_code in types
                and i.kind != "crossing"
                and ctx.in_period(i)
                and _near_zones(frame, i, r.zones)
            ]
            for group in incidents(reports, key="day"):
                party = next((p for i in group for p in i.perpetrators), None)
                summary = (
                    f"Reported transfer of {', '.join(sorted(wanted))} on "
                    f"{group[0].start} against restriction {r.id}{basis}; evidence: "
                    f"{_evidence_line(group)}"
                )
                yield finding(
                    self,
                    a,
                    f"{r.id}|report|{group[0].start}|{group[0].ref}",
                    r.provision,
                    party,
                    group,
                    summary,
                    severity,
                )


def _in_zones(frame: Frame, a: Agreement, checkpoint: str | None, zones: Sequence[str]) -> bool:
    """Whether a checkpoint (a zone id) lies in or touches one of *zones*."""
    shape = frame.shapes.get(checkpoint or "")
    if shape is None:
        return False
    return any(shape.intersects(frame.shapes[z]) for z in zones if z in frame.shapes)


def _near_zones(frame: Frame, i: Item, zones: Sequence[str]) -> bool:
    """An unplaced report counts (it names the zone's subject); a placed one must lie
    within ``CARGO_REACH_KM`` of a zone (a cargo report is often placed where the cargo
    comes from: the mine, the depot)."""
    if not i.located or i.precision in TOO_VAGUE:
        return True
    assert i.lon is not None and i.lat is not None
    return any(
        frame.distance_km(z, i.lon, i.lat) <= CARGO_REACH_KM for z in zones if z in frame.shapes
    )


@dataclass(frozen=True)
class RestrictedActivity:
    """Reports of a restricted category (weapon classes, say) inside the distance of the
    zones the restriction sets, after the restriction holds."""

    id: str = "restricted-activity"
    version: str = "1"
    title: str = "Restricted activity in a zone"

    def run(self, ctx: Context) -> Iterator[Finding]:
        a = ctx.agreement
        frame = Frame.of(a.zones)
        for r in a.restrictions:
            if r.kind != "activity":
                continue
            if not r.zones:
                raise RuleError(
                    f"activity restriction {r.id!r} names no zone",
                    rule=self.id,
                    provision=r.provision,
                )
            since = restriction_start(a, r)
            for i in ctx.items:
                if not (i.unit and i.unit in r.categories) or not ctx.in_period(i):
                    continue
                if i.type_code == "movement.withdrawal":
                    continue  # leaving the zone is what the restriction asks for
                if i.start is None or i.start < since or not i.located:
                    continue
                if i.precision in TOO_VAGUE:
                    continue
                assert i.lon is not None and i.lat is not None
                limit = r.within_km.get(i.unit)
                near = min(frame.distance_km(z, i.lon, i.lat) for z in r.zones)
                if limit is not None and near > limit:
                    continue
                party = (
                    i.perpetrators[0]
                    if i.perpetrators
                    else (i.participants[0] if i.participants else None)
                )
                if r.parties and party not in r.parties:
                    continue
                amount = f"{i.quantity:g} " if i.quantity else ""
                summary = f"{amount}{i.unit} {near:.0f} km from the line on {i.start}" + (
                    f", within the {limit:g} km restriction {r.id} sets"
                    if limit
                    else f", against restriction {r.id}"
                )
                yield finding(
                    self, a, f"{r.id}|{i.ref}", r.provision, party, [i], summary, Severity.HIGH
                )
