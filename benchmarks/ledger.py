"""Ledger benchmark: append, prove and verify a log of 1,000,000 entries.

    .venv/bin/python benchmarks/ledger.py [--entries N] [--postgres]

Prints one JSON object. The baseline is the raw SHA-256 rate of this machine in the same
run (one hash of each entry's bytes, nothing else); ratios are given against it.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from ceasewatch.ledger.bundle import verify_bundle  # noqa: E402
from ceasewatch.ledger.heads import Verifier  # noqa: E402
from ceasewatch.ledger.records import item  # noqa: E402
from ceasewatch.store import ledger as repo  # noqa: E402
from ceasewatch.workspace import Workspace  # noqa: E402

BATCH = 10_000


def states(n: int, seed: int = 5) -> list[dict[str, object]]:
    rnd = random.Random(seed)
    return [
        {
            "id": f"bench:{i}",
            "type_code": rnd.choice(["cfv.shelling", "clash.armed", "mission.patrol"]),
            "date_start": f"2022-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
            "lat": round(39.5 + rnd.random(), 4),
            "lon": round(46.3 + rnd.random(), 4),
            "notes": "synthetic benchmark state " + "x" * rnd.randint(100, 400),
        }
        for i in range(n)
    ]


def run(url: str, n: int) -> dict[str, float]:
    ws = Workspace.init(url)
    now = datetime.now(UTC).isoformat()
    data = states(n)
    t = time.perf_counter()
    items = [item("event", s["id"], s, "bench", now, "benchmark") for s in data]  # type: ignore[arg-type]
    build = time.perf_counter() - t
    t = time.perf_counter()
    with ws._write() as conn:
        for i in range(0, n, BATCH):
            repo.append(conn, items[i : i + BATCH])
    append = time.perf_counter() - t
    ws.ledger_head()
    rnd = random.Random(1)
    times = []
    for _ in range(200):
        seq = rnd.randrange(n)
        t = time.perf_counter()
        proof = ws.ledger_prove(seq)
        times.append(time.perf_counter() - t)
        assert proof["verified"]
    times.sort()
    buf = io.StringIO()
    t = time.perf_counter()
    ws.ledger_export(buf)
    export = time.perf_counter() - t
    key = Verifier.parse(ws.ledger_public_key())
    text = buf.getvalue()
    t = time.perf_counter()
    report = verify_bundle(io.StringIO(text), key)
    verify = time.perf_counter() - t
    assert report.size == n
    ws.close()
    return {
        "entries": n,
        "build_entries_per_s": n / build,
        "append_entries_per_s": n / append,
        "append_plus_build_entries_per_s": n / (append + build),
        "proof_p50_ms": 1000 * statistics.median(times),
        "proof_p95_ms": 1000 * times[int(0.95 * len(times)) - 1],
        "export_s": export,
        "bundle_mb": len(text.encode()) / 2**20,
        "verify_bundle_s": verify,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--postgres", action="store_true")
    args = ap.parse_args()
    sample = [json.dumps(s).encode() for s in states(200_000)]
    t = time.perf_counter()
    for raw in sample:
        hashlib.sha256(b"\x00" + raw).digest()
    sha_rate = len(sample) / (time.perf_counter() - t)
    result: dict[str, object] = {"raw_sha256_per_s": sha_rate}
    with tempfile.TemporaryDirectory(prefix="cw-ledger-") as tmp:
        import os

        os.environ["CEASEWATCH_KEY"] = f"{tmp}/bench.key"
        sqlite = run(f"sqlite:///{tmp}/ledger.db", args.entries)
        sqlite["append_vs_raw_sha256"] = sqlite["append_entries_per_s"] / sha_rate
        sqlite["verify_vs_raw_sha256"] = (args.entries / sqlite["verify_bundle_s"]) / sha_rate
        result["sqlite"] = sqlite
        if args.postgres:
            from pgtemp import TempPostgres

            pg = TempPostgres()
            try:
                os.environ["CEASEWATCH_KEY"] = f"{tmp}/bench-pg.key"
                result["postgresql"] = run(pg.start(), args.entries)
            finally:
                pg.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
