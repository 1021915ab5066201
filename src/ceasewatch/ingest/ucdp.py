"""UCDP GED CSV import (columns of GED 23.1; ../shared/FIELD.md §4b).

UCDP codes one of three types of violence; each becomes a monitoring type of the
taxonomy. Low/best/high deaths and civilian deaths are kept; the structured source
provenance (article, office, date, headline, original) is kept in ``extra``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TextIO

from ceasewatch.errors import SchemaError
from ceasewatch.ingest.tabular import (
    CsvTable,
    ProblemLog,
    parse_date,
    parse_float,
    parse_int,
    parse_opt_int,
    parsed_rows,
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
# The columns this reader reads, in the order parse_row unpacks them.
COLUMNS = (
    *REQUIRED,
    "deaths_civilians",
    "where_description",
    "adm_1",
    "adm_2",
    "region",
    "source_headline",
    *_KEPT,
)


def parse_row(values: Sequence[str], taxonomy: Taxonomy) -> Event:
    """One UCDP GED row (fields in ``COLUMNS`` order) as an event."""
    (ext_id, violence_code, side_a, side_b, where_prec, latitude, longitude, country,
     date_prec, date_start, date_end, best_text, high_text, low_text, civilians_text,
     where_description, adm_1, adm_2, region, headline) = values[:20]  # fmt: skip
    ext_id = ext_id.strip()
    if not ext_id:
        raise SchemaError("is empty; every UCDP row needs an id", field="id")
    violence = parse_int(violence_code, "type_of_violence", lo=1, hi=3)
    mtype = taxonomy.get(_TYPE_BY_VIOLENCE[violence])
    start = parse_date(date_start, "date_start")
    end = parse_date(date_end, "date_end")
    if end < start:
        raise SchemaError("is before date_start", field="date_end")
    tprec = TimePrecision.from_ucdp(parse_int(date_prec, "date_prec", lo=1, hi=5))
    gprec = GeoPrecision.from_ucdp(parse_int(where_prec, "where_prec", lo=1, hi=7))
    lat = parse_float(latitude, "latitude", -90.0, 90.0, "latitude")
    lon = parse_float(longitude, "longitude", -180.0, 180.0, "longitude")
    low = parse_int(low_text, "low", lo=0)
    best = parse_int(best_text, "best", lo=0)
    high = parse_int(high_text, "high", lo=0)
    if not low <= best <= high:
        raise SchemaError(f"low {low}, best {best}, high {high} are not in order", field="best")
    civilians = parse_opt_int(civilians_text, "deaths_civilians")
    actors = [Actor(side_a.strip(), ActorRole.SIDE_A)]
    if side_b.strip():
        actors.append(Actor(side_b.strip(), ActorRole.SIDE_B))
    kept = values[20 : 20 + len(_KEPT)]
    extra = {k: v.strip() for k, v in zip(_KEPT, kept, strict=True) if v.strip()}
    office = extra.get("source_office", "")
    return Event(
        id=f"{DATASET}:{ext_id}",
        type_code=mtype.code,
        family=mtype.family,
        when=TimeSpan(start, end, tprec),
        where=Place(
            name=where_description.strip() or None,
            lat=lat,
            lon=lon,
            precision=gprec,
            radius_m=gprec.default_radius_m,
            country=country.strip() or None,
            admin1=adm_1.strip() or None,
            admin2=adm_2.strip() or None,
            region=region.strip() or None,
        ),
        actors=tuple(actors),
        killed=Count(low, best, high, civilian=civilians),
        acled=mtype.acled,
        notes=headline.strip() or None,
        sources=tuple(s.strip() for s in office.split(";") if s.strip()),
        civilian_targeting=violence == 3,
        dataset=DATASET,
        external_id=ext_id,
        extra=extra,
    )


def read_ucdp(
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
    return parsed_rows(table, COLUMNS, lambda values: parse_row(values, taxonomy))
