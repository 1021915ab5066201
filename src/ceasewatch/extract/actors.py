"""Parties and the mission as a text names them, from the agreement's own data.

Every party's name and aliases are matched; so is the leading adjective of an alias such
as "Azerbaijani forces" or "separatist forces" (the words before a generic noun like
"side", "forces" or "army"), so that "Azerbaijani positions" and "Armenian civilians" are
recognised with no list written for one conflict. The mission is matched by its name and
by the words every mission answers to (peacekeepers, the contingent, monitors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ceasewatch.model.agreement import Agreement

_GENERIC = {
    "side",
    "forces",
    "army",
    "armed forces",
    "troops",
    "military",
    "peacekeepers",
    "peacekeeping contingent",
    "armed formations",
    "Armed Forces",
    "authorities",
}
_MISSION_WORDS = (
    r"peacekeep(?:ers?|ing (?:contingent|forces?|troops|mission|units?|patrols?))|"
    r"the contingent|contingent's|monitors|monitoring mission|observers|the mission|"
    r"mission's|blue helmets"
)


@dataclass(frozen=True, slots=True)
class PartyMention:
    start: int
    end: int
    text: str
    party: str | None
    mission: bool


class PartyMatcher:
    def __init__(self, agreement: Agreement | None) -> None:
        names: dict[str, str] = {}
        mission_names: dict[str, str | None] = {}
        if agreement is not None:
            for party in agreement.parties:
                for alias in (party.name, *party.aliases):
                    names.setdefault(alias, party.id)
                    words = alias.split()
                    for cut in range(1, len(words)):
                        prefix = " ".join(words[:cut])
                        if " ".join(words[cut:]) in _GENERIC and prefix.lower() not in _GENERIC:
                            names.setdefault(prefix, party.id)
            for mission in agreement.missions:
                contributor = mission.contributor if mission.armed else None
                mission_names[mission.name] = contributor
                mission_names[mission.id] = contributor
        self.parties = {p.id for p in agreement.parties} if agreement else set()
        self._names = names
        self._mission = mission_names
        self.mission_party = next(iter(mission_names.values()), None) if mission_names else None
        alternatives = sorted(set(names) | set(mission_names), key=len, reverse=True)
        parts = [re.escape(a) for a in alternatives]
        self._pattern = re.compile(
            r"(?<![\w-])(?:("
            + "|".join(parts or ["(?!)"])
            + r")|("
            + _MISSION_WORDS
            + r"))(?:'s|’s)?(?![\w-])",
        )
        self._mission_only = re.compile(r"(?<![\w-])(?:" + _MISSION_WORDS + r")", re.IGNORECASE)

    def find(self, sentence: str) -> list[PartyMention]:
        out: list[PartyMention] = []
        for m in self._pattern.finditer(sentence):
            if m.group(1) is not None:
                word = m.group(1)
                if word in self._mission:
                    out.append(PartyMention(m.start(), m.end(), word, self._mission[word], True))
                else:
                    mission = bool(self._mission_only.search(word))
                    out.append(PartyMention(m.start(), m.end(), word, self._names[word], mission))
            else:
                out.append(PartyMention(m.start(), m.end(), m.group(2), self.mission_party, True))
        return out

    def mentions_mission(self, text: str) -> bool:
        return bool(self._mission_only.search(text)) or any(n in text for n in self._mission)

    def is_mission(self, phrase: str | None) -> bool:
        return bool(phrase) and (phrase in self._mission or self.mentions_mission(phrase or ""))

    def party_of(self, phrase: str | None) -> str | None:
        """The party a phrase such as "the Azerbaijani Defence Ministry" speaks for, if any."""
        if not phrase:
            return None
        if phrase in self.parties:
            return phrase
        if phrase in self._mission:
            return self._mission[phrase]
        found = self.find(phrase)
        return found[0].party if found else None
