"""``backup`` and ``restore`` from the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasewatch.cli import cli

PASSPHRASE = "four words, then some more"


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def recorded(db_url: str, acled_sample: Path) -> str:
    assert invoke("--db", db_url, "init")[0] == 0
    assert invoke("--db", db_url, "import", str(acled_sample))[0] == 0
    return db_url


def test_backup_then_restore_then_ledger_verify(
    recorded: str, other_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "backup"
    code, out, err = invoke("--db", recorded, "backup", str(backup), stdin=PASSPHRASE + "\n")
    assert code == 0, err
    assert "ledger: 8 entries" in out and "latest head 8" in out  # a head was signed first
    monkeypatch.setenv("CEASEWATCH_KEY", str(tmp_path / "restored.key"))
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n")
    code, out, err = invoke(
        "restore", str(backup), "--db", other_db_url, "--passphrase-file", str(passfile)
    )
    assert code == 0, out + err
    assert f"ledger key written to {tmp_path / 'restored.key'}" in out
    assert "as in the manifest" in out and "ok: 8 entries, 8 records, 1 signed heads" in out
    code, out, _ = invoke("--db", other_db_url, "ledger", "verify")
    assert code == 0 and out.startswith("ok: 8 entries")
    code, out, _ = invoke("--db", other_db_url, "events", "list")
    assert code == 0 and "8 event(s)" in out
    # the same folder again: refused, since the target holds a workspace now
    code, _, err = invoke("--db", other_db_url, "restore", str(backup), stdin=PASSPHRASE)
    assert code == 4 and "holds a workspace" in err and "--force" in err


def test_a_wrong_passphrase_is_refused_clearly(
    recorded: str, other_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "backup"
    assert invoke("--db", recorded, "backup", str(backup), stdin=PASSPHRASE)[0] == 0
    monkeypatch.setenv("CEASEWATCH_KEY", str(tmp_path / "restored.key"))
    code, out, err = invoke("restore", str(backup), "--db", other_db_url, stdin="guess\n")
    assert code == 7 and out == ""
    assert err == f"error: wrong passphrase for {backup / 'ledger-key.sealed'} (or the sealed file was altered)\n"  # fmt: skip
    assert not (tmp_path / "restored.key").exists()
    code, _, err = invoke("restore", str(backup), "--db", other_db_url, stdin="\n")
    assert code == 2 and "the passphrase is empty" in err


def test_the_passphrase_is_never_an_argument(recorded: str, tmp_path: Path) -> None:
    code, _, err = invoke("--db", recorded, "backup", str(tmp_path / "b"), "--passphrase", "x")
    assert code == 2 and "No such option" in err
    code, _, err = invoke("--db", recorded, "backup", str(tmp_path / "b"), stdin="too short\n")
    assert code == 2 and "use at least 12" in err
    assert not (tmp_path / "b").exists()


def test_init_on_a_ledger_without_its_key_points_to_restore(
    recorded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke("--db", recorded, "ledger", "head")
    monkeypatch.setenv("CEASEWATCH_KEY", str(tmp_path / "elsewhere.key"))
    code, out, err = invoke("--db", recorded, "init")
    assert code == 4 and out == ""
    assert "already holds a ledger (8 entries, 1 signed heads)" in err
    assert "ceasewatch restore BACKUP" in err
    assert not (tmp_path / "elsewhere.key").exists()
    code, _, err = invoke("--db", recorded, "ledger", "verify")
    assert code == 6 and "'ceasewatch restore BACKUP'" in err
    code, out, _ = invoke("--db", recorded, "db", "upgrade")  # needs no key
    assert code == 0 and "schema at" in out
