"""Store benchmark: import 1,000,000 ACLED-format rows, then query, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/store.py [--rows N] [--no-postgres]

Prints one JSON object. Each import runs in a child process so that its peak memory
(max RSS) is its own. The baseline is a plain sqlite3 ``executemany`` of the same CSV rows
into a table with no checks, run in the same process; ``ratio_to_baseline`` is our import
time over the baseline's.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from ceasewatch.ingest.acled import COLUMNS  # noqa: E402

SUBS = [
    ("Battles", "Armed clash", "Political violence"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence"),
    ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Strategic developments", "Other", "Strategic developments"),
    ("Violence against civilians", "Attack", "Political violence"),
]
PLACES = [
    ("Hadrut", 39.5197, 47.0322),
    ("Shusha", 39.7583, 46.7483),
    ("Lachin", 39.6383, 46.5461),
    ("Khankendi", 39.8153, 46.7519),
    ("Aghdam", 39.9911, 46.9300),
    ("Sotk", 40.2000, 45.9500),
]
# notes in ACLED's style, written for the benchmark: the notes of some event types are read
# by the extractor's triggers at import (extract/notes.py), so their length and wording count
NOTES = (
    "Illustrative benchmark row: mortar fire was reported near the village overnight; no "
    "casualties were reported.",
    "Illustrative benchmark row: around 50 residents gathered on the main road to demand the "
    "release of a detained relative and blocked traffic for two hours.",
    "Illustrative benchmark row: a unit handed over small arms and ammunition to the monitors "
    "at a collection point.",
    "Illustrative benchmark row: an aid convoy of six trucks was turned back at a checkpoint "
    "on the road to the town.",
    "Illustrative benchmark row: soldiers exchanged small-arms fire with positions of the "
    "other side near the line of contact.",
    "Illustrative benchmark row: a drone strike hit a military vehicle; two soldiers were killed.",
)
START = date(2020, 11, 10)
DAYS = 5 * 365


def generate(path: Path, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with path.open("w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for i in range(n):
            etype, sub, dis = SUBS[i % len(SUBS)]
            name, lat, lon = PLACES[rnd.randrange(len(PLACES))]
            d = START + timedelta(days=rnd.randrange(DAYS))
            w.writerow(
                [
                    f"BEN{i}",
                    d.isoformat(),
                    d.year,
                    1,
                    dis,
                    etype,
                    sub,
                    "Military Forces of Azerbaijan (2003-)",
                    "",
                    1,
                    "Military Forces of Armenia (2018-)",
                    "",
                    1,
                    11,
                    "",
                    31,
                    "Caucasus and Central Asia",
                    "Azerbaijan",
                    "Khojavend",
                    "",
                    "",
                    name,
                    f"{lat + rnd.uniform(-0.6, 0.6):.4f}",
                    f"{lon + rnd.uniform(-0.6, 0.6):.4f}",
                    rnd.choice((1, 2, 3)),
                    "Benchmark source",
                    "National",
                    rnd.choice(NOTES),
                    rnd.choice((0, 0, 0, 1, 2)),
                    "",
                    1_600_000_000 + i,
                ]
            )


class ChildMemory:
    """Samples the peak resident memory (VmHWM) of this process's children.

    ``RUSAGE_CHILDREN`` would overstate it: a spawned child's maximum counts the parent's
    pages it shared between fork and exec. VmHWM starts afresh at exec.
    """

    def __init__(self) -> None:
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = f"PPid:\t{os.getpid()}\n"
        while not self._stop.is_set():
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    text = status.read_text()
                except OSError:
                    continue
                if me in text and "VmHWM:" in text:
                    pid = int(status.parent.name)
                    kb = int(text.split("VmHWM:")[1].split()[0])
                    self.peaks[pid] = max(self.peaks.get(pid, 0), kb)
            self._stop.wait(
                1.0
            )  # VmHWM is a high-water mark: a slow poll misses nothing but the last second

    def __enter__(self) -> ChildMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def child_import(url: str, path: str) -> None:
    """Run in a child process: init, import, print seconds and peak memory."""
    from ceasewatch.workspace import Workspace
    from ceasewatch.workspace.importing import WORKERS

    ws = Workspace.init(url)
    with ChildMemory() as children:
        t = time.perf_counter()
        report = ws.import_file(path)
        secs = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the parser processes, largest first (the multiprocessing resource tracker is the small one)
    worker_mb = sorted((kb / 1024 for kb in children.peaks.values()), reverse=True)[:WORKERS]
    print(
        json.dumps(
            {
                "seconds": secs,
                "events": report.events,
                "peak_rss_mb": peak_mb,
                "parser_process_peak_rss_mb": worker_mb,
                # every process at its own peak at once: an upper bound for the whole import
                "total_peak_rss_bound_mb": peak_mb + sum(worker_mb),
            }
        )
    )


def run_import(url: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child-import", url, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    res = json.loads(out.strip().splitlines()[-1])
    res["rows_per_s"] = res["events"] / res["seconds"]
    return res


def baseline_sqlite(path: Path, db: Path) -> float:
    """Plain csv + sqlite3 executemany into an unindexed table: the floor for an import."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(f"CREATE TABLE raw ({', '.join(c + ' TEXT' for c in COLUMNS)})")
    marks = ", ".join("?" * len(COLUMNS))
    t = time.perf_counter()
    with path.open(newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        con.executemany(f"INSERT INTO raw VALUES ({marks})", rows)
    con.commit()
    secs = time.perf_counter() - t
    con.close()
    return secs


def queries(url: str, n: int = 200, seed: int = 11) -> dict[str, float]:
    from ceasewatch.model.query import BBox, EventQuery
    from ceasewatch.workspace import Workspace

    rnd = random.Random(seed)
    ws = Workspace.open(url)
    times = []
    found = []
    for _ in range(n):
        d0 = START + timedelta(days=rnd.randrange(DAYS - 30))
        _, lat, lon = PLACES[rnd.randrange(len(PLACES))]
        q = EventQuery(
            start=d0,
            end=d0 + timedelta(days=30),
            bbox=BBox(lon - 0.25, lat - 0.25, lon + 0.25, lat + 0.25),
            limit=500,
        )
        t = time.perf_counter()
        found.append(len(ws.events(q)))
        times.append(time.perf_counter() - t)
    times.sort()
    t = time.perf_counter()
    months = ws.monthly_counts()
    agg = time.perf_counter() - t
    ws.close()
    return {
        "bbox_date_p50_ms": 1000 * statistics.median(times),
        "bbox_date_p95_ms": 1000 * times[int(0.95 * len(times)) - 1],
        "bbox_date_mean_hits": statistics.mean(found),
        "monthly_aggregation_s": agg,
        "monthly_groups": len(months),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--child-import", nargs=2, metavar=("URL", "PATH"))
    args = ap.parse_args()
    if args.child_import:
        child_import(*args.child_import)
        return
    result: dict[str, object] = {"rows": args.rows}
    with tempfile.TemporaryDirectory(prefix="cw-bench-") as tmp:
        csv_path = Path(tmp) / "acled.csv"
        t = time.perf_counter()
        generate(csv_path, args.rows)
        result["generate_s"] = time.perf_counter() - t
        result["file_mb"] = csv_path.stat().st_size / 2**20
        base = baseline_sqlite(csv_path, Path(tmp) / "raw.db")
        (Path(tmp) / "raw.db").unlink()
        # let the kernel write back what the generator and the baseline left dirty, so
        # that the import is not timed against their disk writes
        os.sync()
        url = f"sqlite:///{tmp}/bench.db"
        imp = run_import(url, csv_path)
        result["sqlite"] = {
            **imp,
            **queries(url),
            "baseline_import_s": base,
            "ratio_to_baseline": imp["seconds"] / base,
        }
        if not args.no_postgres:
            from pgtemp import TempPostgres

            pg = TempPostgres()
            try:
                os.sync()
                pg_url = pg.start()
                pimp = run_import(pg_url, csv_path)
                result["postgresql"] = {
                    **pimp,
                    **queries(pg_url),
                    "ratio_to_sqlite_import": pimp["seconds"] / imp["seconds"],
                }
            finally:
                pg.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
