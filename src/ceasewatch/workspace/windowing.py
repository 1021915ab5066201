"""Clustering by window: the records to cluster cut into windows of time and space that
cannot share an event (``assess.windows``, with the proof), the windows dealt into bins
of about equal size, and each bin clustered apart, on a Dask cluster or in this process.
The joins come back in the order one clustering of everything gives them, and equal to
it; the clusters they touched come back too, for grading and storing here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from ceasewatch.assess import corroborate as cl
from ceasewatch.assess.windows import pack, windows
from ceasewatch.model import Family
from ceasewatch.workspace.distributing import Runner

T = TypeVar("T")
BINS_PER_WORKER = 3  # a few bins each, so that a worker done early takes another


@dataclass
class Clustered:
    """What clustering one bin gave: the joins, and each cluster they touched as the
    references of its members in order and its window (the members themselves are
    here already: they are not sent back)."""

    joins: list[cl.Join]
    clusters: dict[str, tuple[list[str], date, date]]


# What clustering reads of a record, as plain values: pickling them costs a tenth of
# pickling records (a record's text, source and counts stay here).
Packed = tuple[Any, ...]


def packed(m: cl.Member) -> Packed:
    return (
        m.ref, m.family.value, m.type_code, m.start.toordinal() if m.start else None,
        m.end.toordinal() if m.end else None, m.lat, m.lon, m.radius_km, m.place,
        tuple(m.perpetrators), tuple(m.targets), m.status, tuple(m.words),
    )  # fmt: skip


def unpacked(p: Packed | cl.Member) -> cl.Member:
    if isinstance(p, cl.Member):  # clustered in this process: nothing was packed
        return p
    ref, family, type_code, start, end, lat, lon, radius, place, perps, targets, status, words = p
    return cl.Member(
        ref, "", Family(family), type_code, _day(start), _day(end), "", lat, lon, radius, place,
        frozenset(perps), frozenset(targets), status, words=frozenset(words),
    )  # fmt: skip


def _same(x: T) -> T:
    return x


def _day(ordinal: int | None) -> date | None:
    return date.fromordinal(ordinal) if ordinal is not None else None


def packed_cluster(c: cl.Cluster) -> Packed:
    anchor = c.members.index(c.anchor) if c.anchor is not None else None
    return (c.key, c.group, c.lo, c.hi, [packed(m) for m in c.members], anchor,
            tuple(c.parties), tuple(c.words), c.opened)  # fmt: skip


def unpacked_cluster(p: Packed | cl.Cluster) -> cl.Cluster:
    if isinstance(p, cl.Cluster):
        return p
    key, group, lo, hi, members, anchor, parties, words, opened = p
    ms = [unpacked(m) for m in members]
    return cl.Cluster(key, group, lo, hi, ms, ms[anchor] if anchor is not None else None,
                      frozenset(parties), frozenset(words), opened)  # fmt: skip


Bin = Sequence[tuple[Sequence[Packed | cl.Member], Sequence[Packed | cl.Cluster]]]


def cluster_bin(bin_: Bin, belligerents: frozenset[str]) -> Clustered:
    """Cluster the windows of one bin (on a worker), each (its records, its seeds) into a
    clusterer of its own: a clusterer holding only what the records may join looks
    through fewer events for each."""
    joins: list[cl.Join] = []
    touched: dict[str, tuple[list[str], date, date]] = {}
    for members, seeds in bin_:
        clusterer = cl.Clusterer(belligerents)
        for c in seeds:
            clusterer.restore(unpacked_cluster(c))
        got = cl.cluster([unpacked(m) for m in members], clusterer)
        joins.extend(got)
        found = clusterer.clusters
        for k in sorted({j.event for j in got if j.event is not None}):
            touched[k] = ([m.ref for m in found[k].members], found[k].lo, found[k].hi)
    return Clustered(joins, touched)


def cluster_windows(
    pending: Sequence[cl.Member], clusterer: cl.Clusterer, run: Runner
) -> list[cl.Join]:
    """``corroborate.cluster(pending, clusterer)``, window by window on *run*: the same
    joins in the same order. Each cluster the joins touched is in *clusterer* with its
    members and its window as after that (for grading and storing them), though not its
    anchor, parties and words: it is not to be clustered into again."""
    order = cl.canonical(pending)
    seeds = list(clusterer.clusters.values())
    found = windows(order, seeds)
    bins = pack(found, run.workers * BINS_PER_WORKER)
    pack_m: Callable[[cl.Member], Packed | cl.Member] = packed if run.remote else _same
    pack_c: Callable[[cl.Cluster], Packed | cl.Cluster] = packed_cluster if run.remote else _same
    # made one bin at a time, as the workers ask for them: the first is clustering while
    # the next is packed
    tasks = (
        (
            [
                (
                    [pack_m(order[i]) for i in w.members],
                    [pack_c(clusterer.clusters[k]) for k in w.seeds],
                )
                for w in b
            ],
            clusterer.belligerents,
        )
        for b in bins
    )
    position = {m.ref: n for n, m in enumerate(order)}
    known = {m.ref: m for c in seeds for m in c.members}
    known.update((m.ref, m) for m in order)
    joins: list[cl.Join] = []
    for got in run.map(cluster_bin, tasks, large=True):
        joins.extend(got.joins)
        for key, (refs, lo, hi) in got.clusters.items():
            first = known[refs[0]]
            c = cl.Cluster(key, cl.family_group(first.family), lo, hi, [known[r] for r in refs])
            clusterer.clusters[key] = c
    joins.sort(key=lambda j: position[j.ref])
    return joins
