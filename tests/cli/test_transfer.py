"""``import`` of the mission's own record files from the command line (illustrative
files written by the test)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from tests.support import command_line
from tests.workspace.test_recordfiles import DOCUMENTS, OBSERVATIONS, SOURCES

from ceasewatch.cli import cli


def test_import_record_files_all_or_nothing(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> tuple[str, str]:
        result = runner.invoke(cli, ["--db", db_url, *args])
        assert result.exit_code == code, result.output
        return result.stdout, result.stderr

    run("init")
    (tmp_path / "sources.csv").write_text(SOURCES)
    (tmp_path / "docs.jsonl").write_text(DOCUMENTS)
    (tmp_path / "obs.csv").write_text(OBSERVATIONS)
    bad = tmp_path / "bad.csv"
    bad.write_text(OBSERVATIONS.replace("cfv.small_arms", "cfv.nothing"))
    _, err = run("import", str(tmp_path / "sources.csv"), str(bad), code=2)
    assert "2 problem(s); nothing was written" in err
    assert f"{bad}:2 type: 'cfv.nothing' is not an event type of the taxonomy" in err
    assert "Traceback" not in err
    out, _ = run("sources", "list")
    assert "river-wire" not in out
    out, _ = run("import", *(str(tmp_path / n) for n in ("obs.csv", "docs.jsonl", "sources.csv")))
    assert out.splitlines() == [
        f"{tmp_path / 'sources.csv'}: 2 sources imported (sources)",
        f"{tmp_path / 'obs.csv'}: 2 observations imported (observations)",
        f"{tmp_path / 'docs.jsonl'}: 2 documents imported (documents)",
    ]
    out, _ = run("corroborate")
    assert "2 record(s) considered: 1 joined an event, 1 opened one" in out
    out, _ = run("ledger", "head")
    out, _ = run("ledger", "verify")
    assert out.startswith("ok")


def test_import_update_counts_and_events_show_the_versions(
    db_url: str, tmp_path: Path, acled_sample: Path
) -> None:
    run = command_line(db_url)

    run("init")
    run("import", str(acled_sample))
    lines = acled_sample.read_text().splitlines()
    revised = tmp_path / "revised.csv"
    # ILLUSTRATIVE revision: the second row's toll raised, the fourth row gone
    revised.write_text(
        "\n".join(
            [
                lines[0],
                lines[1],
                lines[2].replace(",6,,1607800000", ",7,,1700000000"),
                *lines[3:4],
                *lines[5:],
            ]
        )
        + "\n"
    )
    err = run("import", str(revised), code=2)
    assert "is already stored" in err
    out = run("import", "--update", str(revised))
    assert out.strip() == f"{revised}: 0 added, 1 changed, 6 unchanged, 1 withdrawn (acled)"
    shown = run("events", "show", "acled:CW-ILL-0002")
    assert "versions (ledger):" in shown and "killed_best: 6 -> 7" in shown
    assert "revised: the acled export revised.csv changed killed_low, killed_best, extra" in shown
    listed = run("events", "list", "--status", "withdrawn")
    assert "acled:CW-ILL-0004" in listed and "1 event(s)" in listed
    run("ledger", "head")
    assert run("ledger", "verify").startswith("ok")
