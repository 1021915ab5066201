"""Writers for the interchange formats: ACLED CSV, GeoJSON, JSON Lines and KML. They
stream."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from typing import Any, TextIO
from xml.sax.saxutils import escape

from ceasewatch.formats.csvtext import spreadsheet_safe
from ceasewatch.ingest.acled import COLUMNS, event_to_row
from ceasewatch.model import Event, Taxonomy
from ceasewatch.model.jsonform import event_json
from ceasewatch.model.vocab import FAMILY_COLOURS

FORMATS = ("acled", "geojson", "jsonl", "kml")


def write_acled(out: TextIO, events: Iterable[Event], taxonomy: Taxonomy) -> int:
    """Events as ACLED rows; a text cell a spreadsheet would run as a formula is written
    with a quote in front (``formats.csvtext.spreadsheet_safe``), numbers as they are.
    Rows end in CRLF, as RFC 4180 has them: the writer then quotes every field that holds
    a carriage return, which a bare "\\n" ending would leave to split the row."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    n = 0
    for e in events:
        row = event_to_row(e, taxonomy)
        writer.writerow([spreadsheet_safe(row[c]) for c in COLUMNS])
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


def _kml_colour(rgb: str) -> str:
    """KML colours are aabbggrr."""
    return "ff" + rgb[5:7] + rgb[3:5] + rgb[1:3]


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text as XML character data: escaped, with the characters XML cannot hold dropped."""
    return escape(_NOT_XML.sub("", text))


def write_kml(out: TextIO, events: Iterable[Event]) -> int:
    """Events as KML 2.2 placemarks (Google Earth, QGIS), one style per family in the
    report's colours; events with no coordinates have no placemark and are counted in
    a closing comment."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<kml xmlns="http://www.opengis.net/kml/2.2"><Document>\n')
    out.write("<name>ceasewatch events</name>\n")
    for family, rgb in sorted(FAMILY_COLOURS.items()):
        out.write(
            f'<Style id="{family}"><IconStyle><color>{_kml_colour(rgb)}</color>'
            "<scale>0.8</scale></IconStyle></Style>\n"
        )
    n = unplaced = 0
    for e in events:
        n += 1
        if e.where.lat is None or e.where.lon is None:
            unplaced += 1
            continue
        when = e.when.start.isoformat() if e.when.start else ""
        end = (e.when.end or e.when.start).isoformat() if e.when.start else ""
        data = {
            "id": e.id,
            "type": e.type_code,
            "status": e.status.value,
            "precision": e.where.precision.value,
            "killed": "" if e.killed.best is None else str(e.killed.best),
        }
        # the order KML 2.2's schema requires: name, description, TimePrimitive, styleUrl,
        # ExtendedData, then the geometry
        out.write(
            f"<Placemark><name>{_xml(f'{when} {e.type_code}')}</name>"
            f"<description>{_xml(e.notes or '')}</description>"
            + (f"<TimeSpan><begin>{when}</begin><end>{end}</end></TimeSpan>" if when else "")
            + f"<styleUrl>#{e.family.value}</styleUrl>"
            + "<ExtendedData>"
            + "".join(f'<Data name="{k}"><value>{_xml(v)}</value></Data>' for k, v in data.items())
            + "</ExtendedData>"
            f"<Point><coordinates>{e.where.lon},{e.where.lat}</coordinates></Point>"
            "</Placemark>\n"
        )
    out.write(f"<!-- {n} event(s), {unplaced} of them without coordinates -->\n")
    out.write("</Document></kml>\n")
    return n


def write(out: TextIO, fmt: str, events: Iterable[Event], taxonomy: Taxonomy) -> int:
    """Events in one of ``FORMATS``; returns how many."""
    if fmt == "acled":
        return write_acled(out, events, taxonomy)
    if fmt == "geojson":
        return write_geojson(out, events)
    if fmt == "kml":
        return write_kml(out, events)
    return write_jsonl(out, events)
