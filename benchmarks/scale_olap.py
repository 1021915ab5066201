"""Analytics at 10 million events (issue 19, point 4): the statistics, the monthly counts,
the map's bins and the event pages from the Parquet snapshot (DuckDB), beside the row
store's answers to the same questions in the same run.

    .venv/bin/python benchmarks/scale_olap.py [--events N] [--rounds N] [--db PATH]
                                              [--no-assess] [--keep]

The workspace is an SQLite file of ``--events`` generated events (default 10,000,000)
over the karabakh-2020 agreement's area from November 2020 to September 2023: the types,
parties and sources of benchmarks/assess.py, 40% of them published (corroborated or
verified), 70% named after one of 60 places. They are written through the store's bulk
path (``store.events.bulk_load`` and ``insert_values``: one transaction, the indexes
built once at the end), not through the import's ledger-per-batch path, which would take
longer to set up than everything measured. Only the agreement's loading is in the ledger,
so the snapshot made after the events is current. ``--db PATH`` keeps (or reuses) the
workspace there.

Measured, each figure beside its baseline (the row store's answer, which is today's
path) in the same process:

- ``snapshot_s``: ``ceasewatch snapshot`` (no baseline: it is new);
- ``monthly_<by>_s`` for by family, party and zone (the zones of the agreement each event
  lies in): the snapshot's best of ``--rounds`` against one row-store pass;
- ``map_bins``: ``GET /api/bins?zoom=6&bbox=<the whole area>`` through the ASGI
  application as the public, ``--rounds`` x 10 requests (the server keeps no answer of
  it: each is counted again), and the same with a time window (``to``, another each
  time: DuckDB over the events rather than the cube); baseline the same squares from the
  row store (``engine=rows``);
- ``events_page_p95_ms``: ``GET /api/events?limit=50&after=<a random id>`` as the public
  and as the analyst, 200 requests each, and the analyst's with a family and a period;
  baseline the same page by ``OFFSET`` (what a page count would need), in the database;
- ``stats_s``: ``Workspace.stats`` from the snapshot against the row store;
- ``assess_s``: ``Workspace.assess`` of every event against the agreement (unless
  ``--no-assess``), with its peak memory; baseline benchmarks/assess.py's plain pass over
  the same rows (the ceasefire violations counted per party and day).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assess import TYPES
from ceasewatch.model import default_taxonomy
from ceasewatch.model.access import ANONYMOUS, Role, User
from ceasewatch.model.query import EventQuery
from ceasewatch.store import events as event_repo
from ceasewatch.store.rows import COLUMNS
from ceasewatch.workspace import Workspace

FIRST = date(2020, 11, 10)
DAYS = 1050
AREA = (45.8, 39.3, 47.4, 40.5)  # west, south, east, north: the agreement's zones and around
PLACES = [f"Place {i}" for i in range(60)]
STATUSES = ["unverified"] * 6 + ["corroborated"] * 3 + ["verified"]
BATCH = 50_000


def _templates() -> list[tuple[str, str, list[str], list[str]]]:
    """(code, family, actors JSON choices, sources JSON choices) per type, as
    benchmarks/assess.py makes its events."""
    taxonomy = default_taxonomy()
    out = []
    for code, weight in TYPES:
        family = taxonomy.get(code).family.value
        if code.startswith(("mission.", "humanitarian.")):
            actors = ['[["Russian peacekeeping contingent","participant","RU",null]]']
            sources = ['["ru-pkc"]', '["global-wire"]']
        else:
            actors = [f'[["{s} forces","perpetrator","{s}",null]]' for s in ("AZ", "AM")]
            sources = ['["az-mod"]', '["am-mod"]', '["global-wire"]']
        out += [(code, family, actors, sources)] * weight
    return out


def rows(n: int, seed: int = 19) -> Iterator[list[tuple[Any, ...]]]:
    """*n* event rows in ``store.rows.COLUMNS`` order, in batches."""
    rnd = random.Random(seed)
    kinds = _templates()
    days = [(FIRST + timedelta(days=d)).isoformat() for d in range(DAYS)]
    west, south, east, north = AREA
    width, height = east - west, north - south
    tail = (None,) * (len(COLUMNS) - 43)  # none: the columns are 43 today
    assert COLUMNS[:3] == ["id", "dataset", "external_id"] and len(COLUMNS) >= 43
    for first in range(0, n, BATCH):
        batch = []
        for i in range(first, min(first + BATCH, n)):
            code, family, actors, sources = kinds[int(rnd.random() * len(kinds))]
            day = days[int(rnd.random() * DAYS)]
            place = PLACES[int(rnd.random() * 60)] if rnd.random() < 0.7 else None
            batch.append(
                (
                    f"bench:{i:09d}", "bench", None, code, family, None, None, None, day, day,
                    0, "day", place, round(south + rnd.random() * height, 5),
                    round(west + rnd.random() * width, 5), "near", None, None, None, None,
                    None, None, None, None, None, None, None, None, None, None, None, None,
                    None, None, actors[int(rnd.random() * len(actors))],
                    STATUSES[int(rnd.random() * 10)], False, None, None,
                    sources[int(rnd.random() * len(sources))], None, None, None, *tail,
                )
            )  # fmt: skip
        yield batch


def build(db: Path, n: int) -> float:
    """The workspace with *n* events; seconds taken."""
    began = time.perf_counter()
    ws = Workspace.init(str(db))
    ws.load_agreement("karabakh-2020")
    with ws.engine.begin() as conn, event_repo.bulk_load(conn):
        for batch in rows(n):
            event_repo.insert_values(conn, batch, checked=True)
    ws.close()
    return time.perf_counter() - began


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def best(fn: Callable[[], object], rounds: int) -> float:
    fn()  # warm
    return min(timed(fn) for _ in range(rounds))


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def ratio(base: float, ours: float) -> float:
    return round(base / ours, 1) if ours else float("inf")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--db", type=Path, help="keep (or reuse) the workspace here")
    parser.add_argument("--no-assess", action="store_true", help="leave the assessment out")
    parser.add_argument(
        "--parts",
        default="monthly,stats,map,pages",
        help="which figures, of monthly, stats, map, pages (the assessment: unless --no-assess)",
    )
    parser.add_argument(
        "--keep-snapshot",
        action="store_true",
        help="with --db: use its snapshot if current (its own time is reported)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "olap.db"
        os.environ["CEASEWATCH_KEY"] = str(db) + ".key"
        out: dict[str, Any] = {"events": args.events}
        if not db.exists():
            out["build_s"] = round(build(db, args.events), 1)
            out["build_rows_per_s"] = round(args.events / out["build_s"])
        result = measure(Workspace.open(str(db)), args)
        out.update(result)
    print(json.dumps(out, indent=2))
    return out


class Figures(dict[str, Any]):
    """The figures, each also printed to stderr as it is measured (a long run stopped
    halfway keeps what it measured)."""

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        print(json.dumps({key: value}), file=sys.stderr, flush=True)


def measure(ws: Workspace, args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = Figures()
    snap, _ = ws.make_snapshot(force=not args.keep_snapshot)
    out["snapshot_s"] = snap.seconds
    out["snapshot_mb"] = round(snap.events_file.stat().st_size / 1e6, 1)
    rounds = args.rounds

    parts = set(args.parts.split(","))
    # monthly counts: by family, party, zone
    for by in ("family", "party", "zone") if "monthly" in parts else ():
        ours = best(lambda by=by: ws.monthly_counts(by=by, engine="snapshot"), rounds)
        rows_s = timed(lambda by=by: ws.monthly_counts(by=by, engine="rows"))
        same = (
            ws.monthly_counts(by=by, engine="snapshot") == ws.monthly_counts(by=by, engine="rows")
            if args.events <= 1_000_000
            else None
        )
        out[f"monthly_{by}"] = {
            "snapshot_s": round(ours, 3),
            "baseline_rows_s": round(rows_s, 2),
            "speedup": ratio(rows_s, ours),
            **({"same_counts": same} if same is not None else {}),
        }

    # statistics
    if "stats" in parts:
        ours = best(lambda: ws.stats(engine="snapshot"), rounds)
        rows_s = timed(lambda: ws.stats(engine="rows"))
        out["stats"] = {"snapshot_s": round(ours, 3), "baseline_rows_s": round(rows_s, 2),
                        "speedup": ratio(rows_s, ours)}  # fmt: skip

    # the map: the whole area at zoom 6, through the application, as the public
    from fastapi.testclient import TestClient

    from ceasewatch.asgi import create_app

    os.environ["CEASEWATCH_ANALYTICS_EVENTS"] = str(min(args.events, 1_000_000))
    app = create_app(ws.target, allowed_hosts=["testserver"])
    client = TestClient(app)
    box = ",".join(str(v) for v in AREA)

    def bins_p95(period: bool) -> tuple[float, float, dict[str, Any]]:
        samples = []
        body: dict[str, Any] = {}
        for i in range(rounds * 10 + 1):
            params: dict[str, Any] = {"zoom": 6, "bbox": box}
            if period:  # a time window: another each time
                params["to"] = (FIRST + timedelta(days=DAYS - (i % 200))).isoformat()
            t = time.perf_counter()
            r = client.get("/api/bins", params=params)
            took = time.perf_counter() - t
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["engine"] == "snapshot", body.get("engine")
            if i:  # the first warms DuckDB's connection
                samples.append(took)
        return p95(samples), statistics.median(samples), body

    if "map" in parts:
        plain, plain_median, body = bins_p95(period=False)
        windowed, _, _ = bins_p95(period=True)
        rows_s = timed(lambda: ws.map_bins(ANONYMOUS, EventQuery(bbox=_box()), 6, "rows"))
        out["map_bins"] = {
            "p95_ms": round(plain * 1000, 1),
            "median_ms": round(plain_median * 1000, 1),
            "with_a_time_window_p95_ms": round(windowed * 1000, 1),
            "bins": len(body["bins"]),
            "events_counted": body["count"],
            "baseline_rows_ms": round(rows_s * 1000),
            "speedup": ratio(rows_s, plain),
        }

    # an events page of 50, after a random cursor
    if "pages" in parts:
        analyst = User("analyst", Role.ANALYST)
        if not any(u["name"] == "analyst" for u in ws.users()):  # one kept with --db has
            ws.add_user("analyst", "analyst", "bench-password-19")
        r = client.post("/api/session", json={"name": "analyst", "password": "bench-password-19"})
        assert r.status_code == 200, r.text
        signed_in = client.cookies
        public = TestClient(app)
        rnd = random.Random(5)
        pages: dict[str, list[float]] = {"public": [], "analyst": [], "analyst_family_period": []}
        for _ in range(200):
            after = f"bench:{rnd.randrange(args.events):09d}"
            for name, c, extra in (
                ("public", public, {}),
                ("analyst", client, {}),
                ("analyst_family_period", client,
                 {"family": "ceasefire_violation", "from": "2022-01-01", "to": "2022-06-30"}),
            ):  # fmt: skip
                t = time.perf_counter()
                r = c.get("/api/events", params={"limit": 50, "after": after, **extra})
                pages[name].append(time.perf_counter() - t)
                assert r.status_code == 200 and r.json()["count"] > 0, (name, r.text[:200])
        assert signed_in
        offsets = []
        with ws.engine.connect() as conn:
            from sqlalchemy import text

            for _ in range(10):
                k = rnd.randrange(args.events)
                t = time.perf_counter()
                conn.execute(
                    text("SELECT * FROM events ORDER BY id LIMIT 50 OFFSET :k"), {"k": k}
                ).all()
                offsets.append(time.perf_counter() - t)
        base = p95(offsets)
        out["events_page"] = {
            **{f"{k}_p95_ms": round(p95(v) * 1000, 1) for k, v in pages.items()},
            "baseline_offset_p95_ms": round(base * 1000, 1),
            "speedup_analyst": ratio(base, p95(pages["analyst"])),
        }
        del analyst

    if not args.no_assess:
        out["assess"] = _assess(ws)
    ws.close()
    return out


def _box() -> Any:
    from ceasewatch.model.query import BBox

    return BBox(*AREA)


def _assess(ws: Workspace) -> dict[str, Any]:
    from sqlalchemy import text

    t = time.perf_counter()
    report = ws.assess(as_of=date(2025, 1, 1))
    took = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    with ws.engine.connect() as conn:
        counts: dict[tuple[str, str], int] = {}
        for fam, day, actors in conn.execute(text("SELECT family, date_start, actors FROM events")):
            if fam == "ceasefire_violation":
                counts[actors, day] = counts.get((actors, day), 0) + 1
    base = time.perf_counter() - t
    return {
        "assess_s": round(took, 1),
        "findings": sum(r.findings for r in report.results),
        "peak_rss_mb": round(peak_mb),
        "baseline_plain_pass_s": round(base, 1),
        "ratio_to_baseline": round(took / base, 1),
    }


if __name__ == "__main__":
    main()
