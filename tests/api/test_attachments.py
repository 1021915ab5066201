"""Files attached to observations and events: stored with their SHA-256 in the ledger,
opened by the roles that may, refused to the others, and named by `ledger verify` when
changed behind the Workspace."""

from __future__ import annotations

import hashlib
import struct
import zlib

from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.support import PASSWORD


def png(width: int = 2, height: int = 2) -> bytes:
    """A small real PNG (grey pixels), written here."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def session(app: FastAPI, role: str | None) -> tuple[TestClient, dict[str, str]]:
    c = TestClient(app)
    if role is None:
        return c, {}
    r = c.post("/api/session", json={"name": role, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return c, {"X-CSRF-Token": r.json()["csrf"]}


def test_a_photo_of_an_observation_is_for_those_who_may_open_it(app: FastAPI) -> None:
    photo = png()
    observation = app.state.workspace.observations()[0].id
    monitor, h = session(app, "monitor")
    r = monitor.post(
        f"/api/observations/{observation}/attachments",
        files={"file": ("crater near the post.png", photo, "image/png")},
        headers=h,
    )
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["sha256"] == hashlib.sha256(photo).hexdigest() and made["size"] == len(photo)
    analyst, _ = session(app, "analyst")
    got = analyst.get(made["url"])
    assert got.status_code == 200 and got.content == photo
    assert got.headers["content-type"] == "image/png"
    assert got.headers["content-disposition"].startswith("attachment;")
    listed = analyst.get(f"/api/observations/{observation}/attachments").json()["attachments"]
    assert [a["id"] for a in listed] == [made["id"]]
    public, _ = session(app, None)
    assert public.get(made["url"]).status_code == 401
    liaison, _ = session(app, "liaison")
    assert liaison.get(made["url"]).status_code == 403
    # the ledger holds its record with the hash
    entries = [
        analyst.get(f"/api/ledger/proofs/{n}").json()
        for n in range(app.state.workspace.ledger_size() - 3, app.state.workspace.ledger_size())
    ]
    logged = [e["entry"] for e in entries if e.get("entry", {}).get("kind") == "attachment"]
    assert logged and logged[-1]["state"]["sha256"] == made["sha256"]
    assert (
        public.get(f"/api/ledger/proofs/{app.state.workspace.ledger_size() - 1}").status_code == 404
    )


def test_what_cannot_be_attached_is_refused_with_its_field(app: FastAPI) -> None:
    observation = app.state.workspace.observations()[0].id
    monitor, h = session(app, "monitor")
    url = f"/api/observations/{observation}/attachments"
    r = monitor.post(url, files={"file": ("page.html", b"<script>", "text/html")}, headers=h)
    assert r.status_code == 422 and r.json()["error"]["field"] == "file"
    r = monitor.post(url, files={"file": ("empty.png", b"", "image/png")}, headers=h)
    assert r.status_code == 422 and "empty" in r.json()["error"]["message"]
    r = monitor.post(
        "/api/observations/no-such/attachments",
        files={"file": ("a.png", png(), "image/png")},
        headers=h,
    )
    assert r.status_code == 404
    liaison, lh = session(app, "liaison")
    r = liaison.post(url, files={"file": ("a.png", png(), "image/png")}, headers=lh)
    assert r.status_code == 403
    event = app.state.workspace.events()[0].id
    r = monitor.post(
        f"/api/events/{event}/attachments",
        files={
            "file": ("статья.pdf", b"%PDF-1.4 written for this test\n%%EOF\n", "application/pdf")
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    got = monitor.get(r.json()["url"])
    assert (
        got.status_code == 200 and "filename*=UTF-8''%D1%81" in got.headers["content-disposition"]
    )


def test_the_observation_form_files_a_photo_with_the_observation(app: FastAPI) -> None:
    import re

    monitor, h = session(app, "monitor")
    form = {  # a post of no protected team: a monitor opens its files
        "observer": "OP-78", "lat": "39.8", "lon": "46.75", "start": "2021-08-21T03:10+04:00",
        "type": "cfv.small_arms", "csrf": h["X-CSRF-Token"],
    }  # fmt: skip
    before = len(app.state.workspace.observations())
    r = monitor.post("/observe", data=form, files={"file": ("x.html", b"<b>", "text/html")})
    assert r.status_code == 422 and "cannot be attached" in r.text
    assert len(app.state.workspace.observations()) == before  # nothing filed
    photo = png(3, 3)
    r = monitor.post("/observe", data=form, files={"file": ("tracer.png", photo, "image/png")})
    assert r.status_code == 200, r.text
    [filed] = re.findall(r"Observation <code>([^<]+)</code> filed", r.text)
    listed = monitor.get(f"/api/observations/{filed}/attachments").json()["attachments"]
    assert [a["sha256"] for a in listed] == [hashlib.sha256(photo).hexdigest()]
    r = monitor.post("/observe", data=form)  # no file: as before
    assert r.status_code == 200
