"""The command line as scripts use it: output into a pipe closed early ends quietly, every
command that reports can say it as JSON, and events can be asked for by party and the
latest first."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasewatch.cli import cli
from ceasewatch.workspace import Workspace


@pytest.fixture
def run(db_url: str):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(cli, ["--db", db_url, *args])
        return result.exit_code, result.stdout, result.stderr

    assert invoke("init")[0] == 0
    return invoke


def many_rows(sample: Path, out: Path, copies: int) -> Path:
    """The sample's rows again and again, each copy with ids of its own."""
    with sample.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        for n in range(copies):
            for r in rows:
                w.writerow({**r, "event_id_cnty": f"{r['event_id_cnty']}-{n}"})
    return out


def test_output_into_a_pipe_closed_early_ends_quietly(tmp_path: Path, acled_sample: Path) -> None:
    db = str(tmp_path / "w.db")
    with Workspace.init(db) as ws:
        ws.import_file(many_rows(acled_sample, tmp_path / "many.csv", 400))
    command = f"{sys.executable} -m ceasewatch.cli --db {db} events list --limit 3200 | head -1"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr  # pipefail: ceasewatch's own status too
    assert done.stderr == ""
    assert done.stdout.startswith("id")  # the table's header, then the pipe closed


def test_every_reporting_command_says_it_as_json(run, acled_sample: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("import", str(acled_sample), "--json")
    assert code == 0
    [imported] = [json.loads(x) for x in out.splitlines()]
    assert imported["events"] == 8 and imported["format"] == "acled"
    assert run("scenario", "load", "karabakh-2020")[0] == 0
    assert run("documents", "extract", "--rules-only")[0] == 0
    code, out, _ = run("corroborate", "--json")
    counts = json.loads(out)
    assert code == 0 and counts["considered"] == counts["joined"] + counts["opened"] + sum(
        counts["left_out"].values()
    )
    code, out, _ = run("assess", "--as-of", "2025-01-01", "--json")
    [judged] = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and judged["agreement"] == "karabakh-2020"
    assert judged["findings"] == len(judged["added"]) and judged["problems"] == []
    code, out, _ = run("documents", "list", "--json")
    docs = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and docs and {"id", "published", "source", "file"} <= set(docs[0])
    assert run("ledger", "head")[0] == 0
    code, out, _ = run("ledger", "verify", "--json")
    audit = json.loads(out)
    assert code == 0 and audit["ok"] and audit["problems"] == [] and audit["heads"] == 1


def test_events_of_a_party_the_latest_first(run) -> None:  # type: ignore[no-untyped-def]
    assert run("scenario", "load", "karabakh-2020")[0] == 0
    code, out, _ = run("events", "list", "--party", "AZ", "--newest", "--limit", "500", "--json")
    listed = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and listed
    assert all(any(a.get("party") == "AZ" for a in e["actors"]) for e in listed)
    starts = [e["date"]["start"] for e in listed]
    assert starts == sorted(starts, reverse=True)
    code, out, _ = run("events", "list", "--limit", "500", "--json")
    everything = [json.loads(x) for x in out.splitlines()]
    assert len(everything) > len(listed)


# Commands whose output is not a report of what was done: a machine format already (claims
# as JSON Lines, exports, reports, proofs, keys, checkpoints), a server, or one line that
# acknowledges a single change.
NOT_REPORTS = {
    "extract", "export", "report", "serve", "init", "db upgrade", "gazetteer draft",
    "ledger prove", "ledger consistency", "ledger heads", "ledger head", "ledger export",
    "ledger public-key", "witness serve", "witness follow", "witness init",
    "witness public-key", "witness show", "users add", "users token", "users disable",
    "users revoke-tokens", "sources add", "sources edit", "sources grade", "sources protect",
    "sources posts", "events merge", "events split", "events verify",
}  # fmt: skip


def test_every_command_that_reports_has_json() -> None:
    import click

    lacking = []

    def walk(cmd: click.Command, path: list[str]) -> None:
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])
            return
        name = " ".join(path)
        has = any("--json" in p.opts for p in cmd.params if isinstance(p, click.Option))
        if not has and name not in NOT_REPORTS:
            lacking.append(name)

    walk(cli, [])
    assert lacking == []


def test_loading_and_listing_say_it_as_json(run, tmp_path: Path, db_url: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("scenario", "list", "--json")
    assert code == 0 and {"scenario": "karabakh-2020"} in [json.loads(x) for x in out.splitlines()]
    code, out, _ = run("scenario", "load", "karabakh-2020", "--json")
    loaded = json.loads(out)
    assert code == 0 and loaded["agreement"] == "karabakh-2020" and loaded["counts"]
    code, out, _ = run("agreement", "list", "--json")
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and {"id": "karabakh-2020", "where": "stored"}.items() <= rows[0].items()
    code, out, _ = run("gazetteer", "list", "--json")
    assert code == 0 and all({"name", "places"} <= set(json.loads(x)) for x in out.splitlines())
    text = tmp_path / "note.txt"
    text.write_text("Azerbaijani forces shelled positions near Martuni on 3 May 2021.\n")
    code, out, _ = run("documents", "import", str(text), "--published", "2021-05-04", "--json")
    assert code == 0 and len(json.loads(out)["stored"]) == 1
    code, out, _ = run("documents", "extract", "--rules-only", "--json")
    extracted = json.loads(out)
    assert code == 0 and extracted["claims"] >= 1 and extracted["documents"] >= 1
    with Workspace.open(db_url) as ws:
        ws.add_user("amina", "analyst", "a long secret phrase")
    code, out, _ = run("users", "list", "--json")
    assert code == 0 and [json.loads(x)["name"] for x in out.splitlines()] == ["amina"]
