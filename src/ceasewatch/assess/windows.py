"""Windows of time and space that cannot share an event, so that each is clustered apart
(in parallel, on other processes) to the very events clustering all records together
gives (``corroborate.cluster``).

Two records are *linked* when they are of one family group, their days meet (a record's
reach, ``corroborate.reach``, a denial's widened as below), and either one has no place
or their places lie within both uncertainty radii and ``SLACK_KM`` of each other. An
event already on record (a *seed*) is linked the same way, by its window and its anchor
(the place its most precisely placed member gives; none: no place). A window is a
connected set of records and seeds: the records of one window are clustered with its
seeds alone.

Why that gives the events of one clustering of everything. Clustering takes the records
one by one in the canonical order; a record joins the nearest cluster it fits, or opens
one. Suppose that, up to some record, every cluster's members lie in one window and each
window's clusters are as one clustering of everything has them (true before the first
record). Take the next record m, and a cluster c it fits:

- the days. c's window (the days all its affirming members allow) lies within the days
  of c's first member, an affirmation (a denial opens nothing), and within those of every
  affirming member; for a seed, within the seed's window. m fits c only when its days
  meet c's window, so they meet the days of c's first member (or the seed's window).
- the place. m fits c only when it has no place, c has no anchor, or m lies within both
  radii and ``SLACK_KM`` of c's anchor, a member of c (or the seed's own anchor).
  If the anchor is an affirmation, m's days meet its days (above): m and the anchor are
  linked. If it is a denial, m's days meet c's window now, which lies within c's window
  when the denial joined, which met the denial's days. That window is at most W days
  long, W the longest window there is (``LONGEST`` days for an event clustering opened,
  more for a seed that spans more), so m's days meet the denial's widened by W - 1 days
  each way; and since both meet days some record reaches, by the whole range of days the
  records reach if that is less. A denial's days are widened by the lesser. If m has no
  place, or c has no anchor (no member with a place), m is linked to c's first member
  (days above, no place between), or to the seed.

So m is linked to a member of every cluster it fits, and lies in that cluster's window:
the clusters it may join are those of its own window, in the same state as in one
clustering of everything, and it joins the same one (the candidates are compared in the
same order, the key of a new event comes from its first record). The clusters it does
not fit are left alone either way. By induction, every record ends in the same event.

Records clustering leaves alone whatever is on record (speculative, undated, too vague
in time: ``corroborate.reach`` is None) are each a window of their own.

Places are compared on a grid of ``CELL_DEG`` degrees: each record is put in the cells its
half of the limit reaches (its radius and half of ``SLACK_KM``, east-west at the box's
latitude farthest from the equator, as ``corroborate.box`` draws boxes, and widened by
1%), and records of one family group, day and cell are joined. Two records within the
limit of each other share a point within half of it from both, so a cell; records that
share a cell without being within the limit are joined too. Windows may so come out
larger than they need be, never smaller: only the proof's links are required.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from math import cos, floor, radians

from ceasewatch.assess.corroborate import (
    MAX_SPAN_DAYS,
    SLACK_KM,
    Cluster,
    Member,
    family_group,
    reach,
)

CELL_DEG = 0.25
LONGEST = MAX_SPAN_DAYS  # the most days a window opened by clustering spans


@dataclass(frozen=True, slots=True)
class Window:
    """Records (their positions in the list given) and seeds (their keys) that are
    clustered together."""

    members: tuple[int, ...]
    seeds: tuple[str, ...] = ()


class _Sets:
    """Union-find over 0..n-1."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _cells(lat: float, lon: float, half_km: float) -> list[tuple[int, int]]:
    reach_km = half_km * 1.01 + 0.01
    dlat = reach_km / 110.57
    far = min(abs(lat) + dlat, 89.9)
    dlon = reach_km / (111.32 * cos(radians(far)))
    if abs(lat) + dlat >= 89.9:
        dlon = 360.0
    south, north = floor((lat - dlat) / CELL_DEG), floor((lat + dlat) / CELL_DEG)
    # columns are clamped to +-1000 (+-250 degrees): a box near a pole spans every
    # longitude, and two boxes that share a column still share it clamped
    west = max(-1000, floor((lon - dlon) / CELL_DEG))
    east = min(1000, floor((lon + dlon) / CELL_DEG))
    return [(y, x) for y in range(south, north + 1) for x in range(west, east + 1)]


def windows(members: Sequence[Member], seeds: Sequence[Cluster] = ()) -> list[Window]:
    """The windows of *members* and of the events on record *seeds*, in the order of
    their first record (a window of seeds alone is left out: nothing joins it)."""
    n = len(members)
    sets = _Sets(n + len(seeds))
    own = [reach(m) for m in members]
    reached = [d for d in own if d is not None]
    if not reached:
        return [Window((i,)) for i in range(n)]
    # a seed's days matter only where records may meet them: from the first day any
    # record reaches, widened, to the last (an event on record may span years)
    start, end = min(d[0] for d in reached), max(d[1] for d in reached)
    widest = max([LONGEST, *((s.hi - s.lo).days + 1 for s in seeds)])
    widest = min(widest, (end - start).days + 2)
    lo, hi = start - timedelta(days=widest), end + timedelta(days=widest)
    # each node: its family group (0: alone), first and last day (ordinals), place, radius
    kinds: dict[str, int] = {}
    nodes: list[tuple[int, int, int, float | None, float | None, float]] = []
    for m, days in zip(members, own, strict=True):
        if days is None:
            nodes.append((0, 0, 0, None, None, 0.0))
            continue
        g = kinds.setdefault(family_group(m.family), len(kinds) + 1)
        first, last = days[0].toordinal(), days[1].toordinal()
        if m.denial:  # a denial's days widened (see above)
            first, last = first - (widest - 1), last + (widest - 1)
        nodes.append((g, first, last, m.lat, m.lon, m.radius_km))
    for s in seeds:
        a = s.anchor
        since, until = max(s.lo, lo), min(max(s.hi, s.lo), hi)
        if until < since:  # no record reaches it
            nodes.append((0, 0, 0, None, None, 0.0))
            continue
        g = kinds.setdefault(s.group, len(kinds) + 1)
        nodes.append(
            (
                g,
                since.toordinal(),
                until.toordinal(),
                a.lat if a is not None else None,
                a.lon if a is not None else None,
                a.radius_km if a is not None else 0.0,
            )
        )
    # keys are plain integers: (group, day) and (group, day, cell row, cell column)
    unplaced: dict[int, int] = {}  # a node without a place on that day
    for i, (g, first, last, lat, lon, _r) in enumerate(nodes):
        if not g or (lat is not None and lon is not None):
            continue
        for day in range(first, last + 1):
            other = unplaced.setdefault(g << 24 | day, i)
            if other != i:
                sets.union(i, other)
    cells: dict[int, int] = {}
    half = SLACK_KM / 2
    for i, (g, first, last, lat, lon, r) in enumerate(nodes):
        if not g or lat is None or lon is None:
            continue
        around = [(y + 1024) << 12 | (x + 2048) for y, x in _cells(lat, lon, r + half)]
        for day in range(first, last + 1):
            at = g << 24 | day
            blank = unplaced.get(at)
            if blank is not None:
                sets.union(i, blank)
            at <<= 23
            for cell in around:
                other = cells.setdefault(at | cell, i)
                if other != i:
                    sets.union(i, other)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(sets.find(i), []).append(i)
    seeded: dict[int, list[str]] = {}
    for j, s in enumerate(seeds):
        root = sets.find(n + j)
        if root in groups:
            seeded.setdefault(root, []).append(s.key)
    return [Window(tuple(idx), tuple(seeded.get(root, ()))) for root, idx in groups.items()]


def pack(found: Sequence[Window], bins: int) -> list[list[Window]]:
    """Windows dealt into at most *bins* bins of about equal size (the largest first,
    each to the bin holding least), each bin in the order of the windows given."""
    heap = [(0, b) for b in range(max(1, bins))]
    out: list[list[int]] = [[] for _ in heap]
    order = sorted(range(len(found)), key=lambda w: -len(found[w].members))
    for w in order:
        size, b = heapq.heappop(heap)
        out[b].append(w)
        heapq.heappush(heap, (size + len(found[w].members), b))
    return [[found[w] for w in sorted(ws)] for ws in out if ws]
