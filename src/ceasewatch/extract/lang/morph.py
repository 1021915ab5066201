"""Lemmas of inflected words, for the languages whose pack asks for them (Russian).

"в Мартунинском районе", "у села Иванино", "Степанакерта": a place or a party is named in
any case, and as an adjective of its name. pymorphy3 gives the dictionary form of a word
(``lemma``); a place adjective ("мартунинский") is reduced to the stem its name shares
(``adjective_stems``). The analyser loads its dictionaries from the installed package
pymorphy3-dicts-ru, once per process, and nothing is fetched.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any


@cache
def _analyser(language: str) -> Any:
    import pymorphy3  # imported here: only texts of a language with lemmas need it

    return pymorphy3.MorphAnalyzer(lang=language)


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str = "ru") -> str:
    """The dictionary form of *word* in *language* (a pymorphy3 dictionary), lower-cased
    (the word itself when unknown)."""
    parsed = _analyser(language).parse(word)
    return str(parsed[0].normal_form) if parsed else word.lower()


@lru_cache(maxsize=200_000)
def lemmas(word: str, language: str = "ru") -> tuple[str, ...]:
    """Every dictionary form *word* may have, the likeliest first: "Заводи" is a form of the
    verb "заводить" as well as of the noun "заводь"."""
    forms = dict.fromkeys(str(p.normal_form) for p in _analyser(language).parse(word))
    return tuple(forms) or (word.lower(),)


# tags of the analyser that mark a proper name: a word with one of them is not a common word
_PROPER = ("Geox", "Name", "Surn", "Patr", "Orgn", "Trad")


@lru_cache(maxsize=20_000)
def common_word(word: str, language: str = "ru") -> bool:
    """Whether *word* is a word of the dictionary that is not a proper name ("Ключи" is a
    form of "ключ", "Липа" of "липа"): its lemma is that word's, not a place's."""
    analyser = _analyser(language)
    if not analyser.word_is_known(word.lower()):
        return False
    return not any(tag in str(p.tag) for p in analyser.parse(word)[:1] for tag in _PROPER)


def adjective_stems(name: str, suffixes: tuple[str, ...]) -> set[str]:
    """The stems a place adjective of *name* would have: "Ивани" -> "иванин" (as in
    "иванинский"), "Марьин" -> "марьин", "Дуга" -> "дугин"."""
    low = name.lower()
    stems = {low}
    bare = low.rstrip("аеиоуыэюяь")
    if bare and bare != low:
        stems.add(bare)
    for suffix in suffixes:
        stems.add(bare + suffix)
    return {s for s in stems if len(s) >= 3}


def adjective_stem(word_lemma: str, endings: tuple[str, ...]) -> str | None:
    """The stem of a lemma that is a place adjective ("мартунинский" -> "мартунин")."""
    for ending in endings:
        if word_lemma.endswith(ending) and len(word_lemma) > len(ending) + 2:
            return word_lemma[: -len(ending)]
    return None
