"""``/api/bins``: the map's squares at low zoom, for each role what it may see."""

from __future__ import annotations

from fastapi import FastAPI
from tests.api.test_api import client


def test_bins_count_what_the_event_list_shows_with_a_place(app: FastAPI) -> None:
    for role in (None, "analyst", "liaison"):
        c, _ = client(app, role)
        events = c.get("/api/events", params={"limit": 1000}).json()["events"]
        placed = [e for e in events if e["place"]["lat"] is not None]
        answer = c.get("/api/bins", params={"zoom": 4})
        assert answer.status_code == 200 and answer.headers["etag"]
        body = answer.json()
        assert body["count"] == len(placed) > 0, role
        assert body["engine"] == "rows"  # a small record: the row store answers
        assert sum(sum(b["families"].values()) for b in body["bins"]) == body["count"]
        family = placed[0]["family"]
        only = c.get("/api/bins", params={"zoom": 4, "family": family}).json()
        assert only["count"] == sum(1 for e in placed if e["family"] == family)
        # the same answer again: 304 to a caller who has it
        again = c.get(
            "/api/bins", params={"zoom": 4}, headers={"if-none-match": answer.headers["etag"]}
        )
        assert again.status_code == 304


def test_bad_zoom_and_box_are_refused_with_the_field_named(app: FastAPI) -> None:
    c, _ = client(app)
    for params, field in (
        ({"zoom": 15}, "zoom"),
        ({}, "zoom"),
        ({"zoom": 3, "bbox": "50,40,45,41"}, "bbox"),
    ):
        r = c.get("/api/bins", params=params)
        assert r.status_code == 422 and r.json()["error"]["field"] == field, (params, r.text)
