"""The evaluation set: well formed, and no figure below its recorded level."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ceasewatch.extract.evaluate import below_levels, evaluate_parts, load_part

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from check_evalset import check, places  # noqa: E402


@pytest.mark.parametrize("part", ["tune", "held", "ru"])
def test_every_passage_follows_the_annotation_guide(part: str) -> None:
    path = ROOT / "src" / "ceasewatch" / "extract" / "evalset" / f"{part}.jsonl"
    assert check(path, places()) == []


def test_the_set_is_large_enough_and_covers_every_family_and_status() -> None:
    passages = load_part("tune") + load_part("held")
    assert len(passages) >= 100
    events = [e for p in passages for e in p["events"]]
    assert len({e["family"] for e in events}) == 16
    assert {e["status"] for e in events} == {
        "asserted",
        "reported",
        "alleged",
        "denied",
        "speculative",
    }
    held_ids = {p["id"] for p in load_part("held")}
    assert held_ids and not held_ids & {p["id"] for p in load_part("tune")}


def test_no_figure_falls_below_its_recorded_level() -> None:
    assert below_levels(evaluate_parts(["tune", "held", "ru"])) == []
