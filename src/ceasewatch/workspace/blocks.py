"""A block of ACLED rows read a column at a time: the bulk importer's fast path.

``parsing.rows_of`` checks and converts one row at a time, and a row costs some 20 µs
of Python, most of it spent converting values the file repeats thousands of times (the
same dates, actors, places, codes). Here a parser process reads the block it is handed
with the same csv reader, turns it into columns, and converts each distinct value of a
column once, with the very functions ``acled.parse_fields`` uses; only what is different
in every row (ids, coordinates, notes, timestamps) is handled value by value, and the
rows whose notes decide their type are read one by one as always. The block then leaves
as the stored rows (tuples for SQLite, or PostgreSQL's COPY text: store/copytext.py) and
the leaf hashes of their ledger entries, each made from the same bytes as
``ledger.entries.Template.entry``.

Whatever this path does not take on sends the whole block back to the row-by-row path,
which finds and names the problem (file, line, field) as it always has: a record over
several lines, a row of the wrong width, a NUL, a field an export made safe for
spreadsheets, a value that does not convert or does not fit its column. So both paths
store the same rows and log the same problems; tests/workspace/test_blocks.py holds them
equal.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from hashlib import sha256
from typing import Any

import orjson

from ceasewatch.errors import SchemaError
from ceasewatch.extract.notes import READ, notes_reader
from ceasewatch.ingest import acled
from ceasewatch.ingest.tabular import parse_date, parse_float, parse_int, parse_opt_int, split_list
from ceasewatch.ledger.entries import Template
from ceasewatch.model import GeoPrecision, Taxonomy, TimePrecision
from ceasewatch.store.copytext import NULL, CopyRows, text_column
from ceasewatch.store.rows import COLUMNS, json_list, json_text
from ceasewatch.store.values import TupleCheck

Block = tuple[list[int], list[tuple[Any, ...]] | CopyRows, bytes]
_READ_PAIRS = frozenset(READ)
_ORDER = sorted(range(len(COLUMNS)), key=lambda i: COLUMNS[i])  # the state's keys, sorted
# a field that starts with a quote mark, quoted or not: what a block's start or a field
# separator or a line end followed by ' or "' looks like (searching for each is some 7 times
# faster on a block of 1 MB than one regular expression with these alternatives)
_SHIELD_STARTS = ("'", "\"'")
_SHIELD_MARKS = (",'", ",\"'", "\n'", "\n\"'")
_STAMP_DIGITS = 15  # a timestamp of at most 15 digits is below 2**53: parse_int takes it


class _Refused(Exception):
    """Something in the block that the row-by-row path must look at."""


def _each(column: Sequence[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """``convert`` applied to every value, called once per distinct value."""
    table = {v: convert(v) for v in set(column)}
    return list(map(table.__getitem__, column))


def _strip_or_none(text: str) -> str | None:
    return text.strip() or None


class Layout:
    """Where each ACLED column sits in a file's header; not ``usable`` when the fast path
    cannot read the file (a column missing, or one named twice)."""

    def __init__(self, header: Sequence[str]) -> None:
        self.width = len(header)
        names = list(header)
        self.usable = len(set(names)) == len(names) and all(c in names for c in acled.COLUMNS)
        self.positions = [names.index(c) for c in acled.COLUMNS] if self.usable else []
        known = set(acled.COLUMNS)
        self.extra = [(i, n) for i, n in enumerate(names) if n not in known]


def read_block(
    text: str,
    layout: Layout,
    first_line: int,
    taxonomy: Taxonomy,
    template: Template,
    check: TupleCheck,
    *,
    copy: bool,
) -> Block | None:
    """(lines, stored rows, leaf hashes) of a block of whole ACLED records that starts on
    ``first_line``; None if the row-by-row path must read it. ``template`` is the import's
    ``ledger.entries.Template``; ``copy``: rows as COPY text, else as tuples."""
    if not layout.usable or "\x00" in text or text.count("\r") != text.count("\r\n"):
        return None  # a carriage return is only taken as part of a line end
    records = list(csv.reader(io.StringIO(text, newline="")))
    if len(records) != text.count("\n") + (not text.endswith("\n")):
        return None  # a record over several lines, or a blank line
    if not records:
        return [], CopyRows([], "") if copy else [], b""
    width = layout.width
    if set(map(len, records)) != {width}:
        return None
    if text.startswith(_SHIELD_STARTS) or any(mark in text for mark in _SHIELD_MARKS):
        return None  # a field made safe for spreadsheets, maybe: as_written, row by row
    raw = list(zip(*records, strict=True))
    try:
        columns = _stored_columns([raw[p] for p in layout.positions], layout, raw, taxonomy)
    except (_Refused, SchemaError, ValueError, KeyError):
        return None
    if not check.columns_fit(columns):
        return None
    lines = list(range(first_line, first_line + len(records)))
    is_text = _is_text(check)
    constant = [_constant(col) for col in columns]
    texts = [
        _json_column(col[:1] if c else col, t)
        for col, t, c in zip(columns, is_text, constant, strict=True)
    ]
    leaves = _leaves(texts, constant, template)
    if copy:
        return lines, _copy_rows(columns, texts, is_text, constant), leaves
    return lines, list(zip(*columns, strict=True)), leaves


def _stored_columns(
    f: list[tuple[str, ...]], layout: Layout, raw: list[tuple[str, ...]], taxonomy: Taxonomy
) -> list[list[Any]]:
    """The block's stored rows, column by column in ``COLUMNS`` order: what
    ``parsing.acled_values(acled.parse_fields(row))`` makes of each row."""
    (ext_id, event_date, _year, time_precision, disorder, etype, sub, actor1, assoc1, inter1,
     actor2, assoc2, inter2, _interaction, civ, iso, region, country, admin1, admin2, admin3,
     location, latitude, longitude, geo_precision, source, scale, notes, fatalities, tags,
     stamp) = f  # fmt: skip
    n = len(ext_id)
    ids = [v.strip() for v in ext_id]
    if not all(ids):
        raise _Refused("an empty event id")
    days = _each(event_date, lambda v: parse_date(v, "event_date").isoformat())
    tprec = _each(
        time_precision,
        lambda v: TimePrecision.from_acled(parse_int(v, "time_precision", lo=1, hi=3))._value_,
    )
    codes = _codes(etype, sub, notes, taxonomy)
    kinds = _each(codes, taxonomy.types.__getitem__)
    etypes = _each(etype, str.strip)
    subs = _each(sub, str.strip)
    lat = _coordinates(latitude, "latitude", 90.0)
    lon = _coordinates(longitude, "longitude", 180.0)
    gprec = _each(
        geo_precision,
        lambda v: GeoPrecision.from_acled(parse_int(v, "geo_precision", lo=1, hi=3)),
    )
    killed = _each(fatalities, lambda v: parse_int(v, "fatalities", lo=0))
    actors = _each(
        list(zip(actor1, assoc1, inter1, actor2, assoc2, inter2, strict=True)),
        _actors_json,
    )
    extra = _extra(stamp, layout, raw, n)
    types = taxonomy.types

    def disorder_of(pair: tuple[str, str]) -> str | None:
        kind = types[pair[1]]
        return pair[0].strip() or (kind.acled.disorder_type if kind.acled else None)

    disorders = _each(list(zip(disorder, codes, strict=True)), disorder_of)
    none = [None] * n
    return [
        ["acled:" + i for i in ids],
        ["acled"] * n,
        ids,
        [k.code for k in kinds],
        [k.family._value_ for k in kinds],
        etypes,
        subs,
        disorders,
        days,
        days,
        [0] * n,
        tprec,
        _each(location, _strip_or_none),
        lat,
        lon,
        [g._value_ for g in gprec],
        [g.default_radius_m for g in gprec],
        none,
        _each(country, _strip_or_none),
        _each(iso, lambda v: parse_opt_int(v, "iso")),
        _each(region, _strip_or_none),
        _each(admin1, _strip_or_none),
        _each(admin2, _strip_or_none),
        _each(admin3, _strip_or_none),
        killed,
        killed,
        none, none, none, none, none, none, none, none,
        actors,
        ["unverified"] * n,
        _each(civ, lambda v: bool(v.strip())),
        none,
        [v.strip() or None for v in notes],
        _each(source, lambda v: json_list(split_list(v))),
        _each(scale, _strip_or_none),
        _each(tags, lambda v: json_list(split_list(v))),
        extra,
    ]  # fmt: skip


def _codes(
    etype: Sequence[str], sub: Sequence[str], notes: Sequence[str], taxonomy: Taxonomy
) -> list[str]:
    """Each row's monitoring type code: its pair's default, or what its notes say for the pairs
    whose notes are read (extract/notes.py), row by row as ``parse_fields`` does."""
    pairs = list(zip(etype, sub, strict=True))
    read: dict[tuple[str, str], bool] = {}
    default: dict[tuple[str, str], str] = {}
    for e, s in set(pairs):
        key = (e.strip(), s.strip())
        mtype = taxonomy.acled_default.get(key)
        if mtype is None:
            raise _Refused("not one of ACLED's pairs")
        default[(e, s)] = mtype
        read[(e, s)] = key in _READ_PAIRS or (key[0], "*") in _READ_PAIRS
    codes = list(map(default.__getitem__, pairs))
    if any(read.values()):
        reader = notes_reader(taxonomy)
        for i, pair in enumerate(pairs):
            if read[pair]:
                e, s = pair
                codes[i] = reader.type_of(e.strip(), s.strip(), notes[i]) or codes[i]
    return codes


def _coordinates(column: Sequence[str], name: str, bound: float) -> list[float]:
    """``parse_float`` for a column of coordinates: float() of each, checked in bulk."""
    values = list(map(float, column))
    if values and not (-bound <= min(values) and max(values) <= bound):
        raise _Refused(name)
    if any(v != v for v in values):
        raise _Refused(name)  # NaN: min and max do not see it
    if 0.0 in values:
        values = [parse_float(t, name, -bound, bound, name) for t in column]
    return values


def _actors_json(fields: tuple[str, str, str, str, str, str]) -> str:
    actors = acled.actor_list(*fields)
    return json_text([[name, role._value_, None, inter] for name, role, inter in actors])


def _extra(
    stamp: Sequence[str], layout: Layout, raw: list[tuple[str, ...]], n: int
) -> list[str | None]:
    """The extra column: the file's columns outside ACLED's, then the timestamp."""
    stamps = [v.strip() for v in stamp]
    if layout.extra:
        names = [name for _, name in layout.extra]
        kept = list(zip(*(raw[i] for i, _ in layout.extra), strict=True))
        out: list[str | None] = []
        for values, s in zip(kept, stamps, strict=True):
            extra = {k: v for k, v in zip(names, values, strict=True) if v}
            if s:
                parse_int(s, "timestamp", lo=0)
                extra["timestamp"] = s
            out.append(json_text(extra) if extra else None)
        return out
    joined = "".join(stamps)
    if joined.isascii() and joined.isdigit() and max(map(len, stamps)) <= _STAMP_DIGITS:
        # digits need no escaping; an empty timestamp leaves the column empty
        return ['{"timestamp":"' + s + '"}' if s else None for s in stamps]
    for s in stamps:
        if s:
            parse_int(s, "timestamp", lo=0)
    return [json_text({"timestamp": s}) if s else None for s in stamps]


_SPECIAL_JSON = re.compile(r'["\\\x00-\x1f]')  # what JSON writes otherwise than as is


def _constant(column: list[Any]) -> bool:
    return column.count(column[0]) == len(column)


def _json_column(column: list[Any], text: bool) -> list[str]:
    """Each value as JSON text, as orjson writes it inside the entry's state."""
    if not text:  # numbers, truth values and nulls: no comma inside any of them
        return orjson.dumps(column).decode()[1:-1].split(",")
    distinct = set(column)
    if 4 * len(distinct) < len(column):
        table = {v: orjson.dumps(v).decode() for v in distinct}
        return list(map(table.__getitem__, column))
    plain = [v for v in column if v is not None]
    if _SPECIAL_JSON.search("".join(plain)) is None:
        if len(plain) == len(column):
            return ['"' + v + '"' for v in column]
        return ["null" if v is None else '"' + v + '"' for v in column]
    return _each(column, lambda v: orjson.dumps(v).decode())


def _is_text(check: TupleCheck) -> list[bool]:
    kinds = [check.limits.columns.get(c) for c in COLUMNS]
    return [type(k) is int or k == "text" for k in kinds]


def _filler(parts: list[str | list[str]]) -> tuple[str, list[list[str]]]:
    """A format string with a ``%s`` for each column that varies, the columns that do not
    written into it once; and the varying columns, in order."""
    form, varying = [], []
    for part in parts:
        if isinstance(part, str):
            form.append(part.replace("%", "%%"))
        else:
            form.append("%s")
            varying.append(part)
    return "".join(form), varying


def _leaves(texts: list[list[str]], constant: list[bool], template: Template) -> bytes:
    """The leaf hash of each row's ledger entry, ``leaf_hash(template.entry(id, row))``:
    the entry's text is one format string filled with the row's values as JSON."""
    head, mid, tail = template.parts()
    parts: list[str | list[str]] = ["\x00" + head, texts[0], mid + "{"]
    for k, i in enumerate(_ORDER):
        key = ("," if k else "") + orjson.dumps(COLUMNS[i]).decode() + ":"
        parts += [key + texts[i][0]] if constant[i] else [key, texts[i]]
    parts.append("}" + tail)
    form, varying = _filler(_merged(parts))
    entries = map(form.__mod__, zip(*varying, strict=True))
    return b"".join([sha256(entry.encode()).digest() for entry in entries])


def _merged(parts: list[str | list[str]]) -> list[str | list[str]]:
    out: list[str | list[str]] = []
    for part in parts:
        if isinstance(part, str) and out and isinstance(out[-1], str):
            out[-1] += part
        else:
            out.append(part)
    return out


_COPY_OF_JSON = {"null": NULL, "true": "t", "false": "f"}


def _copy_rows(
    columns: list[list[Any]], texts: list[list[str]], is_text: list[bool], constant: list[bool]
) -> CopyRows:
    """The rows as COPY text: text values escaped where they need it, numbers as their
    JSON (the shortest text that reads back as the same double), truth values as t/f."""
    parts: list[str | list[str]] = []
    for i, (col, js, text) in enumerate(zip(columns, texts, is_text, strict=True)):
        if i:
            parts.append("\t")
        if text:
            field = text_column(col[:1] if constant[i] else col)
        else:
            field = [_COPY_OF_JSON.get(j, j) for j in (js[:1] if constant[i] else js)]
        parts.append(field[0] if constant[i] else field)
    parts.append("\n")
    form, varying = _filler(_merged(parts))
    return CopyRows(columns[0], "".join(map(form.__mod__, zip(*varying, strict=True))))
