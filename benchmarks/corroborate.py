"""Corroboration benchmark: clustering 100,000 claims into events on one core.

    .venv/bin/python benchmarks/corroborate.py [--claims N] [--seed N]

The claims are synthetic and made the way the extractor makes them (``model.Claim``):
incidents along a 150 km front over two years, each told by one to eight claims from
the parties, the mission and the press, with places at several precisions and jitter,
a day of slack in some dates, one in eight told without a place, denials, and hedged
and speculative statements. Timed in the same run: making the clustering records from
the claims, clustering them (``assess.corroborate.cluster``), grading every event
(status, contradictions and each claim's credibility), clustering the same claims
shuffled (which must give the same events), the same claims arriving in two runs
(compared with one run), B-cubed precision and recall of the
events against the incidents generated, and a baseline: one pass that only buckets
the claims by family and day in a dict, the least any clustering has to do. Prints one
JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from ceasewatch.assess.corroborate import Clusterer, Member, cluster, from_claim
from ceasewatch.assess.grading import auto_status, credibility
from ceasewatch.model import (
    Actor,
    ActorRole,
    Claim,
    ClaimStatus,
    Family,
    GeoPrecision,
    Place,
    Reliability,
    TimePrecision,
    TimeSpan,
)

FAMILIES = [
    (Family.CEASEFIRE_VIOLATION, "cfv.small_arms", 0.55),
    (Family.ARMED_CLASH, "clash.armed", 0.1),
    (Family.OBSTRUCTION, "obstruction.movement", 0.1),
    (Family.MILITARY_MOVEMENT, "movement.forces", 0.1),
    (Family.MISSION_ACTIVITY, "mission.patrol", 0.1),
    (Family.CORRIDOR_TRANSIT, "corridor.bypass", 0.05),
]
ORIGINS = ["AM", "AZ", "RU", "global-wire", "intl-observer", "ccw"]
PRECISIONS = [(GeoPrecision.EXACT, 0.001), (GeoPrecision.NEAR, 0.03),
              (GeoPrecision.DISTRICT, 0.12)]  # fmt: skip


KARABAKH = (39.4, 46.0, "AM", "AZ")  # a front: south-west corner and its two parties


def synthetic_claims(
    n: int,
    seed: int,
    fronts: Sequence[tuple[float, float, str, str]] = (KARABAKH,),
    first: date = date(2021, 1, 1),
    days: int = 730,
    unplaced: float = 0.125,
    others: Sequence[str] = ("RU", "global-wire", "intl-observer", "ccw"),
    killed: bool = True,
) -> list[Claim]:
    """*n* claims of incidents on *fronts* (a box of 1 by 1.2 degrees each, chosen at
    random when there are several) over *days* from *first*, told by the front's two
    parties and *others*; *unplaced* of them with no place; with a killed count when
    *killed* (benchmarks/scale_dask.py makes many fronts, this benchmark one)."""
    rng = random.Random(seed)
    weights = [w for *_, w in FAMILIES]
    out: list[Claim] = []
    incident = 0
    while len(out) < n:
        incident += 1
        family, code, _ = rng.choices(FAMILIES, weights)[0]
        south, west, a, b = rng.choice(fronts) if len(fronts) > 1 else fronts[0]
        day = first + timedelta(days=rng.randrange(days))
        lat, lon = south + rng.random() * 1.0, west + rng.random() * 1.2
        blamed = rng.choice([a, b])
        origins = [a, b, *others]
        for k in range(min(rng.randint(1, 8), n - len(out))):
            origin = rng.choice(origins)
            precision, jitter = rng.choice(PRECISIONS)
            places: tuple[Place, ...] = ()
            if rng.random() > unplaced:
                places = (Place(f"place-{incident}", lat + rng.gauss(0, jitter),
                                lon + rng.gauss(0, jitter), precision),)  # fmt: skip
            r = rng.random()
            status = (
                ClaimStatus.DENIED
                if r < 0.1 and origin == blamed
                else ClaimStatus.ALLEGED
                if r < 0.25
                else ClaimStatus.SPECULATIVE
                if r < 0.28
                else ClaimStatus.ASSERTED
            )
            d = day + timedelta(days=1 if status is ClaimStatus.DENIED else 0)
            span = rng.choice([0, 0, 0, 0, 1, 6])
            out.append(
                Claim(
                    id=f"doc-{incident}#{k}",
                    document_id=f"doc-{incident}-{k}",
                    span=(0, 10),
                    text=f"units opened fire near place {incident} in the night, said {origin}",
                    type_code=code,
                    family=family,
                    status=status,
                    claimant=origin,
                    when=TimeSpan(
                        d,
                        d + timedelta(days=span),
                        TimePrecision.DAY if span == 0 else TimePrecision.WEEK,
                    ),
                    places=places,
                    actors=(Actor(blamed, ActorRole.PERPETRATOR, blamed),),
                    killed=rng.choice([None, None, None, 0, 1, 2]) if killed else None,
                )
            )
    return out


def members_of(claims: list[Claim]) -> list[Member]:
    return [from_claim(c, c.claimant or c.document_id, c.document_id) for c in claims]


def grade_all(groups: dict[str, list[Member]]) -> int:
    graded = 0
    for ms in groups.values():
        auto_status(ms)
        for m in ms:
            credibility(m, ms, Reliability.C)
            graded += 1
    return graded


def bcubed(joins: list) -> tuple[float, float]:  # type: ignore[type-arg]
    """B-cubed precision and recall of the events against the generated incidents, over
    the claims that were clustered: how much of each claim's event is its incident, and
    how much of its incident is in its event."""
    gold = {j.ref: j.ref.split(":")[1].split("#")[0] for j in joins if j.event}
    return _bcubed(gold, {j.ref: j.event for j in joins if j.event})


def agreement(one: list, two: list) -> tuple[float, float]:  # type: ignore[type-arg]
    """B-cubed precision and recall of clustering in two runs against one run."""
    gold = {j.ref: j.event for j in one if j.event}
    pred = {j.ref: j.event for j in two if j.event and j.ref in gold}
    return _bcubed({r: gold[r] for r in pred}, pred)


def _bcubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float]:
    by_gold: dict[str, set[str]] = defaultdict(set)
    by_pred: dict[str, set[str]] = defaultdict(set)
    for ref in gold:
        by_gold[gold[ref]].add(ref)
        by_pred[pred[ref]].add(ref)
    p = r = 0.0
    for ref in gold:
        both = len(by_gold[gold[ref]] & by_pred[pred[ref]])
        p += both / len(by_pred[pred[ref]])
        r += both / len(by_gold[gold[ref]])
    return p / len(gold), r / len(gold)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    claims = synthetic_claims(args.claims, args.seed)

    t0 = time.perf_counter()
    members = members_of(claims)
    t_members = time.perf_counter() - t0

    t0 = time.perf_counter()
    joins = cluster(members, Clusterer({"AM", "AZ"}))
    t_cluster = time.perf_counter() - t0

    groups: dict[str, list[Member]] = defaultdict(list)
    by_ref = {m.ref: m for m in members}
    for j in joins:
        if j.event:
            groups[j.event].append(by_ref[j.ref])
    t0 = time.perf_counter()
    graded = grade_all(groups)
    t_grade = time.perf_counter() - t0

    shuffled = list(members)
    random.Random(args.seed + 1).shuffle(shuffled)
    t0 = time.perf_counter()
    again = cluster(shuffled, Clusterer({"AM", "AZ"}))
    t_again = time.perf_counter() - t0
    same = {j.ref: j.event for j in joins} == {j.ref: j.event for j in again}

    # The same claims arriving in two runs (the first half of them, in random order, then
    # the rest), as a workspace clusters them as documents come in.
    clusterer = Clusterer({"AM", "AZ"})
    half = len(shuffled) // 2
    t0 = time.perf_counter()
    two_runs = cluster(shuffled[:half], clusterer) + cluster(shuffled[half:], clusterer)
    t_two = time.perf_counter() - t0
    drift_p, drift_r = agreement(joins, two_runs)

    t0 = time.perf_counter()
    buckets: dict[tuple[Family, date | None], list[Member]] = defaultdict(list)
    for m in members:
        buckets[(m.family, m.start)].append(m)
    t_base = time.perf_counter() - t0

    left = sum(1 for j in joins if j.event is None)
    precision, recall = bcubed(joins)
    print(
        json.dumps(
            {
                "claims": len(claims),
                "events": len(groups),
                "incidents_generated": len({c.document_id.split("-")[1] for c in claims}),
                "left_out": left,
                "records_s": round(t_members, 2),
                "cluster_s": round(t_cluster, 2),
                "claims_per_s": round(len(claims) / t_cluster),
                "grade_s": round(t_grade, 2),
                "graded": graded,
                "bcubed_precision": round(precision, 3),
                "bcubed_recall": round(recall, 3),
                "cluster_shuffled_s": round(t_again, 2),
                "same_events_in_shuffled_order": same,
                "cluster_in_two_runs_s": round(t_two, 2),
                "two_runs_vs_one_bcubed_p_r": [round(drift_p, 3), round(drift_r, 3)],
                "baseline_bucketing_s": round(t_base, 3),
                "ratio_to_baseline": round(t_cluster / t_base, 1),
                "target_cluster_s": 30,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
