"""``ceasewatch extract``, ``documents`` and ``eval extract`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ceasewatch.cli import cli


def test_extract_prints_one_claim_per_line_in_the_contract(tmp_path: Path) -> None:
    doc = tmp_path / "statement.txt"
    doc.write_text(
        "On Tuesday, units of the Azerbaijani armed forces fired at Armenian positions near "
        "Martakert. The Ministry of Defence of Azerbaijan denied the report."
    )
    result = CliRunner().invoke(
        cli,
        [
            "extract",
            "--agreement",
            "karabakh-2020",
            "--format",
            "jsonl",
            "--published",
            "2021-06-17",
            "--source",
            "Ministry of Defence of Armenia",
            str(doc),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["event_type"], r["status"], r["claimant"]) for r in rows] == [
        ("cfv.small_arms", "asserted", "AM"),
        ("cfv.small_arms", "denied", "AZ"),
    ]
    first = rows[0]
    assert first["doc"] == str(doc) and first["date"] == {
        "start": "2021-06-15",
        "end": "2021-06-15",
        "precision": "day",
    }
    assert first["places"][0]["name"] == "Aghdara"
    assert doc.read_text()[first["span"][0] : first["span"][1]] == first["text"]


def test_extract_refuses_a_bad_file_clearly(tmp_path: Path) -> None:
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"id": "a", "text": "Shots."}\nnot json\n')
    result = CliRunner().invoke(cli, ["extract", "--agreement", "karabakh-2020", str(bad)])
    assert result.exit_code == 2
    assert "x.jsonl:2: is not a JSON object" in result.stderr


def test_documents_import_extract_and_claims_list(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    doc = tmp_path / "b.txt"
    doc.write_text("Over the past day, peacekeepers escorted two convoys near Stepanakert.")

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", db_url, *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    run("init")
    assert "stored 1 document(s)" in run(
        "documents", "import", "--source", "ru-pkc", "--published", "2021-06-15", str(doc)
    )
    run("agreement", "load", "karabakh-2020")
    assert "1 claim(s) from 1 document(s)" in run("documents", "extract")
    assert "mission.escort" in run("claims", "list")
    assert json.loads(run("claims", "list", "--json").splitlines()[0])["status"] == "asserted"


def test_eval_extract_prints_both_parts_and_checks_the_levels() -> None:
    result = CliRunner().invoke(cli, ["eval", "extract", "--check"])
    assert result.exit_code == 0, result.output
    assert "f1" in result.stdout and "held" in result.stdout and "tune" in result.stdout


def test_extract_reads_standard_input_as_the_file_named_dash(tmp_path: Path) -> None:
    doc = tmp_path / "report.txt"
    doc.write_text("On 10 June, Azerbaijani forces shelled Armenian positions near Martakert.")
    typed = "Shots were fired near the village of Taghavard.\n"
    result = CliRunner().invoke(
        cli,
        ["extract", "--agreement", "karabakh-2020", "--published", "2022-03-12", "-", str(doc)],
        input=typed,
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc"] for r in rows] == ["-", str(doc)]  # in the order named
    assert typed[rows[0]["span"][0] : rows[0]["span"][1]] == rows[0]["text"]
    assert rows[0]["places"][0]["name"] == "Taghavard"


def test_extract_refuses_empty_or_twice_named_standard_input() -> None:
    empty = CliRunner().invoke(cli, ["extract", "--agreement", "karabakh-2020", "-"], input="")
    assert empty.exit_code == 2 and "-: no text came on standard input" in empty.stderr
    assert empty.stdout == ""
    twice = CliRunner().invoke(
        cli, ["extract", "--agreement", "karabakh-2020", "-", "-"], input="x"
    )
    assert twice.exit_code == 2 and "may be named once" in twice.stderr
