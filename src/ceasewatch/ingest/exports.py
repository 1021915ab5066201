"""Writers for the interchange formats: ACLED CSV, GeoJSON and JSON Lines. They stream."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from ceasewatch.ingest.acled import COLUMNS, event_to_row
from ceasewatch.model import Event, Taxonomy
from ceasewatch.model.jsonform import event_json

FORMATS = ("acled", "geojson", "jsonl")


def write_acled(out: TextIO, events: Iterable[Event], taxonomy: Taxonomy) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for e in events:
        writer.writerow(event_to_row(e, taxonomy))
        n += 1
    return n


def write_jsonl(out: TextIO, events: Iterable[Event]) -> int:
    n = 0
    for e in events:
        out.write(json.dumps(event_json(e), ensure_ascii=False, sort_keys=True))
        out.write("\n")
        n += 1
    return n


def feature(e: Event) -> dict[str, Any]:
    """An event as a GeoJSON Feature (RFC 7946: lon, lat order); unplaced events get null."""
    props = event_json(e)
    geometry: Any = None
    if e.where.geometry is not None:
        geometry = dict(e.where.geometry)
    elif e.where.lon is not None and e.where.lat is not None:
        geometry = {"type": "Point", "coordinates": [e.where.lon, e.where.lat]}
    return {"type": "Feature", "id": e.id, "geometry": geometry, "properties": props}


def write_geojson(out: TextIO, events: Iterable[Event]) -> int:
    out.write('{"type":"FeatureCollection","features":[\n')
    n = 0
    for e in events:
        if n:
            out.write(",\n")
        out.write(json.dumps(feature(e), ensure_ascii=False, sort_keys=True))
        n += 1
    out.write("\n]}\n")
    return n
