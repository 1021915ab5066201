"""The Parquet snapshot of a workspace's events, for the analytics at millions of events
(workspace/analytics.py reads it with DuckDB).

A snapshot is a folder holding ``events.parquet``, ``cube.parquet`` and
``snapshot.json``. The events file holds one row per event with what the statistics, the
monthly counts and the map's bins ask for, some of it worked out once here rather than
at every question: the month of the start, the parties the actors name
(``store.columns.parties_of``), the zones of the stored agreements the event lies in, its
cell of the map's grid (geo/grid.py), and whether its place is withheld below the
analyst (model/redact.py: a place named after a protected post). The cube holds the
events counted by everything but their day and exact place (month, type, family, status,
data set, parties, zones, a cell at ``CUBE_LEVEL``, place withheld), with the first and
last day of each count: the questions that ask nothing finer (the statistics, the
monthly counts with no period or box, the bins at low zoom with no period) read it, a few
thousand rows where the events are millions. The JSON file records the ledger's size the
rows were read at (in the same transaction), so a reader knows whether the record has
changed since.

It is written a batch at a time (memory flat in the record's size) into a new folder
beside the old one, which then takes its place: a reader sees the old snapshot or the
new, never half of one. A snapshot is made again whole when the ledger has grown: a
change may touch any event already written (a status, a place), so appending the new
rows alone would keep the old versions of the changed ones.

Where: ``<file>.snapshot/`` beside an SQLite workspace, else ``$CEASEWATCH_SNAPSHOT`` (a
PostgreSQL workspace has no file to stand beside), else as given.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import make_url

from ceasewatch.errors import MissingExtra
from ceasewatch.geo.grid import LEVEL
from ceasewatch.model.redact import Protected
from ceasewatch.store import columns as column_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store.engine import normalise_url

FORMAT = 2  # the layout of the files; a snapshot of another is made again
META = "snapshot.json"
EVENTS = "events.parquet"
CUBE = "cube.parquet"
CUBE_LEVEL = 8  # the grid level of the cube's cells (geo/grid.py): the map's bins to zoom 6
BATCH = 200_000  # rows read, converted and written at a time
ROW_GROUP = 1_000_000  # rows per Parquet row group: DuckDB reads groups in parallel


def default_folder(target: str) -> Path | None:
    """Where a workspace's snapshot lives unless told: ``$CEASEWATCH_SNAPSHOT``, else
    ``<file>.snapshot`` beside an SQLite file; None for a database with no file."""
    if os.environ.get("CEASEWATCH_SNAPSHOT"):
        return Path(os.environ["CEASEWATCH_SNAPSHOT"])
    url = make_url(normalise_url(target))
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        return Path(url.database + ".snapshot")
    return None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A snapshot on disk: where, and the state of the record it was made at."""

    folder: Path
    ledger_size: int
    events: int
    made: str
    zones: tuple[str, ...]
    seconds: float = 0.0

    @property
    def events_file(self) -> Path:
        return self.folder / EVENTS

    @property
    def cube_file(self) -> Path:
        return self.folder / CUBE

    def current(self, view_size: int) -> bool:
        """Whether the record is as it was when the snapshot was made: nothing the views
        show has changed since (*view_size*: the ledger's size as of the last such
        change, ``Workspace.view_size``; an observation filed and not yet clustered
        changes no event)."""
        return view_size <= self.ledger_size

    def as_dict(self, view_size: int | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "folder": str(self.folder),
            "ledger_size": self.ledger_size,
            "events": self.events,
            "made": self.made,
        }
        if view_size is not None:
            out["record_changed_at"] = view_size
            out["stale"] = not self.current(view_size)
        return out


def read(folder: Path) -> Snapshot | None:
    """The snapshot in *folder*, None if there is none (or one of another format)."""
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("format") != FORMAT or not all((folder / f).exists() for f in (EVENTS, CUBE)):
        return None
    return Snapshot(
        folder,
        int(meta["ledger_size"]),
        int(meta["events"]),
        str(meta["made"]),
        tuple(meta.get("zones") or ()),
        float(meta.get("seconds") or 0.0),
    )


def _arrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - the scale extra is installed by make test
        raise MissingExtra("scale", "pyarrow") from None
    return pa, pq


def _schema(pa: Any) -> Any:
    text, dictionary = pa.string(), pa.dictionary(pa.int32(), pa.string())
    return pa.schema(
        [
            ("id", text),
            ("dataset", dictionary),
            ("type_code", dictionary),
            ("family", dictionary),
            ("date_start", text),
            ("date_end", text),
            ("month", dictionary),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("cx", pa.int32()),
            ("cy", pa.int32()),
            ("place_name", text),
            ("status", dictionary),
            ("parties", pa.list_(text)),
            ("zones", pa.list_(text)),
            ("killed", pa.int32()),
            ("wounded", pa.int32()),
            ("place_withheld", pa.bool_()),
        ]
    )


class ZoneFinder:
    """The zones of the stored agreements a batch of points lies in, as
    ``agreement/zone`` ids: one projection per agreement, one test per zone."""

    def __init__(self, agreements: Sequence[Any]) -> None:
        from ceasewatch.geo.measure import Frame

        self.frames = [(a.id, Frame.of(a.zones)) for a in agreements if a.zones]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(f"{aid}/{z}" for aid, frame in self.frames for z in frame.shapes)

    def find(self, lons: Any, lats: Any) -> list[list[str]]:
        import numpy as np

        from ceasewatch.geo.grid import zone_hits

        lon = np.asarray(lons, dtype=np.float64)
        lat = np.asarray(lats, dtype=np.float64)
        out: list[list[str]] = [[] for _ in range(len(lon))]
        for aid, frame in self.frames:
            xs, ys = frame.xy(lon, lat)
            for i, found in enumerate(zone_hits(frame.shapes, xs, ys)):
                out[i].extend(f"{aid}/{z}" for z in found)
        return out


def _table(
    pa: Any,
    schema: Any,
    rows: list[tuple[Any, ...]],
    zones: ZoneFinder,
    withheld: Callable[[str | None], bool],
) -> Any:
    import numpy as np

    from ceasewatch.geo.grid import cells

    (ids, dataset, type_code, family, start, end, lat, lon, place, status, actors, killed,
     wounded) = zip(*rows, strict=True)  # fmt: skip
    nan = float("nan")
    lons = np.array([nan if x is None else x for x in lon], dtype=np.float64)
    lats = np.array([nan if y is None else y for y in lat], dtype=np.float64)
    cx, cy = cells(lons, lats)
    placed = ~(np.isnan(lons) | np.isnan(lats))
    cx_arr = pa.array(cx, type=pa.int32(), mask=~placed)
    cy_arr = pa.array(cy, type=pa.int32(), mask=~placed)
    found = zones.find(lons, lats) if zones.frames else [[] for _ in ids]
    values = {
        "id": ids,
        "dataset": dataset,
        "type_code": type_code,
        "family": family,
        "date_start": start,
        "date_end": end,
        "month": [s[:7] if s else None for s in start],
        "lat": lat,
        "lon": lon,
        "cx": cx_arr,
        "cy": cy_arr,
        "place_name": place,
        "status": status,
        "parties": [column_repo.parties_of(a) for a in actors],
        "zones": found,
        "killed": killed,
        "wounded": wounded,
        "place_withheld": [withheld(p) for p in place],
    }
    arrays = [
        v if isinstance(v, pa.Array) else pa.array(list(v), type=schema.field(k).type)
        for k, v in values.items()
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def _withheld(hide: Protected) -> Callable[[str | None], bool]:
    """Whether a place name is withheld from the roles that do not see protected
    sources (as ``Protected.value`` has it: the name changed, the point goes with it)."""
    seen: dict[str | None, bool] = {}

    def withheld(name: str | None) -> bool:
        found = seen.get(name)
        if found is None:
            found = seen[name] = bool(hide) and bool(name) and hide.word(str(name)) != name
        return found

    return withheld


def _write_cube(events_file: Path, cube_file: Path) -> None:
    """The cube (see the module) from the events file, by DuckDB."""
    import duckdb

    shift = LEVEL - CUBE_LEVEL
    source = str(events_file).replace("'", "''")
    target = str(cube_file).replace("'", "''")
    with duckdb.connect(":memory:", config={"threads": 2}) as con:
        con.execute(
            f"COPY (SELECT month, cx >> {shift} AS cx, cy >> {shift} AS cy, type_code, family, "
            "status, dataset, parties, zones, place_withheld, count(*) AS events, "
            "min(date_start) AS first_start, max(date_end) AS last_end "
            f"FROM read_parquet('{source}') GROUP BY ALL) "
            f"TO '{target}' (FORMAT parquet, COMPRESSION zstd)"
        )


def write(
    conn: Connection,
    folder: Path,
    agreements: Iterable[Any],
    clock: Callable[[], datetime],
    hide: Protected,
    progress: Callable[[int], None] | None = None,
) -> Snapshot:
    """Write a snapshot of every event into *folder* (replacing the one there), reading
    them and the ledger's size in *conn*'s one transaction; *hide*: what is withheld
    below the analyst."""
    import time

    pa, pq = _arrow()
    began = time.perf_counter()
    size = ledger_repo.size(conn)
    zones = ZoneFinder(list(agreements))
    folder = folder.absolute()
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = folder.with_name(f"{folder.name}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    schema = _schema(pa)
    withheld = _withheld(hide)
    count = 0
    try:
        with pq.ParquetWriter(
            fresh / EVENTS, schema, compression="zstd", write_statistics=True
        ) as writer:
            pending: list[Any] = []
            pending_rows = 0
            for rows in column_repo.event_batches(conn, batch=BATCH):
                table = _table(pa, schema, rows, zones, withheld)
                pending.append(table)
                pending_rows += len(rows)
                count += len(rows)
                if pending_rows >= ROW_GROUP:
                    writer.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP)
                    pending, pending_rows = [], 0
                if progress is not None:
                    progress(count)
            if pending:
                writer.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP)
        _write_cube(fresh / EVENTS, fresh / CUBE)
        made = Snapshot(
            folder,
            size,
            count,
            clock().astimezone(UTC).isoformat(timespec="seconds"),
            zones.ids,
            round(time.perf_counter() - began, 3),
        )
        meta = {
            "format": FORMAT,
            "ledger_size": made.ledger_size,
            "events": made.events,
            "made": made.made,
            "zones": list(made.zones),
            "seconds": made.seconds,
        }
        (fresh / META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        old = folder.with_name(f"{folder.name}.old-{os.getpid()}")
        if folder.exists():
            folder.rename(old)
        fresh.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return made
