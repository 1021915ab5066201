"""How logins are held back: failures counted per name and per client address, and the
password hashing (argon2id, 64 MiB and a few tenths of a second each) run a fixed
number at a time, so a flood of logins costs neither memory nor every thread.

Everything here lives in the memory of one process and is bounded: a server with
several workers counts per worker (docs/web.md).
"""

from __future__ import annotations

import ipaddress
import math
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from ceasewatch.errors import TooMany


class Throttle:
    """Failed logins per name: after ``limit`` failures within ``window`` seconds, that
    name is refused until the window has passed (whatever the password)."""

    def __init__(self, limit: int = 5, window: float = 300.0) -> None:
        self.limit, self.window = limit, window
        self.failures: dict[str, list[float]] = {}
        self.lock = threading.Lock()

    def check(self, key: str, now: float, name: str) -> None:
        with self.lock:
            recent = [t for t in self.failures.get(key, []) if now - t < self.window]
            self.failures[key] = recent
            if len(recent) >= self.limit:
                raise TooMany(
                    f"too many failed logins for {name!r}; try again in a few minutes",
                    retry_after=math.ceil(self.window - (now - recent[0])),
                )

    def failed(self, name: str, now: float) -> None:
        with self.lock:
            self.failures.setdefault(name, []).append(now)
            if len(self.failures) > 10_000:  # a flood of names: forget the oldest
                self.failures.pop(next(iter(self.failures)))

    def passed(self, name: str) -> None:
        with self.lock:
            self.failures.pop(name, None)


def client_key(address: str) -> str:
    """What a client address counts as: itself, an IPv4 address mapped into IPv6 as the
    IPv4 address, and any other IPv6 address as its /64 (one host usually holds the
    whole prefix, so counting addresses one by one would count nothing)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class AddressThrottle:
    """Logins per client address: at most ``limit`` failures within ``window`` seconds,
    then 429 until the oldest of them is ``window`` seconds old. A login in progress
    counts as a failure until it succeeds, so a burst of logins sent at once cannot all
    slip in before the first failure is counted. At most ``size`` addresses are
    remembered, the least recently seen forgotten first."""

    def __init__(self, limit: int = 10, window: float = 60.0, size: int = 50_000) -> None:
        self.limit, self.window, self.size = limit, window, size
        self.attempts: OrderedDict[str, list[float]] = OrderedDict()
        self.lock = threading.Lock()

    def begin(self, key: str, now: float) -> float:
        """Count a login from *key* (a ``client_key``) at *now*; ``TooMany`` if it has
        failed too often. Returns the attempt's mark for ``succeeded``."""
        with self.lock:
            recent = [t for t in self.attempts.pop(key, []) if now - t < self.window]
            if len(recent) >= self.limit:
                self.attempts[key] = recent
                wait = max(1, math.ceil(self.window - (now - recent[0])))
                raise TooMany(
                    f"too many failed logins from this address; try again in {wait} s",
                    retry_after=wait,
                )
            recent.append(now)
            self.attempts[key] = recent
            while len(self.attempts) > self.size:
                self.attempts.popitem(last=False)
            return now

    def succeeded(self, key: str, mark: float) -> None:
        """The attempt counted at *mark* succeeded: it is no failure."""
        with self.lock:
            recent = self.attempts.get(key)
            if recent and mark in recent:
                recent.remove(mark)


class Hashing:
    """At most ``slots`` password hashes computed at once; at most ``queue`` more callers
    wait for a slot, and any beyond are refused at once (``TooMany``) instead of each
    holding a thread of the server while it waits."""

    def __init__(self, slots: int = 2, queue: int = 16) -> None:
        self.slots = threading.BoundedSemaphore(slots)
        self.queue = queue
        self.waiting = 0
        self.lock = threading.Lock()

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self.lock:
            if self.waiting >= self.queue:
                raise TooMany("too many logins at once; try again in a moment", retry_after=2)
            self.waiting += 1
        try:
            self.slots.acquire()
        finally:
            with self.lock:
                self.waiting -= 1
        try:
            yield
        finally:
            self.slots.release()


THROTTLE = Throttle()
ADDRESSES = AddressThrottle()
HASHING = Hashing()
