"""Parsers benchmark: hostile files against the readers' limits, and what the checks cost.

    .venv/bin/python benchmarks/parsers.py [--rows N]

1. Each hostile input (the 342-byte YAML alias bomb, self-referencing aliases, YAML and
   JSON nested 100,000 deep, a 5,000-digit number) is read in a child process of its own,
   as ``agreement validate`` and ``documents import`` read them: the child reports the
   error, its time and its peak resident memory. The baseline, in the same harness, is
   reading the largest bundled agreement (hodeidah-2018, 32 KB), a real file.
2. What the checks cost an import: parsing ACLED rows to stored rows (CsvTable's search
   for NUL, unpaired surrogates and quoted cells included) against the store's check of
   those rows before the database (store/values.py), both per row, in this process: the
   check an import runs (lengths and numbers; CsvTable searched the text) and the full
   check every other write runs. The ratios are check over parsing.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
CASES = {
    "yaml_alias_bomb": ("yaml", BOMB),
    "yaml_self_alias": ("yaml", "a: &a [*a]\nb: &b {c: *b}\n"),
    "yaml_deep_flow": ("yaml", "x: " + "[" * 100_000 + "]" * 100_000),
    "yaml_deep_mapping": ("yaml", "x: " + "{a: " * 100_000 + "1" + "}" * 100_000),
    "yaml_5000_digits": ("yaml", "n: " + "9" * 5000 + "\n"),
    "json_deep": ("jsonl", "[" * 100_000 + "]" * 100_000),
    "json_5000_digits": ("jsonl", '{"id": "a", "text": "b", "n": ' + "7" * 5000 + "}"),
}

CHILD = """
import resource, sys, time
from pathlib import Path
kind, path = sys.argv[1], sys.argv[2]
from ceasewatch.errors import CeasewatchError
from ceasewatch.agreements.loader import check_agreement
from ceasewatch.ingest.texts import read_documents
text = Path(path).read_text("utf-8")
start = time.perf_counter()
try:
    if kind == "yaml":
        check_agreement(text, path)
    else:
        read_documents([path])
    outcome = "read"
except CeasewatchError as exc:
    outcome = str(exc).splitlines()[-1][:120]
except BaseException as exc:
    outcome = f"internal error: {type(exc).__name__}"
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, outcome, sep="\\t")
"""


def child(kind: str, text: str, folder: Path, name: str) -> dict[str, object]:
    path = folder / f"{name}.{'yaml' if kind == 'yaml' else 'jsonl'}"
    path.write_text(text, "utf-8")
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    seconds, mb, outcome = out.split("\t", 2)
    return {
        "bytes": len(text.encode()),
        "seconds": round(float(seconds), 4),
        "peak_rss_mb": round(float(mb), 1),
        "outcome": outcome,
    }


def check_cost(rows: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import tempfile

    from ceasewatch.ingest.tabular import ProblemLog
    from ceasewatch.model import default_taxonomy
    from ceasewatch.store.events import CHECK
    from ceasewatch.workspace.parsing import rows_of
    from store import generate

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rows.csv"
        generate(path, rows)
        text = path.read_text("utf-8")
    taxonomy = default_taxonomy()
    start = time.perf_counter()
    values = [
        v
        for _, v in rows_of(
            io.StringIO(text, newline=""), "b.csv", "acled", taxonomy, ProblemLog("b")
        )
    ]
    parse = time.perf_counter() - start
    start = time.perf_counter()
    found = [f for v in values for f in CHECK.of_row(v, text=False)]
    check = time.perf_counter() - start
    start = time.perf_counter()
    found += CHECK.problems(values)
    full = time.perf_counter() - start
    assert not found and len(values) == rows
    return {
        "rows": rows,
        "parse_us_per_row": round(parse / rows * 1e6, 2),
        "import_check_us_per_row": round(check / rows * 1e6, 2),
        "import_check_over_parse": round(check / parse, 3),
        "full_check_us_per_row": round(full / rows * 1e6, 2),
        "full_check_over_parse": round(full / parse, 3),
    }


def main() -> None:
    import tempfile

    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    args = ap.parse_args()
    real = (ROOT / "src/ceasewatch/agreements/data/hodeidah-2018.yaml").read_text("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = child("yaml", real, folder, "hodeidah-2018")
        cases = {name: child(kind, text, folder, name) for name, (kind, text) in CASES.items()}
    for figures in cases.values():
        figures["seconds_over_baseline"] = round(
            float(figures["seconds"]) / float(baseline["seconds"]),
            2,  # type: ignore[arg-type]
        )
    print(
        json.dumps(
            {
                "baseline_real_agreement": baseline,
                "hostile": cases,
                "checks": check_cost(args.rows),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
