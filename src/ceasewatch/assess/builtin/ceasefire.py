"""The ceasefire-violation rule: violation-family reports after the effective time,
grouped into incidents and attributed to a party bound to cease fire."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ceasewatch.agreements.calendar import effective_day
from ceasewatch.assess.builtin.shared import INCIDENT_KM, _evidence_line, _km, incidents
from ceasewatch.assess.evidence import FIRM, Item, origin, status_of
from ceasewatch.assess.rules import Context, casualties, finding
from ceasewatch.errors import RuleError
from ceasewatch.model import ClaimStatus, Family, Finding, FindingStatus, Severity
from ceasewatch.model.agreement import ObligationKind

HEAVY = ("cfv.shelling", "cfv.drone")


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
    blaming = set(attributing)  # membership by hash: a list's ``in`` was quadratic
    others = [i for i in group if i not in blaming and i.status != ClaimStatus.DENIED.value]
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
