"""Language packs: every word, phrase and pattern the extractor reads a language by.

One YAML file per language (``en.yaml``, ``ru.yaml``) holds the event triggers with their
anchors, the cues of how firmly a sentence speaks (hedges, attributions, denials, what is
speculative or negated), the clauses that tell roles and speakers, number words, the words
around a place name, and the date grammar (month and weekday names and the relative
expressions). The code that reads them is the same for every language; a language is
added by writing its pack (docs/extract.md says how).

A pack is read from the package's own files, once per process; a malformed pack is a
``SchemaError`` naming the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from ceasewatch.errors import SchemaError, UnsupportedLanguage
from ceasewatch.formats.yamltext import load_yaml

__all__ = [
    "SUPPORTED",
    "DateGrammar",
    "Pack",
    "Trigger",
    "UnsupportedLanguage",
    "language_pack",
    "parse_pack",
    "supported",
]

NEVER = re.compile(r"(?!)")


@dataclass(frozen=True, slots=True)
class Trigger:
    """A pattern of the lowered sentence that signals an event of the taxonomy code."""

    code: str
    pattern: str
    anchors: tuple[str, ...]
    mission: bool = False  # only about the monitoring mission
    # a match right after this (a pattern that ends where the match begins) is not the
    # event: "since the ceasefire came into effect" sets a time, it tells no agreement
    not_after: str | None = None


_CUES = (
    "speculative",
    "denial",
    "denial_general",
    "alleged",
    "attribution",
    "negation",
    "history",
    "no_casualties",
    "consequence",
    "killed",
    "wounded",
    "quantity",
    "present",
    "furniture",
    "modal_may",
    "casualty_hint",
    "demand",
    "prohibition",
    "terms",
    "question",
    "quoted",
)
_CLAUSES = (
    "sighted",
    "moved",
    "according_before",
    "escort_role",
    "observed_after",
    "target_before",
    "by_before",
    "place_before",
    "place_after",
    "target_after",
    "speaker_after",
    "according",
    "speech_verb",
    "clause_start",
    "said_after",
    "pronoun",
    "institution",
    "named",
    "anaphora",
    "series",
    "escorted",
    "relative",
    "clause_break",
    "counter",
    "denial_clause",
)
_PLACES = (
    "district_after",
    "near_before",
    "near_after",
    "locative_before",
    "origin_before",
    "reference_before",
    "person_before",
    "voice_before",
    "spelled_before",
    "venue_before",
    "container_after",
    "container_before",
    "list_joint",
    "list_holder",
    "list_not_before",
    "village_of",
    "area_named",
    "named_before",
    "named_after",
    "word_after",
)


class Patterns:
    """Named compiled patterns of one section of a pack, read as attributes."""

    def __init__(self, found: dict[str, re.Pattern[str]]) -> None:
        # plain attributes: the pipeline reads them for every sentence, and an attribute
        # of the instance is found faster than through __getattr__
        self.__dict__.update(found)

    def __getattr__(self, name: str) -> re.Pattern[str]:
        raise AttributeError(name)  # (for the type checker: any name is a pattern)


@dataclass(frozen=True, slots=True)
class DatePattern:
    kind: str
    pattern: re.Pattern[str]
    needs: frozenset[str]  # the words without which it cannot match ("<digit>": a digit)


@dataclass(frozen=True, slots=True)
class DateGrammar:
    months: dict[str, int]
    weekdays: dict[str, int]
    parts: dict[str, str]  # a phrase -> early, mid or late
    day_numbers: dict[str, int]
    patterns: tuple[DatePattern, ...]
    # what, just before a day, makes it the start of a state that lasts to the publication
    # ("since 10:30 on", "starting from"); None where the pack has none
    since_lead: re.Pattern[str] | None = None
    # days counted from the last date the text gave ("a day later": 1, "a day earlier": -1)
    from_last: tuple[tuple[re.Pattern[str], int], ...] = ()
    # what, right after a date, makes it part of a name ("the 7 July residential area",
    # "28 May street"): no date of the event; None where the pack has none
    name_after: re.Pattern[str] | None = None
    # what, just before a date, makes it the day of the agreement itself ("the truce reached
    # on", "the ceasefire that took effect on", "the statement of"): not the event's day;
    # None where the pack has none
    agreement_before: re.Pattern[str] | None = None
    # a season's name -> its first and last month ("autumn": (9, 11); "winter": (12, 2))
    seasons: dict[str, tuple[int, int]] = field(default_factory=dict)
    # what, just before a date, makes it the end of a term ("extended until 18 May", "closed
    # till Monday"): when the term is still to run, not the day of the event; None where the
    # pack has none
    until_lead: re.Pattern[str] | None = None
    # a verb in the present perfect ("have been killed", "has handed over"): what it tells
    # was just done, and a year gone by ("a district liberated in 2020") is not its date;
    # None where the language has no such tense
    perfect: re.Pattern[str] | None = None
    # what, before a year gone by, makes it the start of what the perfect tells ("have been
    # hit since fighting reached them in 2018"): then it dates the sentence after all
    perfect_since: re.Pattern[str] | None = None
    # a wire's dateline opening a sentence ("bangkok, nov 13 (reuters) -", lower case): its
    # day is the day the story was filed, not the event's; None where the pack has none
    dateline: re.Pattern[str] | None = None

    def filed(self, text: str) -> int:
        """Where the wire's dateline opening *text* ends (0 when it opens with none): the
        place, day and agency of the filing, none of them the event's."""
        if self.dateline is None:
            return 0
        return _filed(self.dateline, text[:_DATELINE_REACH])


@dataclass(frozen=True, slots=True)
class Pack:
    code: str
    name: str
    word: re.Pattern[str]  # a word of the lowered sentence, as anchors see it
    abbreviations: frozenset[str]
    sentence_splitter: str  # "rules" or "razdel"
    lemmas: str | None  # the pymorphy3 dictionary that lemmatises place names ("ru"), if any
    triggers: tuple[Trigger, ...]
    cues: Patterns
    clauses: Patterns
    places: Patterns
    numbers: dict[str, int | None]
    generic: frozenset[str]
    mission_words: str
    # in a side's own statement, its words for the other side ("the enemy") and for its
    # own ("our positions"); never matching where the pack has none
    enemy: re.Pattern[str]
    own: re.Pattern[str]
    # the nouns of a state's soldiers after its name ("Russian troops", «российские военные»):
    # the mission, where the state contributes an armed mission and is no side
    troops: str
    # a word of a party's name that is declined, its stem in group 1 (Russian: "Хезболл" of
    # "Хезболла"), and the endings that stem may take: a name is found in any case
    declined: re.Pattern[str]
    declined_ending: str
    dates: DateGrammar
    adjective_suffixes: tuple[str, ...]  # a name's ending before "-ский": "Ивани" -> "ин"
    inflected: re.Pattern[str]  # words that may name a place in another case or as adjective
    adjective_endings: tuple[str, ...]  # the lemma ending of a place adjective ("ский")
    decimal_comma: bool  # "2,5 тонны" is two and a half; in English "2,500" is thousands
    # how news in this language name a country's side, by the country's English short name
    # (its adjective, its people, its capital): the names of a party the agreement gives
    # by its country and lists no such alias for (extract/actors.py)
    countries: dict[str, tuple[str, ...]]
    # a sentence that says whose account it tells ("..., the ministry said.") makes the next
    # one of its paragraph that account too, reported (``attribution_carries``); False where
    # the news of the language were not found to write so
    attribution_carries: bool = False

    def number(self, word: str) -> int | None:
        word = word.lower().replace(",", "").replace(" ", "")
        if word.isdigit():
            return int(word)
        return self.numbers.get(word)

    def decimal(self, value: str) -> float:
        """A number as the language writes it: "2,500" (English), "2,5" (Russian)."""
        value = value.replace(" ", "").replace("\u00a0", "")
        value = value.replace(",", ".") if self.decimal_comma else value.replace(",", "")
        return float(value)


SUPPORTED = ("en", "ru")


def supported(code: str | None) -> bool:
    return code in SUPPORTED


@cache
def language_pack(code: str) -> Pack:
    """The pack of a language (``en``, ``ru``); ``SchemaError`` when there is none."""
    if code not in SUPPORTED:
        raise UnsupportedLanguage(code, supported=SUPPORTED)
    name = f"{code}.yaml"
    text = resources.files("ceasewatch.extract.lang").joinpath(name).read_text("utf-8")
    return parse_pack(load_yaml(text, name), name)


def _compile(value: Any, where: str) -> re.Pattern[str]:
    if not isinstance(value, str):
        raise SchemaError(f"{where}: expected a regular expression")
    try:
        return re.compile(value)
    except re.error as exc:
        raise SchemaError(f"{where}: not a regular expression ({exc})") from None


def _section(
    data: dict[str, Any],
    key: str,
    names: tuple[str, ...],
    file: str,
    fragments: dict[str, str] | None = None,
) -> Patterns:
    """The patterns of a section, each *fragment* (``<DAYNAME>``) put in where it stands."""
    given = data.get(key) or {}
    missing = [n for n in names if n not in given]
    if missing:
        raise SchemaError(f"{file}: {key} lacks {', '.join(missing)} (use '(?!)' for none)")
    found = {}
    for n in names:
        source = given[n]
        for name, fragment in (fragments or {}).items():
            source = source.replace(name, fragment) if isinstance(source, str) else source
        found[n] = _compile(source, f"{file}: {key}.{n}")
    return Patterns(found)


def _day_names(data: dict[str, Any]) -> str:
    """``<DAYNAME>``: the pack's names of the weekdays and months, as one group (a clause
    pattern's "on Monday" is a day, not a side's place)."""
    d = data.get("dates") or {}
    names = [*(d.get("weekdays") or {}), *(d.get("months") or {})]
    return "(?:" + "|".join(re.escape(str(n)) for n in sorted(names, key=len, reverse=True)) + ")"


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SchemaError(f"{where}: expected a mapping")
    return value


def _countries(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    out = {}
    for key, names in _mapping(value, where).items():
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise SchemaError(f"{where}.{key}: expected a list of names")
        out[str(key)] = tuple(names)
    return out


def _numbers(value: Any, where: str) -> dict[str, int]:
    out = {}
    for k, v in _mapping(value, where).items():
        try:
            out[str(k)] = int(v)
        except (TypeError, ValueError):
            raise SchemaError(f"{where}.{k}: expected a whole number, not {v!r}") from None
    return out


def _dates(data: dict[str, Any], file: str) -> DateGrammar:
    d = _mapping(data.get("dates"), f"{file}: dates")
    months = _numbers(d.get("months"), f"{file}: dates.months")
    weekdays = _numbers(d.get("weekdays"), f"{file}: dates.weekdays")
    if not months or not weekdays:
        raise SchemaError(f"{file}: dates needs months and weekdays (their names, with numbers)")
    parts = {str(k): str(v) for k, v in _mapping(d.get("parts"), f"{file}: dates.parts").items()}
    seasons = _seasons(d.get("seasons"), f"{file}: dates.seasons")
    fragments = {
        "<MONTH>": "(?P<month>"
        + "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
        + r")\.?",
        "<WEEKDAY>": "(?P<weekday>"
        + "|".join(re.escape(w) for w in sorted(weekdays, key=len, reverse=True))
        + ")",
        "<PART>": "(?P<part>"
        + "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
        + ")",
        "<SEASON>": "(?P<season>"
        + "|".join(re.escape(p) for p in sorted(seasons, key=len, reverse=True))
        + ")",
        "<DAY>": d.get("day", r"(?P<d>[0-3]?\d)"),
        "<YEAR>": d.get("year", r"(?P<y>(?:19|20)\d\d)"),
    }
    patterns = []
    for n, p in enumerate(d.get("patterns") or []):
        where = f"{file}: dates.patterns[{n}]"
        if not isinstance(p, dict) or not {"kind", "pattern"} <= set(p):
            raise SchemaError(f"{where}: expected kind, pattern and needs")
        source = str(p["pattern"])
        for key, fragment in fragments.items():
            source = source.replace(key, fragment)
        needs: set[str] = set()
        for w in p.get("needs") or []:
            if w == "<months>":
                needs |= set(months)
            elif w == "<weekdays>":
                needs |= set(weekdays)
            elif w == "<seasons>":
                needs |= set(seasons)
            else:
                needs.add(str(w))
        patterns.append(
            DatePattern(
                str(p["kind"]), _compile(source, f"{file}: dates.patterns[{n}]"), frozenset(needs)
            )
        )
    return DateGrammar(
        months,
        weekdays,
        parts,
        _numbers(d.get("day_numbers"), f"{file}: dates.day_numbers"),
        tuple(patterns),
        _compile(str(d["since_lead"]), f"{file}: dates.since_lead")
        if d.get("since_lead")
        else None,
        tuple(_from_last(d.get("from_last") or [], file)),
        _compile(str(d["name_after"]), f"{file}: dates.name_after")
        if d.get("name_after")
        else None,
        _compile(str(d["agreement_before"]), f"{file}: dates.agreement_before")
        if d.get("agreement_before")
        else None,
        seasons,
        _compile(str(d["until_lead"]), f"{file}: dates.until_lead")
        if d.get("until_lead")
        else None,
        _compile(str(d["perfect"]), f"{file}: dates.perfect") if d.get("perfect") else None,
        _compile(str(d["perfect_since"]), f"{file}: dates.perfect_since")
        if d.get("perfect_since")
        else None,
        _compile(str(d["dateline"]), f"{file}: dates.dateline") if d.get("dateline") else None,
    )


def _seasons(items: Any, where: str) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for name, months in _mapping(items, where).items():
        if (
            not isinstance(months, list)
            or len(months) != 2
            or not all(isinstance(m, int) and 1 <= m <= 12 for m in months)
        ):
            raise SchemaError(f"{where}.{name}: expected its first and last month, [9, 11]")
        out[str(name)] = (months[0], months[1])
    return out


def _from_last(items: Any, file: str) -> list[tuple[re.Pattern[str], int]]:
    out = []
    for n, item in enumerate(items):
        where = f"{file}: dates.from_last[{n}]"
        if not isinstance(item, dict) or not isinstance(item.get("days"), int):
            raise SchemaError(f"{where}: expected a pattern and a whole number of days")
        out.append((_compile(str(item.get("pattern", "")), where), int(item["days"])))
    return out


def parse_pack(data: Any, file: str) -> Pack:
    """A pack from its YAML data; ``SchemaError`` names the file and the key at fault."""
    if not isinstance(data, dict) or "language" not in data:
        raise SchemaError(f"{file}: expected a mapping with 'language', 'triggers', 'cues', …")
    triggers = []
    if not data.get("triggers"):
        raise SchemaError(f"{file}: triggers: a pack needs at least one trigger")
    for n, t in enumerate(data["triggers"]):
        where = f"{file}: triggers[{n}]"
        if not isinstance(t, dict) or not {"code", "pattern", "anchors"} <= set(t):
            raise SchemaError(f"{where}: expected code, pattern and anchors")
        if not isinstance(t["anchors"], str):
            raise SchemaError(f"{where}.anchors: expected word beginnings separated by spaces")
        _compile(t["pattern"], where)
        not_after = t.get("not_after")
        if not_after is not None:
            if not isinstance(not_after, str):
                raise SchemaError(f"{where}.not_after: expected a regular expression")
            _compile(f"(?:{not_after})$", f"{where}.not_after")
        triggers.append(
            Trigger(
                str(t["code"]),
                str(t["pattern"]),
                tuple(str(t["anchors"]).split()),
                bool(t.get("mission")),
                not_after,
            )
        )
    actors = _mapping(data.get("actors"), f"{file}: actors")
    adjectives = _mapping(data.get("places_adjectives"), f"{file}: places_adjectives")
    return Pack(
        code=str(data["language"]),
        name=str(data.get("name") or data["language"]),
        word=_compile(data.get("words", r"[^\W_][\w'-]*"), f"{file}: words"),
        abbreviations=frozenset((data.get("sentences") or {}).get("abbreviations") or ()),
        sentence_splitter=str((data.get("sentences") or {}).get("splitter", "rules")),
        lemmas=str(data["lemmas"]) if data.get("lemmas") else None,
        triggers=tuple(triggers),
        cues=_section(data, "cues", _CUES, file),
        clauses=_section(data, "clauses", _CLAUSES, file, {"<DAYNAME>": _day_names(data)}),
        places=_section(data, "places", _PLACES, file),
        numbers={
            str(k): (None if v is None else int(v)) for k, v in (data.get("numbers") or {}).items()
        },
        generic=frozenset(actors.get("generic") or ()),
        mission_words=str(actors.get("mission_words") or "(?!)"),
        enemy=_compile(actors.get("enemy", "(?!)"), f"{file}: actors.enemy"),
        own=_compile(actors.get("own", "(?!)"), f"{file}: actors.own"),
        troops=_compile(actors.get("troops", "(?!)"), f"{file}: actors.troops").pattern,
        declined=_compile(actors.get("declined", "(?!)"), f"{file}: actors.declined"),
        declined_ending=_compile(
            actors.get("declined_ending", ""), f"{file}: actors.declined_ending"
        ).pattern,
        dates=_dates(data, file),
        adjective_suffixes=tuple(adjectives.get("suffixes") or ()),
        inflected=_compile(
            adjectives.get("inflected", "(?!)"), f"{file}: places_adjectives.inflected"
        ),
        adjective_endings=tuple(adjectives.get("endings") or ()),
        decimal_comma=str((data.get("numbers_format") or {}).get("decimal", ".")) == ",",
        countries=_countries(actors.get("countries"), f"{file}: actors.countries"),
        attribution_carries=bool(data.get("attribution_carries", False)),
    )


_DATELINE_REACH = 120  # a dateline opens a sentence within this many characters
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=512)
def _filed(dateline: re.Pattern[str], head: str) -> int:
    """Where *dateline* ends at the start of *head* (0 when it does not stand there): read
    by every step of a sentence, once."""
    if _DIGIT.search(head) is None:
        return 0  # a dateline gives the day
    low = head.lower()
    if len(low) != len(head):  # a letter that grows in lower case: keep the offsets
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in head)
    m = dateline.match(low)
    return m.end() if m else 0
