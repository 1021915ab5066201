"""Check evaluation-set files against docs/extract-eval.md.

python tools/check_evalset.py FILE...
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path

from ceasewatch.model.taxonomy import default_taxonomy

ROOT = Path(__file__).resolve().parents[1]
STYLES = {"az-mod", "am-mod", "ru-pkc", "local", "intl", "ngo", "analysis", "negative"}
STATUSES = {"asserted", "reported", "alleged", "denied", "speculative"}
PRECISIONS = {"day", "week", "month", "year", "unknown"}
PARTIES = {"AZ", "AM", "RU", None}


def places() -> set[str]:
    path = ROOT / "src/ceasewatch/agreements/data/karabakh-2020.gazetteer.csv"
    if not path.exists():
        path = ROOT.parent / "shared/data/gazetteer_karabakh.csv"
    with path.open(encoding="utf-8") as f:
        return {row["name"] for row in csv.DictReader(f)}


def check(path: Path, known: set[str]) -> list[str]:
    taxonomy = default_taxonomy()
    out: list[str] = []
    ids: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{n}"
        try:
            p = json.loads(line)
        except ValueError as e:
            out.append(f"{where}: not JSON ({e})")
            continue
        if p.get("id") in ids:
            out.append(f"{where}: duplicate id {p.get('id')}")
        ids.add(p.get("id"))
        if p.get("style") not in STYLES:
            out.append(f"{where}: style {p.get('style')!r}")
        pub = dt.date.fromisoformat(p["published"])
        text = p["text"]
        for k, e in enumerate(p["events"]):
            w = f"{where} event {k}"
            if text.count(e["quote"]) != 1:
                out.append(f"{w}: quote occurs {text.count(e['quote'])} times")
            if e["event_type"] not in taxonomy:
                out.append(f"{w}: event_type {e['event_type']!r}")
            elif taxonomy.get(e["event_type"]).family.value != e["family"]:
                out.append(f"{w}: family {e['family']!r} is not that of {e['event_type']}")
            d = e["date"]
            if d["precision"] not in PRECISIONS:
                out.append(f"{w}: precision {d['precision']!r}")
            if d["precision"] == "unknown":
                if d["start"] is not None:
                    out.append(f"{w}: unknown date with a start")
            else:
                s, t = dt.date.fromisoformat(d["start"]), dt.date.fromisoformat(d["end"])
                if s > t or t > pub:
                    out.append(f"{w}: date {s}..{t} after publication {pub} or inverted")
                if (d["precision"] == "day") != (s == t):
                    out.append(f"{w}: precision day needs start == end")
            if e["place"] is not None and e["place"] not in known:
                out.append(f"{w}: place {e['place']!r} not a gazetteer name")
            if e["status"] not in STATUSES:
                out.append(f"{w}: status {e['status']!r}")
            if e.get("perpetrator") not in PARTIES:
                out.append(f"{w}: perpetrator {e.get('perpetrator')!r}")
            for f in ("killed", "wounded"):
                if e.get(f) is not None and not isinstance(e[f], int):
                    out.append(f"{w}: {f} {e[f]!r}")
    return out


if __name__ == "__main__":
    known = places()
    problems = [p for arg in sys.argv[1:] for p in check(Path(arg), known)]
    print("\n".join(problems) or "ok")
    sys.exit(1 if problems else 0)
