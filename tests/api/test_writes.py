"""Writes through the API: an observation is answered before it is clustered and says
where to look; the server's clusterer (started with the application) clusters it; the
answers the server keeps for readers stay current, and stay kept, across both."""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.support import PASSWORD

NEAR_MARTUNI = {  # where and when the scenario places fire near Martuni (9 October 2021)
    "observer": "OP-9",
    "lat": 39.79,
    "lon": 47.11,
    "start": "2021-10-09T22:10:00+04:00",
    "type": "cfv.small_arms",
    "means": "heard",
    "distance_min_km": 1,
    "distance_max_km": 3,
}


def logged_in(c: TestClient, role: str) -> dict[str, str]:
    r = c.post("/api/session", json={"name": role, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"X-CSRF-Token": r.json()["csrf"]}


def clustered(c: TestClient, state: str, timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        found: dict[str, Any] = c.get(state).json()
        if not found["pending"] or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_an_observation_is_answered_before_it_is_clustered(app: FastAPI) -> None:
    with TestClient(app) as monitor:  # the application's lifespan starts the clusterer
        h = logged_in(monitor, "monitor")
        r = monitor.post("/api/observations", json={**NEAR_MARTUNI, "id": "obs-api-1"}, headers=h)
        assert r.status_code == 201, r.text
        answer = r.json()
        assert answer == {
            "id": "obs-api-1",
            "status": "created",
            "clustered": False,
            "pending": True,
            "event": None,
            "state": "/api/observations/obs-api-1",
        }
        assert r.headers["location"] == answer["state"]
        state = clustered(monitor, answer["state"])
        assert state["pending"] is False and state["clustered"] is True
        event = monitor.get(f"/api/events/{state['event']}").json()
        assert "observation:obs-api-1" in {m["ref"] for m in event["members"]}
        again = monitor.post("/api/observations", json={**NEAR_MARTUNI, "id": "obs-api-1"},
                             headers=h)  # fmt: skip
        assert again.status_code == 409


def test_where_an_observation_stands_is_for_monitors(app: FastAPI) -> None:
    with TestClient(app) as c:
        assert c.get("/api/observations/obs-001").status_code == 401
        logged_in(c, "liaison")
        assert c.get("/api/observations/obs-001").status_code == 403
    with TestClient(app) as c:
        logged_in(c, "monitor")
        assert c.get("/api/observations/obs-001").json()["clustered"] is True  # the scenario's
        assert c.get("/api/observations/nope").status_code == 404


def test_kept_answers_follow_what_the_clusterer_changes(app: FastAPI) -> None:
    """A list whose period and box the clusterer's changes miss keeps its answer and its
    ETag; the list and the detail of what it changed are made again."""
    with TestClient(app) as c:
        h = logged_in(c, "monitor")
        elsewhere = "/api/events?from=2022-12-01&to=2022-12-31"
        around = "/api/events?from=2021-10-01&to=2021-10-31&bbox=46.9,39.6,47.3,40.0"
        tags = {p: c.get(p).headers["etag"] for p in (elsewhere, around)}
        r = c.post("/api/observations", json={**NEAR_MARTUNI, "id": "obs-api-2"}, headers=h)
        assert r.status_code == 201
        event = clustered(c, r.json()["state"])["event"]
        assert c.get(elsewhere, headers={"If-None-Match": tags[elsewhere]}).status_code == 304
        changed = c.get(around, headers={"If-None-Match": tags[around]})
        assert changed.status_code == 200 and event in {e["id"] for e in changed.json()["events"]}
        detail = c.get(f"/api/events/{event}")
        assert "observation:obs-api-2" in {m["ref"] for m in detail.json()["members"]}
        # an analyst's decision is no clustering: every kept answer is made again
        analyst = logged_in(c, "analyst")
        decided = c.post(f"/api/events/{event}/verify", headers=analyst,
                         json={"status": "verified", "reason": "the post's log"})  # fmt: skip
        assert decided.status_code == 200, decided.text
        assert c.get(elsewhere, headers={"If-None-Match": tags[elsewhere]}).status_code == 200
