"""The deadline rule: obligations overdue on the day judged, or done after their
deadline, and the records that show an obligation done."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from ceasewatch.agreements.calendar import Due, agreement_calendar, effective_day, resolve
from ceasewatch.assess.deadlines import TOO_VAGUE, wanted
from ceasewatch.assess.evidence import UNUSABLE, Item
from ceasewatch.assess.rules import Context, finding
from ceasewatch.geo.measure import Frame
from ceasewatch.model import (
    ClaimStatus,
    Finding,
    FindingStatus,
    Severity,
    TimePrecision,
    TimeSpan,
)
from ceasewatch.model.agreement import Agreement


@dataclass(frozen=True)
class Deadlines:
    """Obligations with a deadline: overdue as of the day judged when no record shows them
    done, or done after their deadline."""

    id: str = "deadline"
    version: str = "1"
    title: str = "Deadlines of hand-overs, withdrawals and exchanges"

    def run(self, ctx: Context) -> Iterator[Finding]:
        a = ctx.agreement
        as_of = ctx.as_of or max(
            (i.end or i.start for i in ctx.items if i.start), default=effective_day(a)
        )
        done, proof = _done(a, ctx.items)
        cal = agreement_calendar(a, as_of, done)
        for item in cal.items:
            if item.deadline is None:
                continue
            if item.status is Due.OVERDUE:
                summary = (
                    f"{item.party}: {item.summary or item.kind} was due by "
                    f"{item.deadline}; as of {as_of} no record shows it done"
                )
                period = TimeSpan(item.deadline, as_of, TimePrecision.DAY)
                yield finding(
                    self,
                    a,
                    f"overdue|{item.obligation}",
                    item.provision,
                    item.party,
                    [],
                    summary,
                    Severity.HIGH,
                    FindingStatus.ALLEGED,
                    period,
                )
            elif item.status is Due.DONE and item.done_on and item.done_on > item.deadline:
                shown = proof[item.obligation]
                summary = (
                    f"{item.party}: {item.summary or item.kind} done on "
                    f"{item.done_on}, {(item.done_on - item.deadline).days} day(s) after "
                    f"its deadline of {item.deadline}"
                )
                yield finding(
                    self,
                    a,
                    f"late|{item.obligation}",
                    item.provision,
                    item.party,
                    [shown],
                    summary,
                    Severity.LOW,
                )


def _done(a: Agreement, items: Sequence[Item]) -> tuple[dict[str, date], dict[str, Item]]:
    """Obligation id -> the first day a firm record shows it done, and that record."""
    frame = Frame.of(a.zones)
    done: dict[str, date] = {}
    proof: dict[str, Item] = {}
    showable = wanted(a)
    opens = {oid: start or effective_day(a) for oid, (start, _, _) in resolve(a).items()}
    weak = (
        ClaimStatus.ALLEGED.value,
        ClaimStatus.DENIED.value,
        ClaimStatus.SPECULATIVE.value,
        *UNUSABLE,
    )
    for i in items:
        if i.start is None or i.status in weak:
            continue
        for o, types in showable:
            if i.type_code not in types or i.start < opens[o.id]:
                continue
            if i.parties and o.party not in i.parties:
                continue
            if o.zones:
                if not i.located or i.precision in TOO_VAGUE:
                    continue
                assert i.lon is not None and i.lat is not None
                if not any(_at(frame, z, i.lon, i.lat) for z in o.zones if z in frame.shapes):
                    continue
            if o.id not in done or i.start < done[o.id]:
                done[o.id] = i.start
                proof[o.id] = i
    return done, proof


LINE_REACH_KM = 50.0  # how near a line zone (a line of contact) counts as "at" it


def _at(frame: Frame, zone: str, lon: float, lat: float) -> bool:
    """In an area zone; or, for a line zone, within ``LINE_REACH_KM`` of it."""
    if frame.shapes[zone].geom_type in ("LineString", "MultiLineString"):
        return frame.distance_km(zone, lon, lat) <= LINE_REACH_KM
    return frame.contains(zone, lon, lat)
