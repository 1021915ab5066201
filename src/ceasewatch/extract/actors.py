"""Parties and the mission as a text names them, from the agreement's own data.

Every party's name and aliases are matched; so is the leading adjective of an alias such
as "Eastland forces" or "rebel forces" (the words before a generic noun like
"side", "forces" or "army"), so that "Azerbaijani positions" and "Armenian civilians" are
recognised with no list written for one conflict. The mission is matched by its name and
by the words every mission answers to (peacekeepers, the contingent, monitors). A party the
agreement gives by its country ("India", or ``country: India``) is also found by the
names the language packs give that country's side (``actors.countries``: "Indian",
"Indians", "New Delhi", «индийск*»), unless two parties share the country.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ceasewatch.extract.lang import SUPPORTED, Pack, language_pack
from ceasewatch.model import Party
from ceasewatch.model.agreement import Agreement


@cache
def _words() -> tuple[frozenset[str], str]:
    """The generic nouns ("forces", "side") and the mission's words of every language."""
    packs = [language_pack(code) for code in SUPPORTED]
    generic = frozenset().union(*(p.generic for p in packs))
    return generic, "|".join(f"(?:{p.mission_words})" for p in packs)


@cache
def _troops() -> re.Pattern[str]:
    """What follows a state's name when its soldiers are meant, in every language."""
    packs = [language_pack(code) for code in SUPPORTED]
    return re.compile("|".join(f"(?:{p.troops})" for p in packs), re.IGNORECASE)


@cache
def _institutions() -> tuple[re.Pattern[str], ...]:
    """Every pack's words of a state's institutions (ministry, army, press service)."""
    return tuple(language_pack(code).clauses.institution for code in SUPPORTED)


@cache
def _countries() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Every pack's names of each country's side, by the country's folded name; and the
    country each of those names (not a stem) stands for, to find a party named "Türkiye"."""
    names: dict[str, list[str]] = {}
    for code in SUPPORTED:
        for country, found in language_pack(code).countries.items():
            names.setdefault(country.casefold(), []).extend(found)
    index = {n.casefold(): c for c, found in names.items() for n in found if not n.endswith("*")}
    return {c: tuple(dict.fromkeys(found)) for c, found in names.items()}, index


def country_names(parties: Sequence[Party]) -> dict[str, tuple[str, ...]]:
    """The names news give each party's country, by party id: the country itself as the
    file writes it ("Thailand" of a party named "Kingdom of Thailand") and what the packs
    call its side (``_countries``); for a party whose country (or name) the packs know and
    that no other party shares."""
    names, index = _countries()
    of: dict[str, str] = {}
    for p in parties:
        key = (p.country or p.name).casefold()
        key = key if key in names else index.get(key, "")
        if key:
            of[p.id] = key
    shared = {k for k in of.values() if list(of.values()).count(k) > 1}
    given = {p.id: p.country for p in parties if p.country}
    return {
        pid: tuple(dict.fromkeys([*([given[pid]] if pid in given else []), *names[k]]))
        for pid, k in of.items()
        if k not in shared
    }


@dataclass(frozen=True, slots=True)
class PartyMention:
    start: int
    end: int
    text: str
    party: str | None
    mission: bool


def _any_case(name: str) -> str:
    """The pattern a party's name is found by: as the file writes it, and, in a language
    whose pack declines names (``actors.declined``), in any case."""
    words = name.split(" ")
    for code in SUPPORTED:
        pack = language_pack(code)
        stems = [pack.declined.fullmatch(w) for w in words]
        if any(stems):
            return " ".join(
                re.escape(s.group(1)) + pack.declined_ending if s else re.escape(w)
                for w, s in zip(words, stems, strict=True)
            )
    return re.escape(name)


def _dated(names: list[str]) -> re.Pattern[str] | None:
    """The names that hold a number ("March 23 Movement"), lowered as sentences are read,
    in any case a pack declines them in («Движения 23 марта»); None when there are none."""
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(_any_case(n.lower()) for n in names) + r")(?!\w)")


class PartyMatcher:
    def __init__(self, agreement: Agreement | None) -> None:
        generic_words, mission_words = _words()
        names: dict[str, str] = {}
        stems: list[tuple[str, str]] = []  # an alias ending in "*": any ending
        mission_names: dict[str, str | None] = {}
        if agreement is not None:
            for party in agreement.parties:
                for alias in (party.name, *party.aliases):
                    if alias.endswith("*"):
                        stems.append((alias[:-1].lower(), party.id))
                        continue
                    names.setdefault(alias, party.id)
                    if alias[:1].islower():  # a lower-case alias starting a sentence too
                        names.setdefault(alias[0].upper() + alias[1:], party.id)
                    words = alias.split()
                    for cut in range(1, len(words)):
                        prefix = " ".join(words[:cut])
                        rest = " ".join(words[cut:])
                        if rest in generic_words and prefix.lower() not in generic_words:
                            names.setdefault(prefix, party.id)
            # then what news call a party's country, where its own aliases did not say
            for pid, derived in country_names(agreement.parties).items():
                for alias in derived:
                    if alias.endswith("*"):
                        if not any(s == alias[:-1].lower() for s, _ in stems):
                            stems.append((alias[:-1].lower(), pid))
                    else:
                        names.setdefault(alias, pid)
                        if alias[:1].islower():  # "армяне" starting a sentence too
                            names.setdefault(alias[0].upper() + alias[1:], pid)
            for mission in agreement.missions:
                contributor = mission.contributor if mission.armed else None
                mission_names[mission.name] = contributor
                mission_names[mission.id] = contributor
                for alias in mission.aliases:  # a party's own alias stays the party's
                    if not alias.endswith("*") and alias not in names:
                        mission_names.setdefault(alias, contributor)
                        if alias[:1].islower():  # starting a sentence too
                            mission_names.setdefault(alias[0].upper() + alias[1:], contributor)
        self.parties = {p.id for p in agreement.parties} if agreement else set()
        # the parties of kind armed_group, not states (territory they take is "overtaken")
        self.armed_groups = frozenset(
            p.id for p in (agreement.parties if agreement else ()) if p.kind == "armed_group"
        )
        self.agreement_id = agreement.id if agreement else None
        self._names = names
        self._stems = sorted(stems, key=lambda x: len(x[0]), reverse=True)
        self._mission = mission_names
        self.mission_party = next(iter(mission_names.values()), None) if mission_names else None
        # the sides of the conflict: the parties that are neither a mere signatory nor the
        # mission's contributor; with exactly two, each one's "enemy" is the other
        sides = [
            p.id
            for p in (agreement.parties if agreement else ())
            if p.kind != "signatory" and p.id != self.mission_party
        ]
        self._other = dict(zip(sides, reversed(sides), strict=True)) if len(sides) == 2 else {}
        # a state that contributes an armed mission and is no side: its soldiers are the mission
        self._contributor = (
            self.mission_party if self.mission_party and self.mission_party not in sides else None
        )
        self.mission_name = agreement.missions[0].name if agreement and agreement.missions else None
        alternatives = sorted(set(names) | set(mission_names), key=len, reverse=True)
        self._dated = _dated([a for a in alternatives if any(c.isdigit() for c in a)])
        # (a party's names in any case; the mission's as written, as the packs' mission words
        # find it in any case already)
        parts = [_any_case(a) if a in names else re.escape(a) for a in alternatives]
        # a name found in another case than the file's -> the name as the file writes it
        self._declined = [
            (re.compile(part), a)
            for a, part in zip(alternatives, parts, strict=True)
            if part != re.escape(a)
        ]
        parts += ["(?i:" + re.escape(stem) + r"[\w-]*)" for stem, _ in self._stems]
        self._pattern = re.compile(
            r"(?<![\w-])(?:("
            + "|".join(parts or ["(?!)"])
            + r")|(?i:("
            + mission_words
            + r")))(?:'s|’s)?(?![\w-])",
        )
        self._mission_only = re.compile(r"(?<![\w-])(?:" + mission_words + r")", re.IGNORECASE)
        # the mission's own names, in a text of any case (callers pass lowered sentences)
        self._mission_named = (
            re.compile(
                r"(?<![\w-])(?:"
                + "|".join(re.escape(n) for n in sorted(mission_names, key=len, reverse=True))
                + r")(?![\w-])",
                re.IGNORECASE,
            )
            if mission_names
            else None
        )

    def undated(self, low: str) -> str:
        """*low* (a lowered sentence) with the names that hold a number blanked: the "March
        23 Movement" tells no day."""
        if self._dated is None:
            return low
        return self._dated.sub(lambda m: " " * len(m.group()), low)

    def find(self, sentence: str) -> list[PartyMention]:
        out: list[PartyMention] = []
        for m in self._pattern.finditer(sentence):
            if m.group(1) is not None:
                word = key = m.group(1)
                if key not in self._names and key not in self._mission:
                    key = next((a for p, a in self._declined if p.fullmatch(word)), word)
                if key in self._mission:
                    out.append(PartyMention(m.start(), m.end(), word, self._mission[key], True))
                else:
                    mission = bool(self._mission_only.search(word))
                    party = self._names.get(key) or self._stem_party(word)
                    if (
                        not mission
                        and party is not None
                        and party == self._contributor
                        and _troops().match(sentence, m.end())
                    ):
                        mission = True  # "X troops", where the troops of X are the mission
                    out.append(PartyMention(m.start(), m.end(), word, party, mission))
            else:
                out.append(PartyMention(m.start(), m.end(), m.group(2), self.mission_party, True))
        return _joined(sentence, out)

    def _stem_party(self, word: str) -> str | None:
        low = word.lower()
        return next((party for stem, party in self._stems if low.startswith(stem)), None)

    def mentions_mission(self, text: str) -> bool:
        return bool(self._mission_only.search(text)) or bool(
            self._mission_named and self._mission_named.search(text)
        )

    def as_said_by(
        self, sentence: str, mentions: list[PartyMention], speaker: str, pack: Pack
    ) -> list[PartyMention]:
        """*mentions* with the parties a side's own statement names without naming them:
        "the enemy" (the other side, when there are two) and "our positions" (the speaker's
        own), where no name was found already."""
        other = self._other.get(speaker)
        found = [
            PartyMention(m.start(), m.end(), m.group(), party, False)
            for pattern, party in ((pack.enemy, other), (pack.own, speaker))
            if party is not None
            for m in pattern.finditer(sentence)
            if not any(n.start < m.end() and m.start() < n.end for n in mentions)
        ]
        return sorted([*mentions, *found], key=lambda m: m.start) if found else mentions

    def is_mission(self, phrase: str | None) -> bool:
        return bool(phrase) and (phrase in self._mission or self.mentions_mission(phrase or ""))

    def voice_of(self, source: str | None) -> str | None:
        """The party a source speaks for: one it is ("India", an alias) or one of whose
        institutions it is ("Ministry of Defence of India", «Минобороны Индии»). An outlet
        named after a side ("The Indian Weekly", "New Delhi Post") speaks for none: what it
        relays from that side is reported, not asserted."""
        party = self.party_of(source)
        if party is None or source is None:
            return None
        name = " ".join(source.split())
        if name in self.parties or name in self._names:
            return party  # the party itself, by its id, name or an alias
        if " " not in name and self._stem_party(name) == party:
            return party  # one word that an alias ending in * matches
        return party if any(p.search(name) for p in _institutions()) else None

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


def _joined(sentence: str, mentions: list[PartyMention]) -> list[PartyMention]:
    """Names of one party that follow each other with only a space between are one name
    (a demonym and a force's name: "X" and "Defence Forces" of "X Defence Forces"), not two."""
    out: list[PartyMention] = []
    for m in mentions:
        last = out[-1] if out else None
        if (
            last is not None
            and last.party is not None
            and last.party == m.party
            and last.mission == m.mission
            and sentence[last.end : m.start] == " "
        ):
            out[-1] = PartyMention(
                last.start, m.end, sentence[last.start : m.end], m.party, m.mission
            )
        else:
            out.append(m)
    return out
