"""The HTTP API: roles, sessions and CSRF, tokens, writes into the ledger, errors, ETags,
pagination, and what the public never sees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.support import PASSWORD

OBSERVATION = {
    "observer": "OP-9",
    "lat": 39.80,
    "lon": 46.78,
    "start": "2022-12-14T21:05:00+04:00",
    "type": "cfv.shelling",
    "means": "heard",
    "cfv_kind": "explosion_impact",
    "count": 3,
    "bearing_deg": 120,
    "distance_min_km": 4,
    "distance_max_km": 6,
}


def client(app: FastAPI, role: str | None = None) -> tuple[TestClient, str | None]:
    c = TestClient(app)
    if role is None:
        return c, None
    r = c.post("/api/session", json={"name": role, "password": PASSWORD})
    assert r.status_code == 200, r.text
    assert "httponly" in r.headers["set-cookie"].lower()
    assert "samesite=lax" in r.headers["set-cookie"].lower()
    return c, r.json()["csrf"]


def test_the_public_sees_the_published_record_only(app: FastAPI) -> None:
    public, _ = client(app)
    analyst, _ = client(app, "analyst")
    seen = public.get("/api/events", params={"limit": 1000}).json()["events"]
    everything = analyst.get("/api/events", params={"limit": 1000}).json()["events"]
    assert seen and len(seen) < len(everything)
    assert {e["status"] for e in seen} <= {"corroborated", "verified"}
    shown = public.get(f"/api/events/{seen[0]['id']}")
    assert shown.status_code == 200 and shown.json()["history"][0]["action"]
    hidden = next(e for e in everything if e["status"] == "unverified")
    assert public.get(f"/api/events/{hidden['id']}").status_code == 404
    findings = public.get("/api/findings").json()
    assert findings and {f["status"] for f in findings} <= {"substantiated", "confirmed"}
    assert public.get("/api/documents").status_code == 401


def test_a_protected_source_never_reaches_the_public(app: FastAPI) -> None:
    public, _ = client(app)
    liaison, _ = client(app, "liaison")
    analyst, _ = client(app, "analyst")
    assert "op-team" in {s["id"] for s in analyst.get("/api/sources").json()}
    for c in (public, liaison):
        assert "op-team" not in {s["id"] for s in c.get("/api/sources").json()}
        assert c.get("/api/sources/op-team").status_code == 404
    # nor through the ledger: the entry of its record is not shown below the analyst,
    # and the public sees no entry of an unpublished record
    entries = {n: analyst.get(f"/api/ledger/proofs/{n}").json()["entry"] for n in range(60)}
    [seq] = [n for n, e in entries.items() if e["kind"] == "source" and e["id"] == "op-team"]
    for c in (public, liaison):
        r = c.get(f"/api/ledger/proofs/{seq}")
        assert (
            r.status_code == 404
            and r.json()["error"]["message"] == f"no ledger entry with id '{seq}'"
        )
    claim = next(n for n, e in entries.items() if e["kind"] == "crossing")
    assert public.get(f"/api/ledger/proofs/{claim}").status_code == 404
    assert liaison.get(f"/api/ledger/proofs/{claim}").status_code == 200
    assert public.get("/api/ledger/proofs/999999").json()["error"]["message"] == (
        "no ledger entry with id '999999'"
    )  # the same answer as for an entry withheld


def test_an_observation_ties_its_post_to_its_team_once(app: FastAPI) -> None:
    monitor, token = client(app, "monitor")
    h = {"X-CSRF-Token": token or ""}
    body = OBSERVATION | {"observer": "OP-77", "source": "ccw"}
    assert monitor.post("/api/observations", json=body, headers=h).status_code == 201
    r = monitor.post("/api/observations", json=body | {"source": "global-wire"}, headers=h)
    assert r.status_code == 422 and r.json()["error"]["field"] == "source"
    assert "post OP-77 reports for ccw" in r.json()["error"]["message"]
    assert app.state.workspace.posts()["OP-77"] == "ccw"


def test_an_observation_with_a_count_or_a_weapon_needs_its_kind(app: FastAPI) -> None:
    """A count and a weapon belong to a kind of violation: without one they would be lost,
    so the observation is refused with the field named, through the API and the form."""
    monitor, token = client(app, "monitor")
    h = {"X-CSRF-Token": token or ""}
    bare = {k: v for k, v in OBSERVATION.items() if k not in ("cfv_kind", "count", "weapon")}
    before = len(app.state.workspace.observations())
    for extra in ({"count": 3}, {"weapon": "mortar"}):
        r = monitor.post("/api/observations", json=bare | extra, headers=h)
        assert r.status_code == 422 and r.json()["error"]["field"] == "cfv_kind", r.text
    form = {
        "observer": "OP-5", "lat": "39.8", "lon": "46.75", "start": "2021-08-21T03:10+04:00",
        "type": "cfv.small_arms", "count": "3", "csrf": token or "",
    }  # fmt: skip
    r = monitor.post("/observe", data=form)
    assert r.status_code == 422 and "kind of violation" in r.text
    assert len(app.state.workspace.observations()) == before  # nothing stored
    assert monitor.post("/api/observations", json=bare, headers=h).status_code == 201


def test_writes_need_a_role_and_a_csrf_token(app: FastAPI) -> None:
    public, _ = client(app)
    assert public.post("/api/observations", json=OBSERVATION).status_code == 401
    assert public.post("/api/observations", json={}).status_code == 401  # before the body
    liaison, token = client(app, "liaison")
    r = liaison.post("/api/observations", json=OBSERVATION, headers={"X-CSRF-Token": token or ""})
    assert r.status_code == 403 and "monitor" in r.json()["error"]["message"]
    monitor, token = client(app, "monitor")
    r = monitor.post("/api/observations", json=OBSERVATION)  # the cookie, no CSRF token
    assert r.status_code == 403 and "CSRF" in r.json()["error"]["message"]
    r = monitor.post("/api/observations", json=OBSERVATION, headers={"X-CSRF-Token": "nope"})
    assert r.status_code == 403
    r = monitor.post("/api/observations", json=OBSERVATION, headers={"X-CSRF-Token": token or ""})
    assert r.status_code == 201, r.text
    filed = r.json()["id"]
    r = monitor.post(
        "/api/events/cw-6e2163e962c1/verify",
        json={"status": "verified", "reason": "x"},
        headers={"X-CSRF-Token": token or ""},
    )
    assert r.status_code == 403  # monitors do not decide
    head = monitor.get("/api/ledger/head").json()["checkpoint"]
    assert head.startswith("ceasewatch/")
    proof = monitor.get("/api/ledger/proofs/0").json()
    assert proof["verified"] is True
    # logged under the monitor's name (the clusterer, clustering it a moment later, logs
    # what it changes under its own)
    size = proof["size"]
    latest = [monitor.get(f"/api/ledger/proofs/{n}").json() for n in range(size - 1, size - 30, -1)]
    [created] = [p["entry"] for p in latest if p.get("entry", {}).get("id") == filed and
                 p["entry"]["op"] == "create"]  # fmt: skip
    assert created["kind"] == "observation" and created["actor"] == "monitor"


def test_an_api_token_for_scripts(app: FastAPI) -> None:
    ws = app.state.workspace
    token = ws.new_token("analyst", "test script")
    c = TestClient(app)
    auth = {"Authorization": f"Bearer {token}"}
    r = c.post("/api/sources/tg-anon/grade", json={"reliability": "E", "reason": "made up"},
               headers=auth)  # fmt: skip
    assert r.status_code == 200 and r.json()["reliability"] == "E"  # no CSRF with a token
    assert c.get("/api/me", headers=auth).json()["name"] == "analyst"
    bad = c.get("/api/events", headers={"Authorization": "Bearer cw_nope"})
    assert bad.status_code == 401 and bad.json()["error"]["error"] == "Unauthorized"


def test_verifying_an_event_as_analyst(app: FastAPI) -> None:
    analyst, token = client(app, "analyst")
    h = {"X-CSRF-Token": token or ""}
    r = analyst.post("/api/events/cw-37a2a26bfecb/verify", headers=h,
                     json={"status": "verified", "reason": "both posts' logs",
                           "evidence": ["observation:obs-001"]})  # fmt: skip
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["event"]["status"] == "verified" and d["history"][-1]["actor"] == "analyst"
    r = analyst.post("/api/events/cw-37a2a26bfecb/verify", headers=h,
                     json={"status": "verified", "reason": ""})  # fmt: skip
    assert r.status_code == 422 and r.json()["error"]["field"] == "reason"
    r = analyst.post(
        "/api/events/nope/verify", headers=h, json={"status": "verified", "reason": "x"}
    )
    assert r.status_code == 404


def test_errors_name_the_field(app: FastAPI) -> None:
    monitor, token = client(app, "monitor")
    h = {"X-CSRF-Token": token or ""}
    cases: list[tuple[dict[str, Any], str]] = [
        ({**OBSERVATION, "lat": 123}, "lat"),
        ({**OBSERVATION, "type": "cfv.nonsense"}, "type"),
        ({**OBSERVATION, "start": "2022-12-14T21:05:00"}, "start"),
        ({**OBSERVATION, "distance_max_km": None}, "distance_max_km"),
        ({**OBSERVATION, "cfv_kind": "thunder"}, "cfv_kind"),
    ]
    for body, field in cases:
        r = monitor.post("/api/observations", json=body, headers=h)
        assert r.status_code == 422, (field, r.text)
        assert r.json()["error"]["field"] == field, r.json()
    r = monitor.get("/api/events", params={"bbox": "1,2,3"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "bbox"


def test_pages_of_events_and_etags(app: FastAPI) -> None:
    analyst, _ = client(app, "analyst")
    seen: list[str] = []
    after = None
    while True:
        params: dict[str, Any] = {"limit": 7}
        if after:
            params["after"] = after
        page = analyst.get("/api/events", params=params).json()
        seen += [e["id"] for e in page["events"]]
        after = page["next"]
        if after is None:
            break
    whole = analyst.get("/api/events", params={"limit": 1000}).json()["events"]
    assert seen == [e["id"] for e in whole] and len(seen) > 7
    r = analyst.get("/api/events", params={"family": "obstruction", "from": "2022-12-01",
                                             "to": "2022-12-31"})  # fmt: skip
    assert {e["family"] for e in r.json()["events"]} == {"obstruction"}
    again = analyst.get(r.request.url, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    ws = app.state.workspace
    ws.add_user("newcomer", "public", PASSWORD)  # not in the ledger: the record is the same
    assert (
        analyst.get(r.request.url, headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    )


@pytest.mark.parametrize("path", ["/", "/missions", "/findings", "/sources", "/login",
                                  "/agreements/karabakh-2020", "/events/cw-6e2163e962c1"])  # fmt: skip
def test_every_page_renders(app: FastAPI, path: str) -> None:
    analyst, _ = client(app, "analyst")
    r = analyst.get(path)
    assert r.status_code == 200 and '<main id="main">' in r.text


def test_a_csrf_less_form_post_is_refused(app: FastAPI) -> None:
    analyst, _ = client(app, "analyst")
    r = analyst.post("/events/cw-6e2163e962c1/verify", data={"status": "refuted", "reason": "x"})
    assert r.status_code == 403 and "CSRF" in r.text
    login = TestClient(app).post("/login", data={"name": "analyst", "password": PASSWORD})
    assert login.status_code == 403  # the login form's own token is missing


def test_reports_from_the_web_for_liaison_officers(
    app: FastAPI, workspace_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a report signs a tree head with the workspace's key, made beside it by the fixture
    monkeypatch.setenv("CEASEWATCH_KEY", str(Path(workspace_file).parent / "ledger.key"))
    public, _ = client(app)  # the public edition: tests/api/test_public_reports.py
    assert (
        "Public edition"
        in public.get("/report", params={"from": "2022-12-01", "to": "2022-12-31"}).text
    )
    liaison, _ = client(app, "liaison")
    pdf = liaison.get("/report", params={"from": "2022-12-01", "to": "2022-12-31", "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    daily = liaison.get("/report", params={"daily": "2022-12-12", "format": "md"}).text
    assert "timed records up to 19:30" in daily
    assert (
        liaison.get("/report", params={"from": "2022-12-31", "to": "2022-12-01"}).status_code == 422
    )
    assert liaison.get("/reports").status_code == 200


def test_missions_and_scorecards_as_the_public_sees_them(app: FastAPI) -> None:
    public, _ = client(app)
    [mission] = public.get("/api/missions").json()
    assert mission["id"] == "ru-pkc" and mission["strength"]["personnel"] == 1960
    analyst, _ = client(app, "analyst")
    [whole_mission] = analyst.get("/api/missions").json()
    done = sum(whole_mission["activity"]["tasks_performed"].values())
    assert done > sum(mission["activity"]["tasks_performed"].values())  # published only
    seen = public.get("/api/scorecards").json()[0]["parties"]
    whole = analyst.get("/api/scorecards").json()[0]["parties"]
    assert sum(p["by_status"]["alleged"] for p in seen) == 0  # not published
    assert sum(p["by_status"]["alleged"] for p in whole) > 0


def test_heads_and_consistency_proofs_between_any_two_sizes(app: FastAPI) -> None:
    public, _ = client(app)
    heads = public.get("/api/ledger/heads").json()["checkpoints"]
    assert heads and all(h.startswith("ceasewatch/") for h in heads)
    size = int(heads[-1].split("\n")[1])
    proof = public.get(f"/api/ledger/consistency?old=3&new={size}").json()
    assert proof["verified"] is True and proof["old_size"] == 3 and proof["new_size"] == size
    assert public.get(f"/api/ledger/consistency?old={size}&new=3").status_code == 422
    assert public.get(f"/api/ledger/consistency?old=1&new={size + 10**6}").status_code == 404
