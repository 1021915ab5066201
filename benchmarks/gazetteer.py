"""Gazetteer benchmark: sentences/s through ``Gazetteer.find`` with the bundled Karabakh
gazetteer, beside one regular expression of every variant (the way names were found
before the gazetteer read a sentence word by word) on the same sentences in the same run.

    .venv/bin/python benchmarks/gazetteer.py [--repeat N]

The sentences are the bundled written evaluation passages (English and Russian), and the
real news texts when they are at hand (``.texts/``, tools/collect_texts.md), cut at
full stops. ``find`` does more than the baseline (the words around each name, Russian
lemmas); the baseline only scans. Each pass runs ``--repeat`` times; the best is the
figure. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import time
from pathlib import Path

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.evaluate import load_part
from ceasewatch.extract.lang import language_pack
from ceasewatch.extract.places import bundled_gazetteer_text, places_for

TEXTS = Path(__file__).resolve().parents[1] / ".texts"


def sentences() -> list[tuple[str, str]]:
    out = [(p["text"], "en") for part in ("tune", "held") for p in load_part(part)]
    out += [(p["text"], "ru") for p in load_part("ru")]
    for name in ("eval-real.jsonl", "own.jsonl"):
        path = TEXTS / name
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                text = json.loads(line)
                out += [(s, text.get("lang") or "en") for s in text["text"].split(". ")]
    return out


def best(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    agreement = bundled("karabakh-2020")
    gazetteer = places_for(agreement)
    found = bundled_gazetteer_text(agreement)
    assert found is not None
    rows = csv.DictReader(io.StringIO(found[1]))
    names = {v.strip() for row in rows for v in [row["name"], *row["alt_names"].split(";")]}
    variants = sorted(names - {""}, key=len, reverse=True)
    alternation = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(v) for v in variants) + r")(?:'s|’s)?(?!\w)"
    )
    packs = {"en": language_pack("en"), "ru": language_pack("ru")}
    texts = sentences()
    for text, lang in texts[:200]:  # warm the lemma caches
        gazetteer.find(text, packs[lang])

    def by_words() -> None:
        for text, lang in texts:
            gazetteer.find(text, packs[lang])

    def by_alternation() -> None:
        for text, _ in texts:
            alternation.findall(text)

    ours = best(by_words, args.repeat)
    baseline = best(by_alternation, args.repeat)
    print(
        json.dumps(
            {
                "sentences": len(texts),
                "places": len(gazetteer.entries),
                "variants": len(variants),
                "find_sentences_per_s": round(len(texts) / ours),
                "baseline_alternation_sentences_per_s": round(len(texts) / baseline),
                "ratio_to_baseline": round(baseline / ours, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
