"""What must never reach the public or a party's liaison officer, whatever they ask: a
protected source's id and name, through any endpoint or page; and the guards of writes,
logins and sessions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.support import PASSWORD, demo_workspace

from ceasewatch.asgi import create_app

PROTECTED = ("intl-observer", "am-mod")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    folder = tmp_path_factory.mktemp("protect")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CEASEWATCH_KEY", str(folder / "ledger.key"))
        path = demo_workspace(folder / "p.db")
    app = create_app(path, allowed_hosts=["testserver"])
    ws = app.state.workspace
    ws.protect_source("intl-observer", True, "a correspondent at risk")  # cited by documents
    ws.protect_source("am-mod", True, "a parent of other sources")  # re-reported by others
    ws.verify_event("cw-6e2163e962c1", "verified", "published for the test")  # AM's claims
    yield app


def login(app: FastAPI, role: str) -> TestClient:
    c = TestClient(app)
    assert c.post("/api/session", json={"name": role, "password": PASSWORD}).status_code == 200
    return c


def everything(c: TestClient, size: int) -> dict[str, str]:
    """Every answer a caller can ask for, by path."""
    paths = ["/api/events?limit=1000", "/api/sources", "/api/findings", "/api/scorecards",
             "/api/scorecards?mission=true", "/api/missions", "/api/agreements",
             "/api/agreements/karabakh-2020", "/api/documents", "/api/ledger/head",
             "/", "/findings", "/sources", "/missions", "/agreements/karabakh-2020"]  # fmt: skip
    listed = c.get("/api/events", params={"limit": 1000}).json()["events"]
    paths += [f"/api/events/{e['id']}" for e in listed] + [f"/events/{e['id']}" for e in listed]
    paths += [f"/api/sources/{s['id']}" for s in c.get("/api/sources").json()]
    paths += [f"/api/ledger/proofs/{n}" for n in range(size)]
    return {p: c.get(p).text.lower() for p in paths}


@pytest.mark.parametrize("role", ["public", "liaison"])
def test_a_protected_source_reaches_nobody_below_the_analyst(app: FastAPI, role: str) -> None:
    c = TestClient(app) if role == "public" else login(app, role)
    ws = app.state.workspace
    secret = [w.lower() for s in ws.sources() if s.id in PROTECTED for w in (s.id, s.name)]
    seen = everything(c, ws.ledger_size())
    leaks = {(p, word) for p, text in seen.items() for word in secret if word in text}
    assert not leaks, sorted(leaks)[:10]
    assert any('"parent":"protected source"' in t for t in seen.values())  # syunik-today
    analyst = everything(login(app, "analyst"), 40)
    assert any("intl-observer" in t for t in analyst.values())  # the analyst sees it


def test_a_write_without_a_login_is_refused_before_its_body(app: FastAPI) -> None:
    c = TestClient(app)
    r = c.post(
        "/api/observations", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 401
    big = c.post("/api/documents", content=b"x" * (6 * 1024 * 1024))
    assert big.status_code == 413


def test_impossible_dates_are_refused_and_the_record_stays_usable(app: FastAPI) -> None:
    monitor = login(app, "monitor")
    csrf = monitor.get("/api/me").json()["csrf"]
    body = {"observer": "OP-9", "lat": 39.8, "lon": 46.7, "type": "cfv.shelling",
            "start": "0001-01-01T00:00:00+05:00"}  # fmt: skip
    r = monitor.post("/api/observations", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422 and r.json()["error"]["field"] == "start"
    crossing = {"checkpoint": "kornidzor-checkpoint", "vehicle": "T-1", "direction": "inbound",
                "time": "0001-01-01T00:00:00+14:00"}  # fmt: skip
    r = monitor.post("/api/crossings", json=crossing, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422 and r.json()["error"]["field"] == "time"
    ws = app.state.workspace
    assert all(1900 <= o.start.year <= 2100 for o in ws.observations())  # nothing stored
    ws.corroborate()  # and the record stays usable
    assert [r.problems for r in ws.assess(as_of=date(2025, 1, 1)).results] == [[]]


def test_etags_change_with_the_record_and_differ_between_views(app: FastAPI) -> None:
    public, analyst = TestClient(app), login(app, "analyst")
    a = public.get("/api/events").headers["etag"]
    assert analyst.get("/api/events").headers["etag"] != a
    assert public.get("/api/events").headers["etag"] == a
    app.state.workspace.grade_source("tg-anon", "E", "the record changes")
    assert public.get("/api/events").headers["etag"] != a


def test_logins_are_throttled_and_sessions_end(app: FastAPI) -> None:
    ws = app.state.workspace
    for name, role in (("forgetful", "analyst"), ("leaver", "monitor")):
        ws.add_user(name, role, PASSWORD)  # users of this test's own
    c = TestClient(app)
    for _ in range(5):
        r = c.post("/api/session", json={"name": "forgetful", "password": "wrong!"})
        assert r.status_code == 401
    r = c.post("/api/session", json={"name": "forgetful", "password": PASSWORD})
    assert r.status_code == 429  # even the right password, for a while
    assert login(app, "analyst").get("/api/me").json()["name"] == "analyst"  # others may
    liaison = login(app, "liaison")
    assert liaison.get("/api/me").json()["name"] == "liaison"
    liaison.post("/logout")
    assert liaison.get("/api/me").json()["name"] == "anonymous"
    leaver = login(app, "leaver")
    token = ws.new_token("leaver")
    ws.disable_user("leaver")
    assert leaver.get("/api/me").json()["name"] == "anonymous"
    r = TestClient(app).get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401


def test_a_chunked_body_is_limited_too(app: FastAPI) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(7):
            yield b"x" * (1024 * 1024)

    r = TestClient(app).post("/api/session", content=chunks())  # no Content-Length
    assert r.status_code == 413


def test_the_party_filter_matches_the_party_only(app: FastAPI) -> None:
    analyst = login(app, "analyst")
    az = analyst.get("/api/events", params={"party": "AZ", "limit": 1000}).json()["events"]
    assert az and all(any(a["party"] == "AZ" for a in e["actors"]) for e in az)
    assert analyst.get("/api/events", params={"party": "perpetrator"}).json()["events"] == []
    assert analyst.get("/api/events", params={"party": "A"}).json()["events"] == []
