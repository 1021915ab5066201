"""Readers for the mission's own records, one CSV layout each (see docs/formats.md):
sources, mission activities, observations, checkpoint crossings and vehicle tracks.

Each yields (line, record) for good rows and logs every bad row with its line, so that a
caller can refuse the whole batch and list all the problems at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TextIO, TypeVar

from ceasewatch.errors import SchemaError
from ceasewatch.ingest.tabular import (
    CsvTable,
    ProblemLog,
    parse_date,
    parse_float,
    parse_int,
    parsed_rows,
    split_list,
)
from ceasewatch.model import (
    Actor,
    ActorRole,
    CargoItem,
    CfvDetail,
    CfvKind,
    Count,
    Crossing,
    Direction,
    Event,
    GeoPrecision,
    Observation,
    ObservationMeans,
    Place,
    Reliability,
    Source,
    SourceKind,
    Taxonomy,
    TimePrecision,
    TimeSpan,
    TrackPoint,
    VerificationStatus,
)

R = TypeVar("R")
Row = Sequence[str]


def _rows(
    stream: TextIO,
    file: str,
    columns: Sequence[str],
    required: Mapping[str, str],
    log: ProblemLog,
    parse: Callable[[Row], R],
) -> Iterator[tuple[int, R]]:
    return parsed_rows(CsvTable(stream, file, columns, required, log), columns, parse)


def _text(value: str, field: str) -> str:
    value = value.strip()
    if not value:
        raise SchemaError("is empty", field=field)
    return value


def _opt(value: str) -> str | None:
    return value.strip() or None


def _flag(value: str, field: str) -> bool:
    v = value.strip().lower()
    if v in ("", "no", "false", "0"):
        return False
    if v in ("yes", "true", "1", "illustrative"):
        return True
    raise SchemaError("is not yes/no", field=field)


def _moment(value: str, field: str) -> datetime:
    """An ISO date and time; a UTC offset is required, so times are never ambiguous."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise SchemaError("is not a date and time (YYYY-MM-DDTHH:MM+HH:MM)", field=field) from None
    if moment.tzinfo is None:
        raise SchemaError("has no UTC offset (add +04:00, Z, ...)", field=field)
    return moment


def _opt_float(value: str, field: str, lo: float, hi: float, what: str) -> float | None:
    return parse_float(value, field, lo, hi, what) if value.strip() else None


# -- sources ---------------------------------------------------------------------------

SOURCE_COLUMNS = (
    "id",
    "name",
    "kind",
    "affiliation",
    "reliability",
    "parent",
    "scale",
    "protected",
    "illustrative",
)


def read_sources(stream: TextIO, file: str, log: ProblemLog) -> Iterator[tuple[int, Source]]:
    def parse(v: Row) -> Source:
        return Source(
            _text(v[0], "id"),
            _text(v[1], "name"),
            SourceKind.parse(v[2] or "other", field="kind"),
            _opt(v[3]),
            Reliability.parse(v[4] or "f", field="reliability"),
            _opt(v[5]),
            _opt(v[6]),
            _flag(v[7], "protected"),
            _flag(v[8], "illustrative"),
        )

    return _rows(stream, file, SOURCE_COLUMNS, {"id": "", "name": ""}, log, parse)


# -- mission activities and other events -----------------------------------------------

ACTIVITY_COLUMNS = (
    "id",
    "date_start",
    "date_end",
    "time_precision",
    "type",
    "place",
    "lat",
    "lon",
    "geo_precision",
    "actor",
    "party",
    "role",
    "quantity",
    "unit",
    "killed",
    "wounded",
    "sources",
    "notes",
    "illustrative",
)


def _count(value: str, field: str) -> Count:
    if not value.strip():
        return Count()
    n = parse_int(value, field)
    if n < 0:
        raise SchemaError("cannot be negative", field=field)
    return Count(n, n, n)


def read_activities(
    stream: TextIO, file: str, taxonomy: Taxonomy, log: ProblemLog, dataset: str = "ceasewatch"
) -> Iterator[tuple[int, Event]]:
    """Events written by a mission or an analyst, in the activity-log layout."""

    def parse(v: Row) -> Event:
        eid = _text(v[0], "id")
        start = parse_date(v[1], "date_start")
        end = parse_date(v[2], "date_end") if v[2].strip() else start
        if end < start:
            raise SchemaError("is before date_start", field="date_end")
        code = _text(v[4], "type")
        if code not in taxonomy:
            raise SchemaError("is not an event type of the taxonomy", field="type")
        kind = taxonomy.get(code)
        lat = _opt_float(v[6], "lat", -90, 90, "latitude")
        lon = _opt_float(v[7], "lon", -180, 180, "longitude")
        if (lat is None) != (lon is None):
            raise SchemaError("needs both lat and lon, or neither", field="lat")
        gprec = GeoPrecision.parse(
            v[8] or ("exact" if lat is not None else "unresolved"), field="geo_precision"
        )
        actors = []
        if v[9].strip():
            role = ActorRole.parse(v[11] or "participant", field="role")
            actors.append(Actor(v[9].strip(), role, _opt(v[10])))
        extra = {}
        if v[12].strip():
            parse_float(v[12], "quantity", 0, 1e12, "quantity")
            extra["quantity"] = v[12].strip()
            extra["unit"] = v[13].strip()
        illustrative = _flag(v[18], "illustrative")
        return Event(
            id=f"{dataset}:{eid}",
            type_code=code,
            family=kind.family,
            when=TimeSpan(start, end, TimePrecision.parse(v[3] or "day", field="time_precision")),
            where=Place(_opt(v[5]), lat, lon, gprec, gprec.default_radius_m),
            actors=tuple(actors),
            killed=_count(v[14], "killed"),
            wounded=_count(v[15], "wounded"),
            status=VerificationStatus.UNVERIFIED,
            acled=kind.acled,
            notes=_opt(v[17]),
            sources=split_list(v[16]),
            tags=("illustrative",) if illustrative else (),
            dataset=dataset,
            external_id=eid,
            extra=extra,
        )

    return _rows(
        stream,
        file,
        ACTIVITY_COLUMNS,
        {"id": "", "date_start": "2000-01-01", "type": "other.unclassified"},
        log,
        parse,
    )


# -- observations ----------------------------------------------------------------------

OBSERVATION_COLUMNS = (
    "id",
    "observer",
    "position",
    "lat",
    "lon",
    "start",
    "end",
    "type",
    "means",
    "cfv_kind",
    "count",
    "weapon",
    "bearing_deg",
    "distance_min_km",
    "distance_max_km",
    "notes",
    "illustrative",
    "source",  # optional: the monitoring team (a source) the post reports for
)


def read_observations(
    stream: TextIO, file: str, taxonomy: Taxonomy, log: ProblemLog
) -> Iterator[tuple[int, Observation]]:
    def parse(v: Row) -> Observation:
        code = _text(v[7], "type")
        if code not in taxonomy:
            raise SchemaError("is not an event type of the taxonomy", field="type")
        lat = parse_float(v[3], "lat", -90, 90, "latitude")
        lon = parse_float(v[4], "lon", -180, 180, "longitude")
        start = _moment(v[5], "start")
        end = _moment(v[6], "end") if v[6].strip() else start
        cfv = None
        if v[9].strip():
            n = parse_int(v[10], "count", lo=0) if v[10].strip() else None
            cfv = CfvDetail(CfvKind.parse(v[9], field="cfv_kind"), n, _opt(v[11]))
        dmin = _opt_float(v[13], "distance_min_km", 0, 100, "distance in km")
        dmax = _opt_float(v[14], "distance_max_km", 0, 100, "distance in km")
        if (dmin is None) != (dmax is None):
            raise SchemaError(
                "needs both distance_min_km and distance_max_km", field="distance_max_km"
            )
        return Observation(
            _text(v[0], "id"),
            _text(v[1], "observer"),
            Place(_opt(v[2]) or v[1].strip(), lat, lon, GeoPrecision.EXACT, 50.0),
            start,
            end,
            code,
            ObservationMeans.parse(v[8] or "seen", field="means"),
            cfv,
            _opt_float(v[12], "bearing_deg", 0, 359.999, "bearing in degrees"),
            (dmin, dmax) if dmin is not None and dmax is not None else None,
            _opt(v[15]),
            None,
            _flag(v[16], "illustrative"),
            _opt(v[17]),
        )

    required = {
        "id": "",
        "observer": "",
        "lat": "0",
        "lon": "0",
        "start": "2000-01-01T00:00Z",
        "type": "other.unclassified",
    }
    return _rows(stream, file, OBSERVATION_COLUMNS, required, log, parse)


# -- crossings -------------------------------------------------------------------------

CROSSING_COLUMNS = (
    "id",
    "checkpoint",
    "time",
    "vehicle",
    "direction",
    "declared",
    "observed",
    "escort",
    "inspection",
    "notes",
    "illustrative",
)
_ITEM = re.compile(
    r"^(?P<cat>[a-z][a-z0-9_]*)"
    r"(?:\s*=\s*(?P<qty>\d+(?:\.\d+)?)\s*(?P<unit>[A-Za-z]+)?)?"
    r"(?:\s*\((?P<desc>[^()]*)\))?$"
)


def parse_cargo(text: str, field: str) -> tuple[CargoItem, ...]:
    """A manifest: items separated by ';', each 'category[=quantity unit][ (description)]'."""
    items = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        m = _ITEM.match(part)
        if m is None:
            raise SchemaError(
                f"item {part!r} is not 'category[=quantity unit][ (description)]'", field=field
            )
        qty = parse_float(m["qty"], field, 0, 1e12, "quantity") if m["qty"] else None
        items.append(CargoItem(m["cat"], m["desc"], qty, m["unit"]))
    return tuple(items)


def read_crossings(stream: TextIO, file: str, log: ProblemLog) -> Iterator[tuple[int, Crossing]]:
    def parse(v: Row) -> Crossing:
        observed = parse_cargo(v[6], "observed") if v[6].strip() else None
        return Crossing(
            _text(v[0], "id"),
            _text(v[1], "checkpoint"),
            _moment(v[2], "time"),
            _text(v[3], "vehicle"),
            Direction.parse(v[4], field="direction"),
            parse_cargo(v[5], "declared"),
            observed,
            _opt(v[7]),
            _opt(v[8]),
            _opt(v[9]),
            _flag(v[10], "illustrative"),
        )

    required = {
        "id": "",
        "checkpoint": "",
        "time": "2000-01-01T00:00Z",
        "vehicle": "",
        "direction": "inbound",
    }
    return _rows(stream, file, CROSSING_COLUMNS, required, log, parse)


# -- tracks ----------------------------------------------------------------------------

TRACK_COLUMNS = ("vehicle_id", "time", "lat", "lon", "speed", "illustrative")


def read_tracks(stream: TextIO, file: str, log: ProblemLog) -> Iterator[tuple[int, TrackPoint]]:
    def parse(v: Row) -> TrackPoint:
        return TrackPoint(
            _text(v[0], "vehicle_id"),
            _moment(v[1], "time"),
            parse_float(v[2], "lat", -90, 90, "latitude"),
            parse_float(v[3], "lon", -180, 180, "longitude"),
            _opt_float(v[4], "speed", 0, 400, "speed in km/h"),
            _flag(v[5], "illustrative"),
        )

    required = {"vehicle_id": "", "time": "2000-01-01T00:00Z", "lat": "0", "lon": "0"}
    return _rows(stream, file, TRACK_COLUMNS, required, log, parse)


def new_id(prefix: str) -> str:
    """An id for a record filed by hand: the prefix, the UTC time and 6 random hex digits."""
    import secrets
    from datetime import UTC

    return f"{prefix}-{datetime.now(UTC):%Y%m%d%H%M%S}-{secrets.token_hex(3)}"


def observation_from(
    *,
    id: str,
    observer: str,
    lat: float,
    lon: float,
    start: datetime,
    type_code: str,
    end: datetime | None = None,
    place: str | None = None,
    means: str = "seen",
    cfv_kind: str | None = None,
    count: float | None = None,
    weapon: str | None = None,
    bearing_deg: float | None = None,
    distance_min_km: float | None = None,
    distance_max_km: float | None = None,
    notes: str | None = None,
    source: str | None = None,
) -> Observation:
    """An observation from the fields a form or the API gives, each checked with the
    field named: a latitude and a longitude on the globe, a whole count of 0 or more,
    both distances or neither, a kind of violation and a means from the vocabulary. (The
    Workspace checks the times and the event type when it stores it.)"""
    if not -90 <= lat <= 90:  # NaN fails too
        raise SchemaError(f"{lat!r} is not a latitude (-90 to 90)", field="lat")
    if not -180 <= lon <= 180:
        raise SchemaError(f"{lon!r} is not a longitude (-180 to 180)", field="lon")
    if count is not None and not (math.isfinite(count) and count >= 0 and count == int(count)):
        raise SchemaError(f"{count!r} is not a whole number of 0 or more", field="count")
    if (distance_min_km is None) != (distance_max_km is None):
        raise SchemaError("needs both distance_min_km and distance_max_km", field="distance_max_km")
    cfv = None
    if not cfv_kind and (count is not None or weapon):
        # nothing would keep them: a count and a weapon belong to a kind of violation
        kinds = ", ".join(k.value for k in CfvKind)
        raise SchemaError(
            f"a count or a weapon needs the kind of violation ({kinds})", field="cfv_kind"
        )
    if cfv_kind:
        n = int(count) if count is not None else None
        cfv = CfvDetail(CfvKind.parse(cfv_kind, field="cfv_kind"), n, weapon or None)
    distance = None
    if distance_min_km is not None and distance_max_km is not None:
        distance = (distance_min_km, distance_max_km)
    return Observation(
        id=id,
        observer=observer.strip(),
        position=Place(place or observer.strip(), lat, lon, GeoPrecision.EXACT, 50.0),
        start=start,
        end=end or start,
        type_code=type_code,
        means=ObservationMeans.parse(means or "seen", field="means"),
        cfv=cfv,
        bearing_deg=bearing_deg,
        distance_km=distance,
        notes=notes or None,
        source=source.strip() if source and source.strip() else None,
    )
