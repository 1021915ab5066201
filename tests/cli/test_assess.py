"""``assess``, ``findings`` and ``scorecard`` from the command line."""

from __future__ import annotations

import json

from click.testing import CliRunner
from tests.support import command_line

from ceasewatch.cli import cli


def test_assess_findings_and_scorecards(db_url: str) -> None:
    run = command_line(db_url, stdout=True)

    run("init")
    run("scenario", "load", "karabakh-2020")
    run("documents", "extract")
    first = run("assess", "--as-of", "2025-01-01")
    assert "karabakh-2020:" in first and " new, 0 changed, 0 withdrawn, 0 unchanged" in first
    assert "0 new, 0 changed, 0 withdrawn" in run("assess", "--as-of", "2025-01-01")
    listed = [json.loads(line) for line in run("findings", "list", "--json").splitlines()]
    convoy = next(f for f in listed if "track:CONVOY-7" in f["evidence"])
    assert convoy["status"] == "confirmed" and convoy["provision"] == "6"
    shown = run("findings", "show", convoy["id"])
    assert "CONVOY-7 left the corridor" in shown and "track:CONVOY-7" in shown
    assert "scenario-karabakh-2020:pkc-010" in shown
    am = run("findings", "list", "--party", "AM", "--rule", "ceasefire-violation")
    assert "ceasefire-violation:" in am and " AZ " not in am
    card = run("scorecard", "--party", "AZ")
    assert card.startswith("== karabakh-2020\nAZ: ")
    mission = run("scorecard", "--mission")
    assert "outside the mandate: " in mission and "mission.religious_cultural" in mission
    data = json.loads(run("scorecard", "--json"))
    assert {p["party"] for p in data[0]["parties"]} == {"AZ", "AM", "RU"}
    missing = CliRunner().invoke(cli, ["--db", db_url, "findings", "show", "nope"])
    assert missing.exit_code != 0 and "nope" in missing.stderr
