"""Hostile bodies through the API, on SQLite and PostgreSQL: JSON bombs, NUL characters and
values too long for their column get a 422 naming the field, the same on both databases,
and nothing is written (before this, PostgreSQL answered a NUL with "the database is busy")."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.support import PASSWORD

from ceasewatch.asgi import create_app
from ceasewatch.workspace import Workspace

OBSERVATION = {
    "observer": "OP-9",
    "lat": 39.80,
    "lon": 46.78,
    "start": "2022-12-14T21:05:00+04:00",
    "type": "cfv.shelling",
    "means": "heard",
}


@pytest.fixture
def monitor(db_url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    with Workspace.init(db_url) as ws:
        ws.add_user("monitor", "monitor", PASSWORD)
    app = create_app(db_url, allowed_hosts=["testserver"])
    with TestClient(app) as client:
        r = client.post("/api/session", json={"name": "monitor", "password": PASSWORD})
        assert r.status_code == 200, r.text
        yield client, {"X-CSRF-Token": r.json()["csrf"], "content-type": "application/json"}
    app.state.workspace.close()


def _size(client: TestClient) -> int:
    return int(client.app.state.workspace.ledger_size())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "the request body: nested more than 64 levels deep"),
        ('{"count": ' + "9" * 5000 + "}", "the request body: a number of 5,000 characters"),
        ('{"lat": NaN}', "the request body: NaN is not a JSON number"),
        ('{"observer": "\\ud800"}', "the request body: a string holds an unpaired surrogate"),
    ],
)
def test_json_bombs_are_refused_before_parsing(
    monitor: tuple[TestClient, dict[str, str]], body: str, message: str
) -> None:
    client, headers = monitor
    r = client.post("/api/observations", content=body, headers=headers)
    assert r.status_code == 422
    error = r.json()["error"]
    assert (error["error"], error["field"]) == ("ParseError", "body")
    assert error["message"].startswith(message)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/observations", {**OBSERVATION, "notes": "shots\x00fired"}, "notes"),
        ("/api/observations", {**OBSERVATION, "observer": "OP\x009"}, "observer"),
        ("/api/observations", {**OBSERVATION, "place": "x\x00"}, "position"),
        ("/api/documents", {"text": "Shots were fired.", "title": "a\x00b"}, "title"),
        (
            "/api/crossings",
            {"checkpoint": "kp", "time": "2021-06-10T11:20:00+04:00", "vehicle": "T\x001",
             "direction": "inbound"},
            "vehicle",
        ),
    ],
)  # fmt: skip
def test_nul_characters_are_refused_naming_the_field(
    monitor: tuple[TestClient, dict[str, str]], path: str, body: dict[str, object], field: str
) -> None:
    client, headers = monitor
    before = _size(client)
    r = client.post(path, content=json.dumps(body), headers=headers)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["error"] == "BatchRejected"
    assert field in [p["field"] for p in error["problems"]]
    assert "NUL character" in error["message"] and "SQL" not in error["message"]
    assert _size(client) == before


def test_ids_longer_than_the_column_and_of_its_length(
    monitor: tuple[TestClient, dict[str, str]],
) -> None:
    client, headers = monitor
    too_long = {**OBSERVATION, "id": "obs-" + "x" * 200}
    r = client.post("/api/observations", content=json.dumps(too_long), headers=headers)
    assert r.status_code == 422 and r.json()["error"]["field"] == "id"
    fits = {**OBSERVATION, "id": "obs-" + "x" * 124}  # 128 characters, as the column holds
    r = client.post("/api/observations", content=json.dumps(fits), headers=headers)
    assert r.status_code == 201, r.text
