"""Gazetteer files: a CSV of the project's own columns (name, alt_names, lat, lon, kind,
admin, named_only) or a GeoNames dump in its own tab-separated form (cities15000.txt, a
country file such as YE.txt), each read into a ``Gazetteer``; a bad row is a ``SchemaError``
naming its line."""

from __future__ import annotations

import csv
import io
import math

from ceasewatch.errors import SchemaError
from ceasewatch.extract.gazetteer import Entry, Gazetteer
from ceasewatch.formats.csvtext import NUL, repeated_column


def _degrees(value: str, fld: str, limit: float, file: str, line: int) -> float | None:
    if not value.strip():
        return None
    try:
        x = float(value)
    except ValueError:
        x = math.nan
    if not -limit <= x <= limit:  # NaN fails too
        what = "latitude" if fld == "lat" else "longitude"
        raise SchemaError(
            f"{file}:{line} {fld}: {value[:40]!r} is not a {what} in decimal degrees "
            f"(-{limit:g} to {limit:g})",
            file=file,
            row=line,
            field=fld,
        )
    return x + 0.0


def parse_gazetteer(text: str, file: str = "gazetteer.csv") -> Gazetteer:
    """Read a gazetteer CSV with columns name, alt_names (separated by ``;``), lat, lon and,
    optionally, kind, admin and named_only (the variants that are also common words). The
    first bad row (named by its line) is a ``SchemaError``; a header naming a column twice
    is one too."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
        where: dict[str, int] = {}
        for i, name in enumerate(header):
            if name in where:
                raise SchemaError(
                    f"{file}:1: {repeated_column(name, where[name], i)}", file=file, row=1
                )
            where[name] = i
        missing = {"name", "alt_names", "lat", "lon"} - set(where)
        if missing:
            raise SchemaError(
                f"{file}: missing column(s) {', '.join(sorted(missing))}; expected a CSV with "
                "name, alt_names, lat, lon (and kind, admin), or a GeoNames dump",
                file=file,
            )
        by_variant: dict[str, Entry] = {}
        named_only: set[str] = set()
        line = reader.line_num
        for values in reader:
            at, line = line + 1, reader.line_num
            if not values:
                continue
            if len(values) != len(header):
                raise SchemaError(
                    f"{file}:{at}: {len(values)} fields; the header has {len(header)}",
                    file=file,
                    row=at,
                )
            if any("\x00" in v for v in values):
                raise SchemaError(f"{file}:{at}: {NUL}", file=file, row=at)
            row = dict(zip(header, values, strict=True))
            lat = _degrees(row["lat"], "lat", 90, file, at)
            lon = _degrees(row["lon"], "lon", 180, file, at)
            if (lat is None) != (lon is None):
                raise SchemaError(
                    f"{file}:{at}: give both lat and lon, or neither", file=file, row=at
                )
            entry = Entry(row["name"], lat, lon, row.get("kind") or "", row.get("admin") or "")
            variants = [v.strip() for v in [row["name"], *row["alt_names"].split(";")]]
            for variant in variants:
                if variant:
                    by_variant.setdefault(variant, entry)
            named_only |= _named_only(row.get("named_only") or "", variants, file, at)
    except csv.Error as exc:
        line = reader.line_num or 1
        raise SchemaError(
            f"{file}:{line}: not a readable CSV row ({exc})", file=file, row=line
        ) from None
    return Gazetteer(by_variant, frozenset(named_only))


def _named_only(value: str, variants: list[str], file: str, line: int) -> set[str]:
    """The variants of a row that name it only next to a place word; each must be one of
    the row's names."""
    listed = {v.strip() for v in value.split(";") if v.strip()}
    unknown = sorted(listed - set(variants))
    if unknown:
        raise SchemaError(
            f"{file}:{line} named_only: {unknown[0]!r} is not the name or an alt_name of the row",
            file=file,
            row=line,
            field="named_only",
        )
    return listed


# GeoNames' main dump (cities15000.txt, a country file): 19 tab-separated columns, no header
_GEONAMES_COLUMNS = 19
# which of two features sharing a name a text most likely means, by GeoNames feature class:
# a populated place, then an administrative area, a spot (a crossing, a checkpoint, an
# airport), an area, a height, water, a road, ... (a country file has them all; the stream
# named after a village is not where the village's shelling was)
_CLASS_RANK = {c: i for i, c in enumerate("PASLTHRVU")}
# administrative areas as the gazetteer's kinds read them: a first-order one is a region,
# the orders below it districts (GeoNames' feature codes)
_ADMIN_KINDS = {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "district", "ADM4": "district"}


def _geonames_kind(feature_class: str, feature_code: str) -> str:
    code = f"{feature_class}.{feature_code}"
    admin = _ADMIN_KINDS.get(feature_code) if feature_class == "A" else None
    return f"{admin} (GeoNames {code})" if admin else code


def parse_geonames(text: str, file: str = "geonames.txt") -> Gazetteer:
    """Read a GeoNames dump in its own format (geonameid, name, asciiname, alternatenames,
    latitude, longitude, feature class, feature code, country code, ...). Where features
    share a name, the populated place holds it, then the administrative area, the spot and
    the rest (``_CLASS_RANK``), the most populous first; administrative areas are known to
    region or district precision; a country's own row is left out (its name is a side or a
    land, not a point)."""
    rows: list[tuple[tuple[int, int, int], Entry, list[str]]] = []
    for row_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != _GEONAMES_COLUMNS:
            raise SchemaError(
                f"{file}:{row_no}: {len(cols)} tab-separated columns; a GeoNames dump has "
                f"{_GEONAMES_COLUMNS} (geonameid, name, asciiname, alternatenames, latitude, "
                "longitude, ...)",
                file=file,
                row=row_no,
            )
        try:
            lat, lon = float(cols[4]), float(cols[5])
        except ValueError:
            raise SchemaError(
                f"{file}:{row_no} latitude/longitude: expected decimal degrees",
                file=file,
                row=row_no,
            ) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise SchemaError(
                f"{file}:{row_no}: ({lat}, {lon}) is not a latitude and a longitude",
                file=file,
                row=row_no,
            )
        if cols[6] == "A" and cols[7].startswith("PCL"):
            continue
        entry = Entry(cols[1], lat, lon, _geonames_kind(cols[6], cols[7]), f"{cols[8]}: {cols[10]}")
        population = int(cols[14]) if cols[14].isdigit() else 0
        rank = (_CLASS_RANK.get(cols[6], len(_CLASS_RANK)), -population, row_no)
        rows.append((rank, entry, [cols[1], cols[2], *cols[3].split(",")]))
    by_variant: dict[str, Entry] = {}
    for _, entry, variants in sorted(rows, key=lambda r: r[0]):
        for variant in variants:
            variant = variant.strip()
            # one-letter and pure-number names (codes) would match anything
            if len(variant) > 2 and not variant.isdigit():
                by_variant.setdefault(variant, entry)
    if not by_variant:
        raise SchemaError(f"{file}: no place in it", file=file)
    return Gazetteer(by_variant)


def read_gazetteer(text: str, file: str) -> Gazetteer:
    """A gazetteer from a file's text, told by its form: a CSV with a header (name,
    alt_names, lat, lon, kind, admin) or a GeoNames dump (tab-separated, no header)."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SchemaError(f"{file}:{line}: {NUL}", file=file, row=line)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if first.count("\t") >= _GEONAMES_COLUMNS - 1:
        return parse_geonames(text, file)
    return parse_gazetteer(text, file)
