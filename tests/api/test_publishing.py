"""Publishing: the public reads reports made of the published record, whose first page
holds the key points, labels and a numbered map, with no taxonomy code in the PDF's text
(tests/report/test_pdf_pages.py: no table header left at the foot of a page); downloads of the event list for
the current filter, as each role may see it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.support import PASSWORD

from ceasewatch.model import default_taxonomy
from ceasewatch.report.labels import Labels

DECEMBER = {"from": "2022-12-01", "to": "2022-12-31"}
WHOLE = {"from": "2020-11-10", "to": "2023-12-31"}
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture
def keyed(workspace_file: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # a report signs a tree head with the workspace's key, made beside it by the fixture
    monkeypatch.setenv("CEASEWATCH_KEY", str(Path(workspace_file).parent / "ledger.key"))


def _client(app: FastAPI, role: str | None = None) -> TestClient:
    c = TestClient(app)
    if role:
        assert c.post("/api/session", json={"name": role, "password": PASSWORD}).status_code == 200
    return c


def _events(c: TestClient, params: dict[str, str]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = c.get("/api/events", params=params | {"limit": "1000"}).json()[
        "events"
    ]
    return found


def _count(md: str) -> int:
    m = re.search(r"^(\d+) event\(s\) in the period", md, re.M)
    assert m, md[:500]
    return int(m.group(1))


def _pdf_text(pdf: bytes, tmp_path: Path, page: int | None = None) -> str:
    """The PDF's text by poppler's pdftotext (Debian's poppler-utils, which the test
    machines have: README)."""
    assert PDFTOTEXT, "pdftotext (Debian's poppler-utils) is needed: apt-get install poppler-utils"
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run([PDFTOTEXT, "-layout", *pages, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip


def test_the_public_reads_reports_of_the_published_record(app: FastAPI, keyed: None) -> None:
    public, liaison = _client(app), _client(app, "liaison")
    assert public.get("/reports").status_code == 200
    assert "public edition" in public.get("/reports").text
    assert 'href="/reports"' in public.get("/").text  # in the navigation for everyone
    seen = public.get("/report", params=WHOLE | {"format": "md"})
    assert seen.status_code == 200 and seen.headers["content-type"].startswith("text/markdown")
    whole = liaison.get("/report", params=WHOLE | {"format": "md"}).text
    assert "Public edition" in seen.text and "Public edition" not in whole
    # the public's report counts the published events the public's list shows
    published = _events(public, WHOLE)
    everything = _events(_client(app, "analyst"), WHOLE)
    assert 0 < _count(seen.text) <= len(published) < len(everything)
    assert _count(seen.text) < _count(whole)
    hidden = {str(e["id"]) for e in everything} - {str(e["id"]) for e in published}
    # none is counted, listed or drawn (a published finding may cite one as its evidence,
    # as the public's list of findings does)
    before_findings = seen.text.split("## 6. Findings")[0]
    assert not [i for i in hidden if i in before_findings]
    assert [i for i in hidden if i in whole.split("## 6. Findings")[0]]
    # the findings: the published ones only
    assert "[alleged]" not in seen.text.split("## 6. Findings")[1].split("## 7.")[0]
    assert "[alleged]" in whole
    page = public.get("/report", params=DECEMBER).text
    assert page.index('id="key-points"') < page.index('id="map"') < page.index('id="significant"')


def test_the_first_page_of_the_pdf_has_the_key_points_labels_and_a_numbered_map(
    app: FastAPI, keyed: None, tmp_path: Path
) -> None:
    public = _client(app)
    for c, period in ((public, WHOLE), (public, DECEMBER), (_client(app, "liaison"), WHOLE)):
        pdf = c.get("/report", params=period | {"format": "pdf"})
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
        first = re.sub(r"\s+", " ", _pdf_text(pdf.content, tmp_path, page=1))
        assert "Key points" in first and ("Public edition" in first) is (c is public)
        assert "The most serious events (numbered as on the map): [1]" in first
        # the map, its legend and its caption, on the first page too
        assert "the numbers are those of the significant events" in first
        assert re.search(r"\b(10|50) km\b", first) and "obstruction (" in first
        whole = re.sub(r"\s+", " ", _pdf_text(pdf.content, tmp_path))
        assert "Obstruction of journalists" in whole
    for period, most_serious_placed in ((WHOLE, False), (DECEMBER, True)):
        html = public.get("/report", params=period).text
        significant = re.findall(r'<div class="event" id="event-(\d+)">', html)
        drawn = re.findall(r'class="marker" data-number="(\d+)"', html)
        assert significant and drawn and set(drawn) <= set(significant)
        # in the whole period the most serious event's place is withheld: not drawn
        assert ("1" in drawn) is most_serious_placed


@pytest.mark.parametrize("role", [None, "liaison"])
def test_no_taxonomy_code_in_the_pdfs_text(
    app: FastAPI, keyed: None, tmp_path: Path, role: str | None
) -> None:
    codes = Labels.of(default_taxonomy()).codes()
    c = _client(app, role)
    for period in (DECEMBER, WHOLE):
        text = _pdf_text(c.get("/report", params=period | {"format": "pdf"}).content, tmp_path)
        flat = re.sub(r"\s+", " ", text)
        left = [x for x in codes if re.search(rf"(?<![\w.]){re.escape(x)}(?![\w])", flat)]
        assert not left, left
        assert "Blockade of a road or corridor" in flat


def test_downloads_of_the_current_filter_as_each_role_may_see_them(app: FastAPI) -> None:
    public, analyst = _client(app), _client(app, "analyst")
    published = _events(public, WHOLE)
    everything = _events(analyst, WHOLE)
    for c, expected in ((public, published), (analyst, everything)):
        got = c.get("/api/events.csv", params=WHOLE)
        assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
        assert "attachment" in got.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(got.text)))
        assert sorted(r["event_id_cnty"] for r in rows) == sorted(str(e["id"]) for e in expected)
        assert got.headers["x-count"] == str(len(rows)) and got.headers["x-complete"] == "true"
        geo = json.loads(c.get("/api/events.geojson", params=WHOLE).text)
        assert len(geo["features"]) == len(expected)
        kml = ET.fromstring(c.get("/api/events.kml", params=WHOLE).content)
        placemarks = kml.findall(".//{http://www.opengis.net/kml/2.2}Placemark")
        placed = [f for f in geo["features"] if f["geometry"] is not None]
        assert len(placemarks) == len(placed) > 0
    # the list's filters apply; the public asking for the unpublished gets none
    only = public.get("/api/events.csv", params=WHOLE | {"family": "obstruction"}).text
    assert 0 < len(only.splitlines()) - 1 < len(published)
    assert public.get("/api/events.csv", params={"status": "unverified"}).headers["x-count"] == "0"
    assert int(analyst.get("/api/events.csv", params={"status": "unverified"}).headers["x-count"])
    cut = analyst.get("/api/events.kml", params={"limit": "2"})
    assert cut.headers["x-count"] == "2" and cut.headers["x-complete"] == "false"
    bad = public.get("/api/events.geojson", params={"family": "nonsense"})
    assert bad.status_code == 422 and "family" in bad.text


def test_the_publics_report_is_made_once_for_a_state_of_the_record(
    app: FastAPI, keyed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime, timedelta

    ws = app.state.workspace
    ticks = iter(range(1, 1000))
    monkeypatch.setattr(
        ws, "clock", lambda: datetime(2026, 12, 1, tzinfo=UTC) + timedelta(hours=next(ticks))
    )
    public, liaison = _client(app), _client(app, "liaison")
    params = {"from": "2022-11-01", "to": "2022-11-30", "format": "md"}
    first = public.get("/report", params=params).text
    assert public.get("/report", params=params).text == first  # the same, not made again
    assert liaison.get("/report", params=params).text != liaison.get("/report", params=params).text
    ws.add_source("new-outlet", "A new outlet", "media", reason="a change to the record")
    again = public.get("/report", params=params).text
    assert again != first and "Generated 2026-12-01T" in again


def _feed(c: TestClient, params: dict[str, str] | None = None) -> list[ET.Element]:
    r = c.get("/api/feed.atom", params=params or {})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    return root.findall("{http://www.w3.org/2005/Atom}entry")


def _ids(entries: list[ET.Element]) -> set[str]:
    return {e.findtext("{http://www.w3.org/2005/Atom}id") or "" for e in entries}


def test_the_atom_feed_of_new_published_events_and_findings(app: FastAPI) -> None:
    public, analyst = _client(app), _client(app, "analyst")
    everything = _feed(public)
    ids = _ids(everything)
    assert _ids(_feed(analyst)) == ids  # the public's view, whoever asks
    published = {f"urn:ceasewatch:event:{e['id']}" for e in _events(public, {})}
    unpublished = {f"urn:ceasewatch:event:{e['id']}" for e in _events(analyst, {})} - published
    events = {i for i in ids if i.startswith("urn:ceasewatch:event:")}
    assert events and events <= published and not events & unpublished
    findings = {i.rpartition(":")[2] for i in ids if i.startswith("urn:ceasewatch:finding:")}
    public_findings = {f["id"].rpartition(":")[2] for f in public.get("/api/findings").json()}
    assert findings and findings <= public_findings
    updated = [e.findtext("{http://www.w3.org/2005/Atom}updated") or "" for e in everything]
    assert updated == sorted(updated, reverse=True)  # the newest first
    assert "cfv." not in public.get("/api/feed.atom").text  # labels, not codes
    # by family, zone and party: fewer, and each what was asked
    obstruction = _feed(public, {"family": "obstruction"})
    terms = [
        {c.get("term") for c in e.findall("{http://www.w3.org/2005/Atom}category")}
        for e in obstruction
    ]
    assert terms and all("obstruction" in t or "finding" in t for t in terms)
    assert _ids(obstruction) < ids
    corridor = _ids(_feed(public, {"zone": "lachin-corridor"}))
    assert corridor and corridor < ids
    az = _feed(public, {"party": "AZ"})
    assert az and all(
        "AZ" in {c.get("term") for c in e.findall("{http://www.w3.org/2005/Atom}category")}
        for e in az
    )
    assert _ids(az) < ids
    bad = public.get("/api/feed.atom", params={"zone": "nowhere"})
    assert bad.status_code == 422 and "lachin-corridor" in bad.text
    # each entry links to its own page, which the public may open
    atom = "{http://www.w3.org/2005/Atom}"
    for entry in everything:
        kind, _, rid = (
            (entry.findtext(f"{atom}id") or "").removeprefix("urn:ceasewatch:").partition(":")
        )
        [link] = entry.findall(f"{atom}link")
        assert link.get("href") == f"http://testserver/{kind}s/{rid}"
    opened = {e.findtext(f"{atom}id"): e for e in everything}
    finding = next(e for i, e in opened.items() if i and ":finding:" in i)
    page = public.get(finding.findall(f"{atom}link")[0].get("href") or "")
    assert page.status_code == 200 and '<a href="/findings">Findings</a>' in page.text
    assert public.get("/findings/no-such-finding").status_code == 404  # the page is its own


def test_the_findings_list_downloads_as_each_role_may_see_it(app: FastAPI) -> None:
    public, liaison = _client(app), _client(app, "liaison")
    seen = public.get("/api/findings.json")
    assert seen.status_code == 200 and seen.headers["content-type"] == "application/json"
    published = seen.json()
    assert published and {f["status"] for f in published} <= {"substantiated", "confirmed"}
    assert published == public.get("/api/findings").json()  # the list, as the API gives it
    whole = liaison.get("/api/findings.json").json()
    assert len(whole) > len(published)
    az = liaison.get("/api/findings.csv", params={"party": "AZ", "status": "alleged"})
    assert az.headers["content-type"].startswith("text/csv")
    assert az.headers["content-disposition"] == 'attachment; filename="ceasewatch-findings.csv"'
    rows = list(csv.DictReader(io.StringIO(az.text)))
    wanted = [f for f in whole if f["party"] == "AZ" and f["status"] == "alleged"]
    assert [r["id"] for r in rows] == [f["id"] for f in wanted] and rows
    assert az.headers["x-count"] == str(len(rows))
    first = next(f for f in wanted if f["evidence"])
    row = next(r for r in rows if r["id"] == first["id"])
    assert row["evidence"].split(" ") == first["evidence"]
    assert row["period_start"] == (first["period"]["start"] or "")
