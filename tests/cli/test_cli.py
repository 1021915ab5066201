"""The command line, run in-process through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasewatch.cli import cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def run(db_url: str):
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(cli, ["--db", db_url, *args])
        return result.exit_code, result.stdout, result.stderr

    code, out, _ = invoke("init")
    assert code == 0, out
    return invoke


def test_import_list_show_export(run, acled_sample: Path, tmp_path: Path) -> None:
    code, out, _ = run("import", str(acled_sample))
    assert code == 0 and "8 events imported (acled)" in out
    code, out, _ = run("events", "list", "--from", "2022-01-01", "--to", "2022-12-31")
    assert code == 0 and "acled:CW-ILL-0005" in out and "2 event(s)" in out
    code, out, _ = run("events", "list", "--json", "--family", "protest")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["acled:CW-ILL-0006"]
    code, out, _ = run("events", "show", "acled:CW-ILL-0008")
    assert code == 0 and "Khankendi" in out
    target = tmp_path / "out.geojson"
    code, _, err = run("export", "--format", "geojson", "-o", str(target))
    assert code == 0 and "8 events exported" in err
    assert len(json.loads(target.read_text())["features"]) == 8
    code, out, _ = run("stats", "--json", "--monthly")
    assert json.loads(out)["events"] == 8


def test_errors_are_one_clear_message_and_an_exit_code(run) -> None:
    code, _, err = run("import", str(FIXTURES / "acled_bad.csv"))
    assert code == 2
    assert "3 problem(s); nothing was written" in err
    assert "Traceback" not in err
    code, _, err = run("events", "show", "nope")
    assert code == 3 and err.strip() == "error: no event with id 'nope'"
    code, _, err = run("events", "list", "--bbox", "1,2")
    assert code == 2 and "four numbers" in err
    code, _, err = run("import", "/no/such/file.csv")
    assert code == 2 and "cannot open" in err


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    import click

    def walk(group: click.Group, path: list[str]):
        for name, cmd in group.commands.items():
            if isinstance(cmd, click.Group):
                yield from walk(cmd, [*path, name])
            else:
                yield [*path, name]

    for path in walk(cli, []):
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example:" in result.stdout, f"ceasewatch {' '.join(path)} --help has no example"


def test_missing_workspace_says_how_to_fix(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "stats"])
    assert result.exit_code == 5 and "ceasewatch init" in result.stderr
