"""Record the extractor's current figures as the levels the tests hold it to.

    .venv/bin/python tools/record_levels.py

Each level is the current figure less 0.005 (the figures are deterministic; the margin
only spares a re-run for a change that moves one claim).
"""

from __future__ import annotations

import json
from pathlib import Path

from ceasewatch.extract.evaluate import evaluate_parts

KEPT = ("precision", "recall", "f1", "family", "event_type", "status", "place_25km", "exact_day")
PATH = Path(__file__).resolve().parents[1] / "src/ceasewatch/extract/evalset/levels.json"

if __name__ == "__main__":
    levels = {}
    for part, scores in evaluate_parts(["tune", "held", "ru"]).items():
        figures = scores.figures()
        levels[part] = {k: round(max(0.0, figures[k] - 0.005), 3) for k in KEPT}
        print(part, {k: figures[k] for k in KEPT})
    PATH.write_text(json.dumps(levels, indent=2) + "\n")
