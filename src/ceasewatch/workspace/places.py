"""Gazetteers in the workspace, and which agreement a command means when it names none."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from ceasewatch.errors import InvalidInput, ParseError
from ceasewatch.extract.gazetteer import Gazetteer
from ceasewatch.extract.gazetteer_files import read_gazetteer
from ceasewatch.ingest.texts import MAX_BYTES, decode
from ceasewatch.ledger.records import item
from ceasewatch.model.agreement import Agreement
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import places as repo
from ceasewatch.workspace.parsing import Stamp


@dataclass(frozen=True, slots=True)
class GazetteerReport:
    name: str
    file: str
    places: int
    replaced: bool


def read_file(path: str | Path) -> tuple[str, Gazetteer]:
    """A gazetteer file's text and what it holds; a bad row names the file and the row."""
    file = str(path)
    try:
        if Path(path).stat().st_size > MAX_BYTES:  # refused before it is read
            raise ParseError(
                f"{file}: the file is {Path(path).stat().st_size / 1048576:.1f} MB; a "
                f"gazetteer may hold at most {MAX_BYTES // 1048576} MB",
                file=file,
            )
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{file}: cannot be read ({exc.strerror})", file=file) from None
    text = decode(raw, file)
    return text, read_gazetteer(text, file)


def store_gazetteer(
    conn: Connection, name: str, file: str, text: str, g: Gazetteer, stamp: Stamp
) -> GazetteerReport:
    from ceasewatch.ledger.entries import Op

    row = {
        "name": name,
        "file": file,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "text": text,
        "places": len(g.entries),
        "loaded_at": stamp.time,
    }
    replaced = repo.put_gazetteer(conn, row)
    op = Op.UPDATE if replaced else Op.CREATE
    ledger_repo.append(
        conn, [item("gazetteer", name, row, stamp.actor, stamp.time, stamp.reason, op)]
    )
    return GazetteerReport(name, file, len(g.entries), replaced)


def beside(agreement: Agreement, agreement_file: str) -> Path | None:
    """The gazetteer file an agreement file names, next to it, if it is there."""
    if not agreement.gazetteer:
        return None
    path = Path(agreement_file).parent / agreement.gazetteer
    return path if path.is_file() else None


def choose(stored: Sequence[Agreement], agreement_id: str | None) -> str:
    """The agreement a command means: the one named; else the only one stored. With none
    stored, or several, the user is told what to do; there is no default agreement."""
    if agreement_id is not None:
        return agreement_id
    if len(stored) == 1:
        return stored[0].id
    if not stored:
        raise InvalidInput(
            "no agreement is stored in this workspace; load one with 'ceasewatch agreement "
            "load FILE|ID', or name one with --agreement ID"
        )
    ids = ", ".join(a.id for a in stored)
    raise InvalidInput(f"several agreements are stored ({ids}); name one with --agreement ID")


def read_names(
    actors: Iterable[str], agreement: Agreement
) -> list[tuple[str, str | None, str | None, int]]:
    """Each dataset actor name, the party and the mission the agreement reads it as (None
    for nothing), and how many events name it; unmapped names first, then most named."""
    from ceasewatch.agreements.actors import actor_map

    m = actor_map(agreement)
    out = []
    for name, n in Counter(a for a in actors if a).items():
        found = m.resolve(name)
        out.append((name, found.party if found else None, found.mission if found else None, n))
    return sorted(out, key=lambda x: (x[1] is not None or x[2] is not None, -x[3], x[0]))


def agreement_gazetteer(conn: Connection, agreement: Agreement) -> Gazetteer:
    """The gazetteer an agreement names, as stored (else as bundled), without its zones;
    with none named or found, a gazetteer that knows no place."""
    from ceasewatch.extract.places import bundled_gazetteer_text

    if not agreement.gazetteer:
        return Gazetteer({})
    found = repo.gazetteer_text(conn, agreement.gazetteer) or bundled_gazetteer_text(agreement)
    return Gazetteer({}) if found is None else read_gazetteer(found[1], found[0])


def map_places(g: Gazetteer) -> list[dict[str, Any]]:
    """The places of a gazetteer that have coordinates, by name: what a map labels."""
    return [
        {"name": e.name, "lat": e.lat, "lon": e.lon, "kind": e.kind}
        for e in sorted(g.entries.values(), key=lambda e: e.name)
        if e.lat is not None and e.lon is not None
    ]
