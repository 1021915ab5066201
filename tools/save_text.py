"""Save one collected news text into ``.texts/`` (tools/collect_texts.md, step 2), checked
against its annotations at once.

    .venv/bin/python tools/save_text.py ID URL <<'EOF'
    "<the look-up's excerpt, pasted as the JSON string it came as, quotes included>"
    EOF

The set (``eval-real``, ``own``, ``other``, ``unseen``) is found from the id in the indexes. The
excerpt's leading `` date YYYY-MM-DD `` token (or `` date YYYY-MM ``, `` date YYYY ``) and
outer white space are stripped, nothing else; the row's date, outlet and language come
from its index. The URL must be the row's (``http``/``https``, ``www.`` and a trailing
``/`` aside). Prints ``ok`` when every
annotation's anchor fits the text, else the anchors that do not (the text was pasted with a
difference): nothing is written then, unless ``--keep`` is given. A text saved again
replaces the earlier one.
"""

from __future__ import annotations

import argparse
import csv
import fcntl
import json
import re
import sys

from real_sets import (
    OTHER_GOLD,
    OWN_GOLD,
    ROOT,
    SHARED_GOLD,
    TEXTS,
    UNSEEN_GOLD,
    misplaced,
    read_jsonl,
)

INDEXES = {
    "eval-real": (ROOT.parent / "shared" / "eval-real" / "index.csv", SHARED_GOLD),
    "own": (ROOT / "eval" / "real" / "index.csv", OWN_GOLD),
    "other": (ROOT / "eval" / "real" / "other" / "index.csv", OTHER_GOLD),
    "unseen": (ROOT / "eval" / "real" / "unseen" / "index.csv", UNSEEN_GOLD),
}
# the page's date as the corpus gives it: a day, or only a month or a year
DATE_TOKEN = re.compile(r"^\s*date \d{4}(?:-\d{2}(?:-\d{2})?)? ")


def same_url(a: str, b: str) -> bool:
    def norm(u: str) -> str:
        u = re.sub(r"^https?://(www\.)?", "", u.strip())
        return u.rstrip("/")

    return norm(a) == norm(b)


def find_row(doc_id: str) -> tuple[str, dict[str, str], dict | None]:
    for name, (index, gold) in INDEXES.items():
        with index.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["id"] == doc_id:
                    ann = next((g for g in read_jsonl(gold) if str(g["id"]) == doc_id), None)
                    return name, row, ann
    sys.exit(f"{doc_id}: no such id in any index ({', '.join(INDEXES)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("id")
    ap.add_argument("url")
    ap.add_argument("--keep", action="store_true", help="save even if the anchors do not fit")
    args = ap.parse_args()
    name, row, ann = find_row(args.id)
    if row["url"] and not same_url(args.url, row["url"]):
        sys.exit(f"{args.id}: the index's url is {row['url']}, not {args.url}")
    raw = sys.stdin.read().strip()
    try:
        excerpt = json.loads(raw)
    except json.JSONDecodeError as e:
        sys.exit(f"{args.id}: standard input is not one JSON string ({e})")
    if not isinstance(excerpt, str):
        sys.exit(f"{args.id}: standard input is not one JSON string")
    text = DATE_TOKEN.sub("", excerpt, count=1).strip()
    wrong = misplaced(ann, text) if ann else []
    if wrong and not args.keep:
        sys.exit(f"{args.id}: {len(wrong)} anchors do not fit the text: {wrong[:5]}; not saved")
    line = {
        "id": args.id,
        "published": row["published"],
        "source": row["source"],
        "lang": row["lang"],
        "text": text,
    }
    TEXTS.mkdir(exist_ok=True)
    path = TEXTS / f"{name}.jsonl"
    # several collectors may save at once: one at a time rewrites a file
    with (TEXTS / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kept = [t for t in read_jsonl(path) if str(t["id"]) != args.id]
        kept.append(line)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in kept), "utf-8")
        tmp.replace(path)
    print("ok" if not wrong else f"saved with {len(wrong)} anchors not fitting")


if __name__ == "__main__":
    main()
