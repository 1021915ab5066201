"""Redaction by construction: every route of the application, as the public and as a
party's liaison officer, over a workspace with protected sources, a protected team's
observation posts and documents read from files named after a team, a post, a place and a
day. No answer, body or header, may carry a path, a protected source's id or name, a
protected post or its place, or a reference to a withheld record. The routes are read
from the application itself, so a route added later is walked too (or this test says it
does not know how to fill its parameters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route
from tests.support import PASSWORD, ROLES

from ceasewatch.asgi import create_app
from ceasewatch.model.access import Role, User
from ceasewatch.model.redact import WITHHELD, WITHHELD_REF, WITHHELD_TEXT
from ceasewatch.workspace import Workspace

# what the reviewer found served to anyone, and more of the same
FILES = {
    "field/op-team/OP-12_Khachmach_2021-08-21.txt": (
        "op-team",
        "On 20 August 2021 at 22:40 the team heard bursts of small arms fire near "
        "Khachmach; Azerbaijani forces fired on Armenian positions near Khachmach.",
    ),
    "field/ccw/CCW-7_Martuni_2022-01-10.txt": (
        "ccw",  # not protected: its path is still nobody's business
        "On 10 January 2022 Azerbaijani forces shelled Armenian positions near Martuni, "
        "wounding two soldiers.",
    ),
}
HOOK = "https://partner.example.org/hooks/cw"
PROTECTED = ("op-team", "intl-observer")  # op-team is protected by the scenario itself
POSTS = ("OP-5", "OP-12")
PLACES = ("Observation post 5 near Khachmach", "Observation post 12 east of Askeran")
# every parameter a route may have, and what this test fills it with
PARAMETERS = (
    "event_id", "agreement_id", "source_id", "seq", "observation_id", "finding_id", "claim_id",
    "crossing_id", "attachment_id", "code", "webhook_id",
)  # fmt: skip
# the queries each path is asked with (the path alone otherwise)
QUERIES = {
    "/api/events": [
        "limit=1000",
        "status=unverified&limit=1000",
        "after=cw-0&limit=5",
        "bbox=46.8,39.7,46.9,40.0&limit=1000",  # around both posts
    ],
    "/api/scorecards": ["", "mission=true"],
    # the event list's words are matched in what the role is shown (test_a_search_...)
    "/events": ["", "q=post", "q=Khachmach", "q=team", "q=observation&sort=oldest", "page=2"],
    "/findings": ["", "party=AZ", "status=confirmed", "rule=ceasefire-violation"],
    "/api/agreements/{agreement_id}": ["", "as_of=2021-08-21"],
    **{  # the downloads, and by a box around both posts
        f"/api/events.{suffix}": ["", "bbox=46.8,39.7,46.9,40.0", "status=unverified"]
        for suffix in ("csv", "geojson", "kml")
    },
    "/api/feed.atom": ["", "zone=area-of-responsibility", "party=AZ", "family=ceasefire_violation"],
    "/report": [
        "from=2020-11-10&to=2023-12-31&format=html",
        "from=2020-11-10&to=2023-12-31&format=md",
        "from=2021-08-01&to=2021-08-31&format=pdf",
        "daily=2021-08-21",
    ],
}
SKIPPED_MOUNTS = {"/static"}  # the package's own scripts and styles: no record in them


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def setup(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[FastAPI, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("redact")
    url = f"sqlite:///{folder / 'r.db'}" if request.param == "sqlite" else _postgres(request)
    key = str(folder / "ledger.key")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CEASEWATCH_KEY", key)
        mp.chdir(folder)  # the files are imported by their relative paths, as a user would
        secrets = _workspace(url, folder)
    app = create_app(url, allowed_hosts=["testserver"])
    yield app, secrets | {"key": key}
    app.state.workspace.close()


def _postgres(request: pytest.FixtureRequest) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = request.getfixturevalue("pg_server")
    name = f"cw_redact_{id(request)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(drop)
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _workspace(url: str, folder: Path) -> dict[str, Any]:
    """The demo scenario, intl-observer protected too, the files imported, everything
    clustered and judged, and every event a withheld record stands behind published."""
    with Workspace.init(url) as ws:
        ws.load_scenario("karabakh-2020")
        ws.protect_source("intl-observer", True, "a correspondent at risk")
        for name, (source, text) in FILES.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text + "\n")
            ws.import_documents([name], "2022-01-11" if source == "ccw" else "2021-08-21", source)
        ws.extract_claims()
        ws.corroborate()
        withheld_post = next(o for o in ws.observations() if o.observer in POSTS)
        ws.attach(
            "observation", withheld_post.id, "OP-12_crater.jpg", "image/jpeg", b"\xff\xd8 a photo"
        )
        protected_docs = {d.id for d in ws.documents() if d.source_id in PROTECTED}
        withheld_refs = {f"observation:{o.id}" for o in ws.observations()}
        withheld_refs |= {f"claim:{c.id}" for c in ws.claims() if c.document_id in protected_docs}
        published = []
        for e in ws.events():
            refs = {m["ref"] for m in ws.event_dossier(e.id)["members"]}
            if refs & withheld_refs:
                if e.status.value not in ("corroborated", "verified"):
                    ws.verify_event(e.id, "verified", "published for the test")
                published.append(e.id)
        ws.assess(as_of=date(2025, 1, 1))
        ws.add_webhook(HOOK)  # the server's configuration: logged, shown to analysts only
        ws.ledger_head()
        for role in ROLES:
            ws.add_user(role, role, PASSWORD)
        sources = {s.id: s.name for s in ws.sources() if s.id in PROTECTED}
        assert all(s.protected for s in ws.sources() if s.id in PROTECTED)
        assert {p for p, s in ws.posts().items() if s == "op-team"} == set(POSTS)
        files = [d.file for d in ws.documents() if d.file]
        assert sorted(files) == sorted(FILES)  # kept, privately
        assert len(published) >= 3, published  # some of the withheld records are public
        words = [*FILES, *(str(folder / f) for f in FILES), str(folder)]
        words += ["OP-12_Khachmach", "CCW-7_Martuni", "field/", HOOK]
        words += [*sources, *sources.values(), *PLACES]
        words += sorted(protected_docs) + sorted(withheld_refs)
        words += [r.partition(":")[2] for r in withheld_refs]  # bare ids too
        return {"words": words, "published": published, "size": ws.ledger_size()}


def _forbidden(words: list[str]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(w) for w in words}, key=len, reverse=True)
    alternatives += [rf"(?<![\w-]){re.escape(p)}(?![\w])" for p in POSTS]  # OP-5, not OP-50
    return re.compile("|".join(alternatives), re.I)


def _client(app: FastAPI, role: str) -> TestClient:
    c = TestClient(app)
    if role != "public":
        r = c.post("/api/session", json={"name": role, "password": PASSWORD})
        assert r.status_code == 200, r.text
    return c


def _values(app: FastAPI, role: str, size: int) -> dict[str, list[str]]:
    """What each parameter is filled with: everything there is, seen or not by *role*
    (an event it may not see gets the same 404 as one that does not exist), except the
    protected sources, which are asked for in ``test_asking_for_a_protected_source``."""
    ws = app.state.workspace
    return {
        "event_id": sorted(e.id for e in ws.events()),
        "agreement_id": sorted(s.agreement.id for s in ws.agreements()),
        "source_id": sorted(s.id for s in ws.sources() if s.id not in PROTECTED),
        "seq": [str(n) for n in range(size)],
        "observation_id": sorted(o.id for o in ws.observations()),
        "code": ["en", "ru"],  # the pages' languages
        "attachment_id": sorted(
            a["id"]
            for o in ws.observations()
            for a in ws.attachments(User("walk", Role.ADMIN), "observation", o.id)
        ),
        "finding_id": sorted(f.id for f in ws.findings()),
        "claim_id": sorted(quote(c.id, safe="") for c in ws.claims()),  # '#' in them
        "crossing_id": sorted(c.id for c in ws.crossings()),
        "webhook_id": sorted(s.id for s in ws.webhooks()) or ["wh-none"],
    }


def routes(app: FastAPI) -> list[tuple[str, list[str]]]:
    """(path template, methods) of every route the application answers. FastAPI keeps an
    included router as a route of its own (``original_router``, mounted at a prefix);
    any other kind of route fails this test rather than go unwalked."""
    out: list[tuple[str, list[str]]] = []

    def walk(found: list[Any], prefix: str) -> None:
        for route in found:
            if isinstance(route, Mount):
                assert route.path in SKIPPED_MOUNTS, f"a mount this test does not walk: {route}"
            elif isinstance(route, Route | APIRoute):
                methods = sorted(m for m in route.methods or () if m != "HEAD")
                out.append((prefix + route.path, methods))
            elif hasattr(route, "original_router") and hasattr(route, "include_context"):
                walk(route.original_router.routes, prefix + route.include_context.prefix)
            else:
                raise AssertionError(f"a kind of route this test does not know: {route!r}")

    walk(app.routes, "")
    return out


def _requests(app: FastAPI, values: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """(method, URL) of every route, each parameter filled with each of its values."""
    for template, methods in routes(app):
        params = re.findall(r"{(\w+)(?::\w+)?}", template)
        unknown = [p for p in params if p not in PARAMETERS]
        assert not unknown, f"{template}: teach this test to fill {unknown}"
        paths = [template]
        for p in params:
            paths = [re.sub(rf"{{{p}(?::\w+)?}}", v, path) for path in paths for v in values[p]]
        for method in methods:
            # a write is refused these roles before anything is looked up: once is enough
            for path in paths if method == "GET" else paths[:1]:
                for query in QUERIES.get(template, [""]):
                    yield method, path + (f"?{query}" if query else "")


def test_the_walk_finds_every_route_of_the_api(setup: tuple[FastAPI, dict[str, Any]]) -> None:
    app, _ = setup
    found = {(path, m.lower()) for path, methods in routes(app) for m in methods}
    described = {
        (path, method)
        for path, ops in TestClient(app).get("/openapi.json").json()["paths"].items()
        for method in ops
    }
    assert described <= found, described - found
    assert {("/", "get"), ("/events/{event_id}", "get"), ("/report", "get")} <= found


def _send(c: TestClient, method: str, url: str) -> Any:
    if method == "GET":
        return c.get(url)
    # a write: as these roles it is refused; what it answers is checked all the same
    body: dict[str, Any] = {"name": "x", "password": "wrong password"} if "session" in url else {}
    return c.request(method, url, json=body, headers={"X-CSRF-Token": "none"})


@pytest.mark.parametrize("role", ["public", "liaison"])
def test_no_route_gives_away_a_protected_source_a_post_or_a_path(
    setup: tuple[FastAPI, dict[str, Any]], role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, secrets = setup
    monkeypatch.setenv("CEASEWATCH_KEY", secrets["key"])  # a report signs a head
    forbidden = _forbidden(secrets["words"])
    values = _values(app, role, secrets["size"])
    reader = _client(app, role)
    leaks: list[str] = []
    marked = 0
    walked: set[str] = set()
    for method, url in _requests(app, values):
        # logging out by a client of its own, so that the reader stays logged in
        c = _client(app, role) if url in ("/logout", "/api/session") else reader
        r = _send(c, method, url)
        assert r.status_code < 500, (method, url, r.status_code, r.text[:300])
        walked.add(url.split("?")[0].rsplit("/", 1)[0])
        text = r.content.decode("latin-1")  # a PDF too: its metadata and any plain text
        text += "\n".join(f"{k}: {v}" for k, v in r.headers.items())
        for m in forbidden.finditer(text):
            leaks.append(
                f"{method} {url}: {m.group(0)!r} in ...{text[max(0, m.start() - 60) : m.end() + 60]!r}"
            )
        marked += WITHHELD in text or WITHHELD_REF in text
    assert not leaks, "\n".join(leaks[:20])
    assert marked  # the withheld records were there to withhold
    for event_id in secrets["published"]:  # and their events are public
        assert reader.get(f"/api/events/{event_id}").status_code == 200
    assert {"/api/events", "/api/ledger/proofs", "/events", "/api/sources"} <= walked


def test_those_who_see_protected_sources_still_see_them(
    setup: tuple[FastAPI, dict[str, Any]],
) -> None:
    app, secrets = setup
    analyst = _client(app, "analyst")
    listed = analyst.get("/api/documents").json()
    assert sorted(d["file"] for d in listed if d["file"]) == sorted(FILES)
    seen = "".join(analyst.get(f"/api/events/{e}").text for e in secrets["published"])
    assert "OP-12" in seen and "op-team" in seen and "observation:obs-" in seen
    assert "op-team" in {s["id"] for s in analyst.get("/api/sources").json()}


def test_asking_for_a_protected_source_is_answered_as_for_none(
    setup: tuple[FastAPI, dict[str, Any]],
) -> None:
    app, _ = setup
    for role in ("public", "liaison"):
        c = _client(app, role)
        for sid in PROTECTED:
            r = c.get(f"/api/sources/{sid}")
            missing = c.get("/api/sources/no-such-source")
            assert r.status_code == missing.status_code == 404
            assert r.text.replace(sid, "X") == missing.text.replace("no-such-source", "X")


def test_a_withheld_place_loses_its_point_and_no_box_finds_it(
    setup: tuple[FastAPI, dict[str, Any]],
) -> None:
    app, _ = setup
    public = _client(app, "public")
    listed = public.get("/api/events", params={"limit": 1000}).json()["events"]
    withheld = [e for e in listed if e["place"]["name"] in (WITHHELD_REF, WITHHELD_TEXT)]
    assert withheld  # events a protected post placed (at the post) are published
    assert all(e["place"]["lat"] is None and e["place"]["lon"] is None for e in withheld)
    ids = {e["id"] for e in withheld}
    everywhere = public.get("/api/events", params={"bbox": "-180,-90,180,90", "limit": 1000})
    assert ids.isdisjoint(e["id"] for e in everywhere.json()["events"])
    analyst = _client(app, "analyst")
    [placed] = [analyst.get(f"/api/events/{i}").json()["event"] for i in sorted(ids)[:1]]
    assert placed["place"]["lat"] is not None  # the analyst sees where it is


def _found(c: TestClient, words: str) -> int:
    """How many events a search finds at most, through the list's page, the API and a
    download (the page also looks in the sources and the type's label: it may find
    more; the API and a download answer by one rule)."""
    r = c.get("/events", params={"q": words})
    assert r.status_code == 200, r.text
    found = re.search(r'<p id="found"[^>]*><strong>(\d+)</strong>', r.text)
    assert found, r.text[:500]
    listed = c.get("/api/events", params={"q": words, "limit": 1000}).json()["count"]
    downloaded = c.get("/api/events.csv", params={"q": words}).headers["x-count"]
    assert listed == int(downloaded), (words, listed, downloaded)
    return max(int(found.group(1)), listed)


def test_a_search_finds_nothing_by_what_is_withheld(
    setup: tuple[FastAPI, dict[str, Any]],
) -> None:
    """A word finds an event only in what the role is shown of it: searching for a
    protected post, its place or a protected source finds nothing for those who may not
    see them (the event list would otherwise say that a withheld text names them)."""
    app, _ = setup
    secret = [*POSTS, *PLACES, *PROTECTED]
    analyst = _client(app, "analyst")
    assert sum(_found(analyst, w) for w in secret) > 0  # they are there to be found
    for role in ("public", "liaison"):
        c = _client(app, role)
        assert {w: _found(c, w) for w in secret} == dict.fromkeys(secret, 0), role
        assert _found(c, "Khachmach") > 0  # the village itself is no secret


def test_a_withheld_claim_or_observation_is_answered_as_none(
    setup: tuple[FastAPI, dict[str, Any]],
) -> None:
    app, secrets = setup
    withheld = [w for w in secrets["words"] if w.startswith(("claim:", "observation:"))]
    assert withheld
    analyst = _client(app, "analyst")
    for role in ("public", "liaison"):
        c = _client(app, role)
        for ref in withheld:
            kind, _, rid = ref.partition(":")
            path = f"/{kind}s/{quote(rid, safe='')}"
            assert analyst.get(path).status_code == 200, path
            r, missing = c.get(path), c.get(f"/{kind}s/no-such-record")
            assert r.status_code == missing.status_code == 404
            assert r.text == missing.text
