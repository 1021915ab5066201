"""Redaction benchmark: what the one redaction step costs an answer, and what finding out
what to withhold costs when the record changed.

    .venv/bin/python benchmarks/redact.py [--events N] [--documents N] [--rounds N]

A page of N events in their JSON form (as ``GET /api/events`` answers them), one in ten
placed or cited by a protected post, goes through ``Protected.value`` with a realistic set
of withheld things: three protected sources, fifty posts and their places, and
``--documents`` withheld documents and as many observations (a large legacy workspace of
documents stored under their paths). Timed in the same run:

- the baseline: ``orjson.dumps`` of the same page, which every answer costs anyway;
- the redaction step over the page with nothing remembered from an earlier answer, over
  the same page again (every string remembered), and with nothing protected (the
  analyst's case);
- ``Protected.of``: building the rule from those sets, once per change of the record;
- the whole read of what to withhold from a SQLite workspace holding those documents,
  posts and observations (``views.protected``).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson

from ceasewatch.model import (
    Actor,
    ActorRole,
    Document,
    Event,
    Family,
    GeoPrecision,
    Observation,
    Place,
    Source,
    TimeSpan,
)
from ceasewatch.model.jsonform import event_json
from ceasewatch.model.redact import Protected


def page(n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        post = i % 10 == 0
        out.append(
            event_json(
                Event(
                    f"cw-{i:012x}",
                    "cfv.small_arms",
                    Family.CEASEFIRE_VIOLATION,
                    TimeSpan.day(date(2022, 1, 1 + i % 28)),
                    Place(
                        f"within 9 km of Observation post {i % 50} near Askeran"
                        if post
                        else f"Village {i % 300}",
                        39.9,
                        46.8,
                        GeoPrecision.NEAR,
                    ),
                    actors=(Actor("AZ", ActorRole.PERPETRATOR, "AZ"),),
                    notes="Bursts of small arms fire were heard to the north-east of the "
                    f"village for about ten minutes, as claim:doc-{i:016x}#1 says.",
                    sources=(f"OP-{i % 50}",) if post else ("global-wire", "az-mod"),
                    dataset="ceasewatch",
                )
            )
        )
    return out


def protected(documents: int) -> Protected:
    sources = [Source(f"team-{k}", f"Field team {k}", protected=True) for k in range(3)]
    sources += [Source("global-wire", "Global Wire"), Source("az-mod", "Ministry")]
    return Protected.of(
        sources,
        documents=[f"field/team-1/OP-{k % 50}_{k}.txt" for k in range(documents)],
        observations=[f"obs-{k}" for k in range(documents)],
        posts=[f"OP-{k}" for k in range(50)],
        places=[f"Observation post {k} near Askeran" for k in range(50)],
    )


def best(fn: Callable[[], object], rounds: int) -> float:
    """The fastest of *rounds* runs, in milliseconds."""
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def store_read(documents: int, rounds: int) -> float:
    """``views.protected`` on a SQLite workspace with that many withheld documents and
    observations of protected posts."""
    from ceasewatch.store import monitoring as monitoring_repo
    from ceasewatch.store import privacy
    from ceasewatch.store import records as repo
    from ceasewatch.store import texts as texts_repo
    from ceasewatch.workspace import Workspace, views

    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace.open(f"sqlite:///{Path(folder) / 'b.db'}", upgrade=True)
        with ws.engine.begin() as conn:
            repo.insert_rows(
                conn,
                "source",
                [texts_repo.source_row(Source("team-1", "Field team 1", protected=True))],
            )
            docs = [
                Document(f"field/team-1/{k}.txt", f"{k:064x}", "global-wire", None, "en", text="x")
                for k in range(documents)
            ]
            repo.insert_rows(conn, "document", [texts_repo.document_row(d) for d in docs])
            privacy.add_document_files(conn, docs)
            repo.insert_rows(
                conn, "post", [privacy.post_row(f"OP-{k}", "team-1") for k in range(50)]
            )
            at = datetime(2022, 1, 1, tzinfo=UTC)
            filed = [
                Observation(f"obs-{k}", f"OP-{k % 50}",
                            Place(f"Observation post {k % 50}", 39.9, 46.8), at, at, "cfv.shelling")
                for k in range(documents)
            ]  # fmt: skip
            repo.insert_rows(
                conn, "observation", [monitoring_repo.observation_row(o) for o in filed]
            )
        with ws.engine.connect() as conn:
            ms = best(lambda: views.protected(conn), rounds)
        ws.close()
    return ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    answer = page(args.events)
    hide = protected(args.documents)
    nothing = Protected.of([])
    shown = hide.value(answer)
    withheld = sum(1 for e in shown if e["place"]["lat"] is None)
    dumps = best(lambda: orjson.dumps(answer), args.rounds)
    fresh = [replace(hide, _seen={}) for _ in range(args.rounds)]  # nothing remembered
    redact = best(lambda: fresh.pop().value(answer), args.rounds)
    again = best(lambda: hide.value(answer), args.rounds)  # the same page asked again
    out = {
        "events": args.events,
        "withheld_documents": args.documents,
        "events_with_a_withheld_place": withheld,
        "baseline_orjson_dumps_ms": round(dumps, 2),
        "redaction_ms": round(redact, 2),
        "redaction_per_event_us": round(redact * 1000 / args.events, 1),
        "ratio_to_baseline": round(redact / dumps, 1),
        "same_page_again_ms": round(again, 2),
        "nothing_protected_ms": round(best(lambda: nothing.value(answer), args.rounds), 4),
        "build_rule_ms": round(best(lambda: protected(args.documents), 5), 1),
        "read_from_store_ms": round(store_read(args.documents, 5), 1),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
