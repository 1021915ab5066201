"""A dataset row's notes read for what the row's coding leaves open.

ACLED codes what happened with a fixed pair of event type and sub-event type, and some
pairs say little: "Strategic developments / Other" holds handovers of weapons, blocked
aid convoys and aid deliveries alike, and a protest may also block a road. For such rows
the notes are read with the extractor's own triggers (the language pack, data): the
monitoring type is taken from what the notes say, while the row keeps its ACLED coding
for export. A protest that blocks a road becomes an obstruction, and is still an ACLED
protest.

Which pairs are read, and which families a row of each pair may become, is below; the
words that decide are the pack's.
"""

from __future__ import annotations

import re

from ceasewatch.extract.lang import language_pack
from ceasewatch.extract.lexicon import Lexicon
from ceasewatch.model import Family, Taxonomy

# (event type, sub-event type or "*") -> the families its notes may move a row to, the
# first that the notes signal winning: a convoy that was stopped is an obstruction first
READ: dict[tuple[str, str], tuple[Family, ...]] = {
    ("Strategic developments", "Other"): (
        Family.OBSTRUCTION,
        Family.MILITARY_MOVEMENT,
        Family.EXCHANGE,
        Family.TERRITORY_TRANSFER,
        Family.ILLICIT_TRANSFER,
        Family.MISSION_ACTIVITY,
        Family.HUMANITARIAN,
        Family.MINE_INCIDENT,
        Family.AGREEMENT,
        Family.CORRIDOR_TRANSIT,
    ),
    ("Strategic developments", "Change to group/activity"): (
        Family.MILITARY_MOVEMENT,
        Family.OBSTRUCTION,
    ),
    ("Strategic developments", "Agreement"): (Family.EXCHANGE,),
    ("Protests", "*"): (Family.OBSTRUCTION,),
    ("Riots", "*"): (Family.OBSTRUCTION,),
}
_LANGUAGE = "en"  # the field's datasets write their notes in English


def families_read(event_type: str, sub_event_type: str) -> tuple[Family, ...] | None:
    return READ.get((event_type, sub_event_type)) or READ.get((event_type, "*"))


class NotesReader:
    def __init__(self, taxonomy: Taxonomy, language: str = _LANGUAGE) -> None:
        self.taxonomy = taxonomy
        self.lexicon = Lexicon(language_pack(language))
        self._word = self.lexicon.pack.word
        self._mission_words = re.compile(self.lexicon.pack.mission_words, re.IGNORECASE)
        self._orders: dict[tuple[Family, ...], list[list[int]]] = {}

    def codes(self, notes: str, mission: bool = False) -> list[str]:
        """The event types the notes' words signal, in the pack's order of priority. The
        triggers of the mission's own activity count only when the notes speak of a
        mission, or the caller knows the row's actor is one (*mission*)."""
        lowered = notes.lower()
        mission = mission or bool(self._mission_words.search(notes))
        found = []
        for i in sorted(self.lexicon.candidates(self._word.findall(lowered))):
            trigger, pattern = self.lexicon.triggers[i]
            if (trigger.mission and not mission) or trigger.code not in self.taxonomy.types:
                continue
            if pattern.search(lowered) and trigger.code not in found:
                found.append(trigger.code)
        return found

    def _by_family(self, families: tuple[Family, ...]) -> list[list[int]]:
        """For each family, in order, the indices of its triggers in the pack's order."""
        found = self._orders.get(families)
        if found is None:
            triggers = self.lexicon.triggers
            types = self.taxonomy.types
            found = self._orders[families] = [
                [
                    i
                    for i, (t, _) in enumerate(triggers)
                    if t.code in types and types[t.code].family is family
                ]
                for family in families
            ]
        return found

    def type_of(
        self, event_type: str, sub_event_type: str, notes: str | None, mission: bool = False
    ) -> str | None:
        """The monitoring type the notes give a row of this ACLED pair, or None to keep
        the pair's default: the first family of the pair's list that the notes signal, and
        in it the first trigger that matches. It runs on every such row of an import, so it
        looks only at the triggers the notes' words can start, family by family."""
        allowed = families_read(event_type, sub_event_type)
        if not allowed or not notes:
            return None
        lowered = notes.lower()
        candidates = self.lexicon.candidates(self._word.findall(lowered))
        if not candidates:
            return None
        speaks_of_mission: bool | None = mission or None  # looked up when first needed
        triggers = self.lexicon.triggers
        for indices in self._by_family(allowed):
            for i in indices:
                if i not in candidates:
                    continue
                trigger, pattern = triggers[i]
                if trigger.mission:
                    if speaks_of_mission is None:
                        speaks_of_mission = bool(self._mission_words.search(notes))
                    if not speaks_of_mission:
                        continue
                if pattern.search(lowered):
                    return trigger.code
        return None

    def mission_type(self, notes: str) -> str | None:
        """The type of a vague dataset row once its actor is known to be the mission."""
        return self.type_of("Strategic developments", "Other", notes, mission=True)


_READERS: dict[int, tuple[Taxonomy, NotesReader]] = {}


def notes_reader(taxonomy: Taxonomy) -> NotesReader:
    """One reader per taxonomy, per process (import workers each build their own)."""
    found = _READERS.get(id(taxonomy))
    if found is None or found[0] is not taxonomy:
        found = _READERS[id(taxonomy)] = (taxonomy, NotesReader(taxonomy))
    return found[1]
