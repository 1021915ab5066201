"""Languages and dates as the field writes them, from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ceasewatch.cli import cli


def test_an_armenian_text_warns_by_name_and_exits_8_after_the_others(tmp_path: Path) -> None:
    (tmp_path / "hy.txt").write_text(
        "Ադրբեջանական զինուժը կրակ է բացել հայկական դիրքերի ուղղությամբ։"
    )
    (tmp_path / "en.txt").write_text(
        "Azerbaijani units fired at Armenian positions near Sotk yesterday."
    )
    result = CliRunner().invoke(
        cli,
        [
            "extract",
            "--agreement",
            "karabakh-2020",
            "--published",
            "2021-06-17",
            str(tmp_path / "hy.txt"),
            str(tmp_path / "en.txt"),
        ],
    )
    assert result.exit_code == 8
    assert "Armenian (hy)" in result.stderr and "hy.txt" in result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["doc"].endswith("en.txt") for r in rows)


def test_a_russian_bulletin_from_the_command_line(tmp_path: Path) -> None:
    doc = tmp_path / "bulletin.txt"
    doc.write_text(
        "В Нагорном Карабахе российские миротворцы продолжают выполнять задачи на "
        "наблюдательных постах. За прошедшие сутки зафиксировано два нарушения режима "
        "прекращения огня в Мартунинском и Аскеранском районах. Потерь нет.",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["extract", "--agreement", "karabakh-2020", "--published", "2022-03-02", str(doc)]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    violations = [r for r in rows if r["family"] == "ceasefire_violation"]
    assert sorted(r["places"][0]["name"] for r in violations) == ["Askeran", "Khojavend"]
    assert {r["date"]["start"] for r in violations} == {"2022-03-01"}


def test_a_publication_known_to_the_month_is_an_interval(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("Azerbaijani units fired at Armenian positions near Sotk yesterday.")
    result = CliRunner().invoke(
        cli, ["extract", "--agreement", "karabakh-2020", "--published", "2023-08", str(doc)]
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.splitlines()[0])
    assert row["date"]["start"] == "2023-07-31" and row["date"]["end"] == "2023-08-30"
    assert row["date"]["precision"] == "month"
    bad = CliRunner().invoke(
        cli, ["extract", "--agreement", "karabakh-2020", "--published", "Aug 2023", str(doc)]
    )
    assert bad.exit_code == 2 and "YYYY-MM" in bad.output


def test_json_lines_with_month_and_year_dates_import_and_list(tmp_path: Path) -> None:
    feed = tmp_path / "docs.jsonl"
    feed.write_text(
        "\n".join(
            json.dumps(d)
            for d in [
                {
                    "id": "m",
                    "published": "2023-08",
                    "source": "x",
                    "text": "The Lachin road is blocked by Azerbaijani protesters, the "
                    "ministry says.",
                },
                {
                    "id": "y",
                    "published": "2022",
                    "source": "x",
                    "text": "Armenian forces shelled Azerbaijani positions in Kalbajar.",
                },
                {
                    "id": "d",
                    "published": "2021-06-15T10:00:00+04:00",
                    "source": "x",
                    "text": "A convoy passed the Lachin road.",
                },
            ]
        )
        + "\n"
    )
    db = tmp_path / "w.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db), "init"]).exit_code == 0
    result = runner.invoke(cli, ["--db", str(db), "documents", "import", str(feed)])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(cli, ["--db", str(db), "documents", "list"])
    assert "2023-08" in listed.output and "2022" in listed.output
    assert (
        runner.invoke(cli, ["--db", str(db), "agreement", "load", "karabakh-2020"]).exit_code == 0
    )
    extracted = runner.invoke(cli, ["--db", str(db), "documents", "extract"])
    assert extracted.exit_code == 0, extracted.output
    out = runner.invoke(cli, ["--db", str(db), "claims", "list", "--doc", "m", "--json"]).output
    claims = [json.loads(line) for line in out.splitlines()]
    assert claims and claims[0]["date"] == {
        "start": "2023-08-01",
        "end": "2023-08-31",
        "precision": "month",
    }
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "b", "published": "August 2023", "text": "x y z"}) + "\n")
    refused = runner.invoke(cli, ["--db", str(db), "documents", "import", str(bad)])
    assert refused.exit_code != 0 and "published" in refused.output and "YYYY-MM" in refused.output


def test_extract_with_a_gazetteer_of_ones_own(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(
        "Azerbaijani units fired at Armenian positions near Sisian and Martakert yesterday."
    )
    geonames = Path(__file__).parents[1] / "extract" / "data" / "geonames_sample.txt"
    result = CliRunner().invoke(
        cli,
        [
            "extract",
            "--agreement",
            "karabakh-2020",
            "--published",
            "2021-06-17",
            "--gazetteer",
            str(geonames),
            str(doc),
        ],
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.splitlines()[0])
    assert [p["name"] for p in row["places"]] == ["Hats’avan"]  # Martakert is not in this one
    broken = tmp_path / "places.csv"
    broken.write_text("name,lat\nSisian,39.5\n")
    bad = CliRunner().invoke(
        cli, ["extract", "--agreement", "karabakh-2020", "--gazetteer", str(broken), str(doc)]
    )
    assert bad.exit_code == 2 and "places.csv: missing column(s) alt_names, lon" in bad.output
