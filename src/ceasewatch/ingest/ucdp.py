"""UCDP GED CSV import (columns of GED 23.1; ../shared/FIELD.md §4b).

UCDP codes one of three types of violence; each becomes a monitoring type of the
taxonomy. Low/best/high deaths and civilian deaths are kept; the structured source
provenance (article, office, date, headline, original) is kept in ``extra``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TextIO

from ceasewatch.errors import SchemaError
from ceasewatch.ingest.tabular import (
    ProblemLog,
    csv_rows,
    parse_date,
    parse_float,
    parse_int,
    parse_opt_int,
)
from ceasewatch.model import (
    Actor,
    ActorRole,
    Count,
    Event,
    GeoPrecision,
    Place,
    Taxonomy,
    TimePrecision,
    TimeSpan,
)

REQUIRED = {
    "id": "missing",
    "type_of_violence": "1",
    "side_a": "",
    "side_b": "",
    "where_prec": "1",
    "latitude": "0",
    "longitude": "0",
    "country": "",
    "date_prec": "1",
    "date_start": "2000-01-01",
    "date_end": "2000-01-01",
    "best": "0",
    "high": "0",
    "low": "0",
}

# type_of_violence: 1 state-based, 2 non-state, 3 one-sided (violence against civilians)
_TYPE_BY_VIOLENCE = {1: "clash.armed", 2: "clash.armed", 3: "civilians.attack"}
_KEPT = (
    "relid",
    "conflict_name",
    "dyad_name",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_coordinates",
    "event_clarity",
    "deaths_a",
    "deaths_b",
    "deaths_unknown",
    "priogrid_gid",
)
DATASET = "ucdp"


def parse_row(row: Mapping[str, str], taxonomy: Taxonomy) -> Event:
    ext_id = row["id"].strip()
    if not ext_id:
        raise SchemaError("is empty; every UCDP row needs an id", field="id")
    violence = parse_int(row["type_of_violence"], "type_of_violence", lo=1, hi=3)
    mtype = taxonomy.get(_TYPE_BY_VIOLENCE[violence])
    start = parse_date(row["date_start"], "date_start")
    end = parse_date(row["date_end"], "date_end")
    if end < start:
        raise SchemaError("is before date_start", field="date_end")
    tprec = TimePrecision.from_ucdp(parse_int(row["date_prec"], "date_prec", lo=1, hi=5))
    gprec = GeoPrecision.from_ucdp(parse_int(row["where_prec"], "where_prec", lo=1, hi=7))
    lat = parse_float(row["latitude"], "latitude", -90.0, 90.0, "latitude")
    lon = parse_float(row["longitude"], "longitude", -180.0, 180.0, "longitude")
    low = parse_int(row["low"], "low", lo=0)
    best = parse_int(row["best"], "best", lo=0)
    high = parse_int(row["high"], "high", lo=0)
    if not low <= best <= high:
        raise SchemaError(f"low {low}, best {best}, high {high} are not in order", field="best")
    civilians = parse_opt_int(row.get("deaths_civilians", ""), "deaths_civilians")
    get = row.get
    actors = [Actor(row["side_a"].strip(), ActorRole.SIDE_A)]
    if row["side_b"].strip():
        actors.append(Actor(row["side_b"].strip(), ActorRole.SIDE_B))
    extra = {k: get(k, "").strip() for k in _KEPT if get(k, "").strip()}
    office = get("source_office", "").strip()
    return Event(
        id=f"{DATASET}:{ext_id}",
        type_code=mtype.code,
        family=mtype.family,
        when=TimeSpan(start, end, tprec),
        where=Place(
            name=get("where_description", "").strip() or None,
            lat=lat,
            lon=lon,
            precision=gprec,
            radius_m=gprec.default_radius_m,
            country=row["country"].strip() or None,
            admin1=get("adm_1", "").strip() or None,
            admin2=get("adm_2", "").strip() or None,
            region=get("region", "").strip() or None,
        ),
        actors=tuple(actors),
        killed=Count(low, best, high, civilian=civilians),
        acled=mtype.acled,
        notes=get("source_headline", "").strip() or None,
        sources=tuple(s.strip() for s in office.split(";") if s.strip()),
        civilian_targeting=violence == 3,
        dataset=DATASET,
        external_id=ext_id,
        extra=extra,
    )


def read_ucdp(
    stream: TextIO, file: str, taxonomy: Taxonomy, log: ProblemLog
) -> Iterator[tuple[int, Event]]:
    for line, row in csv_rows(stream, file, REQUIRED, log):
        try:
            yield line, parse_row(row, taxonomy)
        except SchemaError as err:
            log.add_error(line, err, row.get(err.field) if err.field else None)
