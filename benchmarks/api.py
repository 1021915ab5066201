"""API benchmark: reads of the demo workspace, and the API under writes on a large record.

    .venv/bin/python benchmarks/api.py [--part all|reads|mixed] [--requests N]
        [--connections N] [--events N] [--seconds S] [--writers N] [--readers N]
        [--server-workers N] [--keep DIR]

Reads (``--part reads``): the demo workspace (the karabakh-2020 scenario, its documents'
claims clustered and judged) is served by ``ceasewatch serve`` (uvicorn, one worker) on
loopback. The load comes from a second process: an asyncio client of our own keeping N
connections open (HTTP/1.1 keep-alive) and sending a bounded number of requests,
stopping early after 20 s. Measured, each after a warm-up:

- the event list as the public sees it (``/api/events?limit=200``), answered in full;
- the same list revalidated with its ETag (``If-None-Match``: 304, no body);
- an event's detail (its evidence, grades, contradictions and history);
- the event list as an analyst sees it (every event), with an API token;
- the baseline: uvicorn serving a fixed answer of the same size from a bare ASGI app, the
  ceiling of this server and client on this machine.

Writes and reads together (``--part mixed``): see benchmarks/api_mixed.py. ``--keep DIR``
keeps the large workspace there and starts from a copy of it when it is there already.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

EVENT = "scenario-karabakh-2020:evt-005"  # corroborated: the public may see it
READ_SECONDS = 20.0  # the time limit of each read measure (its requests usually end it)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_bare(
    tmp: Path, module: str, source: str, body: bytes
) -> tuple[subprocess.Popen[bytes], int]:
    """A baseline's server: the bare ASGI app *source* (as *module*, reading *body* from
    $BENCH_BODY) under uvicorn on a free port, once it accepts connections."""
    (tmp / "body.json").write_bytes(body)
    (tmp / f"{module}.py").write_text(source)
    port = free_port()
    env = {**os.environ, "BENCH_BODY": str(tmp / "body.json"), "PYTHONPATH": str(tmp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", f"{module}:app", "--port", str(port),
         "--log-level", "warning", "--no-access-log"],
        env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for(port)
    return proc, port


def wait_for(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


async def _load(
    port: int, path: str, headers: str, n: int, conns: int, seconds: float
) -> dict[str, Any]:
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n").encode()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    left = n
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal left
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while left > 0 and time.perf_counter() < stop:
            left -= 1
            t0 = time.perf_counter()
            writer.write(request)
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
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(latencies) / elapsed),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "statuses": statuses,
    }


def serve(db: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    """``ceasewatch serve`` on the workspace, run by this interpreter (and so these
    sources)."""
    command = ["serve", "--port", str(port), "--workers", str(workers)]
    return subprocess.Popen(
        [sys.executable, "-m", "ceasewatch.cli", "--db", db, *command], stderr=subprocess.DEVNULL
    )


def _client(args: tuple, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    out.put(asyncio.run(_load(*args)))


def load(port: int, path: str, headers: str, n: int, conns: int, seconds: float) -> dict[str, Any]:
    """Run the load from a second process and return what it measured."""
    q: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    p = multiprocessing.Process(target=_client, args=((port, path, headers, n, conns, seconds), q))
    p.start()
    result = q.get()
    p.join()
    return dict(result)


BASELINE_APP = """
import os
BODY = open(os.environ["BENCH_BODY"], "rb").read()
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]
async def app(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
"""


def reads(args: argparse.Namespace) -> dict[str, object]:
    """The read measures of the demo workspace, each with its own load, and the
    baseline."""
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CEASEWATCH_KEY"] = str(Path(tmp) / "bench.key")
        from ceasewatch.workspace import Workspace

        db = str(Path(tmp) / "demo.db")
        ws = Workspace.init(db)
        ws.load_scenario("karabakh-2020")
        ws.import_file(root / "src/ceasewatch/ingest/samples/acled_sample.csv")
        ws.extract_claims()
        ws.corroborate()
        ws.assess(as_of=date(2025, 1, 1))
        ws.ledger_head()
        ws.add_user("analyst", "analyst", "benchmark-password")
        token = ws.new_token("analyst", "benchmark")
        ws.close()

        results: dict[str, object] = {}
        port = free_port()
        server = serve(db, port)
        try:
            wait_for(port)
            import urllib.request

            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events?limit=200") as r:
                body = r.read()
                etag = r.headers["ETag"]
            listed = len(json.loads(body)["events"])
            plan = [
                ("event_list", "/api/events?limit=200", ""),
                ("event_list_revalidated", "/api/events?limit=200", f"If-None-Match: {etag}\r\n"),
                ("event_detail", f"/api/events/{EVENT}", ""),
                (
                    "event_list_as_analyst",
                    "/api/events?limit=200",
                    f"Authorization: Bearer {token}\r\n",
                ),
            ]
            for name, path, headers in plan:
                load(port, path, headers, 500, args.connections, 10)  # warm-up
                results[name] = load(port, path, headers, args.requests, args.connections,
                                     READ_SECONDS)  # fmt: skip
        finally:
            server.terminate()
            server.wait(10)

        base, port = start_bare(Path(tmp), "baseline_app", BASELINE_APP, body)
        try:
            load(port, "/", "", 500, args.connections, 10)
            results["baseline_fixed_answer"] = load(port, "/", "", args.requests,
                                                    args.connections, READ_SECONDS)  # fmt: skip
        finally:
            base.terminate()
            base.wait(10)
    listing = results["event_list"]
    baseline = results["baseline_fixed_answer"]
    assert isinstance(listing, dict) and isinstance(baseline, dict)
    results["events_per_list_answer"] = listed
    results["list_answer_bytes"] = len(body)
    results["event_list_ratio_to_baseline"] = round(
        listing["requests_per_s"] / baseline["requests_per_s"], 2
    )
    results["target"] = "event list >= 2000 requests/s with p99 < 50 ms"
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=("all", "reads", "mixed"), default="all")
    ap.add_argument("--requests", type=int, default=20_000, help="per read measure")
    ap.add_argument("--connections", type=int, default=16, help="of the read measures")
    ap.add_argument("--events", type=int, default=1_000_000, help="of the mixed run's workspace")
    ap.add_argument("--seconds", type=float, default=60.0, help="of the mixed run")
    ap.add_argument("--writers", type=int, default=10)
    ap.add_argument("--readers", type=int, default=40)
    ap.add_argument("--server-workers", type=int, default=1, help="of the mixed run's server")
    ap.add_argument("--keep", metavar="DIR", help="keep the mixed run's workspace here and "
                    "start from a copy of it when it is there already")  # fmt: skip
    args = ap.parse_args()
    out: dict[str, object] = {}
    if args.part in ("all", "reads"):
        out["reads"] = reads(args)
    if args.part in ("all", "mixed"):
        from api_mixed import mixed

        out["mixed"] = mixed(args)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
