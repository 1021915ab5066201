"""What the built-in rules share: reports grouped into incidents, the provision that
binds a party to an obligation, and the line of evidence a finding's summary ends with."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from math import cos, radians, sqrt

from ceasewatch.assess.evidence import Item
from ceasewatch.model.agreement import Agreement, ObligationKind, Provision

INCIDENT_KM = 30.0  # reports of one party's fire on one day this close are one incident


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
