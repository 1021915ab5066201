"""Documentation that must stay true: every JSON field and every command is documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from ceasewatch.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _documented_fields(section: int = 0) -> set[str]:
    """The fields of one table of docs/json.md: 0 the event, 1 the event with evidence."""
    text = (ROOT / "docs" / "json.md").read_text().split("\n## ")[section]
    return set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))


def test_every_json_field_is_documented(acled_sample: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    runner = CliRunner()
    runner.invoke(cli, ["--db", db, "init"])
    runner.invoke(cli, ["--db", db, "import", str(acled_sample)])
    out = runner.invoke(cli, ["--db", db, "events", "list", "--json", "--limit", "1"]).stdout
    first = json.loads(out.splitlines()[0])
    assert set(first) == _documented_fields()
    shown = runner.invoke(cli, ["--db", db, "events", "show", first["id"], "--json"]).stdout
    assert set(json.loads(shown)) == _documented_fields(1)


def test_readme_names_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    for command in ("init", "import", "events list", "events show", "export", "stats",
                    "scenario load", "agreement list"):  # fmt: skip
        assert f"ceasewatch --db monitoring.db {command}" in readme, command
    assert "ceasewatch agreement show karabakh-2020 --as-of 2025-01-01" in readme


def test_cli_reference_is_current() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from cli_reference import reference

    assert (ROOT / "docs" / "cli.md").read_text() == reference(), (
        "docs/cli.md is out of date: run python tools/cli_reference.py"
    )


def test_openapi_reference_is_current() -> None:
    """The API's OpenAPI document in docs/ is the one the application serves: a change of
    a route, a model or a parameter (a split of the modules included) shows in review."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from api_reference import reference

    assert (ROOT / "docs" / "openapi.json").read_text() == reference(), (
        "docs/openapi.json is out of date: run python tools/api_reference.py"
    )
