"""The obstruction rule: obstruction of the mission, of monitors, of journalists and of
agreed free movement, against the provision that protects it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ceasewatch.assess.builtin.shared import _evidence_line, _provision_of, incidents
from ceasewatch.assess.evidence import Item
from ceasewatch.assess.rules import Context, finding
from ceasewatch.model import Finding, Severity
from ceasewatch.model.agreement import ObligationKind

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
