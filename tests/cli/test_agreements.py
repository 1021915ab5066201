"""``agreement`` and ``scenario`` commands, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ceasewatch.cli import cli


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_show_karabakh_as_of_2025_json_without_a_workspace(tmp_path: Path) -> None:
    code, out, err = _run(
        "--db", str(tmp_path / "none.db"),
        "agreement", "show", "karabakh-2020", "--as-of", "2025-01-01", "--json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    mission = data["missions"][0]
    assert mission["term"]["term_end"] == "2025-11-10"
    assert mission["term"]["last_notice_date"] == "2025-05-10"
    assert [mission["strength"][k] for k in ("personnel", "armoured_personnel_carriers",
            "vehicles_and_special_equipment")] == [1960, 90, 380]  # fmt: skip
    deadlines = {
        o["id"]: o["deadline"]
        for p in data["provisions"]
        for o in p["obligations"]
        if o["kind"] == "hand_over_territory"
    }
    assert deadlines == {"2.1": "2020-11-20", "6.kalbajar": "2020-11-25", "6.lachin": "2020-12-01"}
    corridor = next(z for z in data["zones"] if z["id"] == "lachin-corridor")
    assert 4.9 < corridor["area_km2"] / corridor["length_km"] < 5.1
    assert data["calendar"]["as_of"] == "2025-01-01"


def test_show_as_text_and_list(tmp_path: Path) -> None:
    code, out, _ = _run("--db", str(tmp_path / "x.db"), "agreement", "show", "minsk-2015",
                        "--as-of", "2015-02-20")  # fmt: skip
    assert code == 0 and "osce-smm" in out and "withdraw_heavy_weapons" in out
    code, out, _ = _run("--db", str(tmp_path / "x.db"), "agreement", "list")
    assert code == 0 and "karabakh-2020" in out and "minsk-2015" in out and "bundled" in out


def test_validate_reports_every_problem_with_line_and_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: x\ntitle: X\nsigned: 2020-13-01\neffective: 2020-01-01T00:00:00+00:00\n"
        "timezone: UTC\ntexts: []\nparties: []\nprovisions: []\n"
    )
    code, _, err = _run("agreement", "validate", str(bad))
    assert code == 2
    assert f"{bad}:3 signed: '2020-13-01' is not a date" in err
    assert "texts: should list at least one text" in err
    assert "Traceback" not in err


def test_load_and_scenario_into_a_workspace(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    assert _run("--db", db, "init")[0] == 0
    code, out, _ = _run("--db", db, "scenario", "load", "karabakh-2020")
    assert code == 0 and "36 documents" in out and "illustrative" in out
    code, out, _ = _run("--db", db, "agreement", "load", "minsk-2015")
    assert code == 0 and "stored agreement minsk-2015" in out
    code, out, _ = _run("--db", db, "agreement", "list")
    assert out.count("stored") == 2
    code, _, err = _run("--db", db, "scenario", "load", "karabakh-2020")
    assert code == 4 and "already" in err
    code, _, err = _run("--db", db, "agreement", "show", "nope")
    assert code == 3


def test_scenario_load_takes_a_folder(tmp_path: Path) -> None:
    from tests.workspace.test_recordfiles import CROSSINGS, SOURCES

    db = str(tmp_path / "w.db")
    assert _run("--db", db, "init")[0] == 0
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "manifest.yaml").write_text(
        "agreement: karabakh-2020\nfiles:\n  sources: s.csv\n  crossings: x.csv\n"
    )
    (mine / "s.csv").write_text(SOURCES)
    (mine / "x.csv").write_text(CROSSINGS)
    code, out, _ = _run("--db", db, "scenario", "load", str(mine))
    assert code == 0, out
    assert out.strip() == "scenario mine with agreement karabakh-2020: 2 sources, 1 crossings"
    (mine / "x.csv").write_text(CROSSINGS.replace("outbound", "upwards"))
    code, _, err = _run("--db", db, "scenario", "load", str(mine))
    assert code == 2 and f"{mine}/x.csv:2 direction: 'upwards' is not one of" in err


def test_validate_refuses_an_unknown_time_zone_and_warns_on_a_point_outside_the_area(
    tmp_path: Path,
) -> None:
    from ceasewatch.agreements.bundled import bundled_text

    text = bundled_text("karabakh-2020")
    bad = tmp_path / "tz.yaml"
    bad.write_text(text.replace("timezone: Europe/Moscow", "timezone: Europe/Moskow"))
    code, _, err = _run("agreement", "validate", str(bad))
    line = text.splitlines().index("timezone: Europe/Moscow") + 1
    assert code != 0 and f"tz.yaml:{line} timezone: 'Europe/Moskow' is not an IANA time zone" in err
    swapped = tmp_path / "swapped.yaml"
    swapped.write_text(text.replace("point: [46.7300, 39.7900]", "point: [39.7900, 46.7300]"))
    code, out, err = _run("agreement", "validate", str(swapped))
    assert code == 0 and "valid: karabakh-2020" in out
    assert "warning: " in err and "point: '[39.79, 46.73]' lies outside the agreement's area" in err


def test_validate_says_what_news_call_a_partys_country(tmp_path: Path) -> None:
    from ceasewatch.agreements.bundled import bundled_text

    file = tmp_path / "minsk.yaml"
    file.write_text(bundled_text("minsk-2015"))
    path = str(file)
    code, out, err = _run("agreement", "validate", path)
    assert code == 0, err
    assert "UA is also read in texts by what news call its country: Ukrainian, Ukrainians" in out
    code, out, err = _run("agreement", "validate", path, "--json")
    names = json.loads(out)["country_names"]
    assert set(names) == {"UA", "RU"}  # the armed formations are no country
    assert "Kyiv" in names["UA"] and "украинск*" in names["UA"]
