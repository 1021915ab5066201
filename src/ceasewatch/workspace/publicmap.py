"""The public map: the event list as the public may ask for it, answered from memory.

The public sees only the published events (corroborated or verified) and asks the event
list for a box, a period, families, types, statuses, a party and a page after a cursor,
as many different questions as it likes. Asked of the database, some are cheap and some
are not: a small box with no period read the whole table in id order. Here the place,
dates and kind of every published event are held as columns, read through the published
events' own index when the record has changed (the ledger has grown) and at no other
time, and every question is answered by the same few comparisons per published event,
whatever it asks. Only the events of the page are read from the database, and each is
rendered once and kept, within a byte budget, until the record changes. A public
question therefore costs at most a pass over the published events, a number the public
cannot change.

Above ``MAX_PUBLISHED`` published events the columns would take too much memory, and the
questions go to the database (through the same index) instead; so they do for a few
seconds after a change while the record changes often (``PublicMap``).
"""

from __future__ import annotations

import math
import threading
import time
from array import array
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import orjson
from sqlalchemy import Connection

from ceasewatch.model.query import EventQuery
from ceasewatch.model.redact import Protected
from ceasewatch.store import events as event_repo
from ceasewatch.workspace import views

MAX_PUBLISHED = 500_000  # about 60 MB of columns; beyond, the database answers
RENDERED_BUDGET = 96 * 1024 * 1024  # bytes of rendered events kept (all of 100,000)
REREAD_SECONDS = 5.0  # the columns are read at most this often (PublicMap)
_ENTRY = 48  # bytes each kept event costs besides its JSON (the object, its places)
_NO_START = np.iinfo(np.int64).max  # an undated event starts after every day asked for...
_NO_END = np.iinfo(np.int64).min  # ...and ends before it, as NULL compares in SQL

Reader = Callable[[], AbstractContextManager[Connection]]


def _day(text: str | None, days: dict[str, int]) -> int | None:
    if not text:
        return None
    day = days.get(text)
    if day is None:
        day = days[text] = date.fromisoformat(text).toordinal()
    return day


def _in_order(positions: np.ndarray, size: int) -> np.ndarray:
    """Distinct positions in ascending order: sorted when they are few, else marked in a
    mask of all *size* and read back (a pass over the mask beats sorting thousands)."""
    if len(positions) * 16 < size:
        return np.sort(positions)
    mask = np.zeros(size, dtype=bool)
    mask[positions] = True
    return np.flatnonzero(mask)


class Rendered:
    """Events rendered as JSON, by their position in the columns: the first rendered go
    first once they take more than ``budget`` bytes (their own and ``_ENTRY`` each)."""

    def __init__(self, size: int, budget: int) -> None:
        self.budget, self.used = budget, 0
        self.kept: list[bytes | None] = [None] * size
        self.order: deque[int] = deque()  # positions kept, first rendered first
        self.placeless: set[int] = set()  # rendered with their place withheld
        self.lock = threading.Lock()

    def get(self, positions: Iterable[int]) -> list[bytes | None]:
        kept = self.kept  # reading a list needs no lock
        return [kept[p] for p in positions]

    def put(self, rendered: dict[int, bytes], placeless: Iterable[int] = ()) -> None:
        """Keep *rendered*; *placeless*: those of them whose place was withheld."""
        with self.lock:
            self.placeless.update(placeless)
            for p, raw in rendered.items():
                if self.kept[p] is None:
                    self.kept[p] = raw
                    self.order.append(p)
                    self.used += len(raw) + _ENTRY
            while self.order and self.used > self.budget:
                dropped = self.kept[self.order[0]]
                self.kept[self.order.popleft()] = None
                self.used -= len(dropped or b"") + _ENTRY


@dataclass
class Columns:
    """The published events of one state of the record (``size``: the ledger's size
    then), in id order, as columns."""

    size: int
    ids: list[str]
    lon: np.ndarray
    lat: np.ndarray
    start: np.ndarray  # days (date.toordinal), _NO_START if undated
    end: np.ndarray
    family: np.ndarray
    families: dict[str, int]
    type_code: np.ndarray
    types: dict[str, int]
    status: np.ndarray
    statuses: dict[str, int]
    rendered: Rendered
    by_lon: np.ndarray  # positions, by longitude (no longitude last)
    lon_sorted: np.ndarray  # the longitudes in that order
    parties: dict[str, np.ndarray] | None = None  # positions of each party's events
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def read(cls, rows: Iterable[Sequence[Any]], size: int, budget: int) -> Columns:
        """From rows ``(id, lon, lat, date_start, date_end, family, type_code, status)``,
        read one at a time into typed arrays (a list of the rows would take several
        times the columns' memory at its peak)."""
        ids: list[str] = []
        lon, lat = array("d"), array("d")
        start, end = array("q"), array("q")
        family, type_code, status = array("i"), array("i"), array("i")
        tables: tuple[dict[str, int], dict[str, int], dict[str, int]] = ({}, {}, {})
        days: dict[str, int] = {}
        nan = float("nan")
        for eid, x, y, first, last, fam, code, state in rows:
            ids.append(eid)
            lon.append(nan if x is None else x)
            lat.append(nan if y is None else y)
            day = _day(first, days)
            start.append(_NO_START if day is None else day)
            day = _day(last, days)
            end.append(_NO_END if day is None else day)
            for column, table, value in zip(
                (family, type_code, status), tables, (fam, code, state), strict=True
            ):
                column.append(table.setdefault(value, len(table)))
        arrays = [
            np.frombuffer(a, dtype=t) if len(a) else np.zeros(0, dtype=t)
            for a, t in (
                (lon, np.float64),
                (lat, np.float64),
                (start, np.int64),
                (end, np.int64),
                (family, np.int32),
                (type_code, np.int32),
                (status, np.int32),
            )
        ]
        if any(ids[i] > ids[i + 1] for i in range(len(ids) - 1)):
            # the database's collation orders ids otherwise than by code point
            order = np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)
            ids = [ids[i] for i in order]
            arrays = [a[order] for a in arrays]
        return cls(
            size,
            ids,
            arrays[0],
            arrays[1],
            arrays[2],
            arrays[3],
            arrays[4],
            tables[0],
            arrays[5],
            tables[1],
            arrays[6],
            tables[2],
            Rendered(len(ids), budget),
            by_lon := np.argsort(arrays[0], kind="stable"),
            arrays[0][by_lon],
        )

    def read_parties(self, actors: Iterable[tuple[str, str]]) -> None:
        """Which events name each party, from their actors ``[name, role, party, inter]``."""
        where = {eid: i for i, eid in enumerate(self.ids)}
        found: dict[str, list[int]] = {}
        for eid, text in actors:
            position = where.get(eid)
            if position is None:
                continue
            for party in {a[2] for a in orjson.loads(text) if len(a) > 2 and a[2]}:
                found.setdefault(str(party), []).append(position)
        self.parties = {p: np.array(v, dtype=np.int64) for p, v in found.items()}

    def select(self, q: EventQuery) -> list[int]:
        """The positions of the page of events that ``q`` asks for (``q.limit`` of them
        after the id ``q.after``), as ``store.events.page_events`` would find them. A box
        first narrows the events to those within its longitudes (a binary search in the
        events sorted by longitude), so a small box costs little whatever the record."""
        first = bisect_right(self.ids, q.after) if q.after else 0
        if q.bbox is not None:
            b = q.bbox
            low = int(np.searchsorted(self.lon_sorted, b.west, side="left"))
            high = int(np.searchsorted(self.lon_sorted, b.east, side="right"))
            found = self.by_lon[low:high]
            lat = self.lat[found]
            found = found[(lat >= b.south) & (lat <= b.north)]
            if first:
                found = found[found >= first]
            found = _in_order(found, len(self.ids))
        else:
            found = np.arange(first, len(self.ids), dtype=np.int64)
        if q.end is not None and len(found):
            found = found[self.start[found] <= q.end.toordinal()]
        if q.start is not None and len(found):
            found = found[self.end[found] >= q.start.toordinal()]
        for wanted, column, table in (
            (q.types, self.type_code, self.types),
            ([f.value for f in q.families], self.family, self.families),
            ([s.value for s in q.statuses], self.status, self.statuses),
        ):
            if wanted and len(found):
                codes = [table[w] for w in wanted if w in table]
                found = found[np.isin(column[found], codes)]
        if q.party is not None and len(found):
            named = (self.parties or {}).get(q.party, np.zeros(0, dtype=np.int64))
            found = found[np.isin(found, named, assume_unique=True)]
        if q.limit is not None:
            found = found[: q.limit]
        return [int(h) for h in found]


class PublicMap:
    """The columns of one workspace's published events, read again when the record has
    changed, and the answers made from them.

    While the record changes often (a write every few seconds), reading the columns
    after each change would cost more than it saves: they are read at most once every
    ``reread`` seconds, and while they are behind the record, or being read by another
    request, the database answers (``page`` returns None), through the published events'
    index, exactly and as of now."""

    def __init__(
        self,
        max_published: int = MAX_PUBLISHED,
        budget: int = RENDERED_BUDGET,
        reread: float = REREAD_SECONDS,
    ) -> None:
        self.max_published, self.budget, self.reread = max_published, budget, reread
        self.columns: Columns | None = None
        self.too_many: int | None = None  # the ledger size at which there were too many
        self.read_at = -math.inf  # when the columns were last read (time.monotonic)
        self.lock = threading.Lock()

    def current(self, size: int, read: Reader) -> Columns | None:
        """The columns as of ledger size *size*; None if the database must answer (too
        many published events to hold, or the columns behind and not to be read now)."""
        cols = self.columns
        if cols is not None and cols.size == size:
            return cols
        if self.too_many == size or time.monotonic() - self.read_at < self.reread:
            return None
        if not self.lock.acquire(blocking=False):  # another request is reading them
            return None
        try:
            if self.columns is not None and self.columns.size == size:
                return self.columns
            self.columns = None  # let the old ones go before the new are read
            self.read_at = time.monotonic()
            with read() as conn:
                if event_repo.published_count(conn) > self.max_published:
                    self.too_many = size
                    return None
                self.columns = Columns.read(event_repo.published_places(conn), size, self.budget)
            return self.columns
        finally:
            self.lock.release()

    def page(
        self, q: EventQuery, size: int, read: Reader, hider: Callable[[Connection], Protected]
    ) -> bytes | None:
        """The page ``q`` asks for as the JSON the event list answers with, each event as
        ``views.event_out`` shows it to the public (``hider``: what is withheld); None if
        the database must answer. As ``views.events_out`` has it, a box leaves out an
        event whose place is withheld."""
        if q.actor is not None or q.dataset is not None:  # not asked by the API
            return None
        if q.words:  # a search reads the text columns, which are not held here
            return None
        cols = self.current(size, read)
        if cols is None:
            return None
        if q.party is not None and cols.parties is None:
            with cols.lock:
                if cols.parties is None:
                    with read() as conn:
                        cols.read_parties(event_repo.published_actors(conn))
        positions = cols.select(q)
        events = cols.rendered.get(positions)
        missing = [p for p, raw in zip(positions, events, strict=True) if raw is None]
        if missing:
            with read() as conn:
                found = event_repo.events_by_id(conn, [cols.ids[p] for p in missing])
                hide = hider(conn)
            made: dict[int, bytes] = {}
            placeless = []
            for p in missing:
                e = found.get(cols.ids[p])
                if e is None:  # gone since the columns were read
                    continue
                shown = views.event_out(e, hide)
                if e.where.lat is not None and shown["place"]["lat"] is None:
                    placeless.append(p)
                # copied: orjson's result of a few hundred bytes sits in a block of 8 KiB
                made[p] = bytes(memoryview(orjson.dumps(shown)))
            cols.rendered.put(made, placeless)
            events = [
                raw if raw is not None else made.get(p)
                for p, raw in zip(positions, events, strict=True)
            ]
        withheld = cols.rendered.placeless if q.bbox is not None else ()
        shown_events = [
            raw
            for p, raw in zip(positions, events, strict=True)
            if raw is not None and p not in withheld
        ]
        full = q.limit is not None and len(positions) == q.limit and bool(positions)
        return b"".join(
            (
                b'{"events":[',
                b",".join(shown_events),
                b'],"count":',
                str(len(shown_events)).encode(),
                b',"next":',
                orjson.dumps(cols.ids[positions[-1]] if full else None),
                b"}",
            )
        )
