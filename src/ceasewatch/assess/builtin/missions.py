"""The rules on the monitoring mission: the mission against its mandate, and its
strength cap and term; and what they share with the scorecards (the mission's own
records, the tasks its mandate covers)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ceasewatch.agreements.calendar import mission_active, mission_term
from ceasewatch.assess.builtin.shared import _evidence_line, incidents
from ceasewatch.assess.deadlines import TOO_VAGUE
from ceasewatch.assess.evidence import FIRST_HAND, Item
from ceasewatch.assess.rules import Context, finding
from ceasewatch.errors import RuleError
from ceasewatch.geo.measure import Frame
from ceasewatch.model import ClaimStatus, Finding, Severity
from ceasewatch.model.agreement import MandateTaskKind, Mission, ZoneKind

TASK_OF: dict[str, MandateTaskKind | None] = {
    "mission.observation_post": MandateTaskKind.OBSERVATION_POST,
    "mission.patrol": MandateTaskKind.PATROL,
    "mission.escort": MandateTaskKind.ESCORT,
    "mission.checkpoint": MandateTaskKind.CHECKPOINT_CONTROL,
    "mission.demining": MandateTaskKind.DEMINING,
    "mission.investigation": MandateTaskKind.INVESTIGATE,
    "mission.monitoring": MandateTaskKind.MONITOR_CEASEFIRE,
    "mission.verification": MandateTaskKind.VERIFY_WITHDRAWAL,
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
            if not m.mandate:  # a mandate the file does not give is unknown, not empty
                yield from self._gaps(ctx, m, frame, active)
                continue
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
            if not term.expired or term.period_end is None:
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
