"""Scale benchmark, the field's datasets: import N ACLED-format rows (default 10,000,000)
into PostgreSQL with COPY and into SQLite, each in a child process (issue 19, point 3).

    .venv/bin/python benchmarks/scale_bulk.py [--rows N] [--baseline-rows M] [--dir DIR]

The file is made by benchmarks/store.py's generator under DIR (default: a temporary
folder, removed after). Each import runs ``Workspace.import_file`` in its own child process,
which prints its rows/s and peak memory: the writing process's max RSS, and the peak of each
parser process (VmHWM from /proc). Baselines, in the same run:

- PostgreSQL: the same import through the INSERT (``executemany``) path it took before
  COPY (``import_file(copy=False)``), on the first M rows (default 1,000,000: at 10M the
  old path would take over five minutes more, at a rate that does not change with size);
- SQLite: csv + sqlite3 ``executemany`` of the same rows into an unindexed table of text
  columns, no checks and no ledger (benchmarks/store.py's floor).

Each ledger is counted after its import: every imported row is one entry of its runs.
Prints a table of figures and one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tools"))

import store  # noqa: E402  (benchmarks/store.py: the generator and the memory sampler)

TARGET_PG = 150_000
TARGET_SQLITE = 60_000
TARGET_MB = 400


def child(url: str, path: str, copy: bool) -> None:
    """In a child process: make the workspace, import, count the ledger, print JSON."""
    from ceasewatch.workspace import Workspace
    from ceasewatch.workspace.importing import WORKERS

    ws = Workspace.init(url)
    before = ws.ledger_state()[0]
    with store.ChildMemory() as children:
        t = time.perf_counter()
        report = ws.import_file(path, copy=copy)
        secs = time.perf_counter() - t
    logged = ws.ledger_state()[0] - before
    ws.close()
    writer_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    parsers_mb = sorted((kb / 1024 for kb in children.peaks.values()), reverse=True)[:WORKERS]
    print(
        json.dumps(
            {
                "rows": report.rows,
                "events": report.events,
                "ledger_entries": logged,
                "seconds": secs,
                "rows_per_s": report.events / secs,
                "writer_peak_rss_mb": writer_mb,
                "parser_peak_rss_mb": parsers_mb,
                "peak_rss_bound_mb": writer_mb + sum(parsers_mb),
            }
        )
    )


def run_child(url: str, path: Path, *, copy: bool = True) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--child", url, str(path)]
    if not copy:
        cmd.append("--no-copy")
    # the ledger's signing key beside the data, not in the folder the benchmark runs from
    env = {**os.environ, "CEASEWATCH_KEY": str(path.parent / "bench.key")}
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def head(src: Path, dst: Path, rows: int) -> None:
    """The header and the first ``rows`` rows of ``src`` (one line each, as generated)."""
    with src.open("rb") as fin, dst.open("wb") as fout:
        for i, line in enumerate(fin):
            if i > rows:
                break
            fout.write(line)


def fresh_database(server: str, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def measure(rows: int, baseline_rows: int, folder: Path, pg_url: str | None) -> dict[str, object]:
    out: dict[str, object] = {"rows": rows}
    csv_path = folder / f"acled-{rows}.csv"
    if not csv_path.exists():
        t = time.perf_counter()
        store.generate(csv_path, rows)
        out["generate_s"] = time.perf_counter() - t
    out["file_mb"] = csv_path.stat().st_size / 2**20
    base_rows = min(rows, baseline_rows)
    base_path = csv_path
    if base_rows < rows:
        base_path = folder / f"acled-{base_rows}.csv"
        head(csv_path, base_path, base_rows)
    os.sync()  # the generator's writes, back on disk before anything is timed

    raw_db = folder / "raw.db"
    raw_db.unlink(missing_ok=True)
    base_s = store.baseline_sqlite(csv_path, raw_db)
    raw_db.unlink()
    db = folder / "bulk.db"
    db.unlink(missing_ok=True)
    os.sync()
    lite = run_child(f"sqlite:///{db}", csv_path)
    db.unlink()
    lite["baseline_rows_per_s"] = rows / base_s
    out["sqlite"] = lite

    if pg_url is not None:
        os.sync()
        pg = run_child(fresh_database(pg_url, "cw_bulk_copy"), csv_path)
        fresh_database(pg_url, "cw_bulk_copy")  # drop the data before the next import
        old = run_child(fresh_database(pg_url, "cw_bulk_insert"), base_path, copy=False)
        fresh_database(pg_url, "cw_bulk_insert")
        pg["baseline_rows"] = base_rows
        pg["baseline_rows_per_s"] = old["rows_per_s"]
        pg["baseline_peak_rss_bound_mb"] = old["peak_rss_bound_mb"]
        out["postgresql"] = pg
    return out


def table(res: dict[str, object]) -> str:
    lines = [
        f"{res['rows']:,} ACLED-format rows ({res['file_mb']:.0f} MB)",
        f"{'figure':44s} {'value':>12s} {'baseline':>12s} {'ratio':>7s} {'target':>10s}",
    ]

    def row(name: str, value: float, base: float | None, target: str) -> None:
        b = f"{base:12,.0f}" if base else f"{'':12s}"
        r = f"{value / base:7.2f}" if base else f"{'':7s}"
        lines.append(f"{name:44s} {value:12,.0f} {b} {r} {target:>10s}")

    pg = res.get("postgresql")
    if isinstance(pg, dict):
        row(
            f"PostgreSQL COPY, rows/s (baseline: INSERT, {pg['baseline_rows']:,} rows)",
            pg["rows_per_s"],
            pg["baseline_rows_per_s"],
            f">= {TARGET_PG:,}",
        )
        row("PostgreSQL peak RSS, MB (writer + parsers)", pg["peak_rss_bound_mb"],
            pg["baseline_peak_rss_bound_mb"], f"< {TARGET_MB}")  # fmt: skip
        row("PostgreSQL ledger entries written", pg["ledger_entries"], None, "= rows")
    lite = res["sqlite"]
    assert isinstance(lite, dict)
    row(
        "SQLite, rows/s (baseline: plain sqlite3 executemany)",
        lite["rows_per_s"],
        lite["baseline_rows_per_s"],
        f">= {TARGET_SQLITE:,}",
    )
    row("SQLite peak RSS, MB (writer + parsers)", lite["peak_rss_bound_mb"], None, f"< {TARGET_MB}")
    row("SQLite ledger entries written", lite["ledger_entries"], None, "= rows")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, object]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--baseline-rows", type=int, default=1_000_000)
    ap.add_argument("--dir", help="keep the generated file here (reused when it exists)")
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--child", nargs=2, metavar=("URL", "PATH"), help=argparse.SUPPRESS)
    ap.add_argument("--no-copy", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child, copy=not args.no_copy)
        return {}
    pg = None
    if not args.no_postgres:
        from pgtemp import TempPostgres

        pg = TempPostgres()
    try:
        pg_url = pg.start() if pg else None
        if args.dir:
            folder = Path(args.dir)
            folder.mkdir(parents=True, exist_ok=True)
            res = measure(args.rows, args.baseline_rows, folder, pg_url)
        else:
            with tempfile.TemporaryDirectory(prefix="cw-scale-bulk-") as tmp:
                res = measure(args.rows, args.baseline_rows, Path(tmp), pg_url)
    finally:
        if pg:
            pg.stop()
    print(table(res))
    print(json.dumps(res, indent=2))
    return res


if __name__ == "__main__":
    main()
