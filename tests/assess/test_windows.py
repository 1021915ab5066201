"""Windows of time and space: clustering each apart gives the events of clustering all."""

from __future__ import annotations

import random
from datetime import date, timedelta
from math import cos, radians

from ceasewatch.assess.corroborate import Clusterer, Join, Member, cluster, from_event
from ceasewatch.assess.windows import Window, pack, windows
from ceasewatch.model import ClaimStatus, Family

BELLIGERENTS = {"AM", "AZ"}
# Three fronts far apart, and one wide area where claims are placed only to the region
FRONTS = [(40.0, 46.5), (15.0, 43.0), (48.0, 38.0)]


def records(n: int, seed: int, unplaced: float = 0.1) -> list[Member]:
    """Claims of incidents on three fronts over 120 days: several claims each, jittered
    in place and day, some denials, some with a week's span, some with no place."""
    rng = random.Random(seed)
    out: list[Member] = []
    incident = 0
    while len(out) < n:
        incident += 1
        lat, lon = rng.choice(FRONTS)
        lat, lon = lat + rng.random() * 0.6, lon + rng.random() * 0.6
        day = date(2022, 1, 1) + timedelta(days=rng.randrange(120))
        family = rng.choice([Family.CEASEFIRE_VIOLATION, Family.ARMED_CLASH, Family.OBSTRUCTION])
        for k in range(rng.randint(1, 5)):
            denial = rng.random() < 0.15
            start = day + timedelta(days=rng.choice([0, 0, 1]) + (2 if denial else 0))
            placed = rng.random() >= unplaced
            radius = rng.choice([0.1, 5.0, 25.0])
            out.append(
                Member(
                    ref=f"claim:{incident}-{k}",
                    kind="claim",
                    family=family,
                    type_code="cfv.small_arms",
                    start=start,
                    end=start + timedelta(days=rng.choice([0, 0, 0, 2, 6, 9])),
                    origin=rng.choice(["AM", "AZ", "wire", "mission"]),
                    lat=lat + rng.gauss(0, 0.05) if placed else None,
                    lon=lon + rng.gauss(0, 0.05) if placed else None,
                    radius_km=radius if placed else 0.0,
                    perpetrators=frozenset({rng.choice(["AM", "AZ"])}),
                    status=(ClaimStatus.DENIED if denial else ClaimStatus.ASSERTED).value,
                    words=frozenset(rng.sample(["fire", "shell", "post", "night", "road"], 2)),
                )
            )
    return out[:n]


def by_window(members: list[Member], seeded: Clusterer | None = None) -> dict[str, Join]:
    seeds = list(seeded.clusters.values()) if seeded else []
    out: dict[str, Join] = {}
    for w in windows(members, seeds):
        clusterer = Clusterer(BELLIGERENTS)
        for key in w.seeds:
            assert seeded is not None
            clusterer.seed(key, seeded.clusters[key].members)
        for j in cluster([members[i] for i in w.members], clusterer):
            out[j.ref] = j
    return out


def test_windows_cluster_to_the_events_of_one_clustering_in_any_order() -> None:
    members = records(1500, seed=3)
    whole = {j.ref: j for j in cluster(members, Clusterer(BELLIGERENTS))}
    assert len({j.event for j in whole.values() if j.event}) > 200
    found = windows(members)
    assert sorted(i for w in found for i in w.members) == list(range(len(members)))
    assert len(found) > 3  # the fronts and the family groups at least
    for seed in (1, 2):
        shuffled = list(members)
        random.Random(seed).shuffle(shuffled)
        assert by_window(shuffled) == whole


def test_with_no_record_unplaced_the_fronts_fall_apart_in_space() -> None:
    members = records(1500, seed=5, unplaced=0.0)
    found = windows(members)
    groups = {(m.family, round(m.lat or 0)) for m in members}
    assert len(found) >= len(groups)  # no window holds two fronts
    for w in found:
        fronts = {min(FRONTS, key=lambda f: abs(f[0] - (members[i].lat or 0))) for i in w.members}
        assert len(fronts) == 1
    assert by_window(members) == {j.ref: j for j in cluster(members, Clusterer(BELLIGERENTS))}


def test_events_on_record_are_seeds_of_the_windows_that_reach_them() -> None:
    members = records(900, seed=8)
    first, rest = members[:300], members[300:]
    seeded = Clusterer(BELLIGERENTS)
    # the events the first records made, kept as events on record
    made = Clusterer(BELLIGERENTS)
    cluster(first, made)
    for key, c in made.clusters.items():
        seeded.seed(key, c.members)
    whole = Clusterer(BELLIGERENTS)
    for key, c in made.clusters.items():
        whole.seed(key, c.members)
    expected = {j.ref: j for j in cluster(rest, whole)}
    assert any(not j.opened and j.event in made.clusters for j in expected.values())
    assert by_window(rest, seeded) == expected


def test_an_event_on_record_with_no_place_reaches_every_record_of_its_days() -> None:
    from ceasewatch.model import Event, GeoPrecision, Place, TimePrecision, TimeSpan

    day = date(2022, 3, 1)
    e = Event(
        id="e1",
        type_code="cfv.small_arms",
        family=Family.CEASEFIRE_VIOLATION,
        when=TimeSpan(day, day, TimePrecision.DAY),
        where=Place("somewhere", None, None, GeoPrecision.UNRESOLVED),
    )
    seeded = Clusterer(BELLIGERENTS)
    seeded.seed("e1", [from_event(e, "mission")])
    near = Member("claim:a", "claim", Family.CEASEFIRE_VIOLATION, "x", day, day, "AM", 40, 46, 1)
    far = Member("claim:b", "claim", Family.ARMED_CLASH, "x", day, day, "AZ", 15, 43, 1)
    later = Member("claim:c", "claim", Family.ARMED_CLASH, "x", day + timedelta(days=30),
                   day + timedelta(days=30), "AZ", 15, 43, 1)  # fmt: skip
    found = windows([near, far, later], list(seeded.clusters.values()))
    assert found[0] == Window((0, 1), ("e1",))
    assert found[1] == Window((2,))


def test_pack_deals_the_largest_windows_first_to_the_emptiest_bin() -> None:
    ws = [Window(tuple(range(n))) for n in (5, 1, 9, 3, 3)]
    bins = pack(ws, 2)
    sizes = sorted(sum(len(w.members) for w in b) for b in bins)
    assert sizes == [10, 11]
    assert pack(ws, 10) and len(pack(ws, 10)) == 5


def test_a_denial_that_anchors_an_event_reaches_past_its_own_days() -> None:
    """A denial placed more precisely than the event it joined anchors it; a later denial
    near it, of days the event's window still meets but not the first denial's, joins
    the event, though it is too far from the event's first record to be linked to it."""
    fire = Family.CEASEFIRE_VIOLATION
    d10, d15, d16 = date(2022, 5, 10), date(2022, 5, 15), date(2022, 5, 16)
    km = 1 / (111.32 * cos(radians(40.1)))  # a km east-west at 40.1 N, in degrees
    west = 46.25 - 26.7 * km  # the first record's box ends short of the grid line 46.25
    opener = Member("claim:o", "claim", fire, "x", d10, d16, "AM", 40.1, west, 25.0)
    first = Member("claim:d1", "claim", fire, "x", d10, d10, "AZ", 40.1, west + 26.5 * km, 0.1,
                   status=ClaimStatus.DENIED.value)  # fmt: skip
    later = Member("claim:d2", "claim", fire, "x", d15, d15, "AZ", 40.1, west + 28.3 * km, 0.1,
                   status=ClaimStatus.DENIED.value)  # fmt: skip
    members = [later, first, opener]
    whole = {j.ref: j for j in cluster(members, Clusterer(BELLIGERENTS))}
    assert whole["claim:d2"].event == whole["claim:o"].event  # it joined, by the denial
    assert len(windows(members)) == 1
    assert by_window(members) == whole
