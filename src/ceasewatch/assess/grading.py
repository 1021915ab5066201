"""Grading an event's members: independent corroboration, contradictions, the event's
automatic status and each claim's Admiralty credibility (docs/corroborate.md).

Everything here counts *origins*, not records: three outlets copying one ministry's
statement are one origin (the workspace resolves each source to its origin before
clustering), and a claim that names its claimant speaks for that claimant.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ceasewatch.assess.corroborate import FIRST_HAND, Member, canonical
from ceasewatch.model import (
    Actor,
    ActorRole,
    ClaimStatus,
    Count,
    Credibility,
    Event,
    GeoPrecision,
    Place,
    Reliability,
    Source,
    TimePrecision,
    TimeSpan,
    VerificationStatus,
)

ANALYST_STATUSES = (
    VerificationStatus.VERIFIED,
    VerificationStatus.DISPUTED,
    VerificationStatus.REFUTED,
)
DATASET = "ceasewatch"  # the data set of events opened by clustering


@dataclass(frozen=True, slots=True)
class Contradiction:
    kind: str  # "denial", "killed", "wounded", "perpetrator"
    text: str
    refs: tuple[str, ...]


def source_origins(sources: Sequence[Source]) -> dict[str, str]:
    """Each source's origin: the parent it re-reports (followed to the end), else the
    party it belongs to, else itself. Wire copies and an outlet re-reporting a ministry
    then count once, as the ministry."""
    by_id = {s.id: s for s in sources}

    def root(s: Source, seen: frozenset[str] = frozenset()) -> str:
        if s.parent and s.parent in by_id and s.parent not in seen:
            return root(by_id[s.parent], seen | {s.id})
        return s.affiliation if s.affiliation and s.affiliation != "mission" else s.id

    return {s.id: root(s) for s in sources}


def affirming(members: Sequence[Member]) -> list[Member]:
    """The members that say the incident happened (firmly, hedged, or first-hand)."""
    return [m for m in members if not m.denial and m.status != ClaimStatus.SPECULATIVE.value]


def origins(members: Sequence[Member]) -> list[str]:
    out: list[str] = []
    for m in members:
        if m.origin not in out:
            out.append(m.origin)
    return out


def _names(ms: Sequence[Member]) -> str:
    return ", ".join(f"{m.ref.split(':', 1)[1]} ({m.origin})" for m in ms)


def figures(members: Sequence[Member], what: str) -> dict[str, int]:
    """Each origin's figure for *what* ("killed" or "wounded"): the highest it gave, as an
    origin revising a toll revises it upwards as the dead are counted."""
    out: dict[str, int] = {}
    for m in members:
        n = getattr(m, what)
        if n is not None:
            out[m.origin] = max(n, out.get(m.origin, n))
    return out


def contradictions(members: Sequence[Member]) -> list[Contradiction]:
    """What the members' origins say against each other: denials, different casualty
    figures, different perpetrators. One origin changing its own figures is not one."""
    out: list[Contradiction] = []
    yes = affirming(members)
    no = [m for m in members if m.denial]
    for who in origins(no):
        against = [m for m in yes if m.origin != who]
        if against:
            mine = [m.ref for m in no if m.origin == who]
            out.append(
                Contradiction(
                    "denial",
                    f"{who} denies what {', '.join(origins(against))} report",
                    (*mine, *(m.ref for m in against)),
                )
            )
    for what in ("killed", "wounded"):
        by_origin = figures(yes, what)
        if len(set(by_origin.values())) > 1:
            text = " vs ".join(
                f"{n} by {who}" for who, n in sorted(by_origin.items(), key=lambda x: (x[1], x[0]))
            )
            refs = tuple(m.ref for m in yes if getattr(m, what) is not None)
            out.append(Contradiction(what, f"{what}: {text}", refs))
    blamed = [m for m in yes if m.perpetrators]
    for i, a in enumerate(blamed):
        for b in blamed[i + 1 :]:
            if a.origin != b.origin and not (a.perpetrators & b.perpetrators):
                who_a, who_b = ", ".join(sorted(a.perpetrators)), ", ".join(sorted(b.perpetrators))
                out.append(
                    Contradiction(
                        "perpetrator",
                        f"perpetrator: {who_a} by {_names([a])} vs {who_b} by {_names([b])}",
                        (a.ref, b.ref),
                    )
                )
    return out


def auto_status(members: Sequence[Member]) -> tuple[VerificationStatus, str]:
    """The status clustering gives an event: disputed while its members contradict each
    other, corroborated once two independent origins report it, else unverified."""
    found = contradictions(members)
    if found:
        return VerificationStatus.DISPUTED, "; ".join(c.text for c in found)
    said = origins(affirming(members))
    if len(said) >= 2:
        return VerificationStatus.CORROBORATED, "reported by independent origins: " + ", ".join(
            said
        )
    return VerificationStatus.UNVERIFIED, (
        f"one origin only ({said[0]})" if said else "no report that it happened"
    )


def credibility(
    m: Member,
    members: Sequence[Member],
    reliability: Reliability | None,
    decided: VerificationStatus | None = None,
) -> tuple[Credibility, str]:
    """The Admiralty credibility of one member of an event, and why.

    1 confirmed: a first-hand record or two independent origins say the same;
    2 probably true: one independent origin says the same;
    3 possibly true: nobody else says it and nobody contradicts it (or confirmations
      outnumber contradictions);
    4 doubtful: uncorroborated and hedged, or from a source graded D or E;
    5 improbable: contradicted at least as often as confirmed;
    6 cannot be judged: speculative, or uncorroborated from a source graded F.
    An analyst's decision on the event overrides: verified confirms what agrees with it
    (and makes a denial improbable), refuted the reverse."""
    if m.status == ClaimStatus.SPECULATIVE.value:
        return Credibility.CANNOT_BE_JUDGED, "speculative: says nothing happened"
    if decided in (VerificationStatus.VERIFIED, VerificationStatus.REFUTED):
        agrees = (decided == VerificationStatus.VERIFIED) != m.denial
        word = decided.value
        if agrees:
            return Credibility.CONFIRMED, f"the event was {word} by an analyst"
        return Credibility.IMPROBABLE, f"the event was {word} by an analyst"
    yes, no = affirming(members), [x for x in members if x.denial]
    same, other = (no, yes) if m.denial else (yes, no)
    support = [x for x in same if x.origin != m.origin]
    against = [x for x in other if x.origin != m.origin]
    if not m.denial:
        against += _conflicting(m, yes)
    sup, con = origins(support), origins(against)
    if con and len(sup) <= len(con):
        return Credibility.IMPROBABLE, "contradicted by " + ", ".join(con) + (
            f"; confirmed by {', '.join(sup)}" if sup else ""
        )
    if con:
        return Credibility.POSSIBLY_TRUE, (
            f"confirmed by {', '.join(sup)}, but contradicted by {', '.join(con)}"
        )
    if len(sup) >= 2 or any(x.status == FIRST_HAND for x in support):
        return Credibility.CONFIRMED, "confirmed by independent origins: " + ", ".join(sup)
    if sup:
        return Credibility.PROBABLY_TRUE, f"corroborated by one independent origin ({sup[0]})"
    if m.status == FIRST_HAND:
        return Credibility.POSSIBLY_TRUE, "a first-hand report nobody else has made yet"
    if m.status == ClaimStatus.ALLEGED.value:
        return Credibility.DOUBTFUL, "hedged and uncorroborated"
    letter = reliability.letter if reliability else "F"
    if letter in ("D", "E"):
        return Credibility.DOUBTFUL, f"uncorroborated, from a source graded {letter}"
    if letter == "F":
        return Credibility.CANNOT_BE_JUDGED, "uncorroborated, from a source of unknown reliability"
    return Credibility.POSSIBLY_TRUE, "uncorroborated and not contradicted"


def _conflicting(m: Member, yes: Sequence[Member]) -> list[Member]:
    """Affirming members of other origins whose origin gives *m*'s origin's figures
    differently, or that blame someone else."""
    out = []
    for what in ("killed", "wounded"):
        by_origin = figures(yes, what)
        mine = by_origin.get(m.origin)
        if mine is not None:
            out += [
                x for x in yes if x.origin != m.origin and by_origin.get(x.origin, mine) != mine
            ]
    for x in yes:
        if x.origin == m.origin or x in out:
            continue
        if m.perpetrators and x.perpetrators and not (m.perpetrators & x.perpetrators):
            out.append(x)
    return out


def grade(reliability: Reliability | None, cred: Credibility) -> str:
    """The Admiralty rating shown to analysts: "B2"."""
    return f"{reliability.letter if reliability else 'F'}{int(cred)}"


def _count(values: Sequence[int]) -> Count:
    if not values:
        return Count()
    ordered = sorted(values)
    return Count(ordered[0], ordered[(len(ordered) - 1) // 2], ordered[-1])


def _precision(lo: date, hi: date) -> TimePrecision:
    days = (hi - lo).days
    if days == 0:
        return TimePrecision.DAY
    return TimePrecision.WEEK if days <= 7 else TimePrecision.MONTH


def opened_event(
    key: str, members: Sequence[Member], lo: date, hi: date, status: VerificationStatus
) -> Event:
    """The event record of a cluster opened by clustering, made from its members: the
    type most of them report, the window they share, the most precise place, everyone
    they blame, and casualties as low / median / high of the figures given."""
    yes = canonical(affirming(members) or list(members))
    types = Counter(m.type_code for m in yes)
    top = max(types.values())
    first = next(m for m in yes if types[m.type_code] == top)
    placed = [m for m in members if m.located]
    # a report is placed where it says; a monitor's report only at the monitor's post
    where = min(placed, key=lambda m: (m.kind == "observation", m.radius_km)) if placed else None
    actors = []
    for role, attr in ((ActorRole.PERPETRATOR, "perpetrators"), (ActorRole.TARGET, "targets")):
        for party in sorted({p for m in yes for p in getattr(m, attr)}):
            actors.append(Actor(party, role, party))
    return Event(
        id=key,
        type_code=first.type_code,
        family=first.family,
        when=TimeSpan(lo, hi, _precision(lo, hi)),
        where=Place(
            f"within {where.radius_km:.0f} km of {where.place}"
            if where.kind == "observation"
            else where.place,
            where.lat,
            where.lon,
            _geo(where.radius_km),
            where.radius_km * 1000,
        )
        if where
        else Place(None, precision=GeoPrecision.UNRESOLVED),
        actors=tuple(actors),
        killed=_count([m.killed for m in yes if m.killed is not None]),
        wounded=_count([m.wounded for m in yes if m.wounded is not None]),
        status=status,
        notes=first.text,
        sources=tuple(sorted({m.source for m in members if m.source})),
        dataset=DATASET,
    )


def _geo(radius_km: float) -> GeoPrecision:
    """The precision whose default radius covers *radius_km*."""
    for p in (GeoPrecision.EXACT, GeoPrecision.NEAR, GeoPrecision.DISTRICT, GeoPrecision.REGION):
        if radius_km * 1000 <= (p.default_radius_m or 0):
            return p
    return GeoPrecision.COUNTRY
