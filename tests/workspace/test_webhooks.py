"""Webhooks: a real HTTP receiver on a local port gets each new published event and finding
that its subscription matches, once, signed with its secret; a failed delivery is sent
again after its pause and then never more; the public's view holds (no protected source,
post or place reaches a receiver); a bad URL is refused naming the field."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from ceasewatch.errors import InvalidInput
from ceasewatch.model import Family
from ceasewatch.model.access import PUBLISHED_EVENTS, PUBLISHED_FINDINGS
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.workspace import Workspace


class Receiver:
    """An HTTP server in a thread that keeps every POST (path, headers, body) and answers
    each with the next status of *answers* (200 once they are used up)."""

    def __init__(self, answers: list[int] | None = None) -> None:
        self.got: list[tuple[str, dict[str, str], bytes]] = []
        self.answers = list(answers or [])
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                outer.got.append((self.path, dict(self.headers.items()), body))
                status = outer.answers.pop(0) if outer.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def bodies(self, path: str) -> list[dict[str, Any]]:
        return [json.loads(b) for p, _, b in self.got if p == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def _drain(ws: Workspace) -> None:
    while ws.send_webhooks(limit=500).tried:
        pass


def _ids(bodies: list[dict[str, Any]], kind: str) -> list[str]:
    return sorted(b[kind]["id"] for b in bodies if b["kind"] == kind)


def _parties(e: Any) -> set[str]:
    return {a.party for a in e.actors if a.party}


def test_each_receiver_gets_what_it_subscribed_to_once_and_signed(
    ws: Workspace, receiver: Receiver
) -> None:
    everything = ws.add_webhook(receiver.url("/all"))
    az_fire = ws.add_webhook(
        receiver.url("/az-fire"), "events", families=(Family.CEASEFIRE_VIOLATION,), party="AZ"
    )
    am_findings = ws.add_webhook(receiver.url("/am-findings"), "findings", party="AM")
    ws.load_scenario("karabakh-2020")
    ws.extract_claims()
    ws.corroborate()
    for e in ws.events():  # an analyst verifies the violations (and one event besides)
        if e.status.value == "unverified" and (
            e.family is Family.CEASEFIRE_VIOLATION or e.family is Family.MISSION_ACTIVITY
        ):
            ws.verify_event(e.id, "verified", "seen by two patrols")
    ws.assess(as_of=date(2025, 1, 1))
    _drain(ws)

    published = [e for e in ws.events() if e.status.value in PUBLISHED_EVENTS]
    findings = [f for f in ws.findings() if f.status.value in PUBLISHED_FINDINGS]
    assert published and findings
    got = receiver.bodies("/all")
    # every published event and finding, each once (what was published and then merged
    # away in a later write was sent too: it was published when it was sent)
    assert len(_ids(got, "event")) == len(set(_ids(got, "event")))
    assert {e.id for e in published} <= set(_ids(got, "event"))
    assert _ids(got, "finding") == sorted(f.id for f in findings)
    assert all(b["path"] == f"/{b['kind']}s/{b[b['kind']]['id']}" for b in got)
    # the filtered ones: only what matches
    fire = receiver.bodies("/az-fire")
    expected = {
        e.id for e in published if e.family is Family.CEASEFIRE_VIOLATION and "AZ" in _parties(e)
    }
    assert expected and expected <= set(_ids(fire, "event"))
    assert all(
        b["event"]["family"] == "ceasefire_violation"
        and "AZ" in {a["party"] for a in b["event"]["actors"]}
        for b in fire
    )
    assert _ids(fire, "finding") == []
    am = receiver.bodies("/am-findings")
    assert _ids(am, "finding") == sorted(f.id for f in findings if f.party == "AM")
    assert _ids(am, "event") == []
    # signed with each subscription's secret, named and numbered in the headers
    secrets = {
        "/all": everything.secret,
        "/az-fire": az_fire.secret,
        "/am-findings": am_findings.secret,
    }
    for path, headers, body in receiver.got:
        secret = secrets[path]
        assert secret
        mac = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        assert headers["X-Ceasewatch-Signature-256"] == f"sha256={mac}"
        sent = json.loads(body)
        assert headers["X-Ceasewatch-Event"] == f"{sent['kind']}.published"
        assert headers["X-Ceasewatch-Delivery"] == sent["delivery"]
        assert headers["Content-Type"] == "application/json"
    # nothing is sent twice: a published event changed again is not news
    before = len(receiver.got)
    again = next(e for e in published if e.status.value == "corroborated")
    ws.verify_event(again.id, "verified", "seen by a patrol")
    _drain(ws)
    assert len(receiver.got) == before
    states = {d["state"] for d in ws.webhook_deliveries(limit=10_000)}
    assert states == {"delivered"}
    listed = {s.id: s for s in ws.webhooks()}
    assert listed[everything.id].delivered == len(got) and listed[everything.id].pending == 0
    assert all(s.secret is None for s in listed.values())  # shown once, when made


def test_a_failed_delivery_is_sent_again_after_its_pause_then_never_more(ws: Workspace) -> None:
    receiver = Receiver([500])
    try:
        ws.load_scenario("karabakh-2020")
        ws.add_webhook(receiver.url("/hook"), "events")
        pending = next(e for e in ws.events() if e.status.value not in PUBLISHED_EVENTS)
        ws.verify_event(pending.id, "verified", "confirmed on the ground")
        first = ws.send_webhooks()
        assert (first.tried, first.delivered, first.retrying) == (1, 0, 1)
        [d] = ws.webhook_deliveries()
        assert (d["state"], d["attempts"], d["last_status"]) == ("pending", 1, 500)
        assert ws.send_webhooks().tried == 0  # not before its pause
        now = ws.clock()
        ws.clock = lambda: now + timedelta(minutes=5)
        second = ws.send_webhooks()
        assert (second.tried, second.delivered) == (1, 1)
        [d] = ws.webhook_deliveries()
        assert (d["state"], d["attempts"], d["last_status"]) == ("delivered", 2, 200)
        ws.clock = lambda: now + timedelta(days=2)
        assert ws.send_webhooks().tried == 0
        bodies = receiver.bodies("/hook")
        assert len(bodies) == 2 and bodies[0] == bodies[1]  # the same delivery, again
        assert bodies[0]["event"]["id"] == pending.id
    finally:
        receiver.close()


def test_the_servers_sender_delivers_what_a_write_publishes(
    ws: Workspace, receiver: Receiver
) -> None:
    ws.load_scenario("karabakh-2020")
    ws.add_webhook(receiver.url("/hook"), "events")
    ws.start_webhooks()
    try:
        pending = next(e for e in ws.events() if e.status.value not in PUBLISHED_EVENTS)
        ws.verify_event(pending.id, "verified", "confirmed on the ground")
        deadline = time.monotonic() + 10
        while not receiver.got and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        ws.stop_webhooks()
    assert [b["event"]["id"] for b in receiver.bodies("/hook")] == [pending.id]
    assert [d["state"] for d in ws.webhook_deliveries()] == ["delivered"]


def test_a_failed_write_queues_nothing(ws: Workspace, receiver: Receiver) -> None:
    ws.load_scenario("karabakh-2020")
    ws.add_webhook(receiver.url("/hook"))
    pending = next(e for e in ws.events() if e.status.value not in PUBLISHED_EVENTS)
    with pytest.raises(InvalidInput):
        ws.verify_event(pending.id, "no such status", "a typo")
    assert ws.webhook_deliveries() == []


POSTS = ("OP-5", "OP-12")


def test_no_protected_source_post_or_place_reaches_a_receiver(
    ws: Workspace, receiver: Receiver
) -> None:
    ws.add_webhook(receiver.url("/hook"))
    ws.load_scenario("karabakh-2020")
    ws.extract_claims()
    ws.corroborate()
    guarded = {o.id for o in ws.observations() if o.observer in POSTS}
    published = []
    for e in ws.events():
        if {m["ref"] for m in ws.event_dossier(e.id)["members"]} & {
            f"observation:{o}" for o in guarded
        }:
            if e.status.value not in PUBLISHED_EVENTS:
                ws.verify_event(e.id, "verified", "published for the test")
            published.append(e.id)
    ws.assess(as_of=date(2025, 1, 1))
    _drain(ws)
    assert published and set(published) <= set(_ids(receiver.bodies("/hook"), "event"))
    protected = [s for s in ws.sources() if s.protected]
    assert protected
    words = [*POSTS, *guarded, *(s.id for s in protected), *(s.name for s in protected)]
    words += [o.position.name for o in ws.observations() if o.observer in POSTS and o.position.name]
    sent = b"\n".join(body for _, _, body in receiver.got).decode()
    assert [w for w in words if w and w in sent] == []


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/hook", "example.org/hook", "https://", "https://me:pw@example.org/",
     "http://example.org:99999/", "javascript:alert(1)", "http://[::1/hook",
     "http://exa mple.org/", "https://example.org/\x00", "https://example.org/hook#top"],
)  # fmt: skip
def test_a_bad_url_is_refused_naming_the_field(ws: Workspace, url: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        ws.add_webhook(url)
    assert refused.value.field == "url" and ws.webhooks() == []


def test_a_zone_the_agreement_lacks_is_refused(ws: Workspace) -> None:
    ws.load_scenario("karabakh-2020")
    with pytest.raises(InvalidInput) as refused:
        ws.add_webhook("https://example.org/hook", zone="atlantis")
    assert refused.value.field == "zone" and "atlantis" in str(refused.value)


def test_adding_and_removing_a_subscription_is_logged_and_its_secret_is_not(
    ws: Workspace,
) -> None:
    made = ws.add_webhook("https://example.org/hook", "findings", party="AM")
    assert made.secret and made.secret.startswith("whsec_")
    from ceasewatch.workspace import ledgering

    with ws.engine.connect() as conn:
        [entry] = ledgering.versions(conn, "webhook", made.id)
        logged = [
            t for _, kind, _, _, t, _, _ in ledger_repo.iter_entries(conn) if kind == "webhook"
        ]
    assert entry["op"] == "create" and entry["actor"] == ws.actor
    assert len(logged) == 1 and made.secret not in str(logged)
    ws.remove_webhook(made.id)
    assert ws.webhooks() == []
    with ws.engine.connect() as conn:
        ops = [
            op for _, kind, _, op, _, _, _ in ledger_repo.iter_entries(conn) if kind == "webhook"
        ]
    assert ops == ["create", "delete"]
    ws.ledger_head()
    assert ws.ledger_verify().ok


def test_what_was_published_before_a_write_is_not_news(ws: Workspace, receiver: Receiver) -> None:
    ws.load_scenario("karabakh-2020")
    ws.corroborate()
    old = next(e for e in ws.events() if e.status.value == "corroborated")
    ws.add_webhook(receiver.url("/hook"))  # after it was published
    ws.verify_event(old.id, "verified", "seen by a patrol")  # changed, published still
    assert ws.webhook_deliveries() == []
    ws.verify_event(old.id, "disputed", "the patrol was mistaken")
    ws.verify_event(old.id, "verified", "seen again")  # published again: news
    _drain(ws)
    assert [b["event"]["id"] for b in receiver.bodies("/hook")] == [old.id]
