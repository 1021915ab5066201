"""Evidence: events, claims, observations and checkpoint records in one shape, and how sure
a set of them makes a finding.

Rules see every record as an ``Item``: what kind of record it is, its type and family, its
day interval and place, the parties it names as perpetrator and as target, who claims it
and how firmly. ``status_of`` turns the items behind a finding into the finding's status:

- confirmed: a verified event, or a first-hand record (a monitor's observation, a
  checkpoint's crossing record, a vehicle track, an event from the mission's own report);
- substantiated: a corroborated event, or firm claims (asserted or reported) from two
  independent claimants, or an event and a firm claim from a source that is not the
  event's own;
- alleged: anything less: hedged or one-sided claims, a single unverified event.

A hedged ("alleged") or speculative claim never makes a finding more than alleged, and a
denial only ever counts against one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ceasewatch.model import (
    ActorRole,
    Claim,
    ClaimStatus,
    Crossing,
    Event,
    Family,
    FindingStatus,
    GeoPrecision,
    Observation,
    VerificationStatus,
)
from ceasewatch.model.taxonomy import Taxonomy

FIRST_HAND = "first_hand"
FIRM = (ClaimStatus.ASSERTED.value, ClaimStatus.REPORTED.value)
# events whose verification went against them, or that their data set withdrew, prove nothing
UNUSABLE = (
    VerificationStatus.REFUTED.value,
    VerificationStatus.DISPUTED.value,
    VerificationStatus.WITHDRAWN.value,
)


@dataclass(frozen=True, slots=True)
class Item:
    """One piece of evidence, whatever record it comes from."""

    ref: str  # "event:ID", "claim:ID", "observation:ID", "crossing:ID", "track:VEHICLE"
    kind: str
    type_code: str
    family: Family
    start: date | None
    end: date | None
    lat: float | None = None
    lon: float | None = None
    precision: GeoPrecision = GeoPrecision.UNRESOLVED
    perpetrators: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    claimant: str | None = None
    status: str = VerificationStatus.UNVERIFIED.value  # a claim's or an event's status
    sources: tuple[str, ...] = ()
    killed: int | None = None
    wounded: int | None = None
    quantity: float | None = None
    unit: str | None = None
    text: str | None = None
    origin: str | None = None  # who stands behind it, when the workspace knows better
    moment: datetime | None = None  # for first-hand records: the time, with its offset
    # actors named with no party (a dataset's own names), as (name, role): the agreement's
    # actor map reads them (``attribute``)
    unnamed: tuple[tuple[str, str], ...] = ()

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def parties(self) -> tuple[str, ...]:
        return self.perpetrators + self.participants


def parties_of(actors: Iterable[object], roles: tuple[ActorRole, ...]) -> tuple[str, ...]:
    """The parties of the actors in these roles, each once, in order."""
    out: list[str] = []
    for a in actors:
        party = getattr(a, "party", None)
        if party and getattr(a, "role", None) in roles and party not in out:
            out.append(party)
    return tuple(out)


def unnamed_actors(actors: Iterable[object]) -> tuple[tuple[str, str], ...]:
    """(name, role) of the actors that carry no party."""
    return tuple(
        (str(getattr(a, "name", "")), str(getattr(getattr(a, "role", None), "value", "")))
        for a in actors
        if not getattr(a, "party", None) and getattr(a, "name", None)
    )


def from_event(e: Event) -> Item:
    quantity = e.extra.get("quantity") if e.extra else None
    return Item(
        ref=f"event:{e.id}",
        kind="event",
        type_code=e.type_code,
        family=e.family,
        start=e.when.start,
        end=e.when.end or e.when.start,
        lat=e.where.lat,
        lon=e.where.lon,
        precision=e.where.precision,
        perpetrators=parties_of(e.actors, (ActorRole.PERPETRATOR,)),
        targets=parties_of(e.actors, (ActorRole.TARGET,)),
        participants=parties_of(
            e.actors, (ActorRole.PARTICIPANT, ActorRole.ESCORT, ActorRole.OBSERVER)
        ),
        status=e.status.value,
        sources=e.sources,
        killed=e.killed.best,
        wounded=e.wounded.best,
        quantity=float(quantity) if quantity else None,
        unit=(e.extra.get("unit") or None) if e.extra else None,
        text=e.notes,
        unnamed=unnamed_actors(e.actors),
    )


def from_claim(c: Claim) -> Item:
    place = next((p for p in c.places if p.lat is not None), None)
    q = c.quantities[0] if c.quantities else None
    return Item(
        ref=f"claim:{c.id}",
        kind="claim",
        type_code=c.type_code,
        family=c.family,
        start=c.when.start if c.when else None,
        end=(c.when.end or c.when.start) if c.when else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        precision=place.precision if place else GeoPrecision.UNRESOLVED,
        perpetrators=parties_of(c.actors, (ActorRole.PERPETRATOR,)),
        targets=parties_of(c.actors, (ActorRole.TARGET,)),
        participants=parties_of(c.actors, (ActorRole.PARTICIPANT, ActorRole.ESCORT)),
        claimant=c.claimant,
        status=c.status.value,
        sources=(c.document_id,),
        killed=c.killed,
        wounded=c.wounded,
        quantity=q.value if q else None,
        unit=q.unit if q else None,
        text=c.text,
    )


def from_observation(o: Observation, taxonomy: Taxonomy) -> Item:
    day = o.start.date()
    return Item(
        ref=f"observation:{o.id}",
        kind="observation",
        type_code=o.type_code,
        family=taxonomy.get(o.type_code).family,
        start=day,
        end=o.end.date(),
        lat=o.position.lat,
        lon=o.position.lon,
        precision=o.position.precision,
        claimant=o.observer,
        status=FIRST_HAND,
        sources=(o.observer,),
        moment=o.start,
        quantity=float(o.cfv.count) if o.cfv and o.cfv.count is not None else None,
        unit=o.cfv.weapon if o.cfv else None,
        text=o.notes,
    )


def from_crossing(x: Crossing) -> Item:
    """A checkpoint record; ``unit`` holds its cargo categories joined by ';' and
    ``claimant`` the checkpoint (a zone id)."""
    categories = {c.category for c in x.declared} | {c.category for c in x.observed or ()}
    return Item(
        ref=f"crossing:{x.id}",
        kind="crossing",
        type_code="corridor.crossing",
        family=Family.CORRIDOR_TRANSIT,
        start=x.time.date(),
        end=x.time.date(),
        participants=(x.escort,) if x.escort else (),
        claimant=x.checkpoint,
        status=FIRST_HAND,
        sources=(x.checkpoint,),
        unit=";".join(sorted(categories)) or None,
        moment=x.time,
        text=f"{x.vehicle} ({x.direction.value})" + (f": {x.notes}" if x.notes else ""),
    )


def origin(i: Item, voices: dict[str, str] | None = None) -> str:
    """Who stands behind an item: the claimant of a claim (one that names none speaks
    with its document's voice, else its source's), the sources of an event (resolved by
    the workspace to the party or outlet they belong to, when it knows them)."""
    if i.kind == "claim":
        doc = i.sources[0] if i.sources else i.ref
        return i.claimant or (voices or {}).get(doc) or i.origin or doc
    return i.origin or "+".join(sorted(i.sources)) or i.ref


def is_first_hand(i: Item, first_hand: frozenset[str] = frozenset()) -> bool:
    """Whether an item is a first-hand record: a monitor's own, an event an analyst
    verified, or an event the monitoring mission reported (*first_hand*: its ids)."""
    if i.kind == "event" and i.status in UNUSABLE:
        return False
    return (
        i.status == FIRST_HAND
        or (i.kind == "event" and i.status == VerificationStatus.VERIFIED.value)
        or (i.kind == "event" and bool(first_hand.intersection(i.sources)))
    )


def status_of(items: Sequence[Item], first_hand: frozenset[str] = frozenset()) -> FindingStatus:
    """How sure the items make a finding (see the module's docstring). An event whose
    source is one of *first_hand* (the monitoring missions' own reports) counts as a
    first-hand record."""
    firm: set[str] = set()
    events: list[Item] = []
    voices: dict[str, str] = {}  # document -> the claimant its unattributed claims share
    for i in items:
        if i.kind == "claim" and i.claimant and i.sources:
            voices.setdefault(i.sources[0], i.claimant)
    for i in items:
        if i.kind == "event" and i.status in UNUSABLE:
            continue
        if is_first_hand(i, first_hand):
            return FindingStatus.CONFIRMED
        if i.kind == "event":
            if i.status == VerificationStatus.CORROBORATED.value:
                return FindingStatus.SUBSTANTIATED
            if i.status == VerificationStatus.UNVERIFIED.value:
                events.append(i)
        elif i.kind == "claim" and i.status in FIRM:
            firm.add(origin(i, voices))
    if len(firm) >= 2:
        return FindingStatus.SUBSTANTIATED
    for e in events:
        if firm - {origin(e), *e.sources}:
            return FindingStatus.SUBSTANTIATED
    return FindingStatus.ALLEGED


def counts(items: Iterable[Item]) -> tuple[int | None, int | None]:
    """The largest killed and wounded figures the items give (None when none gives one)."""
    killed = wounded = None
    for i in items:
        if i.killed is not None:
            killed = max(killed or 0, i.killed)
        if i.wounded is not None:
            wounded = max(wounded or 0, i.wounded)
    return killed, wounded
