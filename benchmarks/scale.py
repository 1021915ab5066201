"""Issue 19's figures in one run: past one machine, each part beside its baseline.

    .venv/bin/python benchmarks/scale.py [--small] [--only bulk,dask,olap]

Each part is a benchmark of its own, runnable alone with its own options:

- ``benchmarks/scale_bulk.py``: ACLED-format rows into PostgreSQL with COPY and into
  SQLite (10,000,000 rows; baselines the INSERT path and a bare sqlite3 ``executemany``);
- ``benchmarks/scale_dask.py``: extraction of 200,000 documents and corroboration of
  1,000,000 claims on ``--dask local:2`` (baseline: one process, the outputs compared);
- ``benchmarks/scale_olap.py``: the statistics, monthly counts, map bins, event pages and
  assessment at 10,000,000 events (baseline: the row store's answers).

This runs them one after another at the issue's sizes, or with ``--small`` at sizes that
take a few minutes in all (to check that every part runs; the figures of the issue are
those of the full sizes, docs/benchmarks.md), and prints one JSON object holding each
part's figures under its name. The parts take turns: on a shared machine they would
otherwise measure each other.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# each part's options at the sizes (its defaults) and at a quick check's
PARTS: dict[str, tuple[list[str], list[str]]] = {
    "bulk": ([], ["--rows", "200000", "--baseline-rows", "100000"]),
    "dask": ([], ["--docs", "4000", "--claims", "50000"]),
    "olap": ([], ["--events", "200000", "--rounds", "3"]),
}


def run_part(name: str, argv: list[str]) -> dict[str, Any]:
    """One part's figures; what it prints on the way goes to stderr, so that stdout is
    the one JSON object."""
    module = importlib.import_module(f"scale_{name}")
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        figures = module.main(argv)
    sys.stderr.write(printed.getvalue())
    return {"figures": figures, "argv": argv, "seconds": round(time.perf_counter() - start, 1)}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", action="store_true", help="quick sizes: check that all runs")
    ap.add_argument("--only", default=",".join(PARTS), help="parts to run, comma-separated")
    args = ap.parse_args(argv)
    wanted = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(wanted) - set(PARTS))
    if unknown:
        ap.error(f"--only: no part {', '.join(unknown)} (parts: {', '.join(PARTS)})")
    out: dict[str, Any] = {"sizes": "small" if args.small else "the issue's"}
    for name in wanted:
        full, small = PARTS[name]
        out[name] = run_part(name, small if args.small else full)
    print(json.dumps(out, indent=2, default=str))
    return out


if __name__ == "__main__":
    main()
