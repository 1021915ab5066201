"""The offline gazetteer: place names and their variants, resolved to coordinates.

The bundled gazetteer (``data/gazetteer.csv``, see ``data/README.md`` for its sources and
licence) has one row per place: its name, its variants separated by ``;``, coordinates
where known, a kind and an administrative unit. ``Gazetteer.find`` finds every variant in a
sentence with one scan, and reads the words around it: "the Kalbajar district" is known to
district precision, "near the village of Sus" and "in the direction of Shusha" to "near".
A village named in the text but absent from the gazetteer is returned unresolved, with the
reason.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ceasewatch.errors import SchemaError
from ceasewatch.model import GeoPrecision


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    lat: float | None
    lon: float | None
    kind: str
    admin: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a sentence: where, which entry (None when unknown) and how precisely."""

    start: int
    end: int
    text: str
    entry: Entry | None
    precision: GeoPrecision
    locative: bool  # preceded by in/at/near/…: the place of something, not a speaker
    reason: str | None = None


_DISTRICT_AFTER = re.compile(r"\s+(?:district|region|rayon|province|raion)\b", re.IGNORECASE)
_NEAR_BEFORE = re.compile(
    r"(?:\bnear|\bnearby|\boutskirts of|\bdirection of|\bvicinity of|\barea of|\baround|"
    r"\bapproaches to|\bnorth of|\bsouth of|\beast of|\bwest of|\bkm from|\bkilometres from|"
    r"\bclose to|\bhills above|\bheights above|\bheights near)(?:\s+the)?(?:\s+(?:village|town|"
    r"settlement|city)\s+of)?\s*$",
    re.IGNORECASE,
)
_NEAR_AFTER = re.compile(r"\s+(?:direction|area|outskirts|heights|sector)\b", re.IGNORECASE)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|on|to|from|into|towards?|outside|inside|around|of|through|across|"
    r"along|between|and|via|over|within)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_VILLAGE_OF = re.compile(
    r"\b(?:village|settlement|town|hamlet)\s+of\s+([A-ZƏÇŞÖÜĞİ][\w'’-]+(?:\s+[A-ZƏÇŞÖÜĞİ][\w'’-]+)?)"
)


class Gazetteer:
    def __init__(self, entries: dict[str, Entry]) -> None:
        self._by_variant = entries
        variants = sorted(entries, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(v) for v in variants) + r")(?:'s|’s)?(?![\w-])"
        )
        self.entries = {e.name: e for e in entries.values()}
        # the first word of every variant: a sentence with none of them names no place
        firsts = {v.split()[0] for v in variants}
        self._firsts = frozenset(firsts | {f + s for f in firsts for s in ("'s", "’s")})

    def get(self, name: str) -> Entry:
        return self.entries[name]

    def find(self, sentence: str) -> list[Mention]:
        found: list[Mention] = []
        covered: list[tuple[int, int]] = []
        if self._firsts.isdisjoint(_WORDS.findall(sentence)):
            matches: list[re.Match[str]] = []
        else:
            matches = list(self._pattern.finditer(sentence))
        for m in matches:
            entry = self._by_variant[m.group(1)]
            found.append(self._mention(sentence, m.start(1), m.end(1), entry))
            covered.append((m.start(), m.end()))
        if "of " in sentence:
            for m in _VILLAGE_OF.finditer(sentence):
                if any(s <= m.start(1) < e for s, e in covered):
                    continue
                found.append(
                    Mention(
                        m.start(1),
                        m.end(1),
                        m.group(1),
                        None,
                        GeoPrecision.UNRESOLVED,
                        True,
                        f"{m.group(1)!r} is not in the gazetteer",
                    )
                )
        found.sort(key=lambda x: x.start)
        return found

    def _mention(self, sentence: str, start: int, end: int, entry: Entry) -> Mention:
        before = sentence[max(0, start - 40) : start]
        after = sentence[end : end + 16]
        if entry.lat is None:
            precision, reason = (
                GeoPrecision.UNRESOLVED,
                f"the gazetteer has no coordinates for {entry.name}",
            )
        elif _DISTRICT_AFTER.match(after):
            precision, reason = GeoPrecision.DISTRICT, None
        elif _NEAR_BEFORE.search(before) or _NEAR_AFTER.match(after):
            precision, reason = GeoPrecision.NEAR, None
        else:
            precision, reason = GeoPrecision.EXACT, None
        locative = bool(_LOCATIVE_BEFORE.search(before)) or precision is GeoPrecision.DISTRICT
        return Mention(start, end, sentence[start:end], entry, precision, locative, reason)


def parse_gazetteer(text: str, file: str = "gazetteer.csv") -> Gazetteer:
    """Read a gazetteer CSV with columns name, alt_names, lat, lon, kind, admin."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"name", "alt_names", "lat", "lon"} - set(reader.fieldnames or ())
    if missing:
        raise SchemaError(f"{file}: missing column(s) {', '.join(sorted(missing))}")
    by_variant: dict[str, Entry] = {}
    for row_no, row in enumerate(reader, start=2):
        try:
            lat = float(row["lat"]) if row["lat"] else None
            lon = float(row["lon"]) if row["lon"] else None
        except ValueError:
            raise SchemaError(f"{file}:{row_no} lat/lon: expected decimal degrees") from None
        entry = Entry(row["name"], lat, lon, row.get("kind") or "", row.get("admin") or "")
        for variant in [row["name"], *row["alt_names"].split(";")]:
            variant = variant.strip()
            if variant:
                by_variant.setdefault(variant, entry)
    return Gazetteer(by_variant)


@cache
def bundled_gazetteer() -> Gazetteer:
    text = resources.files("ceasewatch.extract").joinpath("data/gazetteer.csv").read_text("utf-8")
    return parse_gazetteer(text)
