"""What webhooks cost the writes that publish, and how fast the sender delivers.

Two workspaces with the karabakh-2020 scenario, clustered, on SQLite files: the baseline
has no subscription; the other has ``--subscriptions`` of them (every one to everything,
but one with a zone and one with a family and a party, so the feed's filter runs). On
each, ``--writes`` analysts' decisions (``verify_event``), in turn verified and disputed
over the scenario's events, are timed one by one: each write that publishes an event
queues its deliveries (and builds their bodies) in its transaction. Printed: the writes'
median and 95th percentile in milliseconds on both, and the ratio. Then the deliveries
queued are sent by ``send_webhooks`` to a local HTTP receiver (``http.server`` in a
thread, answering 200): deliveries a second.

    PYTHONPATH=src python benchmarks/webhooks.py [--writes 300] [--subscriptions 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ceasewatch.model import Family
from ceasewatch.workspace import Workspace


class _Answer(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def _workspace(path: Path) -> Workspace:
    ws = Workspace.init(str(path))
    ws.load_scenario("karabakh-2020")
    ws.extract_claims()
    ws.corroborate()
    return ws


def _writes(ws: Workspace, n: int) -> list[float]:
    ids = [e.id for e in ws.events()]
    took = []
    for i in range(n):
        status = "verified" if (i // len(ids)) % 2 == 0 else "disputed"
        began = time.perf_counter()
        ws.verify_event(ids[i % len(ids)], status, "benchmark")
        took.append((time.perf_counter() - began) * 1000)
    return took


def _summary(took: list[float]) -> tuple[float, float]:
    ordered = sorted(took)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--subscriptions", type=int, default=3)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CEASEWATCH_KEY"] = str(Path(tmp) / "ledger.key")
        bare = _workspace(Path(tmp) / "bare.db")
        hooked = _workspace(Path(tmp) / "hooked.db")
        for i in range(args.subscriptions):
            if i == 1:
                hooked.add_webhook(url, zone="line-of-contact")
            elif i == 2:
                hooked.add_webhook(url, families=(Family.CEASEFIRE_VIOLATION,), party="AZ")
            else:
                hooked.add_webhook(url)
        base_med, base_p95 = _summary(_writes(bare, args.writes))
        med, p95 = _summary(_writes(hooked, args.writes))
        queued = sum(s.pending for s in hooked.webhooks())
        began = time.perf_counter()
        sent = 0
        while True:
            report = hooked.send_webhooks(limit=100)
            if not report.tried:
                break
            sent += report.delivered
        rate = sent / max(time.perf_counter() - began, 1e-9)
        bare.close()
        hooked.close()
    server.shutdown()
    print(f"writes (verify_event), {args.writes} each; ms median / p95")
    print(f"  baseline, no subscription: {base_med:.2f} / {base_p95:.2f}")
    print(f"  {args.subscriptions} subscriptions:          {med:.2f} / {p95:.2f}")
    print(f"  ratio (median):            {med / base_med:.2f}x")
    print(f"deliveries queued: {queued}; sent to a local receiver: {sent} ({rate:.0f}/s)")


if __name__ == "__main__":
    main()
