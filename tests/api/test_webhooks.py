"""Webhooks through the API (admins only) and the command line (``webhooks add / list /
remove / deliveries / send``, each with --json); the receiver a real local HTTP server."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.support import PASSWORD, command_line, demo_workspace
from tests.workspace.test_webhooks import Receiver

from ceasewatch.asgi import create_app
from ceasewatch.model.access import PUBLISHED_EVENTS


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CEASEWATCH_KEY", str(tmp_path / "ledger.key"))
    made = create_app(demo_workspace(tmp_path / "web.db"), allowed_hosts=["testserver"])
    yield made
    made.state.workspace.close()


def _as(app, role: str) -> TestClient:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    assert c.post("/api/session", json={"name": role, "password": PASSWORD}).status_code == 200
    c.headers["X-CSRF-Token"] = c.get("/api/me").json().get("csrf", "")
    return c


def test_an_admin_subscribes_lists_and_removes_a_webhook(app) -> None:  # type: ignore[no-untyped-def]
    receiver = Receiver()
    try:
        with _as(app, "admin") as admin:
            made = admin.post(
                "/api/webhooks",
                json={
                    "url": receiver.url("/hook"),
                    "wants": "events",
                    "families": ["ceasefire_violation"],
                },
            )
            assert made.status_code == 201, made.text
            hook = made.json()
            assert hook["secret"].startswith("whsec_") and made.headers["location"].endswith(
                hook["id"]
            )
            [listed] = admin.get("/api/webhooks").json()
            assert listed["id"] == hook["id"] and "secret" not in listed
            assert listed["families"] == ["ceasefire_violation"]
            # an analyst's decision publishes an event: the server's sender posts it
            with _as(app, "analyst") as analyst:
                ws = app.state.workspace
                pending = next(
                    e
                    for e in ws.events()
                    if e.status.value not in PUBLISHED_EVENTS
                    and e.family.value == "ceasefire_violation"
                )
                r = analyst.post(
                    f"/api/events/{pending.id}/verify",
                    json={"status": "verified", "reason": "two patrols"},
                )
                assert r.status_code == 200, r.text
            # the server's sender (started with the app: the client runs its lifespan); on
            # a loaded machine a first try may time out, and the next comes 10 s later
            deadline = time.monotonic() + 45
            while not receiver.got and time.monotonic() < deadline:
                time.sleep(0.05)
            assert [b["event"]["id"] for b in receiver.bodies("/hook")] == [pending.id]
            [d] = admin.get("/api/webhooks/deliveries").json()
            while d["state"] != "delivered" and time.monotonic() < deadline:
                time.sleep(0.05)  # the receiver has it; its 2xx is being noted
                [d] = admin.get("/api/webhooks/deliveries").json()
            assert (d["state"], d["record_id"], d["last_status"]) == ("delivered", pending.id, 200)
            assert admin.delete(f"/api/webhooks/{hook['id']}").status_code == 204
            assert admin.get("/api/webhooks").json() == []
            assert admin.delete(f"/api/webhooks/{hook['id']}").status_code == 404
    finally:
        receiver.close()


def test_a_bad_url_is_refused_naming_the_field(app) -> None:  # type: ignore[no-untyped-def]
    with _as(app, "admin") as admin:
        r = admin.post("/api/webhooks", json={"url": "ftp://example.org/drop"})
        assert r.status_code == 422
        assert r.json()["error"]["field"] == "url" and "http" in r.json()["error"]["message"]
        r = admin.post("/api/webhooks", json={"url": "https://example.org/", "zone": "atlantis"})
        assert r.status_code == 422 and r.json()["error"]["field"] == "zone"
        r = admin.post("/api/webhooks", json={"url": "https://example.org/", "families": ["x"]})
        assert r.status_code == 422 and r.json()["error"]["field"] == "families"


@pytest.mark.parametrize("role", ["analyst", "liaison"])
def test_only_admins_manage_webhooks(app, role: str) -> None:  # type: ignore[no-untyped-def]
    with _as(app, role) as c:
        assert c.get("/api/webhooks").status_code == 403
        assert c.post("/api/webhooks", json={"url": "https://example.org/"}).status_code == 403
    assert TestClient(app).get("/api/webhooks").status_code == 401


def test_the_command_line_adds_lists_sends_and_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CEASEWATCH_KEY", str(tmp_path / "ledger.key"))
    db = str(tmp_path / "cli.db")
    run = command_line(db)

    run("init")
    run("scenario", "load", "karabakh-2020")
    refused = run("webhooks", "add", "mailto:someone@example.org", code=2)
    assert "error:" in refused and "http" in refused
    receiver = Receiver([503])
    try:
        made = json.loads(run("webhooks", "add", receiver.url("/cli"), "--party", "AZ", "--json"))
        assert made["party"] == "AZ" and made["secret"].startswith("whsec_")
        assert made["id"] in run("webhooks", "list")
        [listed] = [json.loads(x) for x in run("webhooks", "list", "--json").splitlines()]
        assert listed["id"] == made["id"] and "secret" not in listed
        events = [
            json.loads(x) for x in run("events", "list", "--party", "AZ", "--json").splitlines()
        ]
        pending = next(e for e in events if e["status"] not in PUBLISHED_EVENTS)
        run("events", "verify", pending["id"], "--status", "verified", "--reason", "two patrols")
        sent = json.loads(run("webhooks", "send", "--json"))
        assert (sent["tried"], sent["retrying"]) == (1, 1)  # the receiver answered 503
        [d] = [json.loads(x) for x in run("webhooks", "deliveries", "--json").splitlines()]
        assert (d["state"], d["last_status"], d["record_id"]) == ("pending", 503, pending["id"])
        assert "pending" in run("webhooks", "deliveries", "--state", "pending")
        assert json.loads(run("webhooks", "remove", made["id"], "--json")) == {
            "removed": made["id"]
        }
        assert run("webhooks", "list", "--json") == ""
        assert "no webhook" in run("webhooks", "remove", made["id"], code=3).lower()
    finally:
        receiver.close()
