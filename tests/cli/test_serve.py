"""``ceasewatch serve`` against hostile clients: the real command in a child process, on
loopback, with short timeouts and a small connection cap so that each limit shows in a
second or two."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from ceasewatch.workspace import Workspace

HEADER_TIMEOUT = 0.6
BODY_TIMEOUT = 0.6
CAP = 24


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    folder = tmp_path_factory.mktemp("serve")
    env = {**os.environ, "CEASEWATCH_KEY": str(folder / "ledger.key")}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CEASEWATCH_KEY", env["CEASEWATCH_KEY"])
        Workspace.init(str(folder / "w.db")).close()
    port = free_port()
    args = ["--db", str(folder / "w.db"), "serve", "--port", str(port),
            "--header-timeout", str(HEADER_TIMEOUT), "--body-timeout", str(BODY_TIMEOUT),
            "--max-connections", str(CAP)]  # fmt: skip
    child = subprocess.Popen(
        [sys.executable, "-c", "from ceasewatch.cli import main; main()", *args],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or child.poll() is not None:
                    raise RuntimeError("ceasewatch serve did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        child.terminate()
        child.wait(10)


def ask(port: int, head: bytes) -> bytes:
    """Send a whole request and read the answer until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
        return out


def get(port: int, path: str, host: str = "127.0.0.1") -> bytes:
    return ask(port, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())


def read_until_closed(s: socket.socket) -> tuple[bytes, float]:
    """What the server sent before closing, and when it closed (seconds from now)."""
    t0, out = time.monotonic(), b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        out += chunk
    return out, time.monotonic() - t0


def test_a_slow_head_is_cut_off_after_the_header_timeout(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server), timeout=10) as s:
        t0 = time.monotonic()
        s.sendall(b"GET /api/agreements HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        try:  # a header line every tenth of a second: it never ends
            for i in range(50):
                s.sendall(f"X-Slow-{i}: loris\r\n".encode())
                time.sleep(0.1)
        except OSError:  # the server has closed
            pass
        answer, _ = read_until_closed(s)
        took = time.monotonic() - t0
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert HEADER_TIMEOUT * 0.9 <= took < HEADER_TIMEOUT + 3


def test_a_connection_that_sends_nothing_is_closed_too(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server), timeout=10) as s:
        answer, took = read_until_closed(s)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert HEADER_TIMEOUT * 0.9 <= took < HEADER_TIMEOUT + 3


def test_a_stalled_body_is_cut_off_after_the_body_timeout(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server), timeout=10) as s:
        s.sendall(b"POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\"")  # fmt: skip
        answer, took = read_until_closed(s)
    assert b" 200 " not in answer
    assert BODY_TIMEOUT * 0.9 <= took < BODY_TIMEOUT + 3


def test_a_head_too_large_is_refused(server: int) -> None:
    filler = b"X-Filler: " + b"a" * 1000 + b"\r\n"
    answer = ask(server, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + filler * 40)
    assert answer.startswith(b"HTTP/1.1 431 ") or answer.startswith(b"HTTP/1.1 400 ")


def test_idle_sockets_beyond_the_cap_make_room_for_requests(server: int) -> None:
    idle = [socket.create_connection(("127.0.0.1", server), timeout=5) for _ in range(3 * CAP)]
    try:
        time.sleep(0.2)
        for _ in range(5):
            assert get(server, "/api/agreements").startswith(b"HTTP/1.1 200 ")
        closed = 0
        for s in idle:
            s.settimeout(0.05)
            try:
                closed += s.recv(1) == b""
            except TimeoutError:
                pass
            except ConnectionResetError:
                closed += 1
        assert closed >= 2 * CAP  # the oldest went first, to make room
    finally:
        for s in idle:
            s.close()


def test_a_foreign_host_gets_400_and_is_never_repeated(server: int) -> None:
    answer = get(server, "/api/events/", host="evil.example")
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"evil" not in answer
    assert get(server, "/", host="localhost:1234").startswith(b"HTTP/1.1 200 ")


def test_redirects_are_relative(server: int) -> None:
    answer = get(server, "/api/events/")
    head = answer.split(b"\r\n\r\n")[0].lower()
    assert head.startswith(b"http/1.1 307 ")
    assert b"\r\nlocation: /api/events\r\n" in head + b"\r\n"
    for path in ("//evil.example/", "/\\evil.example/"):
        head = get(server, path).split(b"\r\n\r\n")[0].lower()
        if b"\r\nlocation:" in head:
            location = head.split(b"\r\nlocation: ")[1].split(b"\r\n")[0]
            assert location.startswith(b"/") and not location.startswith((b"//", b"/\\"))


def test_the_names_a_server_answers_to_by_default() -> None:
    from ceasewatch.cli.serve import host_names

    assert host_names("127.0.0.1") == ["127.0.0.1", "::1", "localhost"]
    assert host_names("cw.example.org") == ["cw.example.org"]
    assert "localhost" in host_names("0.0.0.0") and socket.gethostname().lower() in host_names("::")


def test_the_cap_fits_the_open_files_allowed() -> None:
    from ceasewatch.server import FILES_KEPT, Limits

    assert Limits(max_connections=5000).within(1024).max_connections == 1024 - FILES_KEPT
    assert Limits(max_connections=100).within(1024).max_connections == 100
