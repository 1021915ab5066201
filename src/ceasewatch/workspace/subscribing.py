"""The Workspace's webhooks (workspace/webhooks.py): subscriptions made and removed by an
admin, each logged in the ledger; the deliveries' state; the sender the server runs
beside its clusterer, and one pass of it for ``ceasewatch webhooks send``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from ceasewatch.errors import InvalidInput, StoreError
from ceasewatch.model import Family
from ceasewatch.store import webhooks as repo
from ceasewatch.workspace.base import Base
from ceasewatch.workspace.sender import SendReport

if TYPE_CHECKING:
    from ceasewatch.workspace import webhooks


class Subscribing(Base):
    """Webhooks of new published events and findings (docs/web.md, "Webhooks")."""

    def add_webhook(
        self,
        url: str,
        wants: str = "both",
        zone: str | None = None,
        families: tuple[Family, ...] = (),
        party: str | None = None,
        agreement_id: str | None = None,
    ) -> webhooks.Subscription:
        """Subscribe *url* to the new published events, findings or both of a zone, some
        families and a party (the Atom feed's filter). The answer holds the secret that
        signs every delivery: it is shown this once."""
        from ceasewatch.workspace import webhooks
        from ceasewatch.workspace.feeds import FeedFilter

        wanted = FeedFilter(zone or None, tuple(families), party or None)
        with self._write() as conn:
            stamp = self._stamp(f"webhook to {url[:200]}")
            return webhooks.subscribe(conn, url, wants, wanted, agreement_id, stamp)

    def webhooks(self) -> list[webhooks.Subscription]:
        """The subscriptions, with how many of their deliveries wait, were delivered and
        failed (never their secrets)."""
        from ceasewatch.workspace import webhooks

        with self._read() as conn:
            return webhooks.listed(conn)

    def remove_webhook(self, webhook_id: str) -> None:
        """Remove a subscription, its secret and its deliveries (logged in the ledger)."""
        from ceasewatch.workspace import webhooks

        with self._write() as conn:
            webhooks.unsubscribe(conn, webhook_id, self._stamp(f"webhook {webhook_id} removed"))

    def webhook_deliveries(
        self, webhook_id: str | None = None, state: str | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        """The latest deliveries (of one subscription, in one state), without bodies."""
        if state and state not in (repo.PENDING, repo.DELIVERED, repo.FAILED):
            raise InvalidInput(
                f"{state!r}: a delivery is pending, delivered or failed", field="state"
            )
        with self._read() as conn:
            return repo.deliveries(conn, webhook_id, state, limit)

    def send_webhooks(self, limit: int = 20) -> SendReport:
        """Send the deliveries that are due (at most *limit*), one after the other; each
        taken first, so that no other sender sends it meanwhile."""
        from datetime import datetime

        from ceasewatch.workspace import webhooks

        report = SendReport()
        now = self.clock()
        lease = webhooks.after(now, webhooks.TIMEOUT * 3)
        with self._bookkeeping() as conn:
            due = repo.due(conn, webhooks.stamp_of(now), limit)
            taken = [d for d in due if repo.claim(conn, d["id"], d["due"], lease)]
        for d in taken:
            status, error = webhooks.attempt(d)
            report.tried += 1
            attempts = int(d["attempts"]) + 1
            retry = None
            if error is None:
                report.delivered += 1
            elif attempts >= webhooks.MAX_ATTEMPTS:
                report.failed += 1
                report.errors.append(f"{d['id']} to {d['url']}: {error}; given up")
            else:
                report.retrying += 1
                retry = webhooks.after(self.clock(), webhooks.retry_after(attempts))
                report.errors.append(f"{d['id']} to {d['url']}: {error}")
            with self._bookkeeping() as conn:
                repo.record_attempt(
                    conn,
                    d["id"],
                    delivered=webhooks.stamp_of(self.clock()) if error is None else None,
                    status=status,
                    error=error,
                    retry_at=retry,
                )
        if not report.tried:
            with self._read() as conn:
                nxt = repo.next_due(conn)
            if nxt is not None:
                now_text = webhooks.stamp_of(self.clock())
                report.next_in = max(
                    0.0,
                    (
                        datetime.fromisoformat(nxt.replace("Z", "+00:00"))
                        - datetime.fromisoformat(now_text.replace("Z", "+00:00"))
                    ).total_seconds(),
                )
        return report

    def start_webhooks(self) -> None:
        """Start the sender (the server does, beside its clusterer)."""
        self._sender.start()

    def stop_webhooks(self) -> None:
        """Stop the sender once the delivery in hand is done; what waits stays queued."""
        self._sender.stop()

    @contextmanager
    def _bookkeeping(self) -> Iterator[Connection]:
        """A write transaction of the sender's own state: outside the ledger, queues
        nothing."""
        try:
            with self._turns, self._transaction(write=True, snapshot=False) as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"the database refused the write: {exc}") from None
