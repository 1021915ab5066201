"""The pages of the record as each role reads them, through FastAPI's test client: the
event list (words, filters, order, pages), an event's, a finding's and a source's page,
the grading form, and words instead of codes."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any
from urllib.parse import quote, unquote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.support import PASSWORD

from ceasewatch.model import Family, VerificationStatus
from ceasewatch.model.query import EventQuery

UNPLACED = "cw-9486aa9223a4"  # the contingent at "observance 27 posts": no coordinates
CODE = re.compile(r"\b(?:cfv|mission|movement|obstruction|corridor|clash)\.[a-z_]+\b")


def client(app: FastAPI, role: str = "public") -> tuple[TestClient, str | None]:
    c = TestClient(app)
    if role == "public":
        return c, None
    r = c.post("/api/session", json={"name": role, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return c, r.json()["csrf"]


def text_of(html: str) -> str:
    main = html.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def listed(c: TestClient, **params: Any) -> tuple[int, list[str]]:
    """How many events the list says match, and the ids on the page shown."""
    r = c.get("/events", params=params)
    assert r.status_code == 200, r.text
    total = re.search(r'<p id="found"[^>]*><strong>(\d+)</strong>', r.text)
    assert total
    return int(total.group(1)), re.findall(r'<tr data-event="([^"]+)"', r.text)


def test_an_event_without_coordinates_is_found_through_the_list(app: FastAPI) -> None:
    analyst, _ = client(app, "analyst")
    total, ids = listed(analyst, q="observance 27 posts")
    assert ids == [UNPLACED] and total == 1
    row = analyst.get("/events", params={"q": "observance 27 posts"}).text
    assert "no coordinates: not on the map" in row
    page = text_of(analyst.get(f"/events/{UNPLACED}").text)
    assert "No coordinates: this event is not on the map" in page
    assert 'id="eventmap"' not in analyst.get(f"/events/{UNPLACED}").text


def test_the_list_holds_every_event_placed_or_not_a_page_at_a_time(app: FastAPI) -> None:
    ws = app.state.workspace
    everything = ws.events()
    analyst, _ = client(app, "analyst")
    total, first = listed(analyst)
    assert total == len(everything) and len(first) == 25
    pages = [listed(analyst, page=n)[1] for n in range(1, -(-total // 25) + 1)]
    seen = [i for p in pages for i in p]
    assert sorted(seen) == sorted(e.id for e in everything)  # each once, on some page
    assert any(e.where.lat is None for e in everything)
    # newest first by default, oldest first when asked: the same events the other way round
    days = {e.id: e.when.start for e in everything}
    assert [days[i] for i in seen] == sorted((days[i] for i in seen), reverse=True)
    _, oldest = listed(analyst, sort="oldest")
    assert [days[i] for i in oldest] == sorted(days.values())[:25]
    assert analyst.get("/events", params={"page": "0"}).status_code == 422
    assert listed(analyst, page=999) == (total, [])


@pytest.mark.parametrize(
    ("params", "query"),
    [
        ({"family": "ceasefire_violation"}, EventQuery(families=(Family.CEASEFIRE_VIOLATION,))),
        ({"status": "unverified"}, EventQuery(statuses=(VerificationStatus.UNVERIFIED,))),
        ({"party": "AZ"}, EventQuery(party="AZ")),
        ({"from": "2021-01-01", "to": "2021-12-31"},
         EventQuery(start=date(2021, 1, 1), end=date(2021, 12, 31))),
    ],
)  # fmt: skip
def test_each_filter_keeps_what_the_workspace_finds(
    app: FastAPI, params: dict[str, str], query: EventQuery
) -> None:
    analyst, _ = client(app, "analyst")
    wanted = app.state.workspace.events(query)
    total, _ = listed(analyst, **params)
    assert 0 < total == len(wanted) < len(app.state.workspace.events())


def test_words_match_the_text_the_place_and_the_type_label(app: FastAPI) -> None:
    analyst, _ = client(app, "analyst")
    events = app.state.workspace.events()
    small_arms = {e.id for e in events if e.type_code == "cfv.small_arms"}
    # "machine-gun" is in the label of cfv.small_arms only, never in its code
    _, ids = listed(analyst, q="machine-gun", sort="oldest")
    assert small_arms and small_arms <= set(ids)
    martuni = {e.id for e in events if "martuni" in (e.where.name or "").lower()}
    total, ids = listed(analyst, q="MARTUNI")
    assert martuni <= set(ids) and total >= len(martuni)
    assert listed(analyst, q="martuni no-such-word-anywhere") == (0, [])


def test_the_public_lists_the_published_events_only(app: FastAPI) -> None:
    public, _ = client(app)
    published = [e for e in app.state.workspace.events() if e.status.value in
                 ("corroborated", "verified")]  # fmt: skip
    total, ids = listed(public)
    assert total == len(published) and set(ids) == {e.id for e in published}
    assert listed(public, status="unverified") == (0, [])
    assert public.get(f"/events/{UNPLACED}").status_code == 404
    hidden = public.get("/events").text
    assert 'value="unverified"' not in hidden  # not offered either


def test_an_event_page_shows_its_place_precision_map_and_links(app: FastAPI) -> None:
    analyst, _ = client(app, "analyst")
    r = analyst.get("/events/cw-6e2163e962c1")
    html, text = r.text, text_of(r.text)
    assert 'id="eventmap"' in html and "/static/eventmap.js" in html
    lat = re.search(r'data-lat="([-\d.]+)"', html)
    assert lat and 40.0 < float(lat.group(1)) < 40.4  # near Sotk
    assert "Precision:" in text
    members = re.findall(r'<tr id="((?:claim|observation):[^"]+)"', html)
    assert members
    for ref in members:  # every record of the evidence is a link to its own page
        kind, _, rid = ref.partition(":")
        assert f'href="/{kind}s/{quote(rid, safe="")}"' in html
    sources = re.findall(r'href="/sources/([^"]+)"', html)
    assert sources and all(analyst.get(f"/sources/{s}").status_code == 200 for s in sources)


def test_a_finding_page_links_its_evidence(app: FastAPI) -> None:
    analyst, _ = client(app, "analyst")
    ws = app.state.workspace
    kinds: set[str] = set()
    for f in ws.findings():
        html = analyst.get(f"/findings/{f.id}").text
        links = re.findall(
            r'<td><a href="(/(?:events|claims|observations|crossings)/[^"]+)">', html
        )
        # a vehicle's track has no page yet; every other record is a link
        linkable = [r for r in f.evidence if not r.startswith("track:")]
        assert len(links) == len(linkable), f.id
        for href, ref in zip(links, linkable, strict=True):
            kind, _, rid = ref.partition(":")
            assert unquote(href) == f"/{kind}s/{rid}"
            page = analyst.get(href)
            assert page.status_code == 200 and rid in unescape(page.text)
            kinds.add(kind)
    assert kinds == {"event", "claim", "observation", "crossing"}
    crossing = next(r for f in ws.findings() for r in f.evidence if r.startswith("crossing:"))
    path = f"/crossings/{crossing.partition(':')[2]}"
    assert "None" not in text_of(analyst.get(path).text)
    assert client(app, "liaison")[0].get(path).status_code == 200
    assert client(app)[0].get(path).status_code == 404  # the public: not the checkpoints' log


def test_a_claim_and_an_observation_have_pages_linking_their_event(app: FastAPI) -> None:
    analyst, _ = client(app, "analyst")
    ws = app.state.workspace
    dossier = ws.event_dossier("cw-6e2163e962c1")
    for m in dossier["members"]:
        kind, _, rid = m["ref"].partition(":")
        r = analyst.get(f"/{kind}s/{quote(rid, safe='')}")
        assert r.status_code == 200
        assert 'href="/events/cw-6e2163e962c1"' in r.text
        assert "None" not in text_of(r.text)
    lonely = next(c for c in ws.claims() if c.event_id is None)  # one the clusterer left out
    page = text_of(analyst.get(f"/claims/{quote(lonely.id, safe='')}").text)
    assert "in no event yet" in page and lonely.text[:40] in page
    public, _ = client(app)
    assert public.get(f"/claims/{quote(lonely.id, safe='')}").status_code == 404


def test_the_findings_filter_by_party_status_and_rule(app: FastAPI) -> None:
    analyst, _ = client(app, "analyst")
    every = app.state.workspace.findings()

    def rows(**params: str) -> list[str]:
        html = analyst.get("/findings", params=params).text
        return re.findall(r'<tr data-finding="([^"]+)"', html)

    assert sorted(rows()) == sorted(f.id for f in every)
    for key, attr, value in (("party", "party", "AZ"), ("status", "status", "alleged"),
                             ("rule", "rule_id", "mission-mandate")):  # fmt: skip
        wanted = {f.id for f in every if str(getattr(f, attr)) == value}
        assert wanted and set(rows(**{key: value})) == wanted
    both = rows(party="AM", status="alleged")
    assert set(both) == {f.id for f in every if f.party == "AM" and f.status.value == "alleged"}
    public, _ = client(app)
    shown = re.findall(r'<tr data-finding="([^"]+)"', public.get("/findings").text)
    assert set(shown) == {f.id for f in every if f.status.value in ("substantiated", "confirmed")}
    alleged = next(f for f in every if f.status.value == "alleged")
    assert public.get(f"/findings/{alleged.id}").status_code == 404


def test_grading_a_source_from_its_page(app: FastAPI) -> None:
    analyst, csrf = client(app, "analyst")
    page = analyst.get("/sources/caspian-herald").text
    assert 'id="grade"' in page and "Grade history" in page
    before = len(re.findall(r"<tr><td><time", page))
    refused = analyst.post("/sources/caspian-herald/grade", data={"reliability": "D",
                                                                  "reason": "x"})  # fmt: skip
    assert refused.status_code == 403 and "CSRF" in refused.text
    done = analyst.post(
        "/sources/caspian-herald/grade",
        data={"reliability": "D", "reason": "two reports retracted", "csrf": csrf},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].endswith("?graded=1")
    after = analyst.get(done.headers["location"]).text
    assert len(re.findall(r"<tr><td><time", after)) == before + 1
    assert "two reports retracted" in after and "D: Not usually reliable" in text_of(after)
    assert {s.id: s.reliability.letter for s in app.state.workspace.sources()}[
        "caspian-herald"
    ] == "D"
    liaison, token = client(app, "liaison")
    assert 'id="grade"' not in liaison.get("/sources/caspian-herald").text
    r = liaison.post("/sources/caspian-herald/grade", data={"reliability": "A", "csrf": token})
    assert r.status_code == 403
    assert client(app)[0].get("/sources/op-team").status_code == 404  # protected


def test_words_instead_of_codes_and_never_none(app: FastAPI) -> None:
    analyst, _ = client(app, "analyst")
    ws = app.state.workspace
    finding = ws.findings()[0].id
    for path in ("/events", "/events?sort=oldest&page=2", "/findings", f"/findings/{finding}",
                 "/sources", "/sources/caspian-herald", "/agreements/karabakh-2020",
                 "/events/cw-6e2163e962c1", f"/events/{UNPLACED}"):  # fmt: skip
        text = text_of(analyst.get(path).text)
        assert "None" not in text, path
        assert "in_force" not in text and not CODE.search(text), (path, CODE.findall(text))
        assert "ceasefire_violation" not in text, path
    agreement = text_of(analyst.get("/agreements/karabakh-2020").text)
    assert "Cease fire (Line of contact" in agreement or "Cease fire (line of contact" in agreement
    assert "in force" in agreement


def test_times_are_in_the_agreement_time_zone(app: FastAPI) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    analyst, _ = client(app, "analyst")
    html = analyst.get("/sources/caspian-herald").text
    stamps = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    assert stamps
    for raw, shown in stamps:
        local = datetime.fromisoformat(raw).astimezone(ZoneInfo("Europe/Moscow"))
        assert shown.endswith(local.strftime("%H:%M")) and str(local.year) in shown
    assert "Times in Europe/Moscow" in html
