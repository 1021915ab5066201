"""The login throttles and the bound on password hashing, on their own."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from ceasewatch.errors import TooMany
from ceasewatch.workspace.logins import AddressThrottle, Hashing, client_key


def test_addresses_count_as_their_host_or_their_ipv6_prefix() -> None:
    assert client_key("192.0.2.1") == "192.0.2.1"
    assert client_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9")
    assert client_key("2001:db8:1:2::1") != client_key("2001:db8:1:3::1")
    assert client_key("testclient") == "testclient"


def test_an_address_is_refused_until_its_oldest_failure_is_a_window_old() -> None:
    throttle = AddressThrottle(limit=3, window=60.0)
    marks = [throttle.begin("a", t) for t in (0.0, 10.0, 20.0)]
    with pytest.raises(TooMany) as refused:
        throttle.begin("a", 30.0)
    assert refused.value.retry_after == 30  # the failure at 0 ends at 60
    throttle.begin("b", 30.0)  # another address is not held back
    throttle.succeeded("a", marks[1])  # a login that succeeded is no failure
    throttle.begin("a", 31.0)
    with pytest.raises(TooMany):
        throttle.begin("a", 32.0)
    throttle.begin("a", 61.0)  # the failure at 0 has aged out


def test_the_throttle_remembers_a_bounded_number_of_addresses() -> None:
    throttle = AddressThrottle(limit=1, window=60.0, size=100)
    for i in range(1000):
        throttle.begin(f"10.0.{i // 256}.{i % 256}", 0.0)
    assert len(throttle.attempts) == 100


def test_hashing_runs_a_fixed_number_at_once_and_turns_away_a_crowd() -> None:
    hashing = Hashing(slots=2, queue=3)
    release = threading.Event()
    inside, most, refused = 0, 0, 0
    lock = threading.Lock()

    def login() -> None:
        nonlocal inside, most, refused
        try:
            with hashing.slot():
                with lock:
                    inside += 1
                    most = max(most, inside)
                release.wait(10)
                with lock:
                    inside -= 1
        except TooMany:
            with lock:
                refused += 1

    def until(done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + 10
        while not done() and time.monotonic() < deadline:
            time.sleep(0.005)

    threads = [threading.Thread(target=login) for _ in range(8)]
    for t in threads[:2]:
        t.start()
    until(lambda: inside == 2)
    for t in threads[2:5]:
        t.start()
    until(lambda: hashing.waiting == 3)
    for t in threads[5:]:  # turned away at once, while the others wait
        t.start()
        t.join(10)
    assert refused == 3 and most == 2
    release.set()
    for t in threads:
        t.join()
    assert most == 2 and refused == 3 and hashing.waiting == 0
