"""What the map page asks the API for: the town names of the agreement's gazetteer, and
events by party and by words (the map's filters)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.support import PASSWORD


def _client(app: FastAPI, role: str | None = None) -> TestClient:
    c = TestClient(app)
    if role is not None:
        r = c.post("/api/session", json={"name": role, "password": PASSWORD})
        assert r.status_code == 200, r.text
    return c


def _events(c: TestClient, **params: str) -> list[dict]:  # type: ignore[type-arg]
    r = c.get("/api/events", params={"limit": "1000", **params})
    assert r.status_code == 200, r.text
    return r.json()["events"]  # type: ignore[no-any-return]


def test_the_agreements_places_with_coordinates(app: FastAPI) -> None:
    public = _client(app)
    r = public.get("/api/agreements/karabakh-2020/places")
    assert r.status_code == 200 and r.headers["etag"]
    found = {p["name"]: p for p in r.json()}
    # rows of the bundled gazetteer (karabakh-2020.gazetteer.csv), as written there
    assert found["Khankendi"] == {"name": "Khankendi", "lat": 39.8177, "lon": 46.7528,
                                  "kind": "city (PPL)"}  # fmt: skip
    assert found["Lachin"]["kind"] == "town"
    assert all(p["lat"] is not None and p["lon"] is not None for p in found.values())
    assert list(found) == sorted(found)
    # the zones are drawn as zones, not named as towns
    assert "Lachin corridor" not in found
    assert public.get("/api/agreements/no-such/places").status_code == 404


def test_events_by_words_and_by_party(app: FastAPI) -> None:
    analyst = _client(app, "analyst")
    everything = _events(analyst)
    lachin = _events(analyst, q="LACHIN")
    assert 0 < len(lachin) < len(everything)
    for e in lachin:
        shown = " ".join(
            [
                e["place"]["name"] or "",
                e["place"]["admin1"] or "",
                e["place"]["admin2"] or "",
                e["type"],
                e["notes"] or "",
            ]
            + [a["name"] for a in e["actors"]]
        ).lower()
        assert "lachin" in shown
    # two words: both must be there, so never more than with one
    both = _events(analyst, q="lachin corridor")
    assert {e["id"] for e in both} <= {e["id"] for e in lachin}
    az = _events(analyst, party="AZ")
    assert 0 < len(az) < len(everything)
    assert all(any(a["party"] == "AZ" for a in e["actors"]) for e in az)
    az_lachin = _events(analyst, party="AZ", q="lachin")
    assert {e["id"] for e in az_lachin} == {e["id"] for e in az} & {e["id"] for e in lachin}
    assert _events(analyst, q="no-such-word-anywhere") == []
    r = analyst.get("/api/events", params={"q": "x" * 201})
    assert r.status_code == 422
    r = analyst.get("/api/events", params={"q": "a\x00b"})
    assert r.status_code in (400, 422) and r.json()["error"]["field"] == "q"


def test_the_public_searches_only_what_it_is_shown(app: FastAPI) -> None:
    public = _client(app)
    analyst = _client(app, "analyst")
    published = {e["id"] for e in _events(public)}
    # a search answered by the database still keeps to the published events
    for word in ("lachin", "khankendi", "az"):
        seen = {e["id"] for e in _events(public, q=word)}
        assert seen <= published
        assert seen == {e["id"] for e in _events(analyst, q=word)} & published
