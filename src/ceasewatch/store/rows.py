"""Events as row tuples in the column order of the ``events`` table.

No SQLAlchemy here: parser processes import this module to turn what they read into
rows, and should not pay for loading the database toolkit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from ceasewatch.model import Event


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _list(values: Sequence[str]) -> str | None:
    return _dumps(list(values)) if values else None


def _cfv(e: Event) -> str | None:
    return _dumps([[c.kind.value, c.count, c.weapon] for c in e.cfv]) if e.cfv else None


def event_values(e: Event) -> tuple[Any, ...]:
    """An event as a row tuple in the column order of ``schema.events`` (checked below)."""
    w, k, wd, t, acled = e.where, e.killed, e.wounded, e.when, e.acled
    start, end = t.start, t.end
    return (
        e.id,
        e.dataset,
        e.external_id,
        e.type_code,
        e.family.value,
        acled.event_type if acled else None,
        acled.sub_event_type if acled else None,
        acled.disorder_type if acled else None,
        start.isoformat() if start else None,
        end.isoformat() if end else None,
        (end - start).days if start and end else 0,
        t.precision.value,
        w.name,
        w.lat,
        w.lon,
        w.precision.value,
        w.radius_m,
        _dumps(w.geometry) if w.geometry else None,
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
        _dumps([[a.name, a.role.value, a.party, a.inter] for a in e.actors]) if e.actors else None,
        e.status.value,
        e.civilian_targeting,
        _cfv(e),
        e.notes,
        _list(e.sources),
        e.source_scale,
        _list(e.tags),
        _dumps(dict(e.extra)) if e.extra else None,
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
