"""Report benchmark: the situation report of a month of 10,000 events, as PDF.

    .venv/bin/python benchmarks/report.py [--events N] [--previous N]

A fresh SQLite workspace gets the karabakh-2020 scenario (agreement, sources, mission,
checkpoint records) and synthetic events over the agreement's area: N in December 2022
and a smaller number in November (the previous period the report compares with). The
events are ceasefire violations blamed on either side, mission activities, obstructions,
corridor reports and clashes, some with casualties. They are written straight into the
store and then judged (``assess``, not timed), so the report has findings to list.
Timed in the same process: the report as HTML, as Markdown and as PDF (each made from
the database: reading, signing a tree head, building the map and charts, laying out),
and a baseline: reading the month's events from the workspace and nothing else. Then a
third of the events are marked corroborated (published) and the public edition's PDF is
timed as the server makes it for anyone: once made, and asked for again of the same
record (kept, workspace/publishing.py). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, update

from ceasewatch.model import (
    Actor,
    ActorRole,
    Count,
    Event,
    GeoPrecision,
    Place,
    TimeSpan,
    default_taxonomy,
)
from ceasewatch.model.query import EventQuery
from ceasewatch.model.vocab import VerificationStatus
from ceasewatch.store import events as event_repo
from ceasewatch.store.rows import event_values
from ceasewatch.store.schema import events as events_table
from ceasewatch.workspace import Workspace

TYPES = [
    ("cfv.small_arms", 40),
    ("cfv.shelling", 12),
    ("cfv.drone", 4),
    ("mission.patrol", 10),
    ("mission.escort", 6),
    ("mission.religious_cultural", 1),
    ("humanitarian.delivery", 4),
    ("obstruction.blockade", 3),
    ("obstruction.mission", 3),
    ("corridor.bypass", 4),
    ("clash.armed", 6),
]
MONTH = (date(2022, 12, 1), date(2022, 12, 31))


def synthetic(n: int, first: date, days: int, prefix: str, seed: int) -> list[tuple[object, ...]]:
    rnd = random.Random(seed)
    taxonomy = default_taxonomy()
    codes = [c for c, w in TYPES for _ in range(w)]
    rows = []
    for i in range(n):
        code = rnd.choice(codes)
        lat, lon = 39.5 + rnd.random() * 0.8, 46.3 + rnd.random() * 0.9
        if code.startswith(("mission.", "humanitarian.")):
            actors = (Actor("Russian peacekeeping contingent", ActorRole.PARTICIPANT, "RU"),)
            sources: tuple[str, ...] = ("ru-pkc",)
        else:
            side = rnd.choice(["AZ", "AM"])
            actors = (Actor(f"{side} forces", ActorRole.PERPETRATOR, side),)
            sources = (rnd.choice(["az-mod", "am-mod", "global-wire"]),)
        killed = Count.exact(rnd.choice([1, 2, 3])) if rnd.random() < 0.03 else Count()
        e = Event(
            f"{prefix}:{i}",
            code,
            taxonomy.get(code).family,
            TimeSpan.day(first + timedelta(days=rnd.randrange(days))),
            Place(f"place {i % 300}", round(lat, 5), round(lon, 5), GeoPrecision.NEAR),
            actors,
            killed=killed,
            sources=sources,
            dataset="bench",
        )
        rows.append(event_values(e))
    return rows


def page_count(pdf: Path) -> int | None:
    """Pages, as poppler's pdfinfo counts them (None without poppler-utils)."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        return None
    info = subprocess.run([tool, str(pdf)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, flags=re.M)
    return int(found.group(1)) if found else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--previous", type=int, default=8_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("CEASEWATCH_KEY", str(Path(tmp) / "bench.key"))
        ws = Workspace.init(str(Path(tmp) / "bench.db"))
        ws.load_scenario("karabakh-2020")
        rows = synthetic(args.events, MONTH[0], 31, "dec", 5)
        rows += synthetic(args.previous, date(2022, 11, 1), 30, "nov", 6)
        with ws.engine.begin() as conn:
            event_repo.insert_values(conn, rows)
        t0 = time.perf_counter()
        ws.assess(as_of=date(2023, 1, 1))
        assess_s = time.perf_counter() - t0

        timings: dict[str, float] = {}
        sizes: dict[str, int] = {}
        pages = None
        for fmt in ("html", "md", "pdf"):
            t0 = time.perf_counter()
            body = ws.report(*MONTH, fmt)
            timings[fmt] = time.perf_counter() - t0
            sizes[fmt] = len(body)
            if fmt == "pdf":
                (Path(tmp) / "month.pdf").write_bytes(body)
                pages = page_count(Path(tmp) / "month.pdf")
        t0 = time.perf_counter()
        found = ws.events(EventQuery(*MONTH))
        baseline_s = time.perf_counter() - t0
        with ws.engine.begin() as conn:  # a third published, as an analyst's work would
            conn.execute(
                update(events_table)
                .where(func.substr(events_table.c.id, -1).in_(["0", "3", "6"]))
                .values(status="corroborated")
            )
        t0 = time.perf_counter()
        made = ws.public_report(*MONTH, "pdf")
        public_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        kept = ws.public_report(*MONTH, "pdf")
        kept_s = time.perf_counter() - t0
        assert kept == made
        published = len(ws.events(EventQuery(*MONTH, statuses=(VerificationStatus.CORROBORATED,))))
        print(
            json.dumps(
                {
                    "events_in_month": len(found),
                    "events_in_previous_month": args.previous,
                    "findings": len(ws.findings()),
                    "assess_s_not_timed_in_report": round(assess_s, 1),
                    "report_html_s": round(timings["html"], 2),
                    "report_md_s": round(timings["md"], 2),
                    "report_pdf_s": round(timings["pdf"], 2),
                    "pdf_bytes": sizes["pdf"],
                    "pdf_pages": pages,
                    "baseline_read_month_s": round(baseline_s, 2),
                    "pdf_ratio_to_baseline": round(timings["pdf"] / baseline_s, 1),
                    "target_pdf_s": 20,
                    "published_in_month": published,
                    "public_pdf_made_s": round(public_s, 2),
                    "public_pdf_kept_s": round(kept_s, 4),
                    "public_kept_speedup": round(public_s / max(kept_s, 1e-6)),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
