"""Clustering: claims and observations gathered into events, one event per incident.

A record joins an event when

- their families are compatible (the same family, or two that report one incident in
  different words: fire and an armed clash, a corridor bypass and a transfer over it; the
  mission's activities of one type only);
- their day intervals overlap: the record's interval meets the event's *window*, the
  days every member so far allows (a denial, which is said after the fact, may come up
  to ``DENIAL_LAG_DAYS`` later);
- their places lie within the sum of both uncertainty radii (from each one's precision;
  an observation's is the farthest distance the monitor gave) and ``SLACK_KM`` of the
  event's most precise place; a record with no place passes this test, and says so;
- their parties do not conflict: when both name parties (as perpetrator or target) and
  share none, they are still one incident if every party named is a *belligerent* (a
  party to the agreement): each side blaming the other for one exchange of fire is one
  incident with a conflicting perpetrator, kept side by side, not two incidents.

Of the events a record may join it joins the nearest; text similarity only breaks ties.
A record that joins nothing opens an event, unless it is a denial (there is nothing on
record to deny yet), speculative, or too vague in time to place. Every join says why.

Clustering is incremental (``Clusterer.add``) and deterministic: ``cluster`` takes its
records in a canonical order (affirmations before denials; then the narrowest interval,
the earliest day, the reference), so the same records in any order give the same events,
and a new event's id is derived from its first record.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from math import cos, radians, sqrt

from ceasewatch.assess.evidence import parties_of
from ceasewatch.model import (
    ActorRole,
    Claim,
    ClaimStatus,
    Event,
    Family,
    GeoPrecision,
    Observation,
)
from ceasewatch.model.records import observer_origin

SLACK_KM = 2.0
DENIAL_LAG_DAYS = 3
MAX_SPAN_DAYS = 7  # a record known only to more days than this is too vague to cluster
INDEX_DAYS = 400  # an event on record is found on each day of its first 400
OBSERVED_KM = 10.0  # how far a monitor's report reaches when it gives no distance
UNPLACED_KM = 1e9

# Families that one incident may be reported under. Each family not named is its own.
_GROUPS = {
    Family.CEASEFIRE_VIOLATION: "fire",
    Family.ARMED_CLASH: "fire",
    Family.CORRIDOR_TRANSIT: "corridor",
    Family.ILLICIT_TRANSFER: "corridor",
}

# Families whose records tell one incident only when they tell one type of it: what a
# mission does in a day (a patrol, an escort, a chapel opened) is as many activities.
_BY_TYPE = frozenset({Family.MISSION_ACTIVITY})

FIRST_HAND = "first_hand"
_WORD = re.compile(r"[^\W\d_]{4,}")


def family_group(f: Family) -> str:
    return _GROUPS.get(f, f.value)


def words(text: str | None) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text or ""))


@dataclass(frozen=True, slots=True)
class Member:
    """One record as clustering sees it."""

    ref: str  # "claim:ID", "observation:ID" or "event:ID"
    kind: str
    family: Family
    type_code: str
    start: date | None
    end: date | None
    origin: str  # who stands behind it: a party, the mission, an outlet, an observer
    lat: float | None = None
    lon: float | None = None
    radius_km: float = 0.0
    place: str | None = None
    perpetrators: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    status: str = ClaimStatus.ASSERTED.value  # a claim's status, FIRST_HAND, or an event's
    source: str | None = None  # the source record behind it (a claim's document's)
    killed: int | None = None
    wounded: int | None = None
    text: str | None = None
    words: frozenset[str] = frozenset()

    @property
    def denial(self) -> bool:
        return self.status == ClaimStatus.DENIED.value

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def parties(self) -> frozenset[str]:
        return self.perpetrators | self.targets

    @property
    def span_days(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days


def _radius_km(precision: GeoPrecision, radius_m: float | None = None) -> float:
    r = radius_m if radius_m is not None else precision.default_radius_m
    return (r or 0.0) / 1000.0


def _roles(actors: Iterable[object], role: ActorRole) -> frozenset[str]:
    return frozenset(parties_of(actors, (role,)))


def from_claim(c: Claim, origin: str, source: str | None = None) -> Member:
    place = next((p for p in c.places if p.resolved), None)
    return Member(
        ref=f"claim:{c.id}",
        kind="claim",
        family=c.family,
        type_code=c.type_code,
        start=c.when.start if c.when else None,
        end=(c.when.end or c.when.start) if c.when else None,
        origin=origin,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        radius_km=_radius_km(place.precision, place.radius_m) if place else 0.0,
        place=place.name if place else (c.places[0].name if c.places else None),
        perpetrators=_roles(c.actors, ActorRole.PERPETRATOR),
        targets=_roles(c.actors, ActorRole.TARGET),
        status=c.status.value,
        source=source,
        killed=c.killed,
        wounded=c.wounded,
        text=c.text,
        words=words(c.text),
    )


def from_observation(o: Observation, family: Family) -> Member:
    """A monitor's report. Its place is the monitor's; the incident lies within the
    farthest distance the monitor gave (``OBSERVED_KM`` when none was given)."""
    reach = o.distance_km[1] if o.distance_km else OBSERVED_KM
    return Member(
        ref=f"observation:{o.id}",
        kind="observation",
        family=family,
        type_code=o.type_code,
        start=o.start.date(),
        end=o.end.date(),
        origin=observer_origin(o.observer),
        lat=o.position.lat,
        lon=o.position.lon,
        radius_km=max(reach, _radius_km(o.position.precision, o.position.radius_m)),
        place=o.position.name,
        status=FIRST_HAND,
        source=o.observer,
        text=o.notes,
        words=words(o.notes),
    )


def from_event(e: Event, origin: str) -> Member:
    """An event already on record (imported from a data set, or a mission's report)."""
    return Member(
        ref=f"event:{e.id}",
        kind="event",
        family=e.family,
        type_code=e.type_code,
        start=e.when.start,
        end=e.when.end or e.when.start,
        origin=origin,
        lat=e.where.lat,
        lon=e.where.lon,
        radius_km=_radius_km(e.where.precision, e.where.radius_m),
        place=e.where.name,
        perpetrators=_roles(e.actors, ActorRole.PERPETRATOR),
        targets=_roles(e.actors, ActorRole.TARGET),
        status=e.status.value,
        source=e.sources[0] if e.sources else None,
        killed=e.killed.best,
        wounded=e.wounded.best,
        text=e.notes,
        words=words(e.notes),
    )


def reach(m: Member) -> tuple[date, date] | None:
    """The days an event's window must meet for *m* to join it: from its start (a
    denial's, ``DENIAL_LAG_DAYS`` earlier) to its end. None for a record clustering leaves
    alone whatever is on record: speculative, undated or too vague in time."""
    if m.status == ClaimStatus.SPECULATIVE.value or m.start is None or m.end is None:
        return None
    if (m.end - m.start).days + 1 > MAX_SPAN_DAYS:
        return None
    first = m.start - timedelta(days=DENIAL_LAG_DAYS) if m.denial else m.start
    return first, m.end


def families_with(f: Family) -> list[Family]:
    """The families one incident may be reported under along with *f* (*f* among them)."""
    group = family_group(f)
    return [x for x in Family if family_group(x) == group]


def box(m: Member, radius_km: float) -> tuple[float, float, float, float] | None:
    """(west, south, east, north): where an event placed with an uncertainty of at most
    *radius_km* must lie for *m* to join it (``km`` within both radii and ``SLACK_KM``);
    None when *m* has no place, so that any place will do."""
    if m.lat is None or m.lon is None:
        return None
    limit = (m.radius_km + radius_km + SLACK_KM) * (1 + 1e-9) + 1e-9
    dlat = limit / 110.57
    # the east-west scale is smallest at the latitude farthest from the equator that a
    # place this near may have, so the box holds every place within the limit
    far = abs(m.lat) + dlat
    if far >= 89.9:
        return (-1e9, m.lat - dlat, 1e9, m.lat + dlat)
    dlon = limit / (111.32 * cos(radians(far)))
    return (m.lon - dlon, m.lat - dlat, m.lon + dlon, m.lat + dlat)


def km(a: Member, b: Member) -> float:
    """Distance in km (equirectangular: well under 1% off at the distances compared)."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return 0.0
    dx = (b.lon - a.lon) * cos(radians((a.lat + b.lat) / 2)) * 111.32
    dy = (b.lat - a.lat) * 110.57
    return sqrt(dx * dx + dy * dy)


@dataclass
class Cluster:
    """An event being built: its members and what they allow together."""

    key: str
    group: str
    lo: date  # the window: the days every affirming member allows
    hi: date
    members: list[Member] = field(default_factory=list)
    anchor: Member | None = None  # the most precisely placed member
    parties: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    opened: bool = False  # opened by this clustering (not an event already on record)

    def take(self, m: Member) -> None:
        self.members.append(m)
        if not m.denial:
            if m.start is not None and m.end is not None:
                self.lo, self.hi = max(self.lo, m.start), min(self.hi, m.end)
                if self.hi < self.lo:  # an analyst put it here: keep the window sane
                    self.lo, self.hi = min(m.start, self.lo), max(m.end, self.hi)
            self.parties |= m.parties
        if m.located and (self.anchor is None or m.radius_km < self.anchor.radius_km):
            self.anchor = m
        if len(self.words) < 200:
            self.words |= m.words


@dataclass(frozen=True, slots=True)
class Join:
    """What happened to one record: the event it joined or opened (None: left alone),
    and why."""

    ref: str
    event: str | None
    opened: bool
    reason: str


def event_key(first_ref: str) -> str:
    return "cw-" + hashlib.sha256(first_ref.encode("utf-8")).hexdigest()[:12]


def _day(d: date) -> str:
    return d.isoformat()


class Clusterer:
    """Clusters held in memory, found by family group and day."""

    def __init__(self, belligerents: Iterable[str] = ()) -> None:
        self.belligerents = frozenset(belligerents)
        self.clusters: dict[str, Cluster] = {}
        self._index: dict[tuple[str, date], list[str]] = defaultdict(list)

    def seed(self, key: str, members: Sequence[Member]) -> Cluster:
        """An event already on record, with the members it has (its window from its
        affirming members, whatever order they come in)."""
        ordered = canonical(members)
        first = ordered[0]
        lo = first.start or date.min
        hi = first.end or lo
        c = Cluster(key, family_group(first.family), lo, hi)
        for m in ordered:
            c.take(m)
        self._register(c)
        return c

    def restore(self, c: Cluster) -> None:
        """A cluster as another clusterer left it (clustering by window, assess.windows)."""
        self._register(c)

    def _register(self, c: Cluster) -> None:
        self.clusters[c.key] = c
        days = (c.hi - c.lo).days if c.hi >= c.lo else 0
        for n in range(min(days, INDEX_DAYS) + 1):
            self._index[(c.group, c.lo + timedelta(days=n))].append(c.key)

    def candidates(self, m: Member) -> list[Cluster]:
        assert m.start is not None and m.end is not None
        first = m.start - timedelta(days=DENIAL_LAG_DAYS) if m.denial else m.start
        group = family_group(m.family)
        seen: dict[str, Cluster] = {}
        for n in range((m.end - first).days + 1):
            for key in self._index.get((group, first + timedelta(days=n)), ()):
                seen.setdefault(key, self.clusters[key])
        return [seen[k] for k in sorted(seen)]

    def fit(self, m: Member, c: Cluster) -> tuple[tuple[float, ...], str] | None:
        """Whether *m* may join *c*: (its score, lower is nearer; the reason), else None."""
        assert m.start is not None and m.end is not None
        first = m.start - timedelta(days=DENIAL_LAG_DAYS) if m.denial else m.start
        if m.end < c.lo or first > c.hi:
            return None
        if m.family in _BY_TYPE and all(x.type_code != m.type_code for x in c.members):
            return None  # the mission's patrol and its escort of that day are two activities
        if (
            m.parties
            and c.parties
            and not (m.parties & c.parties)
            and not (m.parties | c.parties) <= self.belligerents
        ):
            return None
        lo, hi = max(m.start, c.lo), min(m.end, c.hi)
        when = _day(lo) if lo == hi else f"{_day(lo)}..{_day(hi)}"
        if m.denial and hi < lo:
            when = f"denied on {_day(m.start)}, {(m.start - c.hi).days} day(s) after"
        reasons = [f"{m.family.value} fits {c.members[0].family.value}", f"dates meet ({when})"]
        a = c.anchor
        if m.located and a is not None:
            d = km(m, a)
            limit = m.radius_km + a.radius_km + SLACK_KM
            if d > limit:
                return None
            reasons.append(f"{d:.1f} km from {a.place or a.ref} (within {limit:.1f} km)")
            nearness = round(d / limit, 2)
        else:
            reasons.append("no place to compare")
            nearness = UNPLACED_KM
        shared = sorted(m.parties & c.parties)
        if shared:
            reasons.append("parties agree (" + ", ".join(shared) + ")")
        overlap = len(m.words & c.words) / (len(m.words | c.words) or 1)
        return (nearness, -round(overlap, 4)), "; ".join(reasons)

    def add(self, m: Member) -> Join:
        """Join *m* to the nearest event it fits, or open one for it."""
        if m.status == ClaimStatus.SPECULATIVE.value:
            return Join(m.ref, None, False, "speculative: not a report that something happened")
        span = m.span_days
        if span is None:
            return Join(m.ref, None, False, "no date to place it in time")
        if span + 1 > MAX_SPAN_DAYS:
            return Join(m.ref, None, False, f"known only to {span + 1} days: too vague to cluster")
        best: tuple[tuple[float, ...], str, Cluster] | None = None
        for c in self.candidates(m):
            found = self.fit(m, c)
            if found is not None and (best is None or found[0] < best[0]):
                best = (found[0], found[1], c)
        if best is not None:
            best[2].take(m)
            return Join(m.ref, best[2].key, False, best[1])
        if m.denial:
            return Join(m.ref, None, False, "a denial of nothing on record")
        assert m.start is not None and m.end is not None
        c = Cluster(event_key(m.ref), family_group(m.family), m.start, m.end, opened=True)
        c.take(m)
        self._register(c)
        return Join(m.ref, c.key, True, "matches no event on record")


def canonical(members: Iterable[Member]) -> list[Member]:
    """The order clustering takes records in: affirmations before denials, then the
    narrowest interval first, the earliest day, the reference."""
    return sorted(
        members,
        key=lambda m: (m.denial, m.span_days if m.span_days is not None else 1 << 30,
                       m.start or date.max, m.ref),
    )  # fmt: skip


def cluster(members: Iterable[Member], clusterer: Clusterer | None = None) -> list[Join]:
    """Cluster records (into the events *clusterer* holds already, if given)."""
    clusterer = clusterer or Clusterer()
    return [clusterer.add(m) for m in canonical(members)]
