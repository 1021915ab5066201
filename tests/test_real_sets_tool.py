"""tools/real_sets.py: a collected text that does not fit its annotations is told apart."""

from __future__ import annotations

from typing import Any

from real_sets import misplaced

TEXT = (
    "Border incident reported\n\n"
    "Units opened fire near the village overnight. No one was hurt.\n"
    "A convoy passed the bridge on Monday."
)
CONVOY = "A convoy passed the bridge on Monday."


def _gold(*sentences: str) -> dict[str, Any]:
    spans = [[TEXT.index(s), TEXT.index(s) + len(s)] for s in sentences]
    return {"id": "x", "events": [{"anchor": span} for span in spans]}


def test_anchors_on_whole_sentences_fit() -> None:
    assert misplaced(_gold("Units opened fire near the village overnight.", CONVOY), TEXT) == []
    assert misplaced(_gold("Border incident reported"), TEXT) == []  # a line is a sentence


def test_a_text_copied_with_a_character_less_does_not_fit() -> None:
    gold = _gold(CONVOY)
    at = TEXT.index(CONVOY)
    copied = TEXT.replace("overnight", "overnigt")  # one letter lost before the sentence
    assert misplaced(gold, copied) == [(at, at + len(CONVOY))]
    assert misplaced(gold, TEXT[:40]) == [(at, at + len(CONVOY))]  # cut short: outside it


def test_a_sentence_opening_a_list_line_fits() -> None:
    """Pages list their news as bullets: a sentence after "- " or "• " starts its line."""
    for mark in ("- ", "• ", "  * "):
        text = f"Summary of the day\n{mark}A convoy passed the bridge on Monday.\nEnd."
        at = text.index("A convoy")
        gold = {"id": "x", "events": [{"anchor": [at, at + len(CONVOY)]}]}
        assert misplaced(gold, text) == []
    inside = "The report said - A convoy passed the bridge on Monday."
    at = inside.index("A convoy")
    assert misplaced({"id": "x", "events": [{"anchor": [at, at + len(CONVOY)]}]}, inside)
