"""Logins against a flood: failures counted per client address (429 with Retry-After),
a burst sent at once held to the same count, the form login too."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ceasewatch.asgi import create_app
from ceasewatch.workspace import Workspace
from ceasewatch.workspace.logins import ADDRESSES

PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    folder: Path = tmp_path_factory.mktemp("logins")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CEASEWATCH_KEY", str(folder / "ledger.key"))
        ws = Workspace.init(str(folder / "l.db"))
        ws.add_user("amina", "analyst", PASSWORD)
        ws.close()
        yield create_app(str(folder / "l.db"), allowed_hosts=["testserver"])


def client(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 40000))


def test_failures_from_one_address_get_429_with_retry_after(app: FastAPI) -> None:
    c = client(app, "198.51.100.7")
    for i in range(ADDRESSES.limit):
        r = c.post("/api/session", json={"name": f"guess{i}", "password": "wrong password"})
        assert r.status_code == 401
    r = c.post("/api/session", json={"name": "amina", "password": PASSWORD})
    assert r.status_code == 429  # even the right password, from there, for a while
    assert 1 <= int(r.headers["retry-after"]) <= ADDRESSES.window
    assert "address" in r.json()["error"]["message"]
    # another address is not held back, nor a right password from it
    other = client(app, "198.51.100.8").post(
        "/api/session", json={"name": "amina", "password": PASSWORD}
    )
    assert other.status_code == 200


def test_an_ipv6_prefix_counts_as_one_address(app: FastAPI) -> None:
    for i in range(ADDRESSES.limit):
        c = client(app, f"2001:db8:5:7::{i + 1:x}")
        assert c.post("/api/session", json={"name": f"six{i}", "password": "no"}).status_code == 401
    r = client(app, "2001:db8:5:7::ffff").post("/api/session", json={"name": "x", "password": "y"})
    assert r.status_code == 429


def test_a_burst_sent_at_once_is_held_to_the_limit(app: FastAPI) -> None:
    c = client(app, "203.0.113.9")
    codes: list[int] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        r = c.post("/api/session", json={"name": f"burst{i}", "password": "wrong password"})
        with lock:
            codes.append(r.status_code)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(3 * ADDRESSES.limit)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # only as many password checks as the limit allows; the rest refused before any
    assert codes.count(401) == ADDRESSES.limit
    assert codes.count(429) == 2 * ADDRESSES.limit


def test_the_login_form_is_throttled_too(app: FastAPI) -> None:
    c = client(app, "192.0.2.44")
    form = c.get("/login")
    token = form.text.split('name="csrf" value="')[1].split('"')[0]
    codes = [
        c.post("/login", data={"name": f"form{i}", "password": "wrong!", "csrf": token}).status_code
        for i in range(ADDRESSES.limit + 1)
    ]
    assert codes[:-1] == [401] * ADDRESSES.limit and codes[-1] == 429
    r = c.post("/login", data={"name": "amina", "password": PASSWORD, "csrf": token})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
