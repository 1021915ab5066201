"""Hostile clients benchmark: the server against idle sockets, a flood of wrong logins and
anonymous map queries that no cache has seen.

    .venv/bin/python benchmarks/hostile.py [--events N] [--published F] [--seconds S]

A workspace of N synthetic events (default 1,000,000; ``benchmarks/assess.py``'s
generator, a fraction F of them published: corroborated or verified) is served by
``ceasewatch serve`` (uvicorn, one worker) on loopback, with its open-files limit held
at 1,024 as many systems set it (so the server cannot raise it and must make do).
Measured, each against a baseline taken in the same run:

- **idle sockets**: normal requests (``GET /api/agreements``, a new connection each, 5 s
  allowed) answered while another process keeps 2,000 sockets open that send nothing
  but a header byte now and then (slow-loris), opening a new one whenever the server
  closes one; the baseline is the same requests with no idle sockets;
- **public map queries**: ``GET /api/events?bbox=...`` as the public, every request a
  different random box (sides of 0.003° to 1°, log-uniform, over the events' area), a
  third with a period, from 16 keep-alive connections in a second process; the baseline
  is the cheapest endpoint (``/api/me``, the public asking who it is) under the same
  load. Measured after as many seconds of the same traffic (whose figures are printed
  too: the server renders each published event the first time it is asked for). In the
  same process, the same kind of questions timed against the database path that the
  server falls back on (the published events' index) and the in-memory path it uses
  (``workspace/publicmap.py``), first and again;
- **wrong logins**: the server's resident memory while 50 clients, each from its own
  loopback address, send wrong passwords at once, four rounds; the baseline is the
  server's memory just before. Then 50 at once from one address (the throttle's share).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import random
import resource
import selectors
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from api import free_port, wait_for  # noqa: E402
from assess import synthetic  # noqa: E402
from ceasewatch.model.access import ANONYMOUS  # noqa: E402
from ceasewatch.model.query import BBox, EventQuery  # noqa: E402
from ceasewatch.server import Limits  # noqa: E402
from ceasewatch.store import events as event_repo  # noqa: E402
from ceasewatch.store.rows import COLUMNS  # noqa: E402
from ceasewatch.workspace import Workspace  # noqa: E402

PASSWORD = "benchmark-password"
AREA = (46.3, 39.5, 47.2, 40.3)  # west, south, east, north of assess.synthetic's events
FIRST_DAY, DAYS = date(2020, 11, 10), 1050
SERVER_FILES = 1024


# -- the workspace ---------------------------------------------------------------------


def make_workspace(path: str, n: int, published: float) -> dict[str, int]:
    """N synthetic events straight into the store (not timed), a share published."""
    ws = Workspace.init(path)
    ws.load_agreement("karabakh-2020")
    ws.add_user("analyst", "analyst", PASSWORD)
    at = COLUMNS.index("status")
    rnd = random.Random(5)
    counts: dict[str, int] = {}
    with ws.engine.begin() as conn:
        for first in range(0, n, 50_000):
            rows = []
            for row in synthetic(min(50_000, n - first), seed=first + 3):
                r = rnd.random()
                status = (
                    "verified"
                    if r < published * 0.2
                    else "corroborated"
                    if r < published
                    else "disputed"
                    if r < published + 0.05
                    else "unverified"
                )
                counts[status] = counts.get(status, 0) + 1
                rows.append((f"{row[0]}-{first}", *row[1:at], status, *row[at + 1 :]))
            event_repo.insert_values(conn, rows)
    ws.close()
    return counts


def random_query(rnd: random.Random) -> dict[str, Any]:
    w0, s0, e0, n0 = AREA
    side = 10 ** rnd.uniform(-2.5, 0)
    west, south = rnd.uniform(w0 - 0.1, e0), rnd.uniform(s0 - 0.1, n0)
    out: dict[str, Any] = {"bbox": (west, south, west + side, south + side)}
    if rnd.random() < 1 / 3:
        start = FIRST_DAY + timedelta(days=rnd.randrange(DAYS))
        out["from"], out["to"] = start, start + timedelta(days=rnd.randrange(7, 120))
    return out


def path_of(q: dict[str, Any]) -> str:
    w, s, e, n = q["bbox"]
    path = f"/api/events?bbox={w:.5f},{s:.5f},{e:.5f},{n:.5f}"
    if "from" in q:
        path += f"&from={q['from']}&to={q['to']}"
    return path


def query_of(q: dict[str, Any]) -> EventQuery:
    w, s, e, n = (round(v, 5) for v in q["bbox"])
    return EventQuery(start=q.get("from"), end=q.get("to"), bbox=BBox(w, s, e, n), limit=200)


def in_process(path: str, n: int) -> dict[str, Any]:
    """The same kind of questions asked of the Workspace directly: the database path
    (the published events' index) and the in-memory one."""
    ws = Workspace.open(path)
    rnd = random.Random(23)
    queries = [query_of(random_query(rnd)) for _ in range(n)]
    t0 = time.perf_counter()
    ws.events_json(ANONYMOUS, EventQuery(limit=1))
    build = time.perf_counter() - t0
    timings: dict[str, list[float]] = {"database": [], "memory_first": [], "memory_again": []}
    found = []
    for q in queries:
        t0 = time.perf_counter()
        found.append(ws.events_page(ANONYMOUS, q)["count"])
        timings["database"].append(time.perf_counter() - t0)
    for name in ("memory_first", "memory_again"):
        for q in queries:
            t0 = time.perf_counter()
            ws.events_json(ANONYMOUS, q)
            timings[name].append(time.perf_counter() - t0)
    ws.close()
    out: dict[str, Any] = {"queries": n, "mean_events_per_answer": round(statistics.mean(found), 1)}
    out["published_columns_read_s"] = round(build, 2)
    for name, times in timings.items():
        times.sort()
        out[f"{name}_p50_ms"] = round(times[len(times) // 2] * 1000, 2)
        out[f"{name}_p99_ms"] = round(times[int(len(times) * 0.99)] * 1000, 2)
    return out


# -- load -----------------------------------------------------------------------------


async def _load(port: int, paths: list[str], conns: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue = list(reversed(paths))
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while queue and time.perf_counter() < stop:
            path = queue.pop()
            t0 = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            statuses[status] = statuses.get(status, 0) + 1
        writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(conns)))
    elapsed = time.perf_counter() - t0
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 2)

    return {
        "requests": len(latencies),
        "distinct_paths": len(set(paths[: len(latencies)])),
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(latencies) / elapsed),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "statuses": statuses,
    }


def _client(args: tuple[Any, ...], out: Any) -> None:
    out.put(asyncio.run(_load(*args)))


def load(port: int, paths: list[str], conns: int, seconds: float) -> dict[str, Any]:
    """Send *paths* (each once, in order) over *conns* connections from a second process."""
    q: Any = multiprocessing.Queue()
    p = multiprocessing.Process(target=_client, args=((port, paths, conns, seconds), q))
    p.start()
    result = q.get()
    p.join()
    return dict(result)


# -- idle sockets ---------------------------------------------------------------------


def _loris(port: int, n: int, seconds: float, out: Any) -> None:
    """Keep *n* sockets open to the server, a header byte on each every two seconds,
    a new one opened whenever the server closes one."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    sel = selectors.DefaultSelector()
    opened = closed_by_server = failed = 0

    def open_one() -> None:
        nonlocal opened, failed
        s = socket.socket()
        s.setblocking(False)
        try:
            s.connect_ex(("127.0.0.1", port))
            sel.register(s, selectors.EVENT_READ)
            opened += 1
        except OSError:
            s.close()
            failed += 1

    for _ in range(n):
        open_one()
    out.put("ready")
    stop = time.monotonic() + seconds
    next_byte = time.monotonic() + 2
    while time.monotonic() < stop:
        for key, _ in sel.select(timeout=0.2):
            s = key.fileobj
            assert isinstance(s, socket.socket)
            sel.unregister(s)
            s.close()
            closed_by_server += 1
            open_one()
        if time.monotonic() > next_byte:
            next_byte = time.monotonic() + 2
            for key in list(sel.get_map().values()):
                s = key.fileobj
                assert isinstance(s, socket.socket)
                with contextlib.suppress(OSError):
                    s.send(b"G" if opened % 2 else b"X")
    held = len(sel.get_map())
    for key in list(sel.get_map().values()):
        key.fileobj.close()  # type: ignore[union-attr]
    out.put({"sockets_opened": opened, "closed_by_server": closed_by_server,
             "open_at_end": held, "connect_failures": failed})  # fmt: skip


def normal_requests(port: int, n: int) -> dict[str, Any]:
    """*n* plain requests one after another, each on a new connection, 5 s allowed."""
    ok, times, errors = 0, [], {}
    for _ in range(n):
        t0 = time.perf_counter()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(b"GET /api/agreements HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          b"Connection: close\r\n\r\n")  # fmt: skip
                answer = b""
                while chunk := s.recv(65536):
                    answer += chunk
            if answer.startswith(b"HTTP/1.1 200 "):
                ok += 1
                times.append(time.perf_counter() - t0)
            else:
                key = answer[:12].decode(errors="replace") or "closed"
                errors[key] = errors.get(key, 0) + 1
        except OSError as exc:
            errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
        time.sleep(0.2)
    times.sort()
    return {
        "sent": n,
        "answered_200": ok,
        "failures": errors,
        "p50_ms": round(times[len(times) // 2] * 1000, 1) if times else None,
        "max_ms": round(times[-1] * 1000, 1) if times else None,
    }


def idle_sockets(port: int, n: int, requests: int) -> dict[str, Any]:
    baseline = normal_requests(port, requests)
    q: Any = multiprocessing.Queue()
    seconds = requests * 0.3 + 15
    p = multiprocessing.Process(target=_loris, args=(port, n, seconds, q))
    p.start()
    q.get()
    time.sleep(3)  # let them all reach the server
    attacked = normal_requests(port, requests)
    p.join()
    return {"idle_sockets": n, "baseline": baseline, "with_idle_sockets": attacked,
            "attacker": q.get()}  # fmt: skip


# -- wrong logins ---------------------------------------------------------------------


def rss_mb(pid: int) -> tuple[float, float]:
    """(resident now, highest so far), MB."""
    text = Path(f"/proc/{pid}/status").read_text()

    def kb(key: str) -> float:
        return int(text.split(key + ":")[1].split()[0]) / 1024

    return kb("VmRSS"), kb("VmHWM")


def login_once(port: int, address: str, name: str) -> int:
    body = json.dumps({"name": name, "password": "not the password"}).encode()
    head = (f"POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
            f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()  # fmt: skip
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=60,
                                      source_address=(address, 0)) as s:  # fmt: skip
            s.sendall(head + body)
            answer = b""
            while chunk := s.recv(65536):
                answer += chunk
        return int(answer.split(b" ", 2)[1])
    except (OSError, IndexError, ValueError):
        return 0


def login_flood(port: int, pid: int, addresses: list[str], rounds: int) -> dict[str, Any]:
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb(pid)[0])
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    t0 = time.perf_counter()
    for r in range(rounds):
        barrier = threading.Barrier(len(addresses))

        def one(i: int, address: str, r: int = r, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            code = login_once(port, address, f"user{r}-{i}")
            with lock:
                statuses[code] = statuses.get(code, 0) + 1

        threads = [threading.Thread(target=one, args=(i, a)) for i, a in enumerate(addresses)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    took = time.perf_counter() - t0
    done.set()
    sampler.join()
    return {
        "concurrent": len(addresses),
        "rounds": rounds,
        "seconds": round(took, 1),
        "statuses": statuses,
        "peak_rss_mb": round(peak[0]),
    }


# -- the run --------------------------------------------------------------------------


def server_limits() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (SERVER_FILES, SERVER_FILES))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--published", type=float, default=0.1, help="share published")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--idle", type=int, default=2000)
    ap.add_argument("--logins", type=int, default=50)
    args = ap.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < args.idle + 200:
        sys.exit(f"this process may open {hard} files; --idle {args.idle} needs more")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    cw = str(Path(sys.executable).parent / "ceasewatch")
    results: dict[str, Any] = {"events": args.events}
    with tempfile.TemporaryDirectory(prefix="cw-hostile-") as tmp:
        os.environ["CEASEWATCH_KEY"] = str(Path(tmp) / "bench.key")
        db = str(Path(tmp) / "hostile.db")
        t0 = time.perf_counter()
        results["statuses"] = make_workspace(db, args.events, args.published)
        results["generate_s"] = round(time.perf_counter() - t0, 1)
        results["in_process"] = in_process(db, 300)

        port = free_port()
        server = subprocess.Popen([cw, "--db", db, "serve", "--port", str(port)],
                                  stderr=subprocess.DEVNULL, preexec_fn=server_limits)  # fmt: skip
        try:
            wait_for(port)
            results["server_open_files_limit"] = SERVER_FILES
            results["server_connection_cap"] = Limits().within(SERVER_FILES).max_connections
            results["idle"] = idle_sockets(port, args.idle, 30)

            rnd = random.Random(11)
            t0 = time.perf_counter()
            load(port, [path_of(random_query(rnd))], 1, 60)  # reads the published columns
            results["first_public_query_s"] = round(time.perf_counter() - t0, 2)
            # the first seconds of such traffic: each published event is rendered once
            first = [path_of(random_query(rnd)) for _ in range(200_000)]
            results["public_bbox_first_seconds"] = load(port, first, args.connections, args.seconds)
            cheap = ["/api/me"] * 200_000
            load(port, cheap[:1000], args.connections, 10)
            base = load(port, cheap, args.connections, args.seconds)
            paths = [path_of(random_query(rnd)) for _ in range(200_000)]
            bbox = load(port, paths, args.connections, args.seconds)
            results["public_bbox_uncached"] = bbox
            results["baseline_cheap_endpoint"] = base
            results["bbox_ratio_to_baseline"] = round(
                bbox["requests_per_s"] / base["requests_per_s"], 2
            )

            idle_rss, hwm = rss_mb(server.pid)
            results["rss_idle_mb"] = round(idle_rss)
            results["rss_highest_before_logins_mb"] = round(hwm)
            spread = [f"127.0.0.{i + 2}" for i in range(args.logins)]
            results["wrong_logins_many_addresses"] = login_flood(port, server.pid, spread, 4)
            one = ["127.0.0.200"] * args.logins
            results["wrong_logins_one_address"] = login_flood(port, server.pid, one, 1)
            results["rss_after_logins_mb"] = round(rss_mb(server.pid)[0])
        finally:
            server.terminate()
            server.wait(10)
    results["targets"] = {
        "idle": "2,000 idle sockets leave normal requests answered",
        "logins": "50 concurrent wrong logins keep the server under 600 MB",
        "bbox": "uncached public bbox queries >= 500 requests/s with p99 < 100 ms",
    }
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
