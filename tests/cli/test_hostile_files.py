"""The commands a user gives files to, given hostile ones: YAML and JSON bombs, a header
naming a column twice, a bundle whose header is nested 100,000 deep. Each ends in one clear
line naming the file (and line), never in ``internal error``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasewatch.cli import cli

BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
ACLED_HEADER = (
    (Path(__file__).resolve().parents[2] / "src/ceasewatch/ingest/samples/acled_sample.csv")
    .read_text("utf-8")
    .splitlines()[:2]
)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("bomb.yaml", BOMB, r"bomb\.yaml:\d: the document holds more than 250,000 values"),
        ("self.yaml", "a: &a [*a]\n", r"self\.yaml:1: the alias \*a stands inside the node"),
        ("deep.yaml", "x: " + "{a: " * 100_000 + "1" + "}" * 100_000, r"deep\.yaml:1: nested"),
        ("wide.yaml", "n: " + "9" * 5000 + "\n", r"wide\.yaml:1: a number of 5,000 characters"),
    ],
)
def test_agreement_validate_refuses_yaml_bombs(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    code, err = _run("agreement", "validate", str(path))
    assert code == 2, err
    assert "internal error" not in err
    assert err.startswith("error: ") and re.search(expected, err)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "docs.jsonl:1: is not a JSON object (nested more than 64"),
        (
            '{"id": "a", "text": "b", "n": ' + "1" * 5000 + "}",
            "docs.jsonl:1: is not a JSON object (a number",
        ),
    ],
)
def test_documents_import_refuses_json_bombs(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(line + "\n")
    db = str(tmp_path / "w.db")
    assert _run("--db", db, "init")[0] == 0
    code, err = _run("--db", db, "documents", "import", str(path))
    assert code == 2 and "internal error" not in err
    assert expected in err


def test_import_refuses_a_column_named_twice(tmp_path: Path) -> None:
    header, row = ACLED_HEADER
    path = tmp_path / "twice.csv"
    path.write_text(f"{header},notes\n{row},more notes\n")
    db = str(tmp_path / "w.db")
    assert _run("--db", db, "init")[0] == 0
    code, err = _run("--db", db, "import", str(path))
    assert code == 2
    assert f"{path}:1 notes: column 'notes' is given twice in the header (columns 28 and 32)" in err


def test_verify_bundle_refuses_a_deep_header(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    assert _run("--db", db, "init")[0] == 0
    key = CliRunner().invoke(cli, ["--db", db, "ledger", "public-key"]).stdout.strip()
    path = tmp_path / "deep.bundle"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    code, err = _run("ledger", "verify-bundle", str(path), "--key", key)
    assert code == 6, err
    assert "not a ceasewatch ledger bundle: the first line is not its header" in err


def test_files_too_large_are_refused_unread(tmp_path: Path) -> None:
    agreement = tmp_path / "huge.yaml"
    gazetteer = tmp_path / "huge.csv"
    for path in (agreement, gazetteer):
        with path.open("wb") as fh:
            fh.truncate(20 * 1024 * 1024)  # sparse: 20 MB of nothing, never written out
    code, err = _run("agreement", "validate", str(agreement))
    assert code == 2
    assert f"{agreement}: 20.0 MB; a YAML file may hold at most 4,194,304 characters" in err
    db = str(tmp_path / "w.db")
    assert _run("--db", db, "init")[0] == 0
    code, err = _run("--db", db, "gazetteer", "load", str(gazetteer))
    assert code == 2
    assert f"{gazetteer}: the file is 20.0 MB; a gazetteer may hold at most 8 MB" in err
