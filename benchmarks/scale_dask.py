"""Scale benchmark, Dask part (issue 19, points 1 and 2): bulk extraction and corroboration
by window on a local Dask cluster, each beside one process in the same run.

    PYTHONPATH=src .venv/bin/python benchmarks/scale_dask.py [--docs N] [--claims N]
        [--workers N] [--fronts N] [--unplaced F] [--dir DIR]

Extraction. ``--docs`` documents (default 200,000) of two or three passages each (about
250 words), stitched from the bundled evaluation passages (written by this project:
English, and one document in seven Russian), each with a publication day drawn from
2021-2023 (the passages' relative dates follow it) and with some of its places swapped
for others of the gazetteer, written as JSON Lines files of 200 documents under
``--dir`` (default: a new folder in /tmp, removed afterwards). They are extracted to
JSON Lines by ``workspace.extracting.extract_files``, what ``ceasewatch extract --out``
runs: in this process (the baseline) and with ``--dask local:N``, taking turns a tenth
of the files at a time (the machine is shared: so both see it as loaded); the two output
files must be byte for byte the same. The Dask figure includes starting the cluster (its
start is also given apart).

Corroboration. ``--claims`` claims (default 1,000,000) in the shape of
benchmarks/corroborate.py (families, statuses, precisions, jitter, denials, week-long
spans), on ``--fronts`` fronts far apart (default 20, each with two parties, 150 by 110 km)
over ten years; ``--unplaced`` of them (default 0) have no place. Clustered by
``corroborate.cluster`` in this process (the baseline, today's clustering), then by
window (``workspace.windowing.cluster_windows``) in this process and on the Dask cluster
(``corroborate --dask``); the joins must be the same, in the same order. A claim with no
place may join an event on any front, so with unplaced claims the windows of one family
group merge across fronts: run with ``--unplaced 0.125`` to see it.

Prints one JSON object: each figure beside its baseline and the ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ceasewatch.agreements.bundled import bundled
from ceasewatch.assess.corroborate import Clusterer, Member, cluster, from_claim
from ceasewatch.assess.windows import windows
from ceasewatch.extract.evaluate import load_part
from ceasewatch.extract.places import places_for
from ceasewatch.model import (
    Claim,
    default_taxonomy,
)
from ceasewatch.workspace.distributing import InProcess, runner
from ceasewatch.workspace.extracting import ExtractorSpec, extract_files
from ceasewatch.workspace.windowing import cluster_windows

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corroborate as corroborate_bench

PER_FILE = 200


# -- extraction -----------------------------------------------------------------------------


def corpus(n: int, seed: int = 19) -> list[dict[str, Any]]:
    """*n* documents of two or three passages, with varied days and places."""
    rng = random.Random(seed)
    english = [p["text"] for p in load_part("tune") + load_part("held")]
    russian = [p["text"] for p in load_part("ru")]
    agreement = bundled("karabakh-2020")
    names = sorted(
        {x for x in places_for(agreement).entries if x and " " not in x and x[:1].isupper()},
        key=len,
        reverse=True,
    )
    found = re.compile(r"\b(" + "|".join(re.escape(x) for x in names) + r")\b")
    first = date(2021, 1, 1)
    out = []
    for i in range(n):
        russian_doc = i % 7 == 3
        parts = rng.sample(russian if russian_doc else english, rng.choice([2, 2, 3]))
        text = "\n\n".join(parts)
        text = found.sub(lambda m: rng.choice(names) if rng.random() < 0.4 else m.group(0), text)
        day = first + timedelta(days=rng.randrange(3 * 365))
        out.append(
            {
                "id": f"bench-{i:07d}",
                "source": rng.choice(["Global Wire", "am-mod", "az-mod", "Caucasus Daily"]),
                "published": day.isoformat(),
                "text": text,
                **({"language": "ru"} if russian_doc else {}),
            }
        )
    return out


def write_corpus(docs: list[dict[str, Any]], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for k in range(0, len(docs), PER_FILE):
        path = folder / f"docs-{k // PER_FILE:05d}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for d in docs[k : k + PER_FILE]:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        files.append(path)
    return files


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def extraction(n: int, workers: int, folder: Path, rounds: int = 10) -> dict[str, Any]:
    """One process and the Dask cluster take turns, a tenth of the files each time, so
    that both see the machine as loaded as the other (it is shared)."""
    docs = corpus(n)
    words = sum(len(d["text"].split()) for d in docs)
    files = write_corpus(docs, folder / "docs")
    del docs
    agreement = bundled("karabakh-2020")
    spec = ExtractorSpec.of(agreement, places_for(agreement), default_taxonomy())
    one_out, many_out = folder / "one.jsonl", folder / "many.jsonl"
    t_one = t_many = 0.0
    one = many = 0
    step = -(-len(files) // rounds)
    t0 = time.perf_counter()
    with runner(f"local:{workers}") as run, one_out.open("w") as f1, many_out.open("w") as f2:
        t_start = time.perf_counter() - t0
        for k in range(0, len(files), step):
            part = files[k : k + step]
            t0 = time.perf_counter()
            one += extract_files(part, spec, InProcess(), lambda g: f1.write(g.text)).claims
            t_one += time.perf_counter() - t0
            t0 = time.perf_counter()
            many += extract_files(part, spec, run, lambda g: f2.write(g.text)).claims
            t_many += time.perf_counter() - t0
    same = digest(one_out) == digest(many_out)
    return {
        "documents": n,
        "words_per_document": round(words / n),
        "claims": one,
        "claims_on_dask": many,
        "claims_identical": same,
        "one_process_s": round(t_one, 1),
        "one_process_docs_per_s": round(n / t_one, 1),
        f"dask_local_{workers}_s": round(t_many + t_start, 1),
        f"dask_local_{workers}_docs_per_s": round(n / (t_many + t_start), 1),
        "dask_cluster_start_s": round(t_start, 1),
        "ratio_to_one_process": round(t_one / (t_many + t_start), 2),
        "target_ratio": 1.7,
    }


# -- corroboration --------------------------------------------------------------------------


def fronts(n: int, seed: int) -> list[tuple[float, float, str, str]]:
    """*n* fronts at least 5 degrees apart (south-west corner, two parties each)."""
    rng = random.Random(seed)
    out: list[tuple[float, float, str, str]] = []
    while len(out) < n:
        lat, lon = rng.uniform(-40, 55), rng.uniform(-100, 140)
        if all(abs(lat - a) > 5 or abs(lon - b) > 5 for a, b, *_ in out):
            k = len(out)
            out.append((lat, lon, f"P{k}A", f"P{k}B"))
    return out


def synthetic_claims(n: int, n_fronts: int, unplaced: float, seed: int = 7) -> list[Claim]:
    """benchmarks/corroborate.py's claims, on *n_fronts* fronts over ten years."""
    return corroborate_bench.synthetic_claims(
        n,
        seed,
        fronts=fronts(n_fronts, seed),
        first=date(2015, 1, 1),
        days=3650,
        unplaced=unplaced,
        others=("global-wire", "intl-observer", "mission"),
        killed=False,
    )


def corroboration(n: int, workers: int, n_fronts: int, unplaced: float) -> dict[str, Any]:
    claims = synthetic_claims(n, n_fronts, unplaced)
    members: Sequence[Member] = [from_claim(c, c.claimant or "", c.document_id) for c in claims]
    del claims
    parties = {p for *_, a, b in fronts(n_fronts, 7) for p in (a, b)}
    t0 = time.perf_counter()
    found = windows(members)
    t_windows = time.perf_counter() - t0
    largest = max(len(w.members) for w in found)
    t0 = time.perf_counter()
    one = cluster(members, Clusterer(parties))
    t_one = time.perf_counter() - t0
    with runner(None) as here:
        t0 = time.perf_counter()
        by_window = cluster_windows(members, Clusterer(parties), here)
        t_here = time.perf_counter() - t0
    t0 = time.perf_counter()
    with runner(f"local:{workers}") as run:
        t_start = time.perf_counter() - t0
        t0 = time.perf_counter()
        on_dask = cluster_windows(members, Clusterer(parties), run)
        t_dask = time.perf_counter() - t0
    return {
        "claims": n,
        "fronts": n_fronts,
        "unplaced_share": unplaced,
        "events": len({j.event for j in one if j.event}),
        "windows": len(found),
        "largest_window": largest,
        "windows_s": round(t_windows, 1),
        "one_process_s": round(t_one, 1),
        "by_window_one_process_s": round(t_here, 1),
        f"dask_local_{workers}_s": round(t_dask, 1),
        "dask_cluster_start_s": round(t_start, 1),
        "equal_by_window_one_process": by_window == one,
        f"equal_dask_local_{workers}": on_dask == one,
        "ratio_to_one_process": round(t_one / (t_dask + t_start), 2),
        "ratio_to_by_window_one_process": round(t_here / (t_dask + t_start), 2),
    }


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=200_000)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--fronts", type=int, default=20)
    ap.add_argument("--unplaced", type=float, default=0.0)
    ap.add_argument("--dir", help="where to write the documents (default: a new /tmp folder)")
    args = ap.parse_args(argv)
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="cw-scale-dask-"))
    result: dict[str, Any] = {"load_before": os.getloadavg()}
    try:
        if args.docs:
            result["extraction"] = extraction(args.docs, args.workers, folder)
        if args.claims:
            result["corroboration"] = corroboration(
                args.claims, args.workers, args.fronts, args.unplaced
            )
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)
    result["load_after"] = os.getloadavg()
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
