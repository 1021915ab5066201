"""The report's opening: key points written from the figures, labels instead of codes,
the map's numbers matching the significant events, and Markdown with no empty table.
Pure: the report is built from values, no database."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from tests.report.test_build import K, ev, inputs

from ceasewatch.agreements.bundled import bundled
from ceasewatch.model import Family, Finding, FindingStatus, Severity, TimeSpan, default_taxonomy
from ceasewatch.report import render
from ceasewatch.report.build import build
from ceasewatch.report.keypoints import key_points
from ceasewatch.report.labels import Labels

LABELS = Labels.of(default_taxonomy())


def _finding(fid: str, status: str, summary: str, party: str = "AZ") -> Finding:
    return Finding(
        id=fid,
        rule_id="ceasefire-violation",
        rule_version="1",
        subject="6",
        party=party,
        period=TimeSpan.day(date(2022, 12, 4)),
        severity=Severity.HIGH,
        status=FindingStatus.parse(status),
        summary=summary,
        evidence=("event:b",),
        agreement=K.id,
    )


def test_key_points_say_what_rose_what_fell_and_what_was_most_serious() -> None:
    now = [
        ev("a", 3),
        ev("b", 4, killed=2),
        ev("c", 5, killed=1, party="AM"),
        ev("d", 6, Family.OBSTRUCTION, party=None),
    ]
    before = [ev(f"p{n}", 10 + n, Family.PROTEST, party="AM") for n in range(4)]
    before.append(ev("p9", 20))
    r = build(inputs(now, previous=before))
    points = r["key_points"]
    assert points[0] == (
        "4 events recorded from 2022-12-01 to 2022-12-31, down 20% from 5 in the 31 days "
        "before (2022-10-31 to 2022-11-30)."
    )
    assert points[1] == (
        "Reported casualties: 3 killed and 0 wounded, against 0 killed and 0 wounded before."
    )
    assert "Rose: ceasefire violation (1 to 3) and obstruction (0 to 1)." in points
    assert "Fell: protest (4 to 0)." in points
    serious = next(p for p in points if p.startswith("The most serious events"))
    # the deaths first, numbered as in the list of significant events and on the map
    assert serious.index("[1] 2022-12-04, Somewhere: mortar, artillery or rocket fire") > 0
    assert "2 killed" in serious and "[2] 2022-12-05" in serious
    assert [e["number"] for e in r["significant"]][:2] == [1, 2]
    assert [e["id"] for e in r["significant"]][:2] == ["b", "c"]
    assert "Most ceasefire violations were blamed on AZ (2 events)." in points


def test_key_points_name_the_findings_and_change_with_the_figures() -> None:
    found = [
        _finding("f1", "confirmed", "Ceasefire violation by AZ: cfv.shelling near X."),
        _finding("f2", "alleged", "Alleged shelling."),
    ]
    r = build(replace(inputs([ev("a", 3)], previous=[ev("x", 3), ev("y", 4)]), findings=found))
    points = r["key_points"]
    assert "down 50% from 2 in the 31 days before" in points[0]
    assert points[-2] == (
        "2 findings against the agreement or the mandate (1 confirmed, 1 alleged); the first "
        "confirmed: Ceasefire violation by AZ: mortar, artillery or rocket fire in breach of "
        "the ceasefire near X."
    )
    empty = build(inputs([]))["key_points"]
    assert empty[0].startswith("0 events recorded") and "the same number as" in empty[0]
    assert "No finding against the agreement or the mandate concerns this period." in empty
    assert key_points(build(inputs([ev("a", 3)]))) != empty  # written from the figures


def test_ties_are_named_together() -> None:
    r = build(inputs([ev("a", 3, party="AZ"), ev("b", 4, party="AM")]))
    assert "Most ceasefire violations were blamed on AM and AZ (1 event each)." in r["key_points"]


def test_the_map_numbers_the_significant_events() -> None:
    from ceasewatch.geo.measure import zone_shape

    events = [ev("a", 3, killed=1), ev("b", 4, killed=3, where=(39.8, 46.8)), ev("c", 5)]
    r = build(
        replace(inputs(events), zone_shapes=[(z.id, z.kind.value, zone_shape(z)) for z in K.zones])
    )
    numbers = re.findall(r'class="marker" data-number="(\d+)"', r["map"])
    assert sorted(numbers, key=int) == [str(e["number"]) for e in r["significant"]]
    assert r["significant"][0]["id"] == "b"
    page = render.html(r)
    assert page.index("Key points") < page.index('id="map"') < page.index("3. Significant")
    assert '<span class="num">1</span>' in page


def test_labels_instead_of_codes_in_every_form() -> None:
    found = [_finding("f1", "confirmed", "Corridor incident: obstruction.blockade on the road.")]
    events = [ev("a", 3, killed=1), ev("d", 6, Family.OBSTRUCTION, party=None)]
    r = build(replace(inputs(events, previous=[ev("x", 3)]), findings=found))
    for text in (render.html(r), render.markdown(r)):
        shown = re.sub(r"<svg.*?</svg>", "", text, flags=re.S)  # zone ids name the zones
        assert [c for c in LABELS.codes() if re.search(rf"(?<![\w.]){re.escape(c)}\b", shown)] == []
        assert "Blockade of a road or corridor" in shown
        assert "blockade of a road or corridor on the road" in shown


def test_labels_put_codes_in_words() -> None:
    assert LABELS.type("cfv.small_arms").startswith("Small-arms")
    assert LABELS.type("nothing.known_here") == "known here"
    assert LABELS.text("seen: cfv.drone, then armed_clash.") == (
        "seen: drone or air strike in breach of the ceasefire, then armed clash."
    )
    assert LABELS.text("doc-026#1 (AZ) at 10.5 km, www.example.org") == (
        "doc-026#1 (AZ) at 10.5 km, www.example.org"
    )


def test_markdown_prints_no_empty_table() -> None:
    md = render.markdown(build(inputs([])))
    headers = [n for n, line in enumerate(md.splitlines()) if line.startswith("| ---")]
    lines = md.splitlines()
    assert all(lines[n + 1].startswith("| ") for n in headers)  # a row under every header
    assert "No checkpoint records in this period." in md
    assert "Events by family: none in either period." in md
    full = render.markdown(build(inputs([ev("a", 3)])))
    assert "| ceasefire violation | 1 | 0 | +1 |" in full


def test_the_public_edition_says_what_it_holds() -> None:
    r = build(replace(inputs([ev("a", 3)]), public=True))
    assert "Public edition" in render.html(r) and "Public edition" in render.markdown(r)
    assert "Public edition" not in render.html(build(inputs([ev("a", 3)])))
    assert bundled("karabakh-2020").id == r["agreement"]
