"""The statistics, the monthly counts and the map's bins, from DuckDB over the Parquet
snapshot (workspace/snapshots.py) when the record is large, else from the row store.

Which one answers (``engine``):

- ``rows``: the row store, as of now (SQL aggregates; on PostgreSQL those are the
  server's own).
- ``snapshot``: DuckDB over the snapshot, as it is; the answer says how old it is
  (``snapshot.stale`` when the ledger has grown since). No snapshot: an error saying
  how to make one.
- ``auto`` (the default): the snapshot when it is as new as the ledger and holds at
  least ``threshold()`` events ($CEASEWATCH_ANALYTICS_EVENTS, 1,000,000 unless set);
  else the row store. A stale snapshot is never served unasked.

Both give the same numbers for the same state of the record (tests compare them on
SQLite and PostgreSQL). What the map's bins show follows the event list's rules: the
public sees the published events only, and no bin counts an event whose place is
withheld (model/redact.py: a place named after a protected post stands where the post
stands).
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection

from ceasewatch.errors import InvalidInput, MissingExtra, SchemaError
from ceasewatch.geo import grid
from ceasewatch.model import ActorRole
from ceasewatch.model.access import ANONYMOUS, PUBLISHED_EVENTS, User
from ceasewatch.model.query import BBox, EventQuery
from ceasewatch.model.redact import Protected
from ceasewatch.store import columns as column_repo
from ceasewatch.store import events as event_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import migrate
from ceasewatch.workspace import snapshots
from ceasewatch.workspace.seeing import Seeing
from ceasewatch.workspace.snapshots import Snapshot

Engine = Literal["auto", "rows", "snapshot"]
ENGINES: tuple[str, ...] = ("auto", "rows", "snapshot")
BY: tuple[str, ...] = ("type", "family", "party", "zone")
THRESHOLD = 1_000_000  # events from which ``auto`` asks the snapshot
NO_PARTY = ""  # the key of the events that name no party, in the counts by party

_DUCK_LOCK = threading.Lock()
_DUCKS: dict[tuple[str, str], Any] = {}  # (events file, made) -> an open DuckDB connection


def threshold() -> int:
    """How many events a record holds before ``auto`` asks the snapshot."""
    raw = os.environ.get("CEASEWATCH_ANALYTICS_EVENTS")
    if not raw:
        return THRESHOLD
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(
            f"CEASEWATCH_ANALYTICS_EVENTS={raw!r} is not a whole number of events"
        ) from None


def check_engine(engine: str) -> Engine:
    if engine not in ENGINES:
        raise SchemaError(f"{engine!r} is not one of {', '.join(ENGINES)}", field="engine")
    return engine  # type: ignore[return-value]


def _duck(snap: Snapshot) -> Any:
    """A DuckDB cursor over the snapshot's events (the view ``ev``); one connection per
    snapshot file, kept while it is the newest."""
    try:
        import duckdb
    except ImportError:  # pragma: no cover - the scale extra is installed by make test
        raise MissingExtra("scale", "duckdb") from None
    key = (str(snap.events_file), snap.made)
    with _DUCK_LOCK:
        con = _DUCKS.get(key)
        if con is None:
            for old in [k for k in _DUCKS if k[0] == key[0]]:
                _DUCKS.pop(old).close()
            con = duckdb.connect(":memory:", config={"threads": 2})
            for view, file in (("ev", snap.events_file), ("cube", snap.cube_file)):
                path = str(file).replace("'", "''")
                con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet('{path}')")
            _DUCKS[key] = con
    return con.cursor()


class Where:
    """``q``'s filters as DuckDB terms over the snapshot's events (``ev``) or, when it asks
    nothing finer than the cube holds (no period, no box), over its cube: what is counted
    and from where."""

    def __init__(self, terms: list[str], params: list[Any], cube: bool) -> None:
        self.terms, self.params, self.cube = terms, params, cube

    @property
    def table(self) -> str:
        return "cube" if self.cube else "ev"

    @property
    def count(self) -> str:
        return "sum(events)" if self.cube else "count(*)"

    @property
    def level(self) -> int:
        """The grid level of the table's cells."""
        return snapshots.CUBE_LEVEL if self.cube else grid.LEVEL


def _where_of(q: EventQuery, *, level: int = 0) -> Where | None:
    """``q``'s filters as a ``Where`` (the cube when it can answer them, and the bins'
    *level* is no finer than its cells); None for a filter only the row store reads."""
    found = _duck_where(q)
    if found is None:
        return None
    cube = q.start is None and q.end is None and q.bbox is None
    return Where(*found, cube=cube and level <= snapshots.CUBE_LEVEL)


def _duck_where(q: EventQuery) -> tuple[list[str], list[Any]] | None:
    """``q``'s filters as DuckDB terms over the snapshot, meaning what ``store.events``
    makes of them; None for a filter only the row store reads (an actor's name, words)."""
    if q.actor is not None or q.words:
        return None
    terms: list[str] = []
    params: list[Any] = []
    if q.end is not None:
        terms.append("date_start <= ?")
        params.append(q.end.isoformat())
    if q.start is not None:
        terms.append("date_end >= ?")
        params.append(q.start.isoformat())
    if q.bbox is not None:
        b = q.bbox
        terms.append("lon >= ? AND lon <= ? AND lat >= ? AND lat <= ?")
        params += [b.west, b.east, b.south, b.north]
    for column, wanted in (
        ("type_code", list(q.types)),
        ("family", [f.value for f in q.families]),
        ("status", [s.value for s in q.statuses]),
    ):
        if wanted:
            terms.append(f"{column} IN ({', '.join('?' * len(wanted))})")
            params += wanted
    if q.dataset:
        terms.append("dataset = ?")
        params.append(q.dataset)
    if q.party:
        if q.party in {r.value for r in ActorRole}:  # a role's name is no party
            terms.append("false")
        else:
            terms.append("list_contains(parties, ?)")
            params.append(q.party)
    return terms, params


def _sql_where(terms: Sequence[str]) -> str:
    return (" WHERE " + " AND ".join(terms)) if terms else ""


def _ordered(rows: list[tuple[Any, Any, int]]) -> list[tuple[str, str, int]]:
    """Counts by (month, key) in one order whichever engine made them (no month first)."""
    return sorted(rows, key=lambda r: (r[0] is not None, r[0] or "", r[1] or ""))


class Analytics(Seeing):
    """Statistics, monthly counts and map bins, from the snapshot or the row store."""

    # -- the snapshot -------------------------------------------------------------------
    def snapshot_folder(self, folder: str | Path | None = None) -> Path:
        """Where the snapshot is (``folder`` if given, else the default for this
        workspace: ``snapshots.default_folder``)."""
        if folder is not None:
            return Path(folder)
        found = snapshots.default_folder(self.target)
        if found is None:
            raise InvalidInput(
                "this workspace has no file to keep a snapshot beside: give a folder "
                "(ceasewatch snapshot --into DIR) or set CEASEWATCH_SNAPSHOT to one"
            )
        return found

    def snapshot_state(self, folder: str | Path | None = None) -> dict[str, Any]:
        """The snapshot as it is: where, made at which ledger size, and whether the record
        has changed since (``exists`` False if there is none)."""
        where = self.snapshot_folder(folder)
        snap = snapshots.read(where)
        if snap is None:
            return {"folder": str(where), "exists": False}
        return {"exists": True, **snap.as_dict(self.view_size())}

    def make_snapshot(
        self,
        folder: str | Path | None = None,
        *,
        force: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[Snapshot, bool]:
        """Write the snapshot when there is none or the ledger has grown since it was made
        (*force*: in any case). Returns it, and whether it was written now."""
        from ceasewatch.workspace.members import stored_agreements

        where = self.snapshot_folder(folder)
        old = snapshots.read(where)
        with self._read(snapshot=True) as conn:
            if old is not None and not force and old.current(ledger_repo.sizes(conn)[1]):
                return old, False
            hide = self.redactions.hider(ANONYMOUS, conn)
            made = snapshots.write(conn, where, stored_agreements(conn), self.clock, hide, progress)
        return made, True

    def _snapshot_for(
        self, engine: Engine, folder: str | Path | None = None
    ) -> tuple[Snapshot | None, int]:
        """The snapshot to answer from, or None for the row store (see the module), and
        the record's view size, read once for the answer's state."""
        if engine == "rows":
            return None, 0
        if engine == "snapshot":
            where = self.snapshot_folder(folder)
            snap = snapshots.read(where)
            if snap is None:
                raise InvalidInput(
                    f"no snapshot in {where}: make one with 'ceasewatch snapshot'",
                    field="engine",
                )
            return snap, self.view_size()
        found = snapshots.default_folder(self.target) if folder is None else Path(folder)
        snap = snapshots.read(found) if found is not None else None
        if snap is None or snap.events < threshold():
            return None, 0
        size = self.view_size()
        return (snap, size) if snap.current(size) else (None, 0)

    @staticmethod
    def _answered_by(snap: Snapshot | None, size: int) -> dict[str, Any]:
        if snap is None:
            return {"engine": "rows"}
        return {"engine": "snapshot", "snapshot": snap.as_dict(size)}

    # -- statistics ----------------------------------------------------------------------
    def stats(self, engine: str = "auto") -> dict[str, Any]:
        """Events in all, their first and last days, and how many by family, status and
        data set; ``engine`` and, from a snapshot, its state."""
        snap, size = self._snapshot_for(check_engine(engine))
        if snap is None:
            with self._read() as conn:
                out = event_repo.totals(conn)
        else:
            out = _duck_totals(_duck(snap))
        out["schema"] = migrate.current_revision(self.engine)
        out["database"] = self.engine.url.render_as_string(hide_password=True)
        out.update(self._answered_by(snap, size))
        return out

    def monthly_counts(
        self, query: EventQuery | None = None, *, by: str = "type", engine: str = "auto"
    ) -> list[tuple[str, str, int]]:
        """``(YYYY-MM, key, events)`` of the events matching *query*, by month of their
        start and *by*: type, family, party (an event counts once for each party its
        actors name, ``NO_PARTY`` if none) or zone (``agreement/zone`` of the stored
        agreements' zones it lies in; an event in none is not counted)."""
        return self.monthly(query, by=by, engine=engine)["counts"]  # type: ignore[no-any-return]

    def monthly(
        self, query: EventQuery | None = None, *, by: str = "type", engine: str = "auto"
    ) -> dict[str, Any]:
        """``monthly_counts`` with what answered them (``engine``, the snapshot's state)."""
        if by not in BY:
            raise SchemaError(f"{by!r} is not one of {', '.join(BY)}", field="by")
        q = query or EventQuery()
        snap, size = self._snapshot_for(check_engine(engine))
        where = _where_of(q) if snap is not None else None
        if snap is not None and where is not None:
            counts = _duck_monthly(_duck(snap), by, where)
        else:
            if snap is not None and engine == "snapshot":
                raise InvalidInput(
                    "the snapshot cannot search words or actor names: ask the row store "
                    "(--engine rows)",
                    field="engine",
                )
            snap = None
            with self._read() as conn:
                counts = _rows_monthly(conn, by, q)
        return {"by": by, "counts": _ordered(counts), **self._answered_by(snap, size)}

    # -- the map's bins ------------------------------------------------------------------
    def map_bins(
        self, user: User, query: EventQuery, zoom: int, engine: str = "auto"
    ) -> dict[str, Any]:
        """The events matching *query* that *user* may see on the map, counted in the
        cells of a square grid about 64 pixels wide at Leaflet's *zoom* (geo/grid.py);
        with a box, the whole cells it touches. Events with no place, or whose place is
        withheld from *user*, are in no bin."""
        level = grid.level_for_zoom(zoom)
        public = self._public_query(user, query)
        answered: dict[str, Any]
        if public is False:
            found: list[grid.Bin] = []
            answered = {"engine": "rows"}
        else:
            q = replace(public if public is not None else query, limit=None, after=None)
            published = public is not None
            with self._read() as conn:
                hide = self.redactions.hider(user, conn)
            snap, size = self._snapshot_for(check_engine(engine))
            where = _where_of(replace(q, bbox=None), level=level) if snap is not None else None
            if snap is not None and where is not None:
                found = _duck_bins(_duck(snap), level, q.bbox, published, bool(hide), where)
            else:
                snap = None
                with self._read() as conn:
                    found = _rows_bins(conn, level, q, published, hide)
            answered = self._answered_by(snap, size)
        return {
            "zoom": zoom,
            "cell_degrees": grid.cell_degrees(level),
            "bins": [b.as_dict() for b in found],
            "count": sum(b.count for b in found),
            **answered,
        }


# -- DuckDB over the snapshot ----------------------------------------------------------------


def _duck_totals(cur: Any) -> dict[str, Any]:
    """The statistics, from the cube."""
    n, first, last = cur.execute(
        "SELECT coalesce(sum(events), 0), min(first_start), max(last_end) FROM cube"
    ).fetchone()
    rows = cur.execute(
        "SELECT GROUPING(family), GROUPING(status), coalesce(family, ''), "
        "coalesce(status, ''), coalesce(dataset, ''), sum(events) FROM cube "
        "GROUP BY GROUPING SETS ((family), (status), (dataset))"
    ).fetchall()
    found: dict[str, dict[str, int]] = {"by_family": {}, "by_status": {}, "by_dataset": {}}
    for g_family, g_status, family, status, dataset, count in rows:
        if not g_family:
            found["by_family"][str(family)] = int(count)
        elif not g_status:
            found["by_status"][str(status)] = int(count)
        else:
            found["by_dataset"][str(dataset)] = int(count)
    return {
        "events": int(n),
        "first_date": first,
        "last_date": last,
        **{k: dict(sorted(v.items())) for k, v in found.items()},
    }


_DUCK_KEY = {
    "type": "type_code",
    "family": "family",
    "party": f"unnest(CASE WHEN len(parties) = 0 THEN ['{NO_PARTY}'] ELSE parties END)",
    "zone": "unnest(zones)",
}


def _duck_monthly(cur: Any, by: str, where: Where) -> list[tuple[Any, Any, int]]:
    counted = "events" if where.cube else "1 AS events"
    sql = (
        f"SELECT month, key, sum(events) FROM (SELECT month, {_DUCK_KEY[by]} AS key, "
        f"{counted} FROM {where.table}{_sql_where(where.terms)}) GROUP BY month, key"
    )
    return [(m, k, int(n)) for m, k, n in cur.execute(sql, where.params).fetchall()]


def _duck_bins(
    cur: Any, level: int, box: BBox | None, published: bool, hidden: bool, where: Where
) -> list[grid.Bin]:
    """*hidden*: the role does not see protected sources, and so no withheld place
    (the snapshot marked them as of its state: ``place_withheld``)."""
    terms = [*where.terms, "cx IS NOT NULL", "cy IS NOT NULL"]
    params = list(where.params)
    if published:
        terms.append(f"status IN ({', '.join('?' * len(PUBLISHED_EVENTS))})")
        params += list(PUBLISHED_EVENTS)
    if hidden:
        terms.append("NOT place_withheld")
    to_table = grid.LEVEL - where.level
    if box is not None:
        x0, y0, x1, y1 = grid.box_cells(box, level)
        terms.append("cx BETWEEN ? AND ? AND cy BETWEEN ? AND ?")
        params += [x0 >> to_table, x1 >> to_table, y0 >> to_table, y1 >> to_table]
    shift = where.level - level
    sql = (
        f"SELECT cx >> {shift} AS col, cy >> {shift} AS rw, family, {where.count} "
        f"FROM {where.table}{_sql_where(terms)} GROUP BY col, rw, family"
    )
    return grid.gather(level, cur.execute(sql, params).fetchall())


# -- the row store ---------------------------------------------------------------------------


def _rows_monthly(conn: Connection, by: str, q: EventQuery) -> list[tuple[Any, Any, int]]:
    if by == "type":
        return list(event_repo.monthly_counts(conn, q))
    if by == "family":
        return column_repo.monthly_by_family(conn, q)
    counts: Counter[tuple[Any, Any]] = Counter()
    if by == "party":
        for rows in column_repo.matching_batches(conn, q, ("date_start", "actors")):
            for start, actors in rows:
                month = start[:7] if start else None
                for party in column_repo.parties_of(actors) or [NO_PARTY]:
                    counts[month, party] += 1
    else:
        from ceasewatch.workspace.members import stored_agreements

        finder = snapshots.ZoneFinder(stored_agreements(conn))
        if finder.frames:
            for rows in column_repo.matching_batches(conn, q, ("date_start", "lon", "lat")):
                nan = float("nan")
                lons = [nan if r[1] is None else r[1] for r in rows]
                lats = [nan if r[2] is None else r[2] for r in rows]
                for (start, _lon, _lat), zones in zip(rows, finder.find(lons, lats), strict=True):
                    for z in zones:
                        counts[start[:7] if start else None, z] += 1
    return [(m, k, n) for (m, k), n in counts.items()]


def _rows_bins(
    conn: Connection, level: int, q: EventQuery, published: bool, hide: Protected
) -> list[grid.Bin]:
    import numpy as np

    box = None
    if q.bbox is not None:  # read the whole cells the box touches, then keep those alone
        box = grid.box_cells(q.bbox, level)
        size = grid.cell_degrees(grid.LEVEL)
        west, south = -180.0 + box[0] * size, -90.0 + box[1] * size
        east, north = -180.0 + (box[2] + 1) * size, -90.0 + (box[3] + 1) * size
        q = replace(q, bbox=BBox(max(west, -180), max(south, -90), min(east, 180), min(north, 90)))
    names: dict[str | None, bool] = {}  # place name -> withheld
    counts: Counter[tuple[int, int, str]] = Counter()
    columns = ("lon", "lat", "family", "place_name")
    for rows in column_repo.matching_batches(conn, q, columns, published=published):
        kept = []
        for row in rows:
            if row[0] is None or row[1] is None:
                continue
            name = row[3]
            if hide:
                if name not in names:
                    names[name] = bool(name) and hide.word(name) != name
                if names[name]:
                    continue
            kept.append(row)
        if not kept:
            continue
        cx, cy = grid.cells([r[0] for r in kept], [r[1] for r in kept])
        if box is not None:
            inside = (cx >= box[0]) & (cx <= box[2]) & (cy >= box[1]) & (cy <= box[3])
            cx, cy = cx[inside], cy[inside]
            families = [r[2] for r, keep in zip(kept, inside, strict=True) if keep]
        else:
            families = [r[2] for r in kept]
        if not len(cx):
            continue
        for bx, by, family, n in grid.bin_points(level, np.asarray(cx), np.asarray(cy), families):
            counts[bx, by, family] += n
    return grid.gather(level, [(x, y, f, n) for (x, y, f), n in counts.items()])
