"""The server's webhook sender: a thread that sends what is due, beside the clusterer
and with the same life cycle (asgi.py starts it, and stops it at the end). What it sends
and how: workspace/webhooks.py. Kept apart so that opening a Workspace loads nothing
more than this."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

POLL = 5.0  # seconds between looks for deliveries queued by other processes
log = logging.getLogger("ceasewatch.webhooks")


@dataclass
class SendReport:
    """One pass of the sender: what was tried, delivered and failed for good, and the
    seconds until the next delivery is due (None: none waits)."""

    tried: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    next_in: float | None = None
    errors: list[str] = field(default_factory=list)


class Sender:
    """Runs *send* (one pass: ``SendReport``) in a thread, again at once while deliveries
    were due, else when woken or when the next one is due (at most ``poll`` seconds
    later, for deliveries queued by another process). A failed pass (the database busy)
    is logged and tried again after a pause. Until started, a wake does nothing."""

    def __init__(self, send: Callable[[], SendReport], poll: float = POLL) -> None:
        self._send = send
        self.poll = poll
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._halt = threading.Event()
        self._woken = threading.Event()

    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._halt.clear()
            self._thread = threading.Thread(
                target=self._run, name="ceasewatch-webhooks", daemon=True
            )
            self._thread.start()

    def wake(self) -> None:
        self._woken.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the delivery in hand and stop."""
        with self._lock:
            thread, self._thread = self._thread, None
            self._halt.set()
            self._woken.set()
        if thread is not None:
            thread.join(timeout)

    @property
    def running(self) -> bool:
        with self._lock:
            return self._thread is not None

    def _run(self) -> None:
        failures = 0
        while not self._halt.is_set():
            self._woken.clear()
            try:
                report = self._send()
                failures = 0
            except Exception:  # the thread must not die with deliveries queued
                failures += 1
                log.exception("sending the webhooks' deliveries failed (attempt %d)", failures)
                self._halt.wait(min(30.0, 0.5 * 2 ** min(failures, 8)))
                continue
            if report.tried:
                continue  # more may be due
            wait = self.poll if report.next_in is None else min(self.poll, report.next_in)
            self._woken.wait(max(0.01, wait))
