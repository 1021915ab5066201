"""The event list of the web pages (``Workspace.event_list``) on a large record.

    .venv/bin/python benchmarks/lists.py [--events N] [--rounds N]

A workspace of ``--events`` generated ACLED rows (benchmarks/store.py's generator) and the
karabakh-2020 scenario, whose protected team makes the liaison officer's view a redacted
one. Measured, each the best of ``--rounds`` after one warm-up, in this process:

- the first page of 25, newest first, with no words (analyst; public);
- a page with one word (``drone``) and a filter, as the analyst (a count and a page in the
  database) and as the liaison officer (every matching event read and redacted, then
  kept if its redacted text has the word);
- a last page (offset) with no words;
- the baseline: the API's own event page of 25 (``Workspace.events_page``, by id after a
  cursor) for the analyst.

Prints one JSON object: milliseconds per call and each one's ratio to the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_mixed import build
from ceasewatch.model import Family
from ceasewatch.model.access import ANONYMOUS, Role, User
from ceasewatch.model.query import EventQuery
from ceasewatch.workspace import Workspace
from ceasewatch.workspace.listing import EventSearch


def best(fn: Callable[[], object], rounds: int) -> float:
    fn()
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CEASEWATCH_KEY"] = str(Path(tmp) / "ledger.key")
        db = Path(tmp) / "lists.db"
        t = time.perf_counter()
        build(db, args.events)
        built = time.perf_counter() - t
        ws = Workspace.open(str(db))
        analyst = User("analyst", Role.ANALYST)
        liaison = User("liaison", Role.LIAISON)
        total = ws.event_list(analyst, EventSearch())["total"]
        cfv = (Family.CEASEFIRE_VIOLATION,)
        word = EventSearch(text="drone", families=cfv)
        last = EventSearch(page=max(1, -(-total // 25)))
        runs = {
            "baseline_api_page_analyst": lambda: ws.events_page(analyst, EventQuery(limit=25)),
            "first_page_analyst": lambda: ws.event_list(analyst, EventSearch()),
            "first_page_public": lambda: ws.event_list(ANONYMOUS, EventSearch()),
            "word_and_family_analyst": lambda: ws.event_list(analyst, word),
            "word_and_family_liaison": lambda: ws.event_list(liaison, word),
            "last_page_analyst": lambda: ws.event_list(analyst, last),
        }
        ms = {name: round(best(fn, args.rounds), 2) for name, fn in runs.items()}
        matched = ws.event_list(liaison, word)["total"]
        ws.close()
    base = ms["baseline_api_page_analyst"]
    print(
        json.dumps(
            {
                "events": total,
                "built_s": round(built, 1),
                "word_matches_liaison": matched,
                "ms": ms,
                "ratio_to_baseline": {k: round(v / base, 1) for k, v in ms.items()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
