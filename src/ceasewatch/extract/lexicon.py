"""A language pack compiled for the pipeline: triggers indexed by their anchors.

Each trigger of a pack (``ceasewatch.extract.lang``) is a regular expression over a
lower-cased sentence and the taxonomy code it signals. The order of the triggers is a
priority: when several types of one family fire in a sentence, the first listed wins
("mortar and small-arms fire" is shelling). A type marked ``mission`` fires only when the
sentence speaks of the monitoring mission (or the document is the mission's own).

Every match of a trigger contains a word that begins with one of its anchors. The pipeline
looks the words of a sentence up here and runs only the triggers they anchor, which is most
of its speed; tests/extract/test_packs.py holds the anchors complete.
"""

from __future__ import annotations

import re

from ceasewatch.extract.dates import DateFinder
from ceasewatch.extract.lang import Pack, Trigger

_VOID_REACH = 80  # how far before a match ``Trigger.not_after`` is looked for


class Lexicon:
    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.cues = pack.cues
        self.clauses = pack.clauses
        self.dates = DateFinder(pack.dates)
        self.triggers: list[tuple[Trigger, re.Pattern[str]]] = [
            (t, re.compile(t.pattern)) for t in pack.triggers
        ]
        # what voids a trigger's match when it stands right before it (``Trigger.not_after``)
        self.not_after: dict[int, re.Pattern[str]] = {
            i: re.compile(f"(?:{t.not_after})$")
            for i, (t, _) in enumerate(self.triggers)
            if t.not_after
        }
        self._anchors: dict[str, set[int]] = {}
        # triggers with no anchors (a pack of an inflected language): tried on every sentence
        self._always = frozenset(i for i, (t, _) in enumerate(self.triggers) if not t.anchors)
        for i, (t, _) in enumerate(self.triggers):
            for anchor in t.anchors:
                self._anchors.setdefault(anchor, set()).add(i)
        self._lengths = sorted({len(a) for a in self._anchors})
        self._memo: dict[str, frozenset[int]] = {}

    def match(self, i: int, low: str, start: int, end: int) -> re.Match[str] | None:
        """The first match of the *i*-th trigger in *low* outside ``[start, end)`` (the
        sentence's date: its words are not the event's) and not right after what voids it."""
        pattern = self.triggers[i][1]
        void = self.not_after.get(i)
        at = 0
        while (m := pattern.search(low, at)) is not None:
            if start <= m.start() < end:
                at = end
            elif void is not None and void.search(low, max(0, m.start() - _VOID_REACH), m.start()):
                at = m.start() + 1
            else:
                return m
        return None

    def candidates(self, words: list[str]) -> set[int]:
        """The triggers the words of a lowered sentence (``pack.word``) may start."""
        memo = self._memo
        anchored = self._anchored
        return set(self._always).union(*[memo[w] if w in memo else anchored(w) for w in set(words)])

    def _anchored(self, word: str) -> frozenset[int]:
        """The triggers a word may start: those with an anchor that begins the word."""
        found: set[int] = set()
        for n in self._lengths:
            if n > len(word):
                break
            hit = self._anchors.get(word[:n])
            if hit:
                found |= hit
        if len(self._memo) > 100_000:  # bounded: a long run meets ever new words
            self._memo.clear()
        result = self._memo[word] = frozenset(found)
        return result
