"""The offline gazetteer: place names and their variants, resolved to coordinates.

A gazetteer (each agreement names its own: ``places.py``) has one row per place: its name,
its variants separated by ``;``, coordinates where known, a kind and an administrative
unit. ``Gazetteer.find`` finds every variant in a sentence with one scan, and reads the
words around it: "the X district" is known to district precision, "near the village of X"
and "in the direction of X" to "near". A village named in the text but absent from the
gazetteer is returned unresolved, with the reason.

A name is a word of its own, or one link of a chain of names joined by hyphens (the
"Alpha-Beta-Gamma road" names three places), never part of a longer word ("Alpha-based").
A variant that is also a common word of a language (a first name, a pronoun) is listed in
the row's ``named_only`` column: it names the place only next to a place word ("the village
of X", "X village", "села X"), and is never looked up by its lemma.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from ceasewatch.extract.lang import SUPPORTED, Pack, Patterns, language_pack
from ceasewatch.extract.lang.morph import (
    adjective_stem,
    adjective_stems,
    common_word,
    lemma,
    lemmas,
)
from ceasewatch.extract.spelling import SHORTEST, by_skeleton, skeleton
from ceasewatch.model import GeoPrecision

_MOST_WORDS = 3  # the longest name looked up by the lemmas of its words
# the first word of a row's kind that makes it an area rather than a point: a governorate
# or province is known to region precision, a district to district precision, by its
# name alone (the column's words are the field's, not any one country's)
_AREA_KINDS = {
    **dict.fromkeys(("governorate", "province", "region", "oblast", "admin1"), "region"),
    **dict.fromkeys(("district", "rayon", "raion", "county", "admin2"), "district"),
}


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    lat: float | None
    lon: float | None
    kind: str
    admin: str

    @property
    def area(self) -> GeoPrecision | None:
        """REGION or DISTRICT for a row that is an administrative area, by its kind's first
        word ("governorate (admin1; centroid)", "district"); None for a point."""
        return _area(self.kind)


@cache
def _area(kind: str) -> GeoPrecision | None:
    first = re.match(r"\w+", kind.lower())
    found = _AREA_KINDS.get(first.group()) if first else None
    return GeoPrecision(found) if found else None


# the kind of a city abroad (``places.abroad_entries``): where talks and summits are held,
# a place only right after the pack's ``venue_before`` ("signed in X"), never where fire fell
ABROAD = "city abroad (GeoNames)"


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
    # where fire came from ("from positions in X"), or a place a distance is measured from
    # ("12 km south of X"): not the event's place
    origin: bool = False


WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_LEAD = re.compile(r"\w+")  # the word a variant begins with
_WORD_START = re.compile(r"(?<!\w)\w+")  # each word of a sentence (a hyphen parts words)
_WORD_CHAR = re.compile(r"\w")
# the last word before a hyphen that joins it to a name ("Alpha-" in "Alpha-Beta")
_LINK_BEFORE = re.compile(r"[^\W\d_][\w'’]*-$")
_OPENERS = " \t\"'“‘«(-–—•*"  # what may stand before the first word of a sentence
# words that may name a place in an inflected language: capitalised, or a place adjective
_INFLECTED = re.compile(
    r"\b(?:[А-ЯЁ][а-яё-]{2,}|[а-яё]{3,}(?:ск|нск)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими))\b"
)
_ADJECTIVE_ENDINGS = ("ский",)
_ORIGIN_WINDOW = 160  # characters before a place read for "from positions in ..., X"


class Gazetteer:
    def __init__(
        self,
        entries: dict[str, Entry],
        named_only: frozenset[str] = frozenset(),
        exact_only: frozenset[str] = frozenset(),
    ) -> None:
        self._by_variant = entries
        self._named_only = named_only & set(entries)
        # variants found as written only, never by their spelling (``_spelled``): places far
        # from the theatre, whose spellings would otherwise hide a village's near it
        self._exact_only = exact_only & set(entries)
        self.entries = {e.name: e for e in entries.values()}
        # the variants by the word they begin with, the longest first: a sentence is read
        # word by word, and at each word only the variants that begin with it are tried
        self._by_lead: dict[str, list[str]] = {}
        for variant in sorted(entries, key=len, reverse=True):
            lead = _LEAD.match(variant)
            if lead is not None:  # a variant that begins with no letter is never found
                self._by_lead.setdefault(lead.group(), []).append(variant)
        self._lemmas: dict[str, dict[str, Entry]] = {}  # per dictionary language
        self._starts: dict[str, set[str]] = {}  # ... and the first lemmas of names of words
        self._skeletons: dict[str, Entry | None] | None = None  # made when first needed

    def get(self, name: str) -> Entry:
        return self.entries[name]

    def names_in(self, text: str) -> bool:
        """Whether *text* contains a variant of this gazetteer."""
        return any(_linked(text, start, stop) for start, _, stop, _ in self._scan(text))

    def reads(self, name: str) -> bool:
        """Whether this gazetteer reads *name* whole: a variant, or a variant with the word
        of an area beside it in a language of the packs ("X district", "район X"), which
        the words around a place tell. "X Strip" or "X corridor" it does not."""
        for start, _, stop, _ in self._scan(name):
            if not name[:start].strip() and not name[stop:].strip():
                return True
        return any(
            language_pack(code).places.area_named.fullmatch(name) is not None
            and self.names_in(name)
            for code in SUPPORTED
        )

    def merged(self, more: dict[str, Entry], exact: bool = False) -> Gazetteer:
        """This gazetteer with more variants; a variant it has already keeps its entry.
        *exact*: the new variants are found as written only, never by their spelling."""
        if not more:
            return self
        exact_only = self._exact_only | set(more) if exact else self._exact_only
        return Gazetteer({**more, **self._by_variant}, self._named_only, exact_only)

    def _scan(self, text: str) -> Iterator[tuple[int, int, int, str]]:
        """Each variant in *text*, left to right, the longest where several begin at one
        word, none inside another: (start, end, end with a possessive "'s", variant). A
        variant stands as a word of its own (no letter touches it on either side)."""
        after = 0
        for word in _WORD_START.finditer(text):
            start = word.start()
            if start < after:
                continue
            for variant in self._by_lead.get(word.group(), ()):
                end = start + len(variant)
                if not text.startswith(variant, start) or _WORD_CHAR.match(text, end):
                    continue
                stop = end
                if text[end : end + 2] in ("'s", "’s") and not _WORD_CHAR.match(text, end + 2):
                    stop = end + 2
                yield start, end, stop, variant
                after = stop
                break

    def find(self, sentence: str, pack: Pack | None = None) -> list[Mention]:
        """The places *sentence* names, read with the words of the pack's language
        (English by default); with a pack of lemmas, inflected names are found too."""
        pack = pack or language_pack("en")
        places = pack.places
        found: list[Mention] = []
        covered: list[tuple[int, int]] = []
        for start, end, stop, variant in self._scan(sentence):
            if not _linked(sentence, start, stop):
                continue
            if variant in self._named_only and not _named(sentence, start, end, places):
                continue
            if places.person_before.search(sentence, max(0, start - 40), start):
                continue  # "Prime Minister X": a person who shares a place's name
            if not sentence[:start].strip(_OPENERS) and places.word_after.match(sentence, stop):
                continue  # "Along the line, ...": a word opening the sentence, not a town
            entry = self._by_variant[variant]
            found.append(self._mention(sentence, start, end, entry, places))
            covered.append((start, stop))
        if pack.lemmas:
            found.extend(self._inflected(sentence, covered, pack))
        # a village ("the village of X") or an area ("the X district") the text names: the
        # place named here even when the gazetteer does not know it (the event is not
        # moved to a place named before)
        for pattern, whole in ((places.village_of, False), (places.area_named, True)):
            for m in pattern.finditer(sentence):
                if any(s <= m.start(1) < e for s, e in covered):
                    continue
                found.append(self._spelled(sentence, m, places) or _unknown(m, whole))
                covered.append(m.span(1))
        found.sort(key=lambda x: x.start)
        # a town that speaks ("according to X") is a voice, not where anything happened; the
        # city of a wire's dateline is where the story was filed
        filed = pack.dates.filed(sentence)
        return [
            m
            for m in found
            if m.start >= filed
            and not places.voice_before.search(sentence, max(0, m.start - 40), m.start)
            and (
                m.entry is None
                or m.entry.kind != ABROAD
                or places.venue_before.search(sentence, max(0, m.start - 10), m.start)
            )
        ]

    def _spelled(self, sentence: str, m: re.Match[str], places: Patterns) -> Mention | None:
        """The place a name the text marks as one (group 1 of *m*) is, when no variant
        matches it but exactly one place has its skeleton (``spelling``)."""
        skeletons = self._by_skeleton()
        name, start = m.group(1), m.start(1)
        entry = skeletons.get(skeleton(name))
        if entry is None and " " in name:  # "The Dorahamy district": the last word alone
            start += name.rindex(" ") + 1
            name = sentence[start : m.end(1)]
            entry = skeletons.get(skeleton(name))
        if entry is None:
            return None
        found = self._mention(sentence, start, m.end(1), entry, places)
        return replace(found, reason=f"{name!r} read as {entry.name}, spelled otherwise")

    def _by_skeleton(self) -> dict[str, Entry | None]:
        if self._skeletons is None:
            self._skeletons = by_skeleton(
                (v, e) for v, e in self._by_variant.items() if v not in self._exact_only
            )
        return self._skeletons

    def _shortest(self) -> int:
        """The shortest skeleton a capitalised word after a preposition of place is read by:
        among the tens of thousands of a country's places, a short one is often some other
        village's by chance ("Кадугли" and a Crimean village's other name, both "ktkl"), so
        the more places, the longer."""
        n = len(self._by_skeleton())
        return SHORTEST + (n > 1_000) + (n > 5_000)

    def _inflected(
        self, sentence: str, covered: list[tuple[int, int]], pack: Pack
    ) -> list[Mention]:
        """Places named in an inflected form or as an adjective ("в Мартунинском районе"),
        a name of two or three words with each word inflected ("у Новой Ивановки")."""
        index = self._lemma_index(pack)
        language = pack.lemmas or "ru"
        starts = self._starts[language]  # the first words' lemmas of names of several words
        words = [
            m
            for m in pack.inflected.finditer(sentence)
            if not any(s <= m.start() < e for s, e in covered)
        ]
        out = []
        i = 0
        while i < len(words):
            n, entry = (
                self._named_by_words(sentence, words, i, language, index)
                if starts.intersection(lemmas(words[i].group(), language))
                else None
            ) or (1, None)
            if entry is None:
                word_lemma = lemma(words[i].group(), language)
                entry = index.get(word_lemma)
                if entry is None:
                    stem = adjective_stem(word_lemma, pack.adjective_endings)
                    entry = index.get(stem) if stem else None
            start, end = words[i].start(), words[i + n - 1].end()
            spelled = None
            if (
                entry is None
                and words[i].group()[:1].isupper()
                and self._located(sentence, words[i], pack)
            ):
                # a name after a preposition of place that no variant holds in this script:
                # the one place whose name in any script has its skeleton («в Спин-Болдаке»)
                if words[i].group().endswith("-") and i + 1 < len(words):
                    n, end = 2, words[i + 1].end()  # the two parts of a hyphenated name
                said = sentence[start:end]
                key = skeleton(lemma(said, language))
                if len(key) >= self._shortest():
                    spelled = entry = self._by_skeleton().get(key)
            if entry is not None:
                found = self._mention(sentence, start, end, entry, pack.places)
                if spelled is not None:
                    found = replace(
                        found, reason=f"{said!r} read as {entry.name}, spelled otherwise"
                    )
                out.append(found)
                covered.append((start, end))
            i += n
        return out

    @staticmethod
    def _located(sentence: str, word: re.Match[str], pack: Pack) -> bool:
        """Whether *word*, a capitalised name, is not the sentence's first word and stands
        right after a preposition of place (the pack's ``spelled_before``)."""
        if not sentence[: word.start()].strip(_OPENERS):
            return False
        at = word.start()
        return bool(pack.places.spelled_before.search(sentence, max(0, at - 30), at))

    @staticmethod
    def _named_by_words(
        sentence: str,
        words: list[re.Match[str]],
        i: int,
        language: str,
        index: dict[str, Entry],
    ) -> tuple[int, Entry] | None:
        """The longest run of words from the *i*-th, one space apart, whose lemmas name a
        place, and that place. Every lemma a word may have is tried: the likeliest is often
        another word's ("Заводи" of "заводить", not "заводь")."""
        for n in range(_MOST_WORDS, 1, -1):
            run = words[i : i + n]
            if len(run) < n:
                continue
            if any(sentence[a.end() : b.start()] != " " for a, b in itertools.pairwise(run)):
                continue
            for key in itertools.product(*(lemmas(m.group(), language) for m in run)):
                entry = index.get(" ".join(key))
                if entry is not None:
                    return n, entry
        return None

    def _lemma_index(self, pack: Pack) -> dict[str, Entry]:
        """Lemmas and adjective stems of every one-word variant in the pack's script, and
        the lemmas of a variant of two or three such words, joined by a space."""
        language = pack.lemmas or "ru"
        if language not in self._lemmas:
            index: dict[str, Entry] = {}
            starts = self._starts[language] = set()
            for variant, entry in self._by_variant.items():
                if variant in self._named_only:
                    continue  # a common word: its lemma is the word's, not the place's
                parts = variant.split(" ")
                if not all(pack.inflected.fullmatch(p) for p in parts):
                    continue
                if len(parts) > 1:
                    if len(parts) <= _MOST_WORDS:
                        key = [lemma(p, language) for p in parts]
                        index.setdefault(" ".join(key), entry)
                        starts.add(key[0])
                    continue
                # a name that is also a form of a common word ("Ключи" of "ключ") is
                # looked up as itself: its lemma would find that word's other forms
                common = common_word(variant, language)
                index.setdefault(variant.lower() if common else lemma(variant, language), entry)
                for stem in adjective_stems(variant, pack.adjective_suffixes):
                    index.setdefault(stem, entry)
            self._lemmas[language] = index
        return self._lemmas[language]

    def _mention(
        self, sentence: str, start: int, end: int, entry: Entry, places: Patterns
    ) -> Mention:
        before = sentence[max(0, start - 60) : start]
        after = sentence[end : end + 40]
        if entry.lat is None:
            precision, reason = (
                GeoPrecision.UNRESOLVED,
                f"the gazetteer has no coordinates for {entry.name}",
            )
        elif entry.area is GeoPrecision.REGION:
            precision, reason = GeoPrecision.REGION, None
        elif entry.area is GeoPrecision.DISTRICT or places.district_after.match(after):
            precision, reason = GeoPrecision.DISTRICT, None
        elif places.near_before.search(before) or places.near_after.match(after):
            precision, reason = GeoPrecision.NEAR, None
        else:
            precision, reason = GeoPrecision.EXACT, None
        locative = bool(places.locative_before.search(before)) or precision is GeoPrecision.DISTRICT
        # a list of the places fire came from may run long before this one
        wide = sentence[max(0, start - _ORIGIN_WINDOW) : start]
        origin = (
            bool(places.origin_before.search(wide)) and precision is not GeoPrecision.NEAR
        ) or bool(places.reference_before.search(before))
        return Mention(start, end, sentence[start:end], entry, precision, locative, reason, origin)


def _unknown(m: re.Match[str], whole: bool) -> Mention:
    """A place the text names (group 1 of *m*) that the gazetteer does not know; *whole*:
    the reason quotes the whole match ("'X district'"), not the name alone."""
    said = m.group(0).strip() if whole else m.group(1)
    return Mention(
        m.start(1),
        m.end(1),
        m.group(1),
        None,
        GeoPrecision.UNRESOLVED,
        True,
        f"{said!r} is not in the gazetteer",
    )


def _linked(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands as a name: a word of its own, or a link of a chain of
    capitalised names joined by hyphens, not the start or end of a longer word."""
    if start and text[start - 1] == "-":
        before = _LINK_BEFORE.search(text, 0, start)
        if before is None or not before.group()[0].isupper():
            return False
    return not (end < len(text) and text[end] == "-" and not text[end + 1 : end + 2].isupper())


def _named(text: str, start: int, end: int, places: Patterns) -> bool:
    """Whether a place word stands next to text[start:end] ("village of X", "X village")."""
    before = text[max(0, start - 40) : start]
    return bool(places.named_before.search(before) or places.named_after.match(text, end))
