"""Assessment benchmark: judge 1,000,000 events against the karabakh-2020 agreement.

    .venv/bin/python benchmarks/assess.py [--events N] [--elsewhere N] [--postgres]

The events are synthetic, spread over 2020-11 to 2023-09 and over the agreement's area:
ceasefire violations attributed to either side (a third named by a claim only), mission
activities of every type, obstructions, corridor reports, hand-overs and exchanges. They
are written straight into the store (not timed), then ``Workspace.assess`` runs every
built-in rule and stores the findings (timed, in two parts: reading the evidence, and
the rules with the writing). The baseline, in the same run, is one plain pass over the
same rows that only counts the ceasefire violations per party and day. With
``--elsewhere N``, N more events lie in another part of the world (a whole data set kept
beside the theatre's record): they are not read, and reading every event as the
assessment did before is timed beside it. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from sqlalchemy import text  # noqa: E402

from ceasewatch.model import (  # noqa: E402
    Actor,
    ActorRole,
    Event,
    GeoPrecision,
    Place,
    TimeSpan,
    default_taxonomy,
)
from ceasewatch.store import events as event_repo  # noqa: E402
from ceasewatch.store.rows import event_values  # noqa: E402
from ceasewatch.workspace import Workspace, assessing  # noqa: E402

TYPES = [
    ("cfv.small_arms", 30),
    ("cfv.shelling", 10),
    ("cfv.undetermined", 10),
    ("mission.patrol", 10),
    ("mission.escort", 6),
    ("mission.observation_post", 6),
    ("mission.religious_cultural", 2),
    ("mission.education", 2),
    ("humanitarian.delivery", 4),
    ("obstruction.blockade", 3),
    ("obstruction.journalists", 2),
    ("obstruction.mission", 2),
    ("corridor.bypass", 3),
    ("transfer.resources", 3),
    ("territory.handover", 1),
    ("exchange.detainees", 1),
    ("clash.armed", 5),
]


def synthetic(
    n: int, seed: int = 3, prefix: str = "bench", shift: float = 0.0
) -> list[tuple[object, ...]]:
    """*n* events in the agreement's area, or *shift* degrees of latitude away from it."""
    rnd = random.Random(seed)
    taxonomy = default_taxonomy()
    codes = [c for c, w in TYPES for _ in range(w)]
    first = date(2020, 11, 10)
    rows = []
    for i in range(n):
        code = rnd.choice(codes)
        day = first + timedelta(days=rnd.randrange(0, 1050))
        lat, lon = 39.5 + shift + rnd.random() * 0.8, 46.3 + rnd.random() * 0.9
        if code.startswith(("mission.", "humanitarian.")):
            actors = (Actor("Russian peacekeeping contingent", ActorRole.PARTICIPANT, "RU"),)
            sources = ("ru-pkc",) if rnd.random() < 0.5 else ("global-wire",)
        else:
            side = rnd.choice(["AZ", "AM"])
            actors = (Actor(f"{side} forces", ActorRole.PERPETRATOR, side),)
            sources = (rnd.choice(["az-mod", "am-mod", "global-wire"]),)
        e = Event(
            f"{prefix}:{i}",
            code,
            taxonomy.get(code).family,
            TimeSpan.day(day),
            Place(None, round(lat, 5), round(lon, 5), GeoPrecision.NEAR),
            actors,
            sources=sources,
            dataset="bench",
        )
        rows.append(event_values(e))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument(
        "--elsewhere",
        type=int,
        default=0,
        help="events more placed in another part of the world (a whole data set beside "
        "the theatre's): assessment reads only the agreement's, timed against reading all",
    )
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.postgres:
            from pgtemp import TempPostgres

            pg = TempPostgres()
            target = pg.start()
        else:
            target = str(Path(tmp) / "bench.db")
        import os

        os.environ.setdefault("CEASEWATCH_KEY", str(Path(tmp) / "bench.key"))
        ws = Workspace.init(target)
        ws.load_agreement("karabakh-2020")
        for rows in (
            synthetic(args.events),
            synthetic(args.elsewhere, seed=4, prefix="far", shift=-40.0),
        ):
            with ws.engine.begin() as conn:
                for i in range(0, len(rows), 20_000):
                    event_repo.insert_values(conn, rows[i : i + 20_000])
            del rows

        agreement = ws.agreement("karabakh-2020").agreement
        every_s = None
        if args.elsewhere:
            start = time.perf_counter()
            with ws.engine.connect() as conn:
                items, tracks = assessing.evidence(conn, ws.taxonomy)
            every_s = time.perf_counter() - start
            del items, tracks
        start = time.perf_counter()
        with ws.engine.connect() as conn:
            items, tracks = assessing.evidence(conn, ws.taxonomy, [agreement])
        read_s = time.perf_counter() - start
        del items, tracks

        start = time.perf_counter()
        report = ws.assess(as_of=date(2025, 1, 1))
        total_s = time.perf_counter() - start

        start = time.perf_counter()
        with ws.engine.connect() as conn:
            counts: dict[tuple[str, str], int] = {}
            for fam, day, actors in conn.execute(
                text("SELECT family, date_start, actors FROM events")
            ):
                if fam == "ceasefire_violation":
                    key = (actors, day)
                    counts[key] = counts.get(key, 0) + 1
        baseline_s = time.perf_counter() - start
        result = {
            "database": "postgresql" if args.postgres else "sqlite",
            "events": args.events,
            "events_elsewhere": args.elsewhere,
            "findings": sum(r.findings for r in report.results),
            "assess_s": round(total_s, 1),
            "of_which_reading_evidence_s": round(read_s, 1),
            "reading_every_event_instead_s": round(every_s, 1) if every_s is not None else None,
            "baseline_plain_pass_s": round(baseline_s, 1),
            "ratio_to_baseline": round(total_s / baseline_s, 1),
        }
        ws.close()
        if args.postgres:
            pg.stop()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
