"""Score the extractor on ceasefires nobody trained it on: the written fictional theatres.

    .venv/bin/python tools/eval_fictional.py          # a table: each theatre and language
    .venv/bin/python tools/eval_fictional.py --json   # the same as JSON

``eval/written/fictional/`` holds two invented ceasefires, each an agreement file of the
project's format with its gazetteer (places without coordinates), and 110 passages written
by us in the field's styles about them (illustrative; 45 English and 30 Russian about a
contact line watched by a civilian monitoring mission, 35 English about a port city watched
by a UN mission), annotated like the written set. Neither the rules nor the model were
written or trained with them in view: they stand for the agreement a user brings that
nobody here has seen. Each passage is read with its own agreement and gazetteer and scored
by the written set's scorer (``ceasewatch.extract.evaluate.score``), by the extractor with
the learned part and by the rules alone.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ceasewatch.agreements.loader import load_agreement
from ceasewatch.extract.evaluate import Scores, score
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.extract.places import places_for
from ceasewatch.workspace import places

ROOT = Path(__file__).resolve().parents[1]
FICTIONAL = ROOT / "eval" / "written" / "fictional"
FIELDS = ("family", "status", "perpetrator", "exact_day")


def passages() -> list[dict[str, Any]]:
    lines = (FICTIONAL / "passages.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def reader(agreement_id: str, learned: bool) -> Extractor:
    """The extractor for one fictional agreement, with the gazetteer its file names beside
    it, found and read as ``ceasewatch extract --agreement FILE`` does."""
    path = FICTIONAL / f"{agreement_id}.yaml"
    agreement = load_agreement(path.read_text("utf-8"), str(path))
    near = places.beside(agreement, str(path))
    text = places.read_file(near)[0] if near is not None else None
    return Extractor(agreement, places_for(agreement, text, str(near)), learned=learned)


def figures(s: Scores) -> dict[str, Any]:
    precision = s.matched / s.claims if s.claims else 0.0
    recall = s.matched / s.events if s.events else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out: dict[str, Any] = {
        "passages": s.passages,
        "events": s.events,
        "claims": s.claims,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }
    for name in FIELDS:
        asked = s.asked[name]
        out[name] = round(s.right[name] / asked, 3) if asked else None
    return out


def evaluate() -> dict[str, dict[str, Any]]:
    """Figures per theatre and language ("fictional-line-2026 en"), with the model and by
    the rules alone ("... rules")."""
    every = passages()
    out: dict[str, dict[str, Any]] = {}
    for learned in (True, False):
        for agreement_id in sorted({p["agreement"] for p in every}):
            extractor = reader(agreement_id, learned)
            for language in ("en", "ru"):
                part = [
                    p for p in every if p["agreement"] == agreement_id and p["lang"] == language
                ]
                if not part:
                    continue
                name = f"{agreement_id} {language}" + ("" if learned else " rules")
                out[name] = figures(score(extractor, part, extractor.gazetteer))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    results = evaluate()
    if args.json:
        print(json.dumps(results, indent=1))
        return
    names = list(results)
    rows = list(next(iter(results.values())))
    print(f"{'':12}" + "".join(f"{n:>30}" for n in names))
    for row in rows:
        print(f"{row:12}" + "".join(f"{results[n][row]!s:>30}" for n in names))


if __name__ == "__main__":
    main()
