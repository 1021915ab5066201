"""Which obligations the record shows done, and when: the input the calendar needs.

An obligation counts as done on the first day an event of the matching type shows it: by
the obligated party (or with no party named), and, when the obligation names zones,
placed inside one of them. An event placed only to region level, or not at all, cannot
show that something happened inside a zone, so it does not count for such obligations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import shapely

from ceasewatch.geo.zones import corridor, disc, to_shape
from ceasewatch.model import Event, GeoPrecision
from ceasewatch.model.agreement import Agreement, Obligation, ObligationKind, Zone

# Which event types show an obligation of each kind carried out.
SHOWN_BY: Mapping[ObligationKind, frozenset[str]] = {
    ObligationKind.HAND_OVER_TERRITORY: frozenset({"territory.handover"}),
    ObligationKind.EXCHANGE_DETAINEES: frozenset({"exchange.detainees", "exchange.remains"}),
    ObligationKind.WITHDRAW: frozenset({"movement.withdrawal"}),
    ObligationKind.WITHDRAW_HEAVY_WEAPONS: frozenset({"movement.withdrawal"}),
    ObligationKind.DEPLOY_MISSION: frozenset({"mission.strength_report"}),
    ObligationKind.BUILD_ROUTE: frozenset({"agreement.signed"}),
    ObligationKind.DISARM: frozenset({"weapons.handover"}),
    ObligationKind.HAND_OVER_WEAPONS: frozenset({"weapons.handover"}),
    ObligationKind.RESTORE_SERVICES: frozenset({"services.restored"}),
}


def shown_by(agreement: Agreement, o: Obligation) -> frozenset[str]:
    """The event types that show *o* done: those its declared kind names, else those of the
    built-in kind it is (or is ``like``)."""
    declared = next((k for k in agreement.kinds if k.id == o.kind), None)
    if declared is not None and declared.shown_by:
        return frozenset(declared.shown_by)
    kind = agreement.kind_of(o)
    return SHOWN_BY.get(kind, frozenset()) if kind else frozenset()


def wanted(agreement: Agreement) -> list[tuple[Obligation, frozenset[str]]]:
    """Every obligation some event type can show done, with those types."""
    return [(o, t) for _, o in agreement.obligations() if (t := shown_by(agreement, o))]


# Places known only this roughly cannot show that something happened inside a zone.
TOO_VAGUE = frozenset({GeoPrecision.REGION, GeoPrecision.COUNTRY, GeoPrecision.UNRESOLVED})


def _area(zone: Zone) -> Any:
    g: Any = zone.geometry
    if g["type"] == "LineString" and zone.width_km:
        return to_shape(corridor(g["coordinates"], zone.width_km))
    if g["type"] == "Point" and zone.radius_km:
        return to_shape(disc(g["coordinates"], zone.radius_km))
    return to_shape(g)


def done_dates(agreement: Agreement, events: Iterable[Event]) -> dict[str, date]:
    """Obligation id -> the first day an event shows it done."""
    areas = {z.id: _area(z) for z in agreement.zones}
    done: dict[str, date] = {}
    showable = wanted(agreement)
    for e in events:
        if e.when.start is None:
            continue
        for o, types in showable:
            if e.type_code not in types:
                continue
            parties = {a.party for a in e.actors if a.party}
            if parties and o.party not in parties:
                continue
            if o.zones:
                if not e.where.resolved or e.where.precision in TOO_VAGUE:
                    continue
                point = shapely.Point(e.where.lon, e.where.lat)
                if not any(areas[z].covers(point) for z in o.zones):
                    continue
            if o.id not in done or e.when.start < done[o.id]:
                done[o.id] = e.when.start
    return done
