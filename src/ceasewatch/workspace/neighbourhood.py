"""Where clustering looks: the events a record might join, read from the database by day,
family and place rather than every event of the weeks around it.

An event with no members is a cluster of one, known by its own row: its days, its family
and its place with its uncertainty radius. The events index (date_start, lon, lat) finds
those a record may join: their days meet the record's, their family fits, and they lie
within reach of it (boxes drawn for two radii, 25 and 75 km; an event placed more loosely
is taken wherever it lies, an event with no place always). An event with members is
placed by them (the most precise one anchors it), so those are read by day alone, as
many days around the record as clustering ever reaches. Records close in time are read
together. What comes back is a superset of the events clustering could join a record
to; the clustering itself (assess.corroborate) decides, so the result is the one reading
every event in those weeks gives.

Records clustering left alone (a denial of nothing on record yet, say) on days near the
records being clustered are clustered again with them, as ``corroborate`` would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Connection

from ceasewatch.assess import corroborate as cl
from ceasewatch.model import Event
from ceasewatch.store import clusters as repo

RADII_KM = (25.0, 75.0)  # a district's and a region's default radius
# the days around a record within which an event with members is read: a record's span
# and a denial's lag, as clustering has always read them
REACH = timedelta(days=cl.MAX_SPAN_DAYS + cl.DENIAL_LAG_DAYS)


def _no_boxes() -> list[list[float]] | None:
    return [[] for _ in RADII_KM]


@dataclass
class _Run:
    """Records whose days meet, read with one query each way."""

    first: date
    last: date
    families: set[str] = field(default_factory=set)
    boxes: list[list[float]] | None = field(default_factory=_no_boxes)

    def add(self, m: cl.Member, first: date, last: date) -> None:
        self.first, self.last = min(self.first, first), max(self.last, last)
        self.families.update(f.value for f in cl.families_with(m.family))
        if self.boxes is None:
            return
        for i, radius in enumerate(RADII_KM):
            b = cl.box(m, radius)
            if b is None:  # a record with no place may join an event anywhere
                self.boxes = None
                return
            have = self.boxes[i]
            self.boxes[i] = (
                [min(have[0], b[0]), min(have[1], b[1]), max(have[2], b[2]), max(have[3], b[3])]
                if have
                else list(b)
            )


def _runs(members: Iterable[cl.Member]) -> list[_Run]:
    spans = []
    for m in members:
        days = cl.reach(m)
        if days is not None:  # the others are left alone whatever is on record
            spans.append((days[0], days[1], m.ref, m))
    runs: list[_Run] = []
    for first, last, _ref, m in sorted(spans, key=lambda s: (s[0], s[1], s[2])):
        if not runs or first > runs[-1].last + timedelta(days=1):
            runs.append(_Run(first, last))
        runs[-1].add(m, first, last)
    return runs


# the days around the records being clustered within which records clustering left alone
# are taken again with them (they may now join, or deny, an event the new ones touch)
AGAIN = timedelta(days=3 * (cl.MAX_SPAN_DAYS + cl.DENIAL_LAG_DAYS))


def left_near(conn: Connection, members: Sequence[cl.Member]) -> tuple[list[str], list[str]]:
    """The ids of the claims and observations clustering left alone on days near these
    records' (not those waiting in the queue, which come in their turn)."""
    claims: set[str] = set()
    observations: set[str] = set()
    for run in _runs(members):
        found = repo.left_between(conn, run.first - AGAIN, run.last + AGAIN)
        claims.update(found[0])
        observations.update(found[1])
    return sorted(claims), sorted(observations)


def neighbourhood(conn: Connection, members: Sequence[cl.Member]) -> list[Event]:
    """The events (not withdrawn) that any of these records might join."""
    found: dict[str, Event] = {}
    for run in _runs(members):
        boxes = (
            None
            if run.boxes is None
            else [(r, (b[0], b[1], b[2], b[3])) for r, b in zip(RADII_KM, run.boxes, strict=True)]
        )
        for e in repo.events_near(conn, run.first, run.last, sorted(run.families), boxes):
            found[e.id] = e
        for e in repo.events_with_members_between(conn, run.first - REACH, run.last + REACH):
            found[e.id] = e
    return [found[k] for k in sorted(found)]
