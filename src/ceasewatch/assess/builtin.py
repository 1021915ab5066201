"""The built-in compliance rules.

Each rule reads only the agreement's data (obligation kinds, zones and their kinds,
restrictions, missions and their mandates) and the evidence; none names a party, a
place or a conflict. See docs/assess.md for what each one judges and how.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from math import cos, radians, sqrt

from ceasewatch.agreements.calendar import (
    Due,
    agreement_calendar,
    effective_day,
    mission_active,
    mission_term,
    resolve,
    restriction_start,
)
from ceasewatch.assess.deadlines import TOO_VAGUE, wanted
from ceasewatch.assess.evidence import FIRM, FIRST_HAND, UNUSABLE, Item, origin, status_of
from ceasewatch.assess.rules import Context, Rule, casualties, finding
from ceasewatch.errors import RuleError
from ceasewatch.geo.measure import Frame
from ceasewatch.geo.tracks import ZoneTest, excursions
from ceasewatch.model import (
    ClaimStatus,
    Family,
    Finding,
    FindingStatus,
    Severity,
    TimePrecision,
    TimeSpan,
)
from ceasewatch.model.agreement import (
    Agreement,
    MandateTaskKind,
    Mission,
    ObligationKind,
    Provision,
    ZoneKind,
)

INCIDENT_KM = 30.0  # reports of one party's fire on one day this close are one incident
HEAVY = ("cfv.shelling", "cfv.drone")


def _km(a: Item, b: Item) -> float:
    """Distance in km (an equirectangular approximation: well under 1% off at 30 km)."""
    if not (a.located and b.located):
        return 0.0
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    dx = (b.lon - a.lon) * cos(radians((a.lat + b.lat) / 2)) * 111.32
    dy = (b.lat - a.lat) * 110.57
    return sqrt(dx * dx + dy * dy)


def incidents(
    items: Iterable[Item], key: str = "perpetrator", party_of: dict[str, str | None] | None = None
) -> list[list[Item]]:
    """Items grouped into incidents: the same party (``party_of`` may name it, else the
    first perpetrator), the same first day, within 30 km of the incident's first placed
    report (an item with no place joins the day's first incident). With ``key="day"`` the
    party is not considered."""
    buckets: dict[tuple[str | None, date | None], list[tuple[Item | None, list[Item]]]] = (
        defaultdict(list)
    )
    for i in sorted(items, key=lambda x: (x.start or date.min, x.ref)):
        if key != "perpetrator":
            party = None
        elif party_of is not None and i.ref in party_of:
            party = party_of[i.ref]
        else:
            party = i.perpetrators[0] if i.perpetrators else None
        groups = buckets[(party, i.start)]
        for n, (anchor, members) in enumerate(groups):
            if not i.located:
                members.append(i)
                break
            if anchor is None:
                groups[n] = (i, members)
                members.append(i)
                break
            if _km(anchor, i) <= INCIDENT_KM:
                members.append(i)
                break
        else:
            groups.append((i if i.located else None, [i]))
    return [members for groups in buckets.values() for _, members in groups]


def _provision_of(
    agreement: Agreement, kinds: set[ObligationKind], party: str | None, zone: str | None = None
) -> tuple[Provision | None, str | None]:
    """The provision (and obligation id) that binds *party* to an obligation of these kinds,
    preferring one that names *zone*."""
    found: tuple[Provision | None, str | None] = (None, None)
    for p, o in agreement.obligations():
        if agreement.kind_of(o) not in kinds or (party is not None and o.party != party):
            continue
        if zone is None or zone in o.zones:
            return p, o.id
        if found[0] is None:
            found = (p, o.id)
    return found


def _evidence_line(items: Sequence[Item]) -> str:
    by_kind: dict[str, int] = defaultdict(int)
    for i in items:
        label = i.kind if i.kind != "claim" else f"{i.status} claim"
        by_kind[label] += 1
    return ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in sorted(by_kind.items()))


# -- ceasefire violations ---------------------------------------------------------------


@dataclass(frozen=True)
class CeasefireViolation:
    """Violation-family reports after the effective time, attributed to a party bound to
    cease fire; one finding per incident. Reports that name no perpetrator give one
    finding per incident with no party, so that the mission's record can be judged."""

    id: str = "ceasefire-violation"
    version: str = "1"
    title: str = "Ceasefire violation by a party"

    def run(self, ctx: Context) -> Iterator[Finding]:
        a = ctx.agreement
        bound = {
            o.party: p for p, o in a.obligations() if a.kind_of(o) is ObligationKind.CEASE_FIRE
        }
        if not bound:
            raise RuleError(
                "the agreement binds no party to an obligation of kind cease_fire",
                rule=self.id,
            )
        start = effective_day(a)
        reports = [
            i
            for i in ctx.of_families("ceasefire_violation", "armed_clash")
            if i.start is not None
            and i.start >= start
            and i.status != ClaimStatus.SPECULATIVE.value
            and (i.family is Family.CEASEFIRE_VIOLATION or self.between_bound(i, set(bound)))
        ]
        party_of = {i.ref: self.perpetrator(i, set(bound)) for i in reports}
        for group in _merge_unattributed(incidents(reports, party_of=party_of), party_of):
            party = party_of[group[0].ref]
            if party is not None and party not in bound:
                continue
            attributing = [
                i
                for i in group
                if party_of[i.ref] == party and i.status != ClaimStatus.DENIED.value
            ]
            if not attributing:
                continue  # a denial of something nobody here reports
            provision = bound[party].number if party else next(iter(bound.values())).number
            kinds = sorted({i.type_code for i in group})
            denials = [i for i in group if i.status == ClaimStatus.DENIED.value]
            severity = (
                Severity.HIGH
                if any(i.killed for i in group) or any(k in HEAVY for k in kinds)
                else Severity.MEDIUM
            )
            who = f"by {party}" if party else "by an unnamed party"
            summary = (
                f"Ceasefire violation {who} on {group[0].start}: {', '.join(kinds)}"
                f"{casualties(group)}; evidence: {_evidence_line(group)}"
                + (
                    f"; denied by {', '.join(sorted({d.claimant or '?' for d in denials}))}"
                    if denials
                    else ""
                )
            )
            yield finding(
                self,
                a,
                f"{party}|{group[0].start}|{group[0].ref}",
                provision,
                party,
                group,
                summary,
                severity,
                attributed_status(attributing, group, party, ctx.first_hand),
            )

    @staticmethod
    def between_bound(i: Item, bound: set[str]) -> bool:
        """An armed clash is a violation when both its sides are parties bound to cease
        fire, and not the same one."""
        side = i.perpetrators[0] if i.perpetrators else None
        return side in bound and any(t in bound and t != side for t in i.targets)

    @staticmethod
    def perpetrator(i: Item, bound: set[str]) -> str | None:
        """The party a report blames: the one it names; else, between exactly two bound
        parties, the claimant's adversary (or, in a denial, the claimant itself)."""
        if i.perpetrators:
            return i.perpetrators[0]
        if len(bound) != 2 or i.claimant not in bound or i.kind != "claim":
            return None
        if i.status == ClaimStatus.DENIED.value:
            return i.claimant
        return next(p for p in bound if p != i.claimant)


def attributed_status(
    attributing: Sequence[Item],
    group: Sequence[Item],
    party: str | None,
    first_hand: frozenset[str],
) -> FindingStatus:
    """How sure a finding against *party* is: only the reports that blame it can make it
    confirmed or substantiated; reports that blame nobody corroborate that the incident
    happened, which lifts firm attribution by one side to substantiated, never further."""
    if party is None:
        return status_of([i for i in group if i.status != ClaimStatus.DENIED.value], first_hand)
    own = status_of(attributing, first_hand)
    if own is not FindingStatus.ALLEGED:
        return own
    firm = any(i.status in FIRM for i in attributing)
    others = [i for i in group if i not in attributing and i.status != ClaimStatus.DENIED.value]
    if firm and others and status_of(others, first_hand) is not FindingStatus.ALLEGED:
        return FindingStatus.SUBSTANTIATED
    if firm and any(i.kind == "claim" and i.status in FIRM for i in others):
        corroborating = {origin(i) for i in others if i.status in FIRM} - {
            origin(i) for i in attributing
        }
        if corroborating:
            return FindingStatus.SUBSTANTIATED
    return FindingStatus.ALLEGED


def _merge_unattributed(
    groups: list[list[Item]], party_of: dict[str, str | None]
) -> list[list[Item]]:
    """A report that blames nobody joins the one incident blamed on a party that day and
    within reach; it corroborates that something happened, not who did it."""
    attributed = [
        g
        for g in groups
        if party_of[g[0].ref] is not None and any(i.status != ClaimStatus.DENIED.value for i in g)
    ]
    out = [g for g in groups if party_of[g[0].ref] is not None]
    for g in groups:
        if party_of[g[0].ref] is not None:
            continue
        near = [
            a
            for a in attributed
            if a[0].start == g[0].start
            and all(_km(i, j) <= INCIDENT_KM for i in g for j in a if i.located and j.located)
        ]
        if len(near) == 1:
            near[0].extend(g)
        else:
            out.append(g)
    return out


# -- corridors ----------------------------------------------------------------------------


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


# -- cargo and activities the agreement forbids --------------------------------------------

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


# -- obstruction --------------------------------------------------------------------------

_OBSTRUCTED = {
    "obstruction.mission": ({ObligationKind.ALLOW_MONITORING}, "the monitoring mission"),
    "obstruction.movement": (
        {
            ObligationKind.GUARANTEE_PASSAGE,
            ObligationKind.UNBLOCK_TRANSPORT,
            ObligationKind.HUMANITARIAN_ACCESS,
        },
        "agreed free movement",
    ),
    "obstruction.blockade": (
        {
            ObligationKind.GUARANTEE_PASSAGE,
            ObligationKind.UNBLOCK_TRANSPORT,
            ObligationKind.HUMANITARIAN_ACCESS,
        },
        "agreed free movement",
    ),
    "obstruction.humanitarian": (
        {
            ObligationKind.HUMANITARIAN_ACCESS,
            ObligationKind.GUARANTEE_PASSAGE,
            ObligationKind.UNBLOCK_TRANSPORT,
        },
        "humanitarian aid",
    ),
    "obstruction.journalists": (set(), "journalists"),
}


@dataclass(frozen=True)
class Obstruction:
    """Obstruction of the mission, of monitors, of journalists and of agreed free
    movement, against the provision that protects it where the agreement has one."""

    id: str = "obstruction"
    version: str = "1"
    title: str = "Obstruction"

    def run(self, ctx: Context) -> Iterator[Finding]:
        a = ctx.agreement
        by_type: dict[str, list[Item]] = defaultdict(list)
        for i in ctx.of_families("obstruction"):
            by_type[i.type_code].append(i)
        for code, items in sorted(by_type.items()):
            kinds, whom = _OBSTRUCTED.get(code, (set(), "others"))
            for group in incidents(items):
                party = group[0].perpetrators[0] if group[0].perpetrators else None
                provision, _ = _provision_of(a, kinds, party) if kinds else (None, None)
                note = ""
                if provision is None and kinds:
                    provision, _ = _provision_of(a, kinds, None)
                    if provision is not None:
                        note = f" (provision {provision.number} binds other parties, not {party})"
                subject = provision.number if provision else "none"
                if provision is None:
                    note = " (no provision of the agreement covers it)"
                who = party or "an unnamed party"
                summary = (
                    f"Obstruction of {whom} by {who} on {group[0].start}{note}; "
                    f"evidence: {_evidence_line(group)}"
                )
                yield finding(
                    self,
                    a,
                    f"{code}|{party}|{group[0].start}|{group[0].ref}",
                    subject,
                    party,
                    group,
                    summary,
                    Severity.MEDIUM,
                )


# -- deadlines ----------------------------------------------------------------------------


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


# -- the mission against its mandate --------------------------------------------------------

TASK_OF: dict[str, MandateTaskKind | None] = {
    "mission.observation_post": MandateTaskKind.OBSERVATION_POST,
    "mission.patrol": MandateTaskKind.PATROL,
    "mission.escort": MandateTaskKind.ESCORT,
    "mission.checkpoint": MandateTaskKind.CHECKPOINT_CONTROL,
    "mission.demining": MandateTaskKind.DEMINING,
    "mission.investigation": MandateTaskKind.INVESTIGATE,
    "mission.mediation": MandateTaskKind.MEDIATION,
    "mission.humanitarian": MandateTaskKind.HUMANITARIAN_ASSISTANCE,
    "humanitarian.delivery": MandateTaskKind.HUMANITARIAN_ASSISTANCE,
    "humanitarian.evacuation": MandateTaskKind.HUMANITARIAN_ASSISTANCE,
    "humanitarian.return": MandateTaskKind.HUMANITARIAN_ASSISTANCE,
    "mission.religious_cultural": None,
    "mission.education": None,
}
# a task the mandate names covers these too
ALSO_COVERS = {
    MandateTaskKind.FACILITATE_DIALOGUE: {MandateTaskKind.MEDIATION},
    MandateTaskKind.MONITOR_CEASEFIRE: {MandateTaskKind.INVESTIGATE},
}


def active_days(m: Mission) -> Callable[[date], bool]:
    """``mission_active`` for *m*, each day worked out once: a rule asks it of every
    item, and millions of items fall on a few thousand days."""
    known: dict[date, bool] = {}

    def active(day: date) -> bool:
        found = known.get(day)
        if found is None:
            found = known[day] = mission_active(m, day)
        return found

    return active


def mission_items(m: Mission, items: Iterable[Item]) -> Iterator[Item]:
    """The records of the mission's own activity: mission types, and aid it took part in."""
    for i in items:
        mine = m.id in i.parties or m.contributor in i.parties
        if i.type_code.startswith("mission.") and i.type_code != "mission.strength_report":
            if not i.parties or mine or i.kind == "claim":
                yield i
        elif i.type_code in TASK_OF and mine:
            yield i


def mandated(m: Mission) -> set[MandateTaskKind]:
    tasks = {t.task for t in m.mandate}
    for t in list(tasks):
        tasks |= ALSO_COVERS.get(t, set())
    return tasks


@dataclass(frozen=True)
class MissionMandate:
    """The mission against its mandate: its activities outside the mandate, violations in
    its area that others report and its own reports do not, and corridor incidents while
    it controls the corridor."""

    id: str = "mission-mandate"
    version: str = "1"
    title: str = "The mission against its mandate"

    def run(self, ctx: Context) -> Iterator[Finding]:
        a = ctx.agreement
        if not a.missions:
            return
        frame = Frame.of(a.zones)
        for m in a.missions:
            tasks = mandated(m)
            active = active_days(m)
            own = [
                i
                for i in mission_items(m, ctx.items)
                if ctx.in_period(i) and i.start is not None and active(i.start)
            ]
            outside: dict[str, list[Item]] = defaultdict(list)
            for i in own:
                task = TASK_OF.get(i.type_code)
                if task is None or task not in tasks:
                    outside[i.type_code].append(i)
            for code, items in sorted(outside.items()):
                for group in incidents(items, key="day"):
                    label = ctx.taxonomy.get(code).label.lower()
                    summary = (
                        f"{m.id} on {group[0].start}: {label}, an activity outside its "
                        f"mandate; evidence: {_evidence_line(group)}"
                    )
                    yield finding(
                        self,
                        a,
                        f"{m.id}|outside|{code}|{group[0].start}|{group[0].ref}",
                        f"mission {m.id}: outside the mandate",
                        m.contributor,
                        group,
                        summary,
                        Severity.LOW,
                    )
            yield from self._gaps(ctx, m, frame, active)

    def _gaps(
        self, ctx: Context, m: Mission, frame: Frame, active: Callable[[date], bool]
    ) -> Iterator[Finding]:
        a = ctx.agreement
        task = next((t for t in m.mandate if t.task is MandateTaskKind.MONITOR_CEASEFIRE), None)
        if task is not None and m.area:
            if m.area not in frame.shapes:
                raise RuleError(
                    f"mission {m.id} names area {m.area!r}, which is not a zone",
                    rule=self.id,
                    provision=task.provision,
                )
            mine = {m.id, m.contributor}

            def own(i: Item) -> bool:
                return i.claimant in mine or i.status == FIRST_HAND or m.id in i.sources

            reported_by_mission = {
                i.start for i in ctx.of_families("ceasefire_violation") if own(i)
            }
            candidates = [
                i
                for i in ctx.of_families("ceasefire_violation")
                if not own(i)
                and i.start is not None
                and active(i.start)
                and i.located
                and i.precision not in TOO_VAGUE
                and i.status not in (ClaimStatus.DENIED.value, ClaimStatus.SPECULATIVE.value)
            ]
            inside = frame.contains_many(
                m.area, [i.lon or 0.0 for i in candidates], [i.lat or 0.0 for i in candidates]
            )
            others = [i for i, ok in zip(candidates, inside, strict=True) if ok]
            for group in incidents(others):
                if group[0].start in reported_by_mission:
                    continue
                summary = (
                    f"A ceasefire violation on {group[0].start} inside the area of "
                    f"{m.id}, reported by others ({_evidence_line(group)}), is absent "
                    f"from the mission's own reports"
                )
                yield finding(
                    self,
                    a,
                    f"{m.id}|gap|{group[0].start}|{group[0].ref}",
                    f"mission {m.id}: {task.task.value}",
                    m.contributor,
                    group,
                    summary,
                    Severity.MEDIUM,
                )
        corridor = next((t for t in m.mandate if t.task is MandateTaskKind.PROTECT_CORRIDOR), None)
        zones = [z.id for z in a.zones if z.kind is ZoneKind.CORRIDOR]
        if corridor is None or not zones:
            return
        incidents_in = [
            i
            for i in ctx.of_families("obstruction", "corridor_transit")
            if i.type_code
            in (
                "obstruction.blockade",
                "obstruction.movement",
                "obstruction.humanitarian",
                "corridor.bypass",
            )
            and i.start is not None
            and active(i.start)
            and i.located
            and i.precision not in TOO_VAGUE
            and any(frame.distance_km(z, i.lon or 0.0, i.lat or 0.0) <= 1.0 for z in zones)
        ]
        for group in incidents(incidents_in, key="day"):
            summary = (
                f"Corridor incident on {group[0].start} while {m.id} controls the "
                f"corridor: {', '.join(sorted({i.type_code for i in group}))}; "
                f"evidence: {_evidence_line(group)}"
            )
            yield finding(
                self,
                a,
                f"{m.id}|corridor|{group[0].start}|{group[0].ref}",
                f"mission {m.id}: {corridor.task.value}",
                m.contributor,
                group,
                summary,
                Severity.MEDIUM,
            )


@dataclass(frozen=True)
class MissionStrength:
    """Reported strength above the agreed cap, and activity after a term that does not
    extend itself has ended."""

    id: str = "mission-strength"
    version: str = "1"
    title: str = "The mission's strength cap and term"

    def run(self, ctx: Context) -> Iterator[Finding]:
        a = ctx.agreement
        for m in a.missions:
            for i in ctx.items:
                if i.type_code != "mission.strength_report" or not ctx.in_period(i):
                    continue
                if i.quantity is None or not i.unit or not m.strength_is_cap:
                    continue
                cap = m.strength.get(i.unit)
                if cap is None or i.quantity <= cap:
                    continue
                summary = (
                    f"{m.id} reported {i.quantity:g} {i.unit} on {i.start}, above the cap of {cap}"
                )
                yield finding(
                    self,
                    a,
                    f"{m.id}|strength|{i.ref}",
                    m.provision or "mission",
                    m.contributor,
                    [i],
                    summary,
                    Severity.HIGH,
                )
            if ctx.as_of is None:
                continue
            term = mission_term(m, ctx.as_of)
            if not term.expired:
                continue
            late = [i for i in mission_items(m, ctx.items) if i.start and i.start > term.period_end]
            if late:
                summary = (
                    f"{m.id}: activity recorded after its term ended on "
                    f"{term.period_end}, with no extension"
                )
                yield finding(
                    self,
                    a,
                    f"{m.id}|term|{term.period_end}",
                    m.provision or "mission",
                    m.contributor,
                    late,
                    summary,
                    Severity.MEDIUM,
                )


def builtin_rules() -> list[Rule]:
    return [
        CeasefireViolation(),
        CorridorMovement(),
        ProhibitedCargo(),
        RestrictedActivity(),
        Obstruction(),
        Deadlines(),
        MissionMandate(),
        MissionStrength(),
    ]
