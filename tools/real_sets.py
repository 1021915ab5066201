"""The sets of real annotated news texts, for scoring (tools/eval_real.py) and training
(tools/train_extractor.py).

- ``eval-real``: the shared development set, ``../shared/eval-real/gold.jsonl``.
- ``own-en`` / ``own-ru``: our own annotations (``eval/real/gold.jsonl``), the part used
  for tuning and training; ``own-en-held`` / ``own-ru-held``: the fifth kept apart from
  all tuning (a text is held when the first byte of the SHA-256 of its id is 0 mod 5).
- ``other-en`` / ``other-ru``: news of other ceasefires than the one the model was trained
  on (``eval/real/other/gold.jsonl``, each text with the bundled agreement it is read
  with): never trained on; ``-held`` the same fifth, whose errors are never looked at.
- ``unseen-en`` / ``unseen-ru``: news of ceasefires no bundled file encodes (the 2024
  Israel-Lebanon truce, ``lb-``; the 2025 India-Pakistan understanding, ``ip-``; the 2025
  Gaza ceasefire, ``gz-``; the 2025 Thailand-Cambodia ceasefire, ``tk-``; the 2025 Doha
  declaration between the DR Congo and AFC/M23, ``dm-``), each read with
  an agreement file written as a new user would write it (``eval/real/unseen/``: parties
  by their countries and names, no gazetteer):
  what a user bringing their own agreement gets. Half of it (``-held``, the first byte of
  the SHA-256 of the id even) is never looked at.

Texts are read from ``.texts/`` (git-ignored): ``eval-real.jsonl``, ``own.jsonl`` and
``other.jsonl``, ``unseen.jsonl``, one ``{id, published, source, lang, text}`` per line.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_GOLD = ROOT.parent / "shared" / "eval-real" / "gold.jsonl"
OWN_GOLD = ROOT / "eval" / "real" / "gold.jsonl"
OTHER_GOLD = ROOT / "eval" / "real" / "other" / "gold.jsonl"
UNSEEN_GOLD = ROOT / "eval" / "real" / "unseen" / "gold.jsonl"
TEXTS = ROOT / ".texts"

SETS = (
    "eval-real",
    "own-en",
    "own-en-held",
    "own-ru",
    "own-ru-held",
    "other-en",
    "other-en-held",
    "other-ru",
    "other-ru-held",
    "unseen-en",
    "unseen-en-held",
    "unseen-ru",
    "unseen-ru-held",
)
AGREEMENT = "karabakh-2020"  # the agreement a text is read with unless its annotation names one
# the party ids of the annotations (CONVENTIONS.md, and each other theatre's) -> the ids of
# the bundled agreements' parties
PARTY = {
    "azerbaijan": "AZ",
    "armenia": "AM",
    "karabakh_de_facto": "AM",
    "russia": "RU",
    "ukraine": "UA",
    "armed_formations": "CADLR",
    "government": "GOY",
    "houthis": "HTH",
    "israel": "IL",
    "hezbollah": "HZ",
    "lebanon": "LB",
    "india": "IN",
    "pakistan": "PK",
    "hamas": "HM",
    "thailand": "TH",
    "cambodia": "KH",
    "drc": "CD",
    "m23": "M23",
}


def held(doc_id: str, parts: int = 5) -> bool:
    """Whether a text of our own annotations is in the part kept apart from tuning: a fifth,
    or for a set of ``parts`` 2, a half."""
    return hashlib.sha256(doc_id.encode()).digest()[0] % parts == 0


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gold_of(name: str) -> list[dict[str, Any]]:
    if name == "eval-real":
        return read_jsonl(SHARED_GOLD)
    kind, lang = name.split("-")[:2]
    want_held = name.endswith("-held")
    gold = {"other": OTHER_GOLD, "unseen": UNSEEN_GOLD}.get(kind, OWN_GOLD)
    parts = 2 if kind == "unseen" else 5
    return [
        g
        for g in read_jsonl(gold)
        if g.get("lang") == lang and held(str(g["id"]), parts) == want_held
    ]


def texts_of(name: str) -> dict[str, dict[str, Any]]:
    file = "eval-real.jsonl" if name == "eval-real" else f"{name.split('-')[0]}.jsonl"
    return {str(t["id"]): t for t in read_jsonl(TEXTS / file)}


_WARNED: set[tuple[str, Any]] = set()
_SENTENCE_END = tuple('.!?"”»:;)…')
_BULLET = re.compile(r"\s*[-–—•·*]\s*")


def misplaced(gold: dict[str, Any], text: str) -> list[tuple[int, int]]:
    """The anchors of an annotated text that do not fit the text at hand: outside it, or
    not a whole sentence (not starting where a sentence or a line starts, or not ending
    where one ends). A text collected with a character more or less than the page the
    annotators read shifts every offset after it: such a text would be scored and trained
    on against the wrong sentences."""
    wrong = []
    for e in gold.get("events", []):
        if not e.get("anchor"):
            continue
        a, b = e["anchor"]
        if not 0 <= a < b <= len(text):
            wrong.append((a, b))
            continue
        before, through = text[:a].rstrip(), text[:b].rstrip()
        line = text[text.rfind("\n", 0, a) + 1 : a]  # "- " or "• " opening a list's line
        starts = (
            not before
            or before.endswith(_SENTENCE_END)
            or "\n" in text[len(before) : a + 1]
            or _BULLET.fullmatch(line) is not None
        )
        ends = b >= len(text.rstrip()) or through.endswith(_SENTENCE_END) or text[b : b + 1] == "\n"
        if not (starts and ends):
            wrong.append((a, b))
    return wrong


def load_set(name: str, quiet: bool = False) -> tuple[Path, list[dict[str, Any]]]:
    """The gold annotations of a set (written to a temporary file for the scorer) and the
    texts at hand for them, each with its language."""
    gold = gold_of(name)
    texts = texts_of(name)
    have = []
    for g in gold:
        t = texts.get(str(g["id"]))
        if t is not None and misplaced(g, t["text"]):
            if (name, g["id"]) not in _WARNED:
                _WARNED.add((name, g["id"]))
                print(
                    f"warning: {name}: {g['id']}: the text at hand does not fit its "
                    "annotations' offsets (collected with a difference?): left out",
                    file=sys.stderr,
                )
        elif t is not None:
            have.append(
                {
                    **t,
                    "lang": t.get("lang") or g.get("lang") or "en",
                    "agreement": g.get("agreement") or AGREEMENT,
                }
            )
    if not have and not quiet:
        sys.exit(
            f"{name}: no texts at hand in {TEXTS}: collect them first (tools/collect_texts.md)"
        )
    tmp = Path(tempfile.mkdtemp()) / f"{name}-gold.jsonl"
    tmp.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold))
    return tmp, have


def main() -> None:
    """``python tools/real_sets.py``: how complete the collection of texts is, set by set:
    the texts annotated, at hand, missing, and at hand but not fitting their offsets."""
    for name in SETS:
        gold = gold_of(name)
        if not gold:
            continue
        texts = texts_of(name)
        missing = [str(g["id"]) for g in gold if str(g["id"]) not in texts]
        unfit = [
            str(g["id"])
            for g in gold
            if str(g["id"]) in texts and misplaced(g, texts[str(g["id"])]["text"])
        ]
        print(
            f"{name}: {len(gold)} annotated, {len(gold) - len(missing) - len(unfit)} at hand"
            + (f"; missing {len(missing)}: {' '.join(missing)}" if missing else "")
            + (f"; not fitting their offsets {len(unfit)}: {' '.join(unfit)}" if unfit else "")
        )


if __name__ == "__main__":
    main()
