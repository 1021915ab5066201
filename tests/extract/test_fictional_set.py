"""The written passages of fictional ceasefires (eval/written/fictional): every annotation
points into its text with a type of the taxonomy, every passage's agreement loads with its
gazetteer, and tools/eval_fictional.py scores them."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from ceasewatch.model import default_taxonomy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eval_fictional", ROOT / "tools/eval_fictional.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_annotation_points_into_its_passage(tool: ModuleType) -> None:
    taxonomy = default_taxonomy()
    passages = tool.passages()
    assert len({p["id"] for p in passages}) == len(passages) >= 100
    for p in passages:
        for e in p["events"]:
            assert p["text"].find(e["quote"]) >= 0, (p["id"], e["quote"])
            assert taxonomy.get(e["event_type"]).family.value == e["family"], p["id"]


def test_each_fictional_agreement_is_read_with_its_own_places_and_parties(
    tool: ModuleType,
) -> None:
    for agreement_id in {p["agreement"] for p in tool.passages()}:
        extractor = tool.reader(agreement_id, learned=False)
        assert extractor.gazetteer.entries  # its own gazetteer, not an empty one
        assert extractor.parties.parties and extractor.parties.mission_name


def test_the_tool_scores_each_theatre_and_language(tool: ModuleType) -> None:
    results = tool.evaluate()
    assert {"fictional-line-2026 en", "fictional-line-2026 ru", "fictional-port-2025 en"} <= set(
        results
    )
    for figures in results.values():
        assert figures["events"] > 50 and 0.0 < figures["f1"] <= 1.0
