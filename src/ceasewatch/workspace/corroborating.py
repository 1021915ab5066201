"""Corroboration by clustering: the claims and observations that belong to no event yet
are planned into the events on record or new ones (reading only), then the plan is
written, each change in the events' histories and the ledger (``refreshing.py``). The
analysts' changes are in ``analysts.py``, the dossiers in ``dossiers.py``."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from ceasewatch.assess import corroborate as cl
from ceasewatch.model import Claim, Event, Observation, Taxonomy
from ceasewatch.store import clusters as repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.workspace.members import Loaded, Sources, belligerents, load, observation_member
from ceasewatch.workspace.neighbourhood import left_near, neighbourhood
from ceasewatch.workspace.parsing import Stamp
from ceasewatch.workspace.refreshing import Writer, refresh
from ceasewatch.workspace.steps import Step


@dataclass
class CorroborationReport:
    considered: int = 0
    joined: int = 0
    opened: int = 0
    left: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)


def _pending(
    conn: Connection, refs: Sequence[str] | None, taxonomy: Taxonomy, srcs: Sources
) -> tuple[list[Claim], list[Observation]]:
    """The claims and observations in no event yet: all of them; or those of *refs*, with
    those left alone on days near theirs (``neighbourhood.left_near``)."""
    if refs is None:
        return (
            texts_repo.list_claims(conn, unassigned=True),
            monitoring_repo.list_observations(conn, unassigned=True),
        )
    ids: dict[str, list[str]] = {"claim": [], "observation": []}
    for ref in refs:
        kind, _, rid = ref.partition(":")
        if kind in ids:
            ids[kind].append(rid)
    found_claims = [c for c in texts_repo.claims_by_ids(conn, ids["claim"]) if not c.event_id]
    found_observations = [
        o for o in monitoring_repo.observations_by_ids(conn, ids["observation"]) if not o.event_id
    ]
    members = [srcs.claim(c) for c in found_claims]
    members += [observation_member(o, taxonomy) for o in found_observations]
    left_claims, left_observations = left_near(conn, members)
    return (
        found_claims + texts_repo.claims_by_ids(conn, left_claims),
        found_observations + monitoring_repo.observations_by_ids(conn, left_observations),
    )


@dataclass
class Plan:
    """What clustering decided, read but not written yet: the records considered, where
    each goes, and the events it touches with their members and windows."""

    done: list[str]  # the references that leave the queue
    report: CorroborationReport
    srcs: Sources | None = None
    loaded: Loaded | None = None
    touched: dict[str, list[cl.Join]] = field(default_factory=dict)
    windows: dict[str, tuple[Any, Any]] = field(default_factory=dict)


Near = Callable[[Connection, Sequence[cl.Member]], list[Event]]
Cluster = Callable[[Sequence[cl.Member], cl.Clusterer], list[cl.Join]]


def plan(
    conn: Connection,
    taxonomy: Taxonomy,
    refs: Sequence[str] | None = None,
    near: Near = neighbourhood,
    step: Step | None = None,
    cluster: Cluster = cl.cluster,
) -> Plan:
    """Cluster the claims and observations in no event yet (with *refs*, those of these
    references only) into the events on record, or new ones; reads only. *near* reads
    the events the records might join; *cluster* clusters (by window on a Dask cluster:
    workspace.windowing)."""
    srcs = Sources.read(conn)
    pending_claims, pending_observations = _pending(conn, refs, taxonomy, srcs)
    pending = [srcs.claim(c) for c in pending_claims]
    pending += [observation_member(o, taxonomy) for o in pending_observations]
    done = [m.ref for m in pending] if refs is None else list(refs)
    report = CorroborationReport(considered=len(pending))
    dated = [m for m in pending if m.start is not None and m.end is not None]
    if not dated:  # nothing can be placed in time: say why each is left
        report.left.update(j.reason for j in cl.cluster(pending))
        return Plan(done, report)
    # the events these records might join (an event its data set withdrew gathers
    # nothing more)
    loaded = load(conn, srcs, taxonomy, near(conn, dated))
    clusterer = cl.Clusterer(belligerents(conn))
    for key, members in sorted(loaded.members.items()):
        if members:
            clusterer.seed(key, members)
    loaded.claims.update({c.id: c for c in pending_claims})
    touched: dict[str, list[cl.Join]] = defaultdict(list)
    for n, j in enumerate(cluster(pending, clusterer), start=1):
        if step is not None and (n % 200 == 0 or n == len(pending)):
            step("records", n, len(pending))
        if j.event is None:
            report.left[j.reason] += 1
            continue
        touched[j.event].append(j)
        report.opened += j.opened
        report.joined += not j.opened
    for key in touched:
        loaded.members[key] = list(clusterer.clusters[key].members)
    windows = {k: (c.lo, c.hi) for k, c in clusterer.clusters.items() if k in touched}
    return Plan(done, report, srcs, loaded, dict(touched), windows)


def apply(conn: Connection, stamp: Stamp, p: Plan) -> CorroborationReport:
    """Write what clustering decided: the joins, the events opened or brought up to date,
    their histories and the ledger entries; the records leave the queue."""
    repo.dequeue(conn, p.done)
    if p.loaded is None or p.srcs is None:
        return p.report
    w = Writer(conn, stamp)
    for key, js in p.touched.items():
        for j in js:
            w.note(key, "opened" if j.opened else "joined", None, j.reason, [j.ref])
    p.report.statuses = refresh(w, p.loaded, p.touched, p.srcs, p.windows)
    w.flush()
    return p.report


def corroborate(
    conn: Connection,
    taxonomy: Taxonomy,
    stamp: Stamp,
    refs: Sequence[str] | None = None,
    step: Step | None = None,
    cluster: Cluster = cl.cluster,
) -> CorroborationReport:
    """Cluster the claims and observations in no event yet (with *refs*, those of these
    references only) into the events on record (or new ones), then bring the events they
    touched up to date. Whatever was considered leaves the clusterer's queue."""
    ledger_repo.lock(conn)
    return apply(conn, stamp, plan(conn, taxonomy, refs, step=step, cluster=cluster))
