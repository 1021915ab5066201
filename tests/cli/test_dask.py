"""``--dask`` from the command line, against a scheduler and a worker started as separate
processes (as on a real cluster), on a free loopback port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import ceasewatch
from ceasewatch.cli import cli


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "PYTHONPATH": str(Path(ceasewatch.__file__).parents[1])}
    logs = tmp_path_factory.mktemp("dask")
    started = []
    with (logs / "scheduler.log").open("w") as slog, (logs / "worker.log").open("w") as wlog:
        yield from _started(address, env, slog, wlog, started)


def _started(
    address: str, env: dict[str, str], slog: Any, wlog: Any, started: list[Any]
) -> Iterator[str]:
    from distributed import Client

    try:
        started.append(
            subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                 "--port", address.rsplit(":", 1)[1], "--dashboard-address", ":0"],
                env=env, stdout=subprocess.DEVNULL, stderr=slog,
            )
        )  # fmt: skip
        started.append(
            subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                 "--nworkers", "1", "--dashboard-address", ":0"],
                env=env, stdout=subprocess.DEVNULL, stderr=wlog,
            )
        )  # fmt: skip
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=60)
        yield address
    finally:
        for p in reversed(started):
            p.terminate()
            p.wait(timeout=30)


def documents(path: Path) -> Path:
    text = resources.files("ceasewatch.scenarios").joinpath("karabakh-2020/documents.jsonl")
    path.write_text(text.read_text("utf-8"))
    return path


def test_extract_on_a_scheduler_gives_the_claims_of_one_process(
    scheduler: str, tmp_path: Path
) -> None:
    given = documents(tmp_path / "docs.jsonl")
    runner = CliRunner()
    base = ["extract", "--agreement", "karabakh-2020", str(given)]
    alone = runner.invoke(cli, base)
    assert alone.exit_code == 0, alone.output
    out = tmp_path / "claims.jsonl"
    on_dask = runner.invoke(cli, [*base, "--dask", scheduler, "--out", str(out)])
    assert on_dask.exit_code == 0, on_dask.output
    assert on_dask.stdout == ""
    assert out.read_text("utf-8") == alone.stdout
    assert len(alone.stdout.splitlines()) > 100
    parquet = runner.invoke(cli, [*base, "--dask", scheduler, "--out", str(tmp_path / "c.parquet")])
    assert parquet.exit_code == 0, parquet.output
    import pyarrow.parquet as pq

    rows = pq.read_table(tmp_path / "c.parquet").to_pylist()
    assert rows == [json.loads(line) for line in alone.stdout.splitlines()]
    # standard input travels to the worker with its partition
    typed = "Shots were fired near the village of Taghavard."
    piped = runner.invoke(cli, [*base[:3], "-", "--dask", scheduler], input=typed)
    assert piped.exit_code == 0, piped.output
    assert [json.loads(line)["doc"] for line in piped.stdout.splitlines()] == ["-"]


def test_documents_extract_and_corroborate_on_a_scheduler(scheduler: str, tmp_path: Path) -> None:
    runner = CliRunner()
    got = []
    for name, dask in (("one", []), ("many", ["--dask", scheduler])):
        db = ["--db", str(tmp_path / f"{name}.db")]
        for args in (["init"], ["scenario", "load", "karabakh-2020"]):
            result = runner.invoke(cli, [*db, *args])
            assert result.exit_code == 0, result.output
        extracted = runner.invoke(cli, [*db, "documents", "extract", "--json", *dask])
        assert extracted.exit_code == 0, extracted.output
        corroborated = runner.invoke(cli, [*db, "corroborate", "--json", *dask])
        assert corroborated.exit_code == 0, corroborated.output
        claims = runner.invoke(cli, [*db, "claims", "list", "--json"])
        got.append((extracted.stdout, corroborated.stdout, claims.stdout))
    assert got[0] == got[1]
    assert json.loads(got[0][1])["joined"] > 20


def test_a_bad_cluster_name_is_refused() -> None:
    result = CliRunner().invoke(cli, ["corroborate", "--dask", "somewhere"])
    assert result.exit_code == 2
    assert "expected local, local:N" in result.stderr
