"""ACLED-format CSV: read rows into events, and write events back as ACLED rows.

Column names and codes follow the ACLED codebook (../shared/FIELD.md §4a). A round trip
ACLED CSV -> events -> ACLED CSV keeps every column listed in ``COLUMNS``; columns this
reader does not know are kept in ``Event.extra`` under their own names.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from ceasewatch.errors import SchemaError
from ceasewatch.extract.notes import READ, notes_reader
from ceasewatch.ingest.tabular import (
    CsvTable,
    ProblemLog,
    parse_date,
    parse_float,
    parse_int,
    parse_opt_int,
    parsed_rows,
    split_list,
)
from ceasewatch.model import (
    NO_COUNT,
    AcledType,
    Actor,
    ActorRole,
    Count,
    Event,
    GeoPrecision,
    Place,
    Taxonomy,
    TimePrecision,
    TimeSpan,
    VerificationStatus,
)

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# Required columns, each with the stand-in used while the header lacks it.
REQUIRED = {
    "event_id_cnty": "missing",
    "event_date": "2000-01-01",
    "time_precision": "1",
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": "",
    "country": "",
    "latitude": "0",
    "longitude": "0",
    "geo_precision": "1",
    "fatalities": "0",
}

# ACLED actor types (the "inter" codes); 0 means "no second actor".
INTER_LABELS = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
_INTER_BY_LABEL = {v.lower(): k for k, v in INTER_LABELS.items()}
DATASET = "acled"
_READ_PAIRS = frozenset(READ)  # pairs whose notes decide the monitoring type (extract/notes.py)


def _inter(text: str, fld: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return parse_int(text, fld, lo=0, hi=8)
    code = _INTER_BY_LABEL.get(text.lower())
    if code is None:
        raise SchemaError("is not an ACLED actor type (0-8 or its label)", field=fld)
    return code


ActorFields = list[tuple[str, ActorRole, int | None]]


def actor_list(
    actor1: str, assoc1: str, inter1: str, actor2: str, assoc2: str, inter2: str
) -> ActorFields:
    """A row's actors as (name, role, inter code): the first actor, who acted with it,
    the second actor if any, who acted with that one."""
    actors = [(actor1.strip(), ActorRole.SIDE_A, _inter(inter1, "inter1"))]
    if assoc1:
        actors += [(a, ActorRole.ASSOCIATED_A, None) for a in split_list(assoc1)]
    actor2 = actor2.strip()
    if actor2:
        actors.append((actor2, ActorRole.SIDE_B, _inter(inter2, "inter2")))
    if assoc2:
        actors += [(a, ActorRole.ASSOCIATED_B, None) for a in split_list(assoc2)]
    return actors


# What ``parse_fields`` returns, in this order: every field of a row checked and converted,
# before any model object is made. ``parse_row`` makes the Event from it; a bulk importer
# may turn it straight into a stored row (workspace/parsing.py), and a test holds the two
# ways to the same result.
Fields = tuple[Any, ...]


def parse_fields(
    values: Sequence[str], taxonomy: Taxonomy, extra_columns: Sequence[str] = ()
) -> Fields:
    """Check and convert one ACLED row; raises ``SchemaError`` naming the first bad field.

    ``values`` holds the row's fields in ``COLUMNS`` order, followed by the values of
    ``extra_columns`` (columns ACLED's layout lacks). Returns (external id, date, time
    precision, event type, sub-event type, disorder type, monitoring type, latitude,
    longitude, geo precision, fatalities, actors as (name, role, inter), extra mapping,
    location, country, iso, region, admin1, admin2, admin3, notes, sources, source scale,
    tags, civilian targeting).
    """
    (ext_id, event_date, _year, time_precision, disorder, etype, sub, actor1, assoc1, inter1,
     actor2, assoc2, inter2, _interaction, civ, iso, region, country, admin1, admin2, admin3,
     location, latitude, longitude, geo_precision, source, scale, notes, fatalities, tags,
     stamp) = values[:31]  # fmt: skip
    ext_id = ext_id.strip()
    if not ext_id:
        raise SchemaError("is empty; every ACLED row needs an event id", field="event_id_cnty")
    day = parse_date(event_date, "event_date")
    tprec = TimePrecision.from_acled(parse_int(time_precision, "time_precision", lo=1, hi=3))
    etype, sub = etype.strip(), sub.strip()
    mtype = taxonomy.acled_default.get((etype, sub))
    if mtype is None:
        raise SchemaError(
            f"{etype!r} / {sub!r} is not one of ACLED's event type / sub-event type pairs",
            field="sub_event_type",
        )
    if (etype, sub) in _READ_PAIRS or (etype, "*") in _READ_PAIRS:
        mtype = notes_reader(taxonomy).type_of(etype, sub, notes) or mtype
    kind = taxonomy.types[mtype]
    lat = parse_float(latitude, "latitude", -90.0, 90.0, "latitude")
    lon = parse_float(longitude, "longitude", -180.0, 180.0, "longitude")
    gprec = GeoPrecision.from_acled(parse_int(geo_precision, "geo_precision", lo=1, hi=3))
    killed = parse_int(fatalities, "fatalities", lo=0)
    actors = actor_list(actor1, assoc1, inter1, actor2, assoc2, inter2)
    extra = {}
    if extra_columns:
        extra = {k: v for k, v in zip(extra_columns, values[31:], strict=True) if v}
    stamp = stamp.strip()
    if stamp:
        parse_int(stamp, "timestamp", lo=0)
        extra["timestamp"] = stamp
    disorder_type = disorder.strip() or (kind.acled.disorder_type if kind.acled else None)
    return (
        ext_id, day, tprec, etype, sub, disorder_type, kind, lat, lon, gprec, killed, actors,
        extra, location.strip() or None, country.strip() or None, parse_opt_int(iso, "iso"),
        region.strip() or None, admin1.strip() or None, admin2.strip() or None,
        admin3.strip() or None, notes.strip() or None, split_list(source),
        scale.strip() or None, split_list(tags), bool(civ.strip()),
    )  # fmt: skip


def parse_row(
    values: Sequence[str], taxonomy: Taxonomy, extra_columns: Sequence[str] = ()
) -> Event:
    """One ACLED row as an event; raises ``SchemaError`` naming the first bad field."""
    (ext_id, day, tprec, etype, sub, disorder_type, kind, lat, lon, gprec, killed, actors,
     extra, location, country, iso, region, admin1, admin2, admin3, notes, sources, scale,
     tags, civ) = parse_fields(values, taxonomy, extra_columns)  # fmt: skip
    # Positional arguments, in field order: this runs a million times on a large import.
    place = Place(location, lat, lon, gprec, gprec.default_radius_m, None, country, iso, region,
                  admin1, admin2, admin3)  # fmt: skip
    return Event(
        f"{DATASET}:{ext_id}",
        kind.code,
        kind.family,
        TimeSpan(day, day, tprec),
        place,
        tuple(Actor(name, role, None, inter) for name, role, inter in actors),
        Count(killed, killed, None),
        NO_COUNT,
        VerificationStatus.UNVERIFIED,
        AcledType(etype, sub, disorder_type),
        (),
        notes,
        sources,
        scale,
        tags,
        civ,
        DATASET,
        ext_id,
        extra,
    )


def read_acled(
    stream: TextIO,
    file: str,
    taxonomy: Taxonomy,
    log: ProblemLog,
    *,
    header: Sequence[str] | None = None,
    line: int = 1,
) -> Iterator[tuple[int, Event]]:
    """Yield (line, event) for every good row; every bad row goes to ``log`` with its line.

    ``header`` and ``line`` read a slice of a file cut at record boundaries (see CsvTable).
    """
    table = CsvTable(stream, file, COLUMNS, REQUIRED, log, header=header, line=line)
    extra = table.extra_columns
    return parsed_rows(table, COLUMNS, lambda values: parse_row(values, taxonomy, extra))


def _fmt_count(c: Count) -> str:
    n = c.best if c.best is not None else c.low
    return str(n if n is not None else 0)


def event_to_row(event: Event, taxonomy: Taxonomy) -> dict[str, str]:
    """An event as an ACLED row. Events of types with no ACLED pair are coded 'Other'."""
    acled = event.acled
    if acled is None:
        mtype = taxonomy.types.get(event.type_code)
        acled = mtype.acled if mtype and mtype.acled else None
    if acled is None:
        acled = AcledType("Strategic developments", "Other", "Strategic developments")
    side_a = [a for a in event.actors if a.role in (ActorRole.SIDE_A, ActorRole.PERPETRATOR)]
    side_b = [a for a in event.actors if a.role in (ActorRole.SIDE_B, ActorRole.TARGET)]
    assoc_a = [a.name for a in event.actors if a.role is ActorRole.ASSOCIATED_A]
    assoc_b = [a.name for a in event.actors if a.role is ActorRole.ASSOCIATED_B]
    a1 = side_a[0] if side_a else (event.actors[0] if event.actors else None)
    a2 = side_b[0] if side_b else None
    inter1 = a1.inter if a1 and a1.inter is not None else None
    inter2 = a2.inter if a2 and a2.inter is not None else (0 if a2 is None else None)
    # ACLED's interaction joins the two actor types, the lower first; "10" is a sole actor.
    interaction = ""
    if inter1 is not None and inter2:
        interaction = "".join(str(n) for n in sorted((inter1, inter2)))
    elif inter1 is not None and inter2 == 0:
        interaction = f"{inter1}0"
    day = event.when.start
    place = event.where
    return {
        "event_id_cnty": event.external_id
        if event.dataset == DATASET and event.external_id
        else event.id,
        "event_date": day.isoformat() if day else "",
        "year": str(day.year) if day else "",
        "time_precision": str(event.when.precision.to_acled()),
        "disorder_type": acled.disorder_type or "",
        "event_type": acled.event_type,
        "sub_event_type": acled.sub_event_type,
        "actor1": a1.name if a1 else "",
        "assoc_actor_1": "; ".join(assoc_a),
        "inter1": "" if inter1 is None else str(inter1),
        "actor2": a2.name if a2 else "",
        "assoc_actor_2": "; ".join(assoc_b),
        "inter2": "" if inter2 is None else str(inter2),
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else "",
        "iso": "" if place.iso is None else str(place.iso),
        "region": place.region or "",
        "country": place.country or "",
        "admin1": place.admin1 or "",
        "admin2": place.admin2 or "",
        "admin3": place.admin3 or "",
        "location": place.name or "",
        "latitude": "" if place.lat is None else f"{place.lat:.4f}",
        "longitude": "" if place.lon is None else f"{place.lon:.4f}",
        "geo_precision": str(place.precision.to_acled()),
        "source": "; ".join(event.sources),
        "source_scale": event.source_scale or "",
        "notes": event.notes or "",
        "fatalities": _fmt_count(event.killed),
        "tags": "; ".join(event.tags),
        "timestamp": event.extra.get("timestamp", ""),
    }


def read_acled_fields(
    stream: TextIO,
    file: str,
    taxonomy: Taxonomy,
    log: ProblemLog,
    *,
    header: Sequence[str] | None = None,
    line: int = 1,
) -> Iterator[tuple[int, Fields]]:
    """As ``read_acled``, but yielding each row's checked fields instead of an Event."""
    table = CsvTable(stream, file, COLUMNS, REQUIRED, log, header=header, line=line)
    extra = table.extra_columns
    return parsed_rows(table, COLUMNS, lambda values: parse_fields(values, taxonomy, extra))
