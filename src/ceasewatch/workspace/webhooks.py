"""Webhooks: each new published event and finding POSTed to the subscribers it matches
(docs/web.md, "Webhooks").

A subscription names a URL, what it wants (events, findings or both) and the Atom feed's
filter (a zone of an agreement, families, a party: feeds.py chooses what matches, for
both). Its secret, made here and shown once, signs every body (HMAC-SHA256).

Queuing: a write transaction notes the ledger's size as it begins (when any subscription
exists); before it commits, the events and findings its entries created or changed that
it published (published now, not in their last entry before it), that match a
subscription and were never queued for it, are queued, each with its body: the public's
view of the record (the redaction step of views.py, whoever wrote). So what a write
publishes is queued with it, or neither is kept.

Sending: the server's sender (``sender.Sender``, a thread beside the clusterer) POSTs
what is due with a short timeout; a 2xx marks it delivered, never to be sent again;
anything else (a refusal, a timeout, a non-2xx answer) is tried again later, the pause
doubling up to an hour, until ``MAX_ATTEMPTS`` have failed ("failed"). A sender takes a
delivery before sending it, so two workers of a server never send one at once.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection

from ceasewatch import __version__
from ceasewatch.errors import InvalidInput, NotFound
from ceasewatch.ledger.entries import Op
from ceasewatch.ledger.records import item
from ceasewatch.model import Family, Finding
from ceasewatch.model.access import PUBLISHED_EVENTS, PUBLISHED_FINDINGS
from ceasewatch.model.agreement import Agreement
from ceasewatch.store import findings as findings_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import webhooks as repo
from ceasewatch.workspace import feeds, views
from ceasewatch.workspace.members import stored_agreements
from ceasewatch.workspace.parsing import Stamp

WANTS = ("events", "findings", "both")
TIMEOUT = 5.0  # seconds to connect and to be answered
FIRST_RETRY = 10.0  # seconds after a first failure; doubling up to MAX_RETRY
MAX_RETRY = 3600.0
MAX_ATTEMPTS = 30  # then the delivery is marked failed (about a day of trying)
MAX_URL = 2000
EVENT_HEADER = "X-Ceasewatch-Event"
DELIVERY_HEADER = "X-Ceasewatch-Delivery"
SIGNATURE_HEADER = "X-Ceasewatch-Signature-256"


def stamp_of(when: datetime) -> str:
    """A time as the deliveries keep it: UTC, fixed width, so that text order is time
    order on both databases."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def check_url(url: str) -> str:
    """The URL, if a webhook may be sent to it: http or https, a host, no user name or
    password in it (they would be logged in the ledger), no fragment."""
    url = url.strip()
    if len(url) > MAX_URL or any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise InvalidInput(
            f"a webhook's URL has at most {MAX_URL} characters, no spaces or control characters",
            field="url",
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port out of range raises here)
    except ValueError as exc:
        raise InvalidInput(f"{url!r} is not a URL: {exc}", field="url") from None
    if parts.scheme not in ("http", "https"):
        raise InvalidInput(
            f"{url!r} is not an http:// or https:// URL: a webhook is POSTed over HTTP",
            field="url",
        )
    if not parts.hostname:
        raise InvalidInput(f"{url!r} names no host", field="url")
    if parts.username or parts.password:
        raise InvalidInput(
            "a webhook's URL may not hold a user name or password (the ledger logs the URL); "
            "the signature tells the receiver the request is ours",
            field="url",
        )
    if parts.fragment:
        raise InvalidInput(f"{url!r}: a URL sent to has no #fragment", field="url")
    return url


def check_wants(wants: str) -> str:
    if wants not in WANTS:
        raise InvalidInput(f"{wants!r}: a webhook wants one of {', '.join(WANTS)}", field="wants")
    return wants


@dataclass(frozen=True, slots=True)
class Subscription:
    id: str
    url: str
    wants: str
    agreement: str | None
    zone: str | None
    families: tuple[Family, ...]
    party: str | None
    created_by: str
    created_at: str
    pending: int = 0
    delivered: int = 0
    failed: int = 0
    secret: str | None = None  # given once, when it is made

    @property
    def filter(self) -> feeds.FeedFilter:
        return feeds.FeedFilter(self.zone, self.families, self.party)

    def takes(self, kind: str) -> bool:
        return self.wants in ("both", kind + "s")

    def as_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "url": self.url,
            "wants": self.wants,
            "agreement": self.agreement,
            "zone": self.zone,
            "families": [f.value for f in self.families],
            "party": self.party,
            "created_by": self.created_by,
            "created_at": self.created_at,
            "pending": self.pending,
            "delivered": self.delivered,
            "failed": self.failed,
        }
        if self.secret is not None:
            out["secret"] = self.secret
        return out


def _subscription(row: dict[str, Any], secret: str | None = None) -> Subscription:
    return Subscription(
        id=row["id"],
        url=row["url"],
        wants=row["wants"],
        agreement=row["agreement"],
        zone=row["zone"],
        families=tuple(Family(f) for f in json.loads(row["families"] or "[]")),
        party=row["party"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        pending=int(row.get("pending", 0)),
        delivered=int(row.get("delivered", 0)),
        failed=int(row.get("failed", 0)),
        secret=secret,
    )


def _agreement_of(stored: list[Agreement], agreement_id: str | None) -> Agreement | None:
    """The agreement named, else the first stored (as the Atom feed chooses)."""
    if agreement_id:
        found = next((a for a in stored if a.id == agreement_id), None)
        if found is None:
            raise InvalidInput(f"no stored agreement {agreement_id!r}", field="agreement")
        return found
    return stored[0] if stored else None


def subscribe(
    conn: Connection,
    url: str,
    wants: str,
    wanted: feeds.FeedFilter,
    agreement_id: str | None,
    stamp: Stamp,
) -> Subscription:
    """Store a subscription, logged in the ledger (its secret not); returns it with its
    secret, the only time the secret is shown."""
    url, wants = check_url(url), check_wants(wants)
    if wanted.zone:
        feeds.check(_agreement_of(stored_agreements(conn), agreement_id), wanted)
    elif agreement_id:
        _agreement_of(stored_agreements(conn), agreement_id)
    row = {
        "id": "wh-" + secrets.token_hex(6),
        "url": url,
        "wants": wants,
        "agreement": agreement_id or None,
        "zone": wanted.zone or None,
        "families": json.dumps(sorted(f.value for f in wanted.families)),
        "party": wanted.party or None,
        "created_by": stamp.actor,
        "created_at": stamp.time,
    }
    secret = "whsec_" + secrets.token_urlsafe(32)
    ledger_repo.lock(conn)
    repo.insert(conn, row, secret)
    ledger_repo.append(
        conn, [item("webhook", str(row["id"]), row, stamp.actor, stamp.time, stamp.reason)]
    )
    return _subscription(row, secret)


def unsubscribe(conn: Connection, webhook_id: str, stamp: Stamp) -> None:
    """Remove a subscription with its secret and deliveries; the removal is logged."""
    if repo.get(conn, webhook_id) is None:
        raise NotFound("webhook", webhook_id)
    ledger_repo.lock(conn)
    repo.remove(conn, webhook_id)
    entry = item("webhook", webhook_id, None, stamp.actor, stamp.time, stamp.reason, Op.DELETE)
    ledger_repo.append(conn, [entry])


def listed(conn: Connection) -> list[Subscription]:
    return [_subscription(r) for r in repo.subscriptions(conn)]


# -- queuing, in the transaction that publishes -----------------------------------------------


def queue_published(conn: Connection, since: int, now: datetime) -> int:
    """Queue, for each subscription, the events and findings that the entries from
    *since* on created or changed, that are published now, match it, and were never
    queued for it. Returns how many deliveries were queued. Only what this write
    published is new: a record published before it (its last ledger entry before
    *since* says so) is not sent again when it changes, nor to a subscription made
    since. A write that publishes nothing new costs a few small queries; the filters
    run on what it does."""
    touched = ledger_repo.records_from(conn, since, ("event", "finding"))
    events = repo.published_among(conn, sorted(touched["event"])) if touched["event"] else []
    findings = [
        f
        for f in _findings(conn, sorted(touched["finding"]))
        if f.status.value in PUBLISHED_FINDINGS
    ]
    # published by this write: not so in their last entry before it
    events = _newly(conn, "event", events, since, PUBLISHED_EVENTS)
    kept = set(_newly(conn, "finding", [f.id for f in findings], since, PUBLISHED_FINDINGS))
    findings = [f for f in findings if f.id in kept]
    if not events and not findings:
        return 0
    subs = [_subscription(r) for r in repo.subscriptions(conn, counts=False)]
    done = repo.queued_for(conn, "event", events) | repo.queued_for(
        conn, "finding", [f.id for f in findings]
    )
    at = stamp_of(now)
    hide: Any = None
    stored: list[Agreement] | None = None
    rows: list[dict[str, Any]] = []
    for sub in subs:
        new_events = [i for i in events if (sub.id, i) not in done] if sub.takes("event") else []
        new_findings = (
            [f for f in findings if (sub.id, f.id) not in done] if sub.takes("finding") else []
        )
        if not new_events and not new_findings:
            continue
        if hide is None or stored is None:
            hide = views.protected(conn)  # the public's view, whoever wrote
            stored = stored_agreements(conn)
        try:
            agreement = _agreement_of(stored, sub.agreement)
            if sub.zone and agreement is None:
                continue  # its agreement was replaced by none: nothing can match
            if new_events:
                found = feeds.published_events(conn, agreement, sub.filter, hide, among=new_events)
                rows += _rows(sub, "event", [(e.id, _event_body(e, hide)) for e in found], at)
            if new_findings:
                matched = _matching_findings(conn, new_findings, agreement, sub.filter, hide)
                rows += _rows(sub, "finding", [(f.id, _finding_body(f, hide)) for f in matched], at)
        except InvalidInput:  # its zone is no longer the agreement's: it matches nothing
            continue
    repo.enqueue(conn, rows)
    return len(rows)


def _newly(
    conn: Connection, kind: str, ids: list[str], since: int, published: tuple[str, ...]
) -> list[str]:
    """Those of *ids* that were not published before the entries from *since* on."""
    if not ids:
        return []
    before = ledger_repo.states_before(conn, kind, ids, since)
    return [i for i in ids if str((before.get(i) or {}).get("status")) not in published]


def _findings(conn: Connection, ids: Sequence[str]) -> list[Finding]:
    out = []
    for fid in ids:
        f = findings_repo.get_finding(conn, fid)
        if f is not None:
            out.append(f)
    return out


def _matching_findings(
    conn: Connection,
    findings: list[Finding],
    agreement: Agreement | None,
    wanted: feeds.FeedFilter,
    hide: Any,
) -> list[Finding]:
    shown: set[str] = set()
    if wanted.zone or wanted.families:
        cited = sorted(set().union(*(feeds.evidence_events(f) for f in findings)))
        if cited:
            shown = {
                e.id for e in feeds.published_events(conn, agreement, wanted, hide, among=cited)
            }
    return [f for f in findings if feeds.finding_wanted(f, agreement, wanted, shown)]


def _event_body(e: Any, hide: Any) -> dict[str, Any]:
    return {"kind": "event", "path": f"/events/{e.id}", "event": views.event_out(e, hide)}


def _finding_body(f: Finding, hide: Any) -> dict[str, Any]:
    return {"kind": "finding", "path": f"/findings/{f.id}", "finding": views.finding_out(f, hide)}


def _rows(
    sub: Subscription, kind: str, found: list[tuple[str, dict[str, Any]]], at: str
) -> list[dict[str, Any]]:
    rows = []
    for rid, body in found:
        delivery = "dlv-" + secrets.token_hex(8)
        full = {"delivery": delivery, "subscription": sub.id, "published": at, **body}
        rows.append(
            {
                "id": delivery,
                "webhook_id": sub.id,
                "kind": kind,
                "record_id": rid,
                "body": json.dumps(full, ensure_ascii=False, sort_keys=True),
                "queued": at,
                "state": repo.PENDING,
                "attempts": 0,
                "due": at,
            }
        )
    return rows


# -- sending ------------------------------------------------------------------------------


def signature(secret: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the HMAC-SHA256 of the body, in hex."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def post(url: str, body: bytes, headers: dict[str, str], timeout: float = TIMEOUT) -> int:
    """POST *body* to *url*; the answer's status (redirects are not followed). A
    connection refused, a timeout or a broken answer raise OSError or HTTPException."""
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = kind(parts.hostname or "", parts.port, timeout=timeout)
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request("POST", path, body=body, headers=headers)
        answer = conn.getresponse()
        answer.read(64 * 1024)
        return int(answer.status)
    finally:
        conn.close()


def headers_for(delivery: dict[str, Any]) -> dict[str, str]:
    body = delivery["body"].encode("utf-8")
    return {
        "Content-Type": "application/json",
        "User-Agent": f"ceasewatch/{__version__} (webhook)",
        EVENT_HEADER: f"{delivery['kind']}.published",
        DELIVERY_HEADER: delivery["id"],
        SIGNATURE_HEADER: signature(delivery["secret"], body),
    }


def retry_after(attempts: int) -> float:
    """Seconds before the next try, after *attempts* failed ones."""
    return float(min(MAX_RETRY, FIRST_RETRY * 2 ** max(0, min(attempts - 1, 20))))


def attempt(delivery: dict[str, Any], timeout: float = TIMEOUT) -> tuple[int | None, str | None]:
    """Send one delivery: (status, None) when it was answered, (status or None, why)
    when it failed."""
    try:
        status = post(
            delivery["url"], delivery["body"].encode("utf-8"), headers_for(delivery), timeout
        )
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    if 200 <= status < 300:
        return status, None
    return status, f"answered {status}"


def after(now: datetime, seconds: float) -> str:
    return stamp_of(now + timedelta(seconds=seconds))
