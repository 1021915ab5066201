"""Score the extractor on real news texts: one command per set.

    .venv/bin/python tools/eval_real.py                    # ../shared/eval-real (the dev set)
    .venv/bin/python tools/eval_real.py --set own-en       # our own English annotations (tuning)
    .venv/bin/python tools/eval_real.py --set own-en-held  # ... the fifth kept apart from tuning
    .venv/bin/python tools/eval_real.py --set other-en     # other ceasefires, never trained on
    .venv/bin/python tools/eval_real.py --set unseen-en    # ceasefires read from a user's file
    .venv/bin/python tools/eval_real.py --all              # every set, one table
    .venv/bin/python tools/eval_real.py --agreement        # a second annotation vs the first
    .venv/bin/python tools/eval_real.py --all --roles      # the perpetrator each claim names

``--agreement`` scores each blind second annotation of ``eval/real/second/<set>.jsonl`` (made
from the texts and the conventions alone, without the first annotation or any output of
ours) against the first with the same scorer: how far two annotators agree, the ceiling a
figure of the extractor's on that set can be read against.

The texts are third-party and never committed: they are read from ``.texts/`` (git-ignored)
where ``tools/collect_texts.md`` says how they are collected; the annotations are
``../shared/eval-real/gold.jsonl`` and ``eval/real/gold.jsonl``. Scoring is the shared
scorer ``../shared/eval-real/score.py`` (same matching for every set), run in process.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval-real"
TEXTS = ROOT / ".texts"
OWN = ROOT / "eval" / "real"

sys.path.insert(0, str(ROOT / "tools"))
from real_sets import AGREEMENT, PARTY, SETS, load_set  # noqa: E402


def _scorer() -> Any:
    path = SHARED / "score.py"
    if not path.exists():
        sys.exit(f"eval_real: {path} is missing: the shared scorer comes with ../shared")
    spec = importlib.util.spec_from_file_location("shared_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(texts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The claims of every text in the output contract, as ``ceasewatch extract`` gives them."""
    from ceasewatch.agreements.bundled import bundled
    from ceasewatch.agreements.loader import load_agreement
    from ceasewatch.extract.dates import published_span
    from ceasewatch.extract.pipeline import Extractor
    from ceasewatch.model import default_taxonomy
    from ceasewatch.model.jsonform import claim_json

    taxonomy = default_taxonomy()
    extractors: dict[str, Extractor] = {}
    out = []
    for t in texts:
        agreement = t.get("agreement") or AGREEMENT
        if agreement not in extractors:
            # a bundled agreement's id, or a file of the repository (the unseen sets')
            read = (
                load_agreement((ROOT / agreement).read_text("utf-8"), agreement)
                if agreement.endswith(".yaml")
                else bundled(agreement)
            )
            extractors[agreement] = Extractor(read, taxonomy=taxonomy, learned=LEARNED)
        extractor = extractors[agreement]
        published = published_span(t.get("published"))
        claims = extractor.extract(
            str(t["id"]), t["text"], published, t.get("source"), language=t.get("lang")
        )
        out.extend(claim_json(c, taxonomy.get(c.type_code).acled) for c in claims)
    return out


LEARNED = True


def markdown(results: dict[str, dict[str, Any]]) -> str:
    names = list(results)
    keys = [
        ("documents", "documents"),
        ("gold_events", "annotated events"),
        ("predicted", "claims"),
        ("precision", "precision"),
        ("recall", "recall"),
        ("f1", "F1"),
        ("status_acc", "status"),
        ("place_within_25km", "place within 25 km"),
        ("date_exact_day", "exact day"),
    ]
    lines = ["| figure | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
    for key, label in keys:
        lines.append(f"| {label} | " + " | ".join(str(results[n].get(key)) for n in names) + " |")
    families = sorted({f for n in names for f in results[n]["recall_by_family"]})
    lines += ["", "Recall per family (found / annotated):", ""]
    lines += ["| family | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
    for f in families:
        row = [results[n]["recall_by_family"].get(f, "-") for n in names]
        lines.append(f"| {f} | " + " | ".join(row) + " |")
    lines += ["", "Status confusion (annotated -> extracted: count):", ""]
    for n in names:
        pairs = ", ".join(f"{k} {v}" for k, v in results[n]["status_confusion"].items())
        lines.append(f"- {n}: {pairs}")
    return "\n".join(lines)


def scored(
    scorer: Any, gold_path: Path, texts: list[dict[str, Any]], preds: list[dict[str, Any]]
) -> dict[str, Any]:
    """The shared scorer's figures for *preds* against the gold of *texts*."""
    with tempfile.TemporaryDirectory() as tmp:
        tpath, ppath = Path(tmp) / "texts.jsonl", Path(tmp) / "pred.jsonl"
        tpath.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts))
        ppath.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds))
        with contextlib.redirect_stdout(io.StringIO()):
            return dict(scorer.main(["score", str(gold_path), str(tpath), str(ppath), "--json"]))


def score(name: str, scorer: Any) -> dict[str, Any]:
    gold_path, texts = load_set(name)
    return scored(scorer, gold_path, texts, predict(texts))


def perpetrators(scorer: Any, name: str) -> dict[str, Any]:
    """How often a claim names the annotated perpetrator, and only it: over the annotated
    events of *name* that name a perpetrator party and that the scorer's matching finds a
    claim for (the shared scorer does not score roles)."""
    gold_path, texts = load_set(name)
    golds = {str(g["id"]): g for g in map(json.loads, gold_path.read_text().splitlines())}
    claims: dict[str, list[dict[str, Any]]] = {}
    for p in predict(texts):
        claims.setdefault(str(p["doc"]), []).append(p)
    counts = dict.fromkeys(("events", "exact", "among_others", "none", "another"), 0)
    for t in texts:
        mine, used = claims.get(str(t["id"]), []), set()
        for ev in golds[str(t["id"])]["events"]:
            match = _nearest(scorer, ev, mine, used)
            if match is None:
                continue
            used.add(match)
            party = PARTY.get(ev.get("perpetrator") or "")
            if party is None:
                continue
            # the annotations name who did it the perpetrator; a claim names the mission
            # doing its own work a participant
            doers = (
                {"perpetrator", "participant"}
                if ev["family"] == "mission_activity"
                else {"perpetrator"}
            )
            named = {
                a.get("party")
                for a in mine[match].get("actors", [])
                if a.get("role") in doers and a.get("party")
            }
            counts["events"] += 1
            if named == {party}:
                counts["exact"] += 1
            elif party in named:
                counts["among_others"] += 1
            elif not named:
                counts["none"] += 1
            else:
                counts["another"] += 1
    return {**counts, "exact_share": round(counts["exact"] / max(1, counts["events"]), 2)}


def _nearest(
    scorer: Any, ev: dict[str, Any], claims: list[dict[str, Any]], used: set[int]
) -> int | None:
    """The claim the shared scorer matches to an annotated event: same kind, compatible
    days, nearest to its sentence, not taken by an earlier event."""
    best: tuple[int, int] | None = None
    for i, p in enumerate(claims):
        if i in used or not scorer.same_kind(ev, p):
            continue
        if not scorer.overlaps(scorer.interval(ev.get("date")), scorer.interval(p.get("date"))):
            continue
        distance = abs((p.get("span") or [0])[0] - (ev.get("anchor") or [0])[0])
        if best is None or distance < best[0]:
            best = (distance, i)
    return best[1] if best else None


def as_predictions(annotation: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An annotation's events in the output contract's fields the scorer reads."""
    return [
        {
            "doc": d["id"],
            "family": e["family"],
            "date": e.get("date"),
            "span": e.get("anchor"),
            "status": e.get("status"),
            "places": [e["place"]] if e.get("place") else [],
        }
        for d in annotation
        for e in d["events"]
    ]


def agreement(scorer: Any) -> dict[str, Any]:
    """Each second annotation scored against the first, on the texts at hand, and the
    extractor scored against the second (``score`` gives it against the first)."""
    out = {}
    for path in sorted((OWN / "second").glob("*.jsonl")):
        name = path.stem
        gold_path, texts = load_set(name)
        second = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
        out[f"{name} (second vs first)"] = scored(scorer, gold_path, texts, as_predictions(second))
        out[f"{name} (extractor vs second)"] = scored(scorer, path, texts, predict(texts))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="eval-real", choices=sorted(SETS))
    parser.add_argument("--all", action="store_true", help="score every set with texts")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--markdown", action="store_true", help="tables for docs/extract-eval.md")
    parser.add_argument("--rules-only", action="store_true", help="without the learned model")
    parser.add_argument(
        "--agreement", action="store_true", help="second annotations scored against the first"
    )
    parser.add_argument(
        "--roles", action="store_true", help="how often claims name the annotated perpetrator"
    )
    args = parser.parse_args()
    scorer = _scorer()
    names = [n for n in SETS if load_set(n, quiet=True)[1]] if args.all else [args.set]
    global LEARNED
    LEARNED = not args.rules_only
    if args.roles:
        print(json.dumps({n: perpetrators(scorer, n) for n in names}, indent=1))
        return
    if args.agreement:
        results = agreement(scorer)
        names = list(results)
    else:
        results = {n: score(n, scorer) for n in names}
    if args.json:
        print(json.dumps(results, indent=1, ensure_ascii=False))
        return
    if args.markdown:
        print(markdown(results))
        return
    keys = [
        "documents",
        "gold_events",
        "predicted",
        "precision",
        "recall",
        "f1",
        "status_acc",
        "place_within_25km",
        "date_exact_day",
    ]
    width = max(len(k) for k in keys) + 2
    col = max(14, *(len(n) + 2 for n in names))
    print("".ljust(width) + "".join(n.rjust(col) for n in names))
    for k in keys:
        print(k.ljust(width) + "".join(str(results[n].get(k)).rjust(col) for n in names))
    for n in names:
        print(f"\n{n}: recall by family {results[n]['recall_by_family']}")
        print(f"{n}: status confusion {results[n]['status_confusion']}")


if __name__ == "__main__":
    main()
