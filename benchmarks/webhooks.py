"""What webhooks cost the writes, and how fast the sender delivers.

Workspaces with the karabakh-2020 scenario, clustered, on SQLite files: the baseline has
no subscription; the other has ``--subscriptions`` of them (all to everything, but one
with a zone and one with a family and a party, so the feed's filter runs). On each,
analysts' decisions (``verify_event``) are timed one by one, in two passes over the
events that are not published: first each is verified (a write that publishes: its
deliveries are queued, their bodies made, in its transaction), then each is disputed (a
write that publishes nothing). ``--rounds`` fresh pairs of workspaces. Printed: each
pass's median and 95th percentile in milliseconds, with and without subscriptions, and
the ratio of the medians. Then the deliveries queued are sent by ``send_webhooks`` to a
local HTTP receiver (``http.server`` in a thread, answering 200): deliveries a second.

    PYTHONPATH=src python benchmarks/webhooks.py [--rounds 3] [--subscriptions 3]
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


def _passes(ws: Workspace) -> tuple[list[float], list[float]]:
    """The milliseconds of each write that publishes, then of each that does not."""
    from ceasewatch.model.access import PUBLISHED_EVENTS

    ids = [e.id for e in ws.events() if e.status.value not in PUBLISHED_EVENTS]
    out: tuple[list[float], list[float]] = ([], [])
    for status, took in zip(("verified", "disputed"), out, strict=True):
        for eid in ids:
            began = time.perf_counter()
            ws.verify_event(eid, status, "benchmark")
            took.append((time.perf_counter() - began) * 1000)
    return out


def _summary(took: list[float]) -> tuple[float, float]:
    ordered = sorted(took)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--subscriptions", type=int, default=3)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    times: dict[str, list[float]] = {"bare-pub": [], "bare-not": [], "pub": [], "not": []}
    queued = sent = 0
    sending = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CEASEWATCH_KEY"] = str(Path(tmp) / "ledger.key")
        for r in range(args.rounds):
            bare = _workspace(Path(tmp) / f"bare{r}.db")
            hooked = _workspace(Path(tmp) / f"hooked{r}.db")
            for i in range(args.subscriptions):
                if i == 1:
                    hooked.add_webhook(url, zone="line-of-contact")
                elif i == 2:
                    hooked.add_webhook(url, families=(Family.CEASEFIRE_VIOLATION,), party="AZ")
                else:
                    hooked.add_webhook(url)
            pub, nothing = _passes(bare)
            times["bare-pub"] += pub
            times["bare-not"] += nothing
            pub, nothing = _passes(hooked)
            times["pub"] += pub
            times["not"] += nothing
            queued += sum(s.pending for s in hooked.webhooks())
            began = time.perf_counter()
            while True:
                report = hooked.send_webhooks(limit=100)
                if not report.tried:
                    break
                sent += report.delivered
            sending += time.perf_counter() - began
            bare.close()
            hooked.close()
    server.shutdown()
    print(f"verify_event, {len(times['pub'])} writes a pass; ms median / p95")
    for label, base, hooked_key in (
        ("writes that publish", "bare-pub", "pub"),
        ("writes that publish nothing", "bare-not", "not"),
    ):
        b_med, b_p95 = _summary(times[base])
        med, p95 = _summary(times[hooked_key])
        print(f"  {label}:")
        print(f"    baseline, no subscription: {b_med:.2f} / {b_p95:.2f}")
        print(f"    {args.subscriptions} subscriptions:          {med:.2f} / {p95:.2f}")
        print(f"    ratio (median):            {med / b_med:.2f}x")
    print(
        f"deliveries queued: {queued}; sent to a local receiver: {sent} "
        f"({sent / max(sending, 1e-9):.0f}/s)"
    )


if __name__ == "__main__":
    main()
