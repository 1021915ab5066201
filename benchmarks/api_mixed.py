"""The API under writes: monitors filing observations while others read, on a large record.

Run by ``benchmarks/api.py`` (``--part mixed``). A workspace of ``--events`` ACLED-format
events (1,000,000 by default, made as benchmarks/store.py makes them, through the bulk
importer) with the karabakh-2020 scenario is served by ``ceasewatch serve`` (with
``--server-workers`` workers). A second process keeps ``--writers`` connections filing
observations (POST /api/observations, one after another, with a monitor's API token) and
``--readers`` connections reading (an analyst's token), all for ``--seconds``. Each
observation lies in the area of the events, on a day of theirs. Each reader keeps looking
at its three views in turn, as a map in a browser does, sending the ETag of what it has:
the first page of the events, its map (the events of a month in a 0.5-degree box) and
the detail of one event. Counted: writes acknowledged (201), refused (503, the database
busy), other answers and errors (a connection lost, nothing within 30 s), and the
latencies of each kind. Afterwards, with the server still up: every acknowledged
observation is read back from the workspace, and once the clusterer's queue is empty,
each must be in an event; how long the queue took to empty after the load stopped is
measured too.

Before the load, on the idle server: 20 observations filed one at a time (what one
monitor waits for); then a warm-up of 5 s, whose records are clustered before the load
starts. The baseline is the same load against a bare ASGI app that answers every GET
with the event list's bytes and every POST with a fixed 201: the ceiling of this server
and client on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import shutil
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from typing import Any

from api import free_port, serve, start_bare, wait_for
from store import DAYS, PLACES, START, generate

PASSWORD = "benchmark-password"
TYPES = ("cfv.small_arms", "cfv.shelling", "cfv.drone", "cfv.grenade")
TIMEOUT = 30.0


def build(path: Path, events: int) -> None:
    """A workspace of *events* generated events, the scenario and the users."""
    from ceasewatch.workspace import Workspace

    csv_path = path.with_suffix(".csv")
    generate(csv_path, events)
    ws = Workspace.init(str(path))
    ws.load_scenario("karabakh-2020")
    ws.import_file(csv_path)
    csv_path.unlink()
    ws.add_user("monitor", "monitor", PASSWORD)
    ws.add_user("analyst", "analyst", PASSWORD)
    ws.ledger_head()
    ws.close()


def workspace(args: argparse.Namespace, tmp: Path) -> Path:
    """The mixed run's workspace, made afresh or copied from ``--keep``."""
    name = f"mixed-{args.events}.db"
    db = tmp / name
    key = Path(os.environ["CEASEWATCH_KEY"])
    if args.keep:
        kept = Path(args.keep) / name
        if not kept.exists():
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            build(kept, args.events)
            shutil.copy(key, kept.with_suffix(".key"))
        shutil.copy(kept, db)
        shutil.copy(kept.with_suffix(".key"), key)
        return db
    build(db, args.events)
    return db


def observation(rng: random.Random, rid: str) -> bytes:
    name, lat, lon = PLACES[rng.randrange(len(PLACES))]
    day = START + timedelta(days=rng.randrange(DAYS))
    near = round(rng.uniform(0.5, 3.0), 1)
    return json.dumps(
        {
            "id": rid,
            "observer": f"OP-{rng.randrange(1, 20)}",
            "lat": round(lat + rng.uniform(-0.5, 0.5), 4),
            "lon": round(lon + rng.uniform(-0.5, 0.5), 4),
            "place": name,
            "start": f"{day.isoformat()}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00+04:00",
            "type": rng.choice(TYPES),
            "means": "heard",
            "distance_min_km": near,
            "distance_max_km": round(near + 2.0, 1),
            "notes": "Illustrative benchmark observation: bursts of fire to the east.",
        }
    ).encode()


def views_of(rng: random.Random, events: int) -> list[str]:
    """What one reader keeps looking at, in turn: the first page of the events, its map
    (the events of a month in a box of the area) and the detail of an event."""
    _, lat, lon = PLACES[rng.randrange(len(PLACES))]
    d0 = START + timedelta(days=rng.randrange(DAYS - 30))
    box = f"{lon - 0.25:.4f},{lat - 0.25:.4f},{lon + 0.25:.4f},{lat + 0.25:.4f}"
    return [
        "/api/events?limit=200",
        f"/api/events?bbox={box}&from={d0}&to={d0 + timedelta(days=30)}&limit=200",
        f"/api/events/acled:BEN{rng.randrange(events)}",
    ]


class Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.errors: dict[str, int] = {}

    def summary(self, elapsed: float) -> dict[str, Any]:
        lat = sorted(self.latencies)

        def pct(p: float) -> float | None:
            if not lat:
                return None
            return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 1)

        return {
            "answered": len(lat),
            "per_s": round(len(lat) / elapsed, 1),
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "max_ms": pct(1.0),
            "statuses": dict(sorted(self.statuses.items())),
            "errors": self.errors,
        }


async def _exchange(
    port: int, conn: list[Any], request: bytes
) -> tuple[int, dict[bytes, bytes], bytes]:
    """Send one request on the kept connection (opened again if the server closed it)."""
    if conn[0] is None:
        conn[0] = await asyncio.open_connection("127.0.0.1", port)
    reader, writer = conn[0]
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get(b"content-length", b"0"))
    body = await reader.readexactly(length) if length else b""
    if headers.get(b"connection", b"").lower() == b"close":
        writer.close()
        conn[0] = None
    return status, headers, body


async def _worker(port: int, stop: float, tally: Tally, client: Any) -> None:
    conn: list[Any] = [None]
    n = 0
    while time.perf_counter() < stop:
        request, key = client.make(n)
        n += 1
        t0 = time.perf_counter()
        try:
            status, headers, body = await asyncio.wait_for(_exchange(port, conn, request), TIMEOUT)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            kind = type(exc).__name__
            tally.errors[kind] = tally.errors.get(kind, 0) + 1
            if conn[0] is not None:
                conn[0][1].close()
            conn[0] = None
            continue
        tally.latencies.append(time.perf_counter() - t0)
        tally.statuses[status] = tally.statuses.get(status, 0) + 1
        client.answered(key, status, headers, body)
    if conn[0] is not None:
        conn[0][1].close()


class Writer:
    """Files observations one after another, with the monitor's token."""

    def __init__(self, w: int, token: str, label: str, acked: list[str]) -> None:
        self.rng, self.w, self.token, self.label, self.acked = (
            random.Random(f"{label}-{w}"),
            w,
            token,
            label,
            acked,
        )

    def make(self, n: int) -> tuple[bytes, str]:
        rid = f"bench-{self.label}-{self.w}-{n}"
        body = observation(self.rng, rid)
        head = (
            f"POST /api/observations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {self.token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body, rid

    def answered(self, rid: str, status: int, headers: Any, body: bytes) -> None:
        if status == 201:
            self.acked.append(rid)


class Reader:
    """Looks at its views in turn, with the analyst's token, sending back the ETag of
    what it has (a 304 when nothing it sees has changed), as a browser does."""

    def __init__(self, r: int, token: str, events: int) -> None:
        self.views = views_of(random.Random(f"reader-{r}"), events)
        self.token, self.tags, self.r = token, dict[str, bytes](), r

    def make(self, n: int) -> tuple[bytes, str]:
        path = self.views[(n + self.r) % len(self.views)]
        have = self.tags.get(path)
        extra = f"If-None-Match: {have.decode()}\r\n" if have else ""
        auth = f"Authorization: Bearer {self.token}\r\n"
        return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}{extra}\r\n".encode(), path

    def answered(self, path: str, status: int, headers: Any, body: bytes) -> None:
        if status == 200 and b"etag" in headers:
            self.tags[path] = headers[b"etag"]


async def _run(
    port: int,
    seconds: float,
    writers: int,
    readers: int,
    monitor: str,
    analyst: str,
    events: int,
    label: str,
) -> dict[str, Any]:
    writes, reads, acked = Tally(), Tally(), list[str]()
    stop = time.perf_counter() + seconds
    t0 = time.perf_counter()
    await asyncio.gather(
        *(_worker(port, stop, writes, Writer(w, monitor, label, acked)) for w in range(writers)),
        *(_worker(port, stop, reads, Reader(r, analyst, events)) for r in range(readers)),
    )
    elapsed = time.perf_counter() - t0
    return {
        "seconds": round(elapsed, 1),
        "writes": writes.summary(elapsed),
        "reads": reads.summary(elapsed),
        "acknowledged": acked,
    }


def _client(args: tuple[Any, ...], out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    out.put(asyncio.run(_run(*args)))


def load(*args: Any) -> dict[str, Any]:
    """The mixed load, from a second process."""
    q: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    p = multiprocessing.Process(target=_client, args=(args, q))
    p.start()
    result = q.get()
    p.join()
    return dict(result)


def one_at_a_time(port: int, monitor: str, n: int = 20) -> dict[str, float]:
    """Observations filed one after another on the idle server: what one monitor waits."""
    rng = random.Random(7)
    times = []
    for i in range(n):
        body = observation(rng, f"bench-alone-{i}")
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/observations",
            data=body,
            headers={"Authorization": f"Bearer {monitor}", "Content-Type": "application/json"},
        )
        t0 = time.perf_counter()
        with urllib.request.urlopen(req) as r:
            r.read()
        times.append(time.perf_counter() - t0)
    times.sort()
    return {"p50_ms": round(times[n // 2] * 1000, 1), "max_ms": round(times[-1] * 1000, 1)}


def check(db: Path, acked: list[str], limit: float) -> dict[str, Any]:
    """Every acknowledged observation stored, and once the queue is empty, in an event."""
    from ceasewatch.workspace import Workspace

    ws = Workspace.open(str(db))
    try:
        wanted = set(acked)
        stored = {o.id for o in ws.observations() if o.id in wanted}
        t0 = moved = time.perf_counter()
        waiting = ws.queued()
        at_end = waiting
        # wait for the queue to empty (giving up if it stops moving for five minutes)
        while waiting and time.perf_counter() - t0 < limit and time.perf_counter() - moved < 300:
            time.sleep(1.0)
            left = ws.queued()
            if left != waiting:
                waiting, moved = left, time.perf_counter()
        drained = time.perf_counter() - t0
        clustered = sum(1 for o in ws.observations() if o.id in wanted and o.event_id)
        return {
            "acknowledged": len(acked),
            "acknowledged_and_stored": len(stored),
            "queued_when_the_load_stopped": at_end,
            "queue_emptied_after_s": round(drained, 1) if not waiting else None,
            "acknowledged_and_clustered": clustered,
        }
    finally:
        ws.close()


BARE_APP = """
import os
BODY = open(os.environ["BENCH_BODY"], "rb").read()
CREATED = b'{"id": "x", "status": "created", "clustered": false, "pending": true}'
def headers(body):
    return [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    if scope["method"] == "POST":
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 201, "headers": headers(CREATED)})
        await send({"type": "http.response.body", "body": CREATED})
        return
    await send({"type": "http.response.start", "status": 200, "headers": headers(BODY)})
    await send({"type": "http.response.body", "body": BODY})
"""


def mixed(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {
        "events": args.events,
        "writers": args.writers,
        "readers": args.readers,
        "server_workers": args.server_workers,
    }
    with tempfile.TemporaryDirectory(prefix="cw-mixed-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["CEASEWATCH_KEY"] = str(tmp / "bench.key")
        t0 = time.perf_counter()
        db = workspace(args, tmp)
        out["workspace_ready_s"] = round(time.perf_counter() - t0, 1)
        from ceasewatch.workspace import Workspace

        with Workspace.open(str(db)) as ws:
            monitor, analyst = ws.new_token("monitor"), ws.new_token("analyst")
        port = free_port()
        server = serve(str(db), port, args.server_workers)
        try:
            wait_for(port, 120)
            out["one_write_at_a_time"] = one_at_a_time(port, monitor)
            url = f"http://127.0.0.1:{port}/api/events?limit=200"
            get = urllib.request.Request(url, headers={"Authorization": f"Bearer {analyst}"})
            with urllib.request.urlopen(get) as r:
                list_body = r.read()
            # warm-up: every kind of request, the clusterer's first batches (clustered
            # before the load starts)
            load(port, 5.0, 2, 8, monitor, analyst, args.events, "warm-up")
            check(db, [], limit=600.0)
            run = load(port, args.seconds, args.writers, args.readers, monitor, analyst,
                       args.events, "run")  # fmt: skip
            acked = run.pop("acknowledged")
            out["load"] = run
            out["after"] = check(db, acked, limit=3600.0)
        finally:
            server.terminate()
            server.wait(30)

        bare, port = start_bare(tmp, "bare_app", BARE_APP, list_body)
        try:
            base = load(port, min(args.seconds, 20.0), args.writers, args.readers, monitor,
                        analyst, args.events, "bare")  # fmt: skip
            base.pop("acknowledged")
            out["baseline_bare_app"] = base
        finally:
            bare.terminate()
            bare.wait(10)
    w, r = out["load"]["writes"], out["load"]["reads"]
    after = out["after"]
    out["target"] = ("every write acknowledged (no 503), write p99 < 300 ms, read p99 < 100 ms, "
                     "every acknowledged observation stored and later clustered")  # fmt: skip
    out["met"] = {
        "every_write_acknowledged": w["statuses"].get(201, 0) == w["answered"] and not w["errors"],
        "write_p99": w["p99_ms"] is not None and w["p99_ms"] < 300,
        "read_p99": r["p99_ms"] is not None and r["p99_ms"] < 100,
        "stored": after["acknowledged_and_stored"] == after["acknowledged"],
        "clustered": after["acknowledged_and_clustered"] == after["acknowledged"],
    }
    base_total = (out["baseline_bare_app"]["writes"]["per_s"]
                  + out["baseline_bare_app"]["reads"]["per_s"])  # fmt: skip
    out["requests_per_s_ratio_to_baseline"] = round((w["per_s"] + r["per_s"]) / base_total, 3)
    return out
