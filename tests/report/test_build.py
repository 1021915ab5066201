"""The report's content and pictures, pure: no database, no clock."""

from __future__ import annotations

from datetime import date

from ceasewatch.agreements.bundled import bundled
from ceasewatch.model import (
    Actor,
    ActorRole,
    Count,
    Event,
    Family,
    Place,
    Source,
    TimeSpan,
    VerificationStatus,
)
from ceasewatch.report import render, svg
from ceasewatch.report.build import Inputs, build, previous_period

K = bundled("karabakh-2020")


def ev(eid: str, day: int, family: Family = Family.CEASEFIRE_VIOLATION, killed: int | None = None,
       party: str | None = "AZ", where: tuple[float, float] | None = (39.75, 46.75),
       status: VerificationStatus = VerificationStatus.UNVERIFIED) -> Event:  # fmt: skip
    return Event(
        id=eid,
        type_code="cfv.shelling"
        if family is Family.CEASEFIRE_VIOLATION
        else "obstruction.blockade",
        family=family,
        when=TimeSpan.day(date(2022, 12, day)),
        where=Place("Somewhere", *(where or (None, None))),
        actors=(Actor(party, ActorRole.PERPETRATOR, party),) if party else (),
        killed=Count.exact(killed) if killed is not None else Count(),
        status=status,
        sources=("az-mod", "op-team"),
    )


def inputs(events: list[Event], previous: list[Event] | None = None) -> Inputs:
    return Inputs(
        agreement=K,
        start=date(2022, 12, 1),
        end=date(2022, 12, 31),
        events=events,
        previous=previous or [],
        findings=[],
        crossings=[],
        dossiers={},
        sources=[
            Source("az-mod", "Ministry of Defence of Azerbaijan", affiliation="AZ"),
            Source("op-team", "Field team Alpha at post 7", protected=True),
        ],
        mission_cards=[],
        head="ceasewatch/test\n12\nROOTHASH=\n",
        generated="2026-11-29T00:00:00+00:00",
    )


def test_the_previous_period_has_the_same_length() -> None:
    assert previous_period(date(2022, 12, 1), date(2022, 12, 31)) == (
        date(2022, 10, 31),
        date(2022, 11, 30),
    )
    assert previous_period(date(2022, 12, 12), date(2022, 12, 12)) == (
        date(2022, 12, 11),
        date(2022, 12, 11),
    )


def test_counts_against_the_previous_period_and_significant_events_first() -> None:
    now = [ev("a", 3), ev("b", 4, killed=2), ev("c", 5, Family.OBSTRUCTION, party=None)]
    r = build(inputs(now, previous=[ev("old", 20)]))
    fam = {x["name"]: (x["now"], x["before"], x["change"]) for x in r["by_family"]}
    assert fam == {"ceasefire violation": (2, 1, 1), "obstruction": (1, 0, 1)}
    assert [s["id"] for s in r["significant"]][:1] == ["b"]  # the deaths first
    assert r["by_party"] == [
        {"party": "AZ", "events": 2, "confirmed": 0, "substantiated": 0, "alleged": 0}
    ]
    assert [o["type"] for o in r["obstructions"]] == ["obstruction.blockade"]
    assert r["head"].startswith("ceasewatch/test")


def test_a_protected_source_is_never_named() -> None:
    r = build(inputs([ev("a", 3)]))
    names = [s["name"] for s in r["sources"]]
    assert "Field team Alpha at post 7" not in names
    assert "1 protected source(s): identity withheld" in names
    page = render.html(r) + render.markdown(r)
    assert "Field team Alpha" not in page and "op-team" not in page


def test_an_empty_period_says_so() -> None:
    r = build(inputs([]))
    assert r["totals"]["events"] == 0 and r["significant"] == []
    assert "No events were recorded in this period." in render.html(r)
    assert "No events were recorded in this period." in render.markdown(r)


def test_the_same_content_gives_the_same_pages() -> None:
    events = [ev(f"e{n}", 1 + n % 28, killed=n % 3) for n in range(60)]
    a, b = build(inputs(events)), build(inputs(list(reversed(events))))
    assert render.html(a) == render.html(b)
    assert render.markdown(a) == render.markdown(b)


def test_the_map_draws_zones_and_events_without_tiles() -> None:
    from ceasewatch.geo.measure import zone_shape

    zones = [(z.id, z.kind.value, zone_shape(z)) for z in K.zones]
    drawn = svg.map_svg(zones, [(46.75, 39.75, "ceasefire_violation"), (10.0, 10.0, "protest")])
    assert drawn.count("<title>") == len(K.zones)  # one outline per zone, named
    assert drawn.count('fill="#d62728"') == 2  # the event and its legend entry
    assert "1 event(s) off the map" in drawn and "http" not in drawn.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert svg.map_svg([], []).startswith("<svg")


def test_charts() -> None:
    bars = svg.stacked_bars_svg("t", ["1", "2"], {"AZ": [1, 0], "AM": [2, 3]})
    assert bars.count("<rect") == 3 + 2  # three bars, two legend keys
    h = svg.hbars_svg("Findings", [("provision 6", 3), ("provision 9", 1)])
    assert ">provision 6<" in h and ">3<" in h
    assert "nothing in this period" in svg.hbars_svg("Findings", [])


def test_the_chart_places_events_under_way_and_buckets_long_periods() -> None:
    from dataclasses import replace

    under_way = replace(ev("blockade", 1), when=TimeSpan(date(2022, 11, 20), date(2022, 12, 9)))
    r = build(replace(inputs([under_way]), start=date(2022, 12, 5)))
    assert r["chart_days"].count("<rect") == 1 + 3  # its bar on 5 December; AZ, AM, RU keys
    decade = build(replace(inputs([ev("a", 3)]), start=date(2013, 1, 1), end=date(2022, 12, 31)))
    assert "Events per month" in decade["chart_days"] and ">2013-01<" in decade["chart_days"]
    year = build(replace(inputs([ev("a", 3)]), start=date(2022, 1, 1), end=date(2022, 12, 31)))
    assert "Events per week" in year["chart_days"]


def test_each_party_keeps_its_colour() -> None:
    az_only = build(inputs([ev("a", 3, party="AZ")]))["chart_days"]
    both = build(inputs([ev("a", 3, party="AZ"), ev("b", 3, party="AM")]))["chart_days"]
    key = f'fill="{svg.SERIES_COLOURS[0]}"/><text x="48" y="'
    assert key in az_only and key in both and ">AZ</text>" in az_only
