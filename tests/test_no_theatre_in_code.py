"""No line of code names a theatre: every place, party and mission name of the bundled
agreements and their gazetteers lives in data files (agreements, gazetteers, language
packs, scenarios), never in the Python source."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ceasewatch.agreements.bundled import bundled, bundled_ids
from ceasewatch.extract.places import bundled_gazetteer_text

SRC = Path(__file__).resolve().parents[1] / "src" / "ceasewatch"


def theatre_names() -> set[str]:
    names: set[str] = set()
    for aid in bundled_ids():
        a = bundled(aid)
        for p in a.parties:
            names |= {p.name, *(x for x in p.aliases if "*" not in x)}
            if p.country:
                names.add(p.country)
        for m in a.missions:
            names |= {m.name, *m.aliases}
        for z in a.zones:
            names |= {z.name.split(" (")[0], *z.aliases}
        found = bundled_gazetteer_text(a)
        if found is not None:
            for row in csv.DictReader(io.StringIO(found[1])):
                names |= {row["name"], *row["alt_names"].split(";")}
    # names of three letters or fewer ("NKR") and plain words are too short to tell
    return {n.strip() for n in names if len(n.strip()) > 3}


def test_no_python_line_names_a_place_party_or_mission_of_a_bundled_agreement() -> None:
    names = theatre_names()
    assert len(names) > 100
    pattern = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?![\w-])"
    )
    hits = []
    for path in sorted(SRC.rglob("*.py")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            m = pattern.search(line)
            if m:
                hits.append(f"{path.relative_to(SRC)}:{n}: {m.group()!r}")
    assert not hits, "theatre names in code:\n" + "\n".join(hits)
