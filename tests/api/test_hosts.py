"""Only the host names the server was started for: a foreign Host header gets 400 and
is never repeated back, and every redirect is relative."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from ceasewatch.asgi import Hosts, relative


def test_a_foreign_host_gets_400_and_is_not_repeated(app: FastAPI) -> None:
    for host in ("evil.example", "testserver.evil.example", "evil.example:80", ""):
        r = TestClient(app).get("/api/events/", headers={"host": host}, follow_redirects=False)
        assert r.status_code == 400, host
        assert "evil" not in r.text and "location" not in r.headers


def test_redirects_name_no_host(app: FastAPI) -> None:
    r = TestClient(app).get("/api/events/", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/api/events"
    r = TestClient(app).post("/logout", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_locations_are_made_relative() -> None:
    assert relative(b"http://evil.example/api/events?x=1") == b"/api/events?x=1"
    assert relative(b"https://evil.example") == b"/"
    assert relative(b"//evil.example/a") == b"/a"
    assert relative(b"/\\evil.example/a") == b"/evil.example/a"
    assert relative(b"/events/e1") == b"/events/e1"


def test_host_names_exact_wildcard_and_any() -> None:
    hosts = Hosts(["cw.example.org", "*.mission.example", "[::1]"])
    assert hosts.allow("cw.example.org") and hosts.allow("CW.example.org:8443")
    assert hosts.allow("a.mission.example") and not hosts.allow("mission.example.evil")
    assert hosts.allow("[::1]:8000") and not hosts.allow("[::2]:8000")
    assert not hosts.allow("evil.example") and not hosts.allow(None)
    assert Hosts(["*"]).allow("anything.at.all")
    assert Hosts.configured(None).allow("localhost:8000")
