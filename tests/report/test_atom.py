"""The Atom feed's XML, pure: well formed, escaped, its entries in the order given and
its time the newest entry's."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ceasewatch.report.atom import ATOM, EPOCH, Entry, feed

NS = {"a": ATOM}


def test_a_feed_of_two_entries() -> None:
    entries = [
        Entry(
            "urn:x:2",
            "Shelling <near> A & B",
            "2026-12-02T10:00:00Z",
            "http://h/e/2",
            'Fire \x01at "night"',
            ("ceasefire violation", "verified"),
        ),
        Entry("urn:x:1", "Older", "2026-12-01T10:00:00Z", "http://h/e/1?a=1&b=2", "Text"),
    ]
    root = ET.fromstring(
        feed("http://h/api/feed.atom", "T", "http://h/api/feed.atom", "http://h/", entries)
    )
    assert root.tag == f"{{{ATOM}}}feed"
    assert root.findtext("a:updated", namespaces=NS) == "2026-12-02T10:00:00Z"
    got = root.findall("a:entry", NS)
    assert [e.findtext("a:id", namespaces=NS) for e in got] == ["urn:x:2", "urn:x:1"]
    assert got[0].findtext("a:title", namespaces=NS) == "Shelling <near> A & B"
    assert got[0].findtext("a:summary", namespaces=NS) == 'Fire at "night"'  # no control char
    assert [c.get("term") for c in got[0].findall("a:category", NS)] == [
        "ceasefire violation",
        "verified",
    ]
    assert got[1].find("a:link", NS).get("href") == "http://h/e/1?a=1&b=2"  # type: ignore[union-attr]
    self_link = root.find("a:link[@rel='self']", NS)
    assert self_link is not None and self_link.get("href") == "http://h/api/feed.atom"


def test_an_empty_feed_is_still_a_feed() -> None:
    root = ET.fromstring(feed("urn:f", "T", "http://h/f", "http://h/", []))
    assert root.findtext("a:updated", namespaces=NS) == EPOCH
    assert root.findall("a:entry", NS) == []
