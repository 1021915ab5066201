"""``ceasewatch snapshot`` and ``stats --engine``: the snapshot written, kept while the
record is unchanged, and its answers the row store's."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ceasewatch.cli import cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_snapshot_and_stats_from_it(tmp_path: Path, acled_sample: Path) -> None:
    db = str(tmp_path / "w.db")

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["--db", db, *args])
        return result.exit_code, result.stdout, result.stderr

    assert run("init")[0] == 0
    assert run("import", str(acled_sample))[0] == 0
    code, out, _ = run("snapshot", "--status")
    assert code == 0 and "no snapshot" in out
    code, _, err = run("stats", "--engine", "snapshot")
    assert code != 0 and "ceasewatch snapshot" in err
    code, out, _ = run("snapshot")
    assert code == 0 and "(written)" in out and "events:   8" in out
    assert (tmp_path / "w.db.snapshot" / "events.parquet").exists()
    code, out, _ = run("snapshot")
    assert code == 0 and "current already, kept" in out
    for by in ("type", "family", "party"):
        rows = json.loads(run("stats", "--json", "--monthly", "--by", by, "--engine", "rows")[1])
        snap = json.loads(
            run("stats", "--json", "--monthly", "--by", by, "--engine", "snapshot")[1]
        )
        assert snap["engine"] == "snapshot" and rows["engine"] == "rows"
        assert snap["monthly"] == rows["monthly"] and snap["by_family"] == rows["by_family"]
    # the record grows: the snapshot says it is stale, and is written again when asked
    assert run("import", str(FIXTURES / "ucdp_sample.csv"))[0] == 0
    code, out, _ = run("stats", "--engine", "snapshot")
    assert code == 0 and "STALE" in out and "events:   8 " in out
    code, out, _ = run("snapshot", "--json")
    state = json.loads(out)
    assert state["written"] and state["events"] == 11 and not state["stale"]
