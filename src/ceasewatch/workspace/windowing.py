"""Clustering by window: the records to cluster cut into windows of time and space that
cannot share an event (``assess.windows``, with the proof), the windows dealt into bins
of about equal size, and each bin clustered apart, on a Dask cluster or in this process.
The joins come back in the order one clustering of everything gives them, and equal to
it; the clusters they touched come back too, for grading and storing here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ceasewatch.assess import corroborate as cl
from ceasewatch.assess.windows import pack, windows
from ceasewatch.workspace.distributing import Runner

BINS_PER_WORKER = 3  # a few bins each, so that a worker done early takes another


@dataclass
class Clustered:
    """What clustering one bin gave: the joins, and the clusters they touched."""

    joins: list[cl.Join]
    clusters: dict[str, cl.Cluster]


def cluster_bin(
    members: Sequence[cl.Member], seeds: Sequence[cl.Cluster], belligerents: frozenset[str]
) -> Clustered:
    """Cluster the records of one bin into its seeds (on a worker)."""
    clusterer = cl.Clusterer(belligerents)
    for c in seeds:
        clusterer.restore(c)
    joins = cl.cluster(members, clusterer)
    touched = {j.event for j in joins if j.event is not None}
    return Clustered(joins, {k: clusterer.clusters[k] for k in sorted(touched)})


def cluster_windows(
    pending: Sequence[cl.Member], clusterer: cl.Clusterer, run: Runner
) -> list[cl.Join]:
    """``corroborate.cluster(pending, clusterer)``, window by window on *run*: the same
    joins in the same order; *clusterer* holds the clusters touched, as after it."""
    order = cl.canonical(pending)
    seeds = list(clusterer.clusters.values())
    found = windows(order, seeds)
    bins = pack(found, run.workers * BINS_PER_WORKER)
    tasks = [
        (
            [order[i] for w in b for i in w.members],
            [clusterer.clusters[k] for w in b for k in w.seeds],
            clusterer.belligerents,
        )
        for b in bins
    ]
    position = {m.ref: n for n, m in enumerate(order)}
    joins: list[cl.Join] = []
    for got in run.map(cluster_bin, tasks):
        joins.extend(got.joins)
        for key, c in got.clusters.items():
            if key in clusterer.clusters:
                clusterer.clusters[key] = c
            else:
                clusterer.restore(c)
    joins.sort(key=lambda j: position[j.ref])
    return joins
