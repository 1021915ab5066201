"""Events as row tuples in the column order of the ``events`` table.

No SQLAlchemy here: parser processes import this module to turn what they read into
rows, and should not pay for loading the database toolkit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import orjson

from ceasewatch.model import (
    AcledType,
    Actor,
    ActorRole,
    CfvDetail,
    CfvKind,
    Count,
    Event,
    Family,
    GeoPrecision,
    Place,
    TimePrecision,
    TimeSpan,
    VerificationStatus,
)


def json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


def json_list(values: Sequence[str]) -> str | None:
    """A list column: JSON text, or NULL when empty."""
    return json_text(list(values)) if values else None


def _cfv(e: Event) -> str | None:
    return json_text([[c.kind.value, c.count, c.weapon] for c in e.cfv]) if e.cfv else None


def event_values(e: Event) -> tuple[Any, ...]:
    """An event as a row tuple in the column order of ``schema.events`` (checked below)."""
    w, k, wd, t, acled = e.where, e.killed, e.wounded, e.when, e.acled
    start, end = t.start, t.end
    return (
        e.id,
        e.dataset,
        e.external_id,
        e.type_code,
        e.family._value_,  # _value_: a plain attribute; .value goes through a descriptor
        acled.event_type if acled else None,
        acled.sub_event_type if acled else None,
        acled.disorder_type if acled else None,
        start.isoformat() if start else None,
        end.isoformat() if end else None,
        (end - start).days if start and end else 0,
        t.precision._value_,
        w.name,
        w.lat,
        w.lon,
        w.precision._value_,
        w.radius_m,
        json_text(w.geometry) if w.geometry else None,
        w.country,
        w.iso,
        w.region,
        w.admin1,
        w.admin2,
        w.admin3,
        k.low,
        k.best,
        k.high,
        k.civilian,
        k.military,
        wd.low,
        wd.best,
        wd.high,
        wd.civilian,
        wd.military,
        json_text([[a.name, a.role._value_, a.party, a.inter] for a in e.actors])
        if e.actors
        else None,
        e.status._value_,
        e.civilian_targeting,
        _cfv(e),
        e.notes,
        json_list(e.sources),
        e.source_scale,
        json_list(e.tags),
        json_text(dict(e.extra)) if e.extra else None,
    )


# The columns of ``schema.events``, in order; store/events.py checks them on import.
COLUMNS = [
    "id",
    "dataset",
    "external_id",
    "type_code",
    "family",
    "acled_event_type",
    "acled_sub_event_type",
    "disorder_type",
    "date_start",
    "date_end",
    "span_days",
    "time_precision",
    "place_name",
    "lat",
    "lon",
    "geo_precision",
    "radius_m",
    "geometry",
    "country",
    "iso",
    "region",
    "admin1",
    "admin2",
    "admin3",
    "killed_low",
    "killed_best",
    "killed_high",
    "killed_civilian",
    "killed_military",
    "wounded_low",
    "wounded_best",
    "wounded_high",
    "wounded_civilian",
    "wounded_military",
    "actors",
    "status",
    "civilian_targeting",
    "cfv",
    "notes",
    "sources",
    "source_scale",
    "tags",
    "extra",
]


_FAMILY = {m.value: m for m in Family}
_TIME = {m.value: m for m in TimePrecision}
_GEO = {m.value: m for m in GeoPrecision}
_ROLE = {m.value: m for m in ActorRole}
_STATUS = {m.value: m for m in VerificationStatus}


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def row_event(row: Sequence[Any]) -> Event:
    """The inverse of :func:`event_values`: a stored row (in ``COLUMNS`` order) as an event."""
    (eid, dataset, external_id, type_code, family, acled_type, acled_sub, disorder, start, end,
     _span, tprec, place_name, lat, lon, gprec, radius, geometry, country, iso, region, admin1,
     admin2, admin3, k_low, k_best, k_high, k_civ, k_mil, w_low, w_best, w_high, w_civ, w_mil,
     actors, status, civilian, cfv, notes, sources, scale, tags, extra) = row  # fmt: skip
    loads = orjson.loads
    return Event(
        eid,
        type_code,
        _FAMILY[family],
        TimeSpan(_date(start), _date(end), _TIME[tprec]),
        Place(
            place_name,
            lat,
            lon,
            _GEO[gprec],
            radius,
            loads(geometry) if geometry else None,
            country,
            iso,
            region,
            admin1,
            admin2,
            admin3,
        ),
        tuple(Actor(n, _ROLE[r], p, i) for n, r, p, i in loads(actors)) if actors else (),
        Count(k_low, k_best, k_high, k_civ, k_mil),
        Count(w_low, w_best, w_high, w_civ, w_mil),
        _STATUS[status],
        AcledType(acled_type, acled_sub, disorder) if acled_type else None,
        tuple(CfvDetail(CfvKind(k), n, w) for k, n, w in loads(cfv)) if cfv else (),
        notes,
        tuple(loads(sources)) if sources else (),
        scale,
        tuple(loads(tags)) if tags else (),
        bool(civilian),
        dataset,
        external_id,
        loads(extra) if extra else {},
    )
