"""Witnessed heads on a real workspace: two witnesses (one per party) cosign the log as it
grows; a fork, a rollback, a truncated log signed again and a swapped key are each refused
by the witnesses and caught by ``ledger verify --checkpoint``; heads are never replaced."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url
from tests.assess.test_datasets import acled_file, row

from ceasewatch.cli import cli
from ceasewatch.ledger.witness import CosignerKey, verify_cosignature
from ceasewatch.workspace import Workspace, witnessing
from ceasewatch.workspace.ledgering import create_key, key_path

from .test_ledgering import tamper


def observation_file(folder: Path, ident: str) -> Path:
    """One illustrative ACLED-format row of its own id, in a file of its own."""
    sub = folder / ident
    sub.mkdir()
    return acled_file(
        sub,
        [
            row(
                ident,
                "2021-08-20",
                "Battles",
                "Armed clash",
                "Military Forces of Armenia (2018-)",
                "illustrative",
            )
        ],
    )


@pytest.fixture
def witnesses(ws: Workspace, tmp_path: Path) -> list[str]:
    return make_witnesses(ws, tmp_path)


def make_witnesses(ws: Workspace, tmp_path: Path) -> list[str]:
    ws.load_agreement("karabakh-2020")
    folders = []
    for party in ("az", "am"):
        folder = tmp_path / f"witness-{party}"
        witnessing.init_witness(folder, f"witness.example/{party}")
        witnessing.follow(folder, ws.ledger_public_key())
        folders.append(str(folder))
    answers = ws.ledger_witness(folders)
    assert all(a.cosigned for a in answers), answers
    return folders


def keys(folders: list[str]) -> list[str]:
    return [witnessing.public_key(Path(f)) for f in folders]


def test_two_witnesses_cosign_the_growing_log(ws: Workspace, witnesses: list[str]) -> None:
    ws.load_scenario("minsk-2015")
    answers = ws.ledger_witness(witnesses)  # the proof from the size each one holds
    assert [a.cosigned for a in answers] == [True, True]
    note = ws.ledger_head(sign=False)
    for k in keys(witnesses):
        verify_cosignature(note, CosignerKey.parse(k))
    assert ws.ledger_verify(witnesses=keys(witnesses), quorum=2).ok
    assert "2 are required" in " ".join(
        ws.ledger_verify(witnesses=keys(witnesses)[:1], quorum=2).problems
    )
    # a size is signed once: asked again, the same head, with its cosignatures
    assert ws.ledger_head() == note
    assert len(ws.ledger_heads()) == 2


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[Workspace]:
    """A workspace on SQLite only: the copies below are made of its file."""
    with Workspace.init(f"sqlite:///{tmp_path / 'lite.db'}") as workspace:
        yield workspace


@pytest.fixture
def lite_witnesses(lite: Workspace, tmp_path: Path) -> list[str]:
    return make_witnesses(lite, tmp_path)


def sqlite_copy(ws: Workspace, to: Path) -> Workspace:
    """Another copy of the workspace, as an intruder or a careless restore would make."""
    source = sqlite3.connect(str(make_url(ws.target).database))
    target = sqlite3.connect(str(to))
    source.backup(target)  # a file copy would miss what the write-ahead log holds
    source.close()
    target.close()
    return Workspace.open(f"sqlite:///{to}")


def test_a_rollback_and_a_truncated_log_signed_again_are_refused_and_caught(
    lite: Workspace, lite_witnesses: list[str], tmp_path: Path
) -> None:
    ws, witnesses = lite, lite_witnesses
    old = sqlite_copy(ws, tmp_path / "old.db")  # a copy taken now ...
    ws.load_scenario("minsk-2015")  # ... then the log grows, and the witnesses see it
    assert all(a.cosigned for a in ws.ledger_witness(witnesses))
    kept = ws.ledger_head(sign=False)
    # the old copy put back (the last load and its heads gone; no key needed to do it)
    answers = old.ledger_witness(witnesses)
    assert not any(a.cosigned for a in answers)
    assert all("rolled back" in a.says for a in answers), answers
    problems = old.ledger_verify(checkpoints=[kept]).problems
    assert any(p.startswith("rollback:") for p in problems), problems
    assert "ALARM" in CliRunner().invoke(cli, ["witness", "show", witnesses[0]]).output
    # the old copy made to grow past the witnessed size with other records, signed again
    while old.ledger_size() <= ws.ledger_size():
        old.import_file(observation_file(tmp_path, f"obs-{old.ledger_size()}"))
    answers = old.ledger_witness(witnesses)
    assert all("no valid consistency proof" in a.says for a in answers), answers
    assert any(p.startswith("fork:") for p in old.ledger_verify(checkpoints=[kept]).problems)


def test_a_fork_and_a_swapped_key_are_refused(
    lite: Workspace, lite_witnesses: list[str], tmp_path: Path
) -> None:
    ws, witnesses = lite, lite_witnesses
    other = sqlite_copy(ws, tmp_path / "copy.db")
    ws.import_file(observation_file(tmp_path, "obs-one"))
    other.import_file(observation_file(tmp_path, "obs-two"))
    assert ws.ledger_size() == other.ledger_size()
    assert all(a.cosigned for a in ws.ledger_witness(witnesses))
    kept = ws.ledger_head(sign=False)
    answers = other.ledger_witness(witnesses)
    assert not any(a.cosigned for a in answers) and all("forked" in a.says for a in answers)
    assert any(p.startswith("fork:") for p in other.ledger_verify(checkpoints=[kept]).problems)
    # an intruder with a key of their own
    name = other.ledger_key().name
    key = key_path(other.target)
    key.unlink()
    create_key(key, name)
    other.import_file(observation_file(tmp_path, "obs-three"))
    answers = other.ledger_witness(witnesses)
    assert all("key swapped" in a.says for a in answers), answers


def test_heads_are_never_replaced_and_a_second_head_at_a_size_is_an_alarm(
    ws: Workspace, db_url: str
) -> None:
    ws.load_agreement("karabakh-2020")
    ws.load_agreement("minsk-2015")
    first = ws.ledger_head()
    size = int(first.split("\n")[1])
    assert size == 2
    # the stored leaf of the last entry rewritten: the log has another root at that size
    tamper(
        db_url,
        "UPDATE ledger_entries SET leaf = (SELECT leaf FROM ledger_entries WHERE seq = 0) "
        "WHERE seq = 1",
    )
    second = ws.ledger_head()  # the log now has another root at the same size
    assert second != first and len(ws.ledger_heads()) == 2
    problems = ws.ledger_verify().problems
    assert any(p.startswith("alarm: two heads were signed at size") for p in problems)


def test_a_witness_served_over_http(ws: Workspace, tmp_path: Path, db_url: str) -> None:
    ws.load_agreement("karabakh-2020")
    folder = tmp_path / "witness-http"
    witnessing.init_witness(folder, "witness.example/http")
    witnessing.follow(folder, ws.ledger_public_key())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ceasewatch.cli",
            "witness",
            "serve",
            str(folder),
            "--port",
            str(port),
        ]
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        url = f"http://127.0.0.1:{port}"
        result = CliRunner().invoke(cli, ["--db", db_url, "ledger", "head", "--witness", url])
        assert result.exit_code == 0, result.output
        assert "cosigned by" in result.stderr and "witness.example/http" in result.stdout
        ws.load_scenario("minsk-2015")
        again = CliRunner().invoke(cli, ["--db", db_url, "ledger", "head", "--witness", url])
        assert again.exit_code == 0, again.output  # a 409 first, then the proof from its size
    finally:
        server.terminate()
        server.wait(10)


def test_bundles_carry_cosignatures_and_are_checked_against_a_kept_checkpoint(
    lite: Workspace, lite_witnesses: list[str], tmp_path: Path
) -> None:
    ws = lite
    old = sqlite_copy(ws, tmp_path / "old.db")
    ws.load_scenario("minsk-2015")
    assert all(a.cosigned for a in ws.ledger_witness(lite_witnesses))
    kept = tmp_path / "kept.txt"
    kept.write_text(ws.ledger_head(sign=False))
    pub = tmp_path / "log.pub"
    pub.write_text(ws.ledger_public_key())
    witness_keys = []
    for n, k in enumerate(keys(lite_witnesses)):
        path = tmp_path / f"w{n}.pub"
        path.write_text(k)
        witness_keys += ["--witness-key", str(path)]
    good, rolled = tmp_path / "good.bundle", tmp_path / "rolled.bundle"
    with good.open("w", encoding="utf-8", newline="\n") as fh:
        ws.ledger_export(fh)
    with rolled.open("w", encoding="utf-8", newline="\n") as fh:
        old.ledger_export(fh)
    runner = CliRunner()
    base = ["ledger", "verify-bundle", "--key", str(pub), "--checkpoint", str(kept)]
    ok = runner.invoke(cli, [*base, *witness_keys, "--quorum", "2", str(good)])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(cli, [*base, str(rolled)])
    assert bad.exit_code != 0 and "rollback" in bad.output
    ws.import_file(observation_file(tmp_path, "after"))  # a new head no witness has seen
    later = tmp_path / "later.bundle"
    with later.open("w", encoding="utf-8", newline="\n") as fh:
        ws.ledger_export(fh)
    unwitnessed = runner.invoke(cli, [*base[:4], *witness_keys, "--quorum", "1", str(later)])
    assert unwitnessed.exit_code != 0 and "0 of the 2 witnesses" in unwitnessed.output
