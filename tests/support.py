"""Helpers shared by the tests: the web application's workspace, and a command line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from ceasewatch.workspace import Workspace

PASSWORD = "correct horse battery"
ROLES = ("public", "liaison", "monitor", "analyst", "admin")


def command_line(db: str, *, stdout: bool = False) -> Callable[..., str]:
    """``run(*args, code=0)``: ``ceasewatch --db DB *args`` in-process, checked to exit
    with *code*; what it printed (stdout alone when *stdout*, else with stderr)."""
    from click.testing import CliRunner

    from ceasewatch.cli import cli

    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli, ["--db", db, *args])
        assert result.exit_code == code, result.output
        return result.stdout if stdout else result.output

    return run


def demo_workspace(path: Path) -> str:
    """A workspace with the illustrative scenario, clustered and judged, a signed head
    and one user per role (each named after the role)."""
    ws = Workspace.init(str(path))
    ws.load_scenario("karabakh-2020")
    ws.extract_claims()
    ws.corroborate()
    ws.assess(as_of=date(2025, 1, 1))
    ws.ledger_head()
    for role in ROLES:
        ws.add_user(role, role, PASSWORD)
    ws.close()
    return str(path)
