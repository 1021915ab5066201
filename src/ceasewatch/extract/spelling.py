"""One place, many spellings: a name written otherwise than any variant the gazetteer has.

Names that reach English and Russian through another script are spelled as each outlet
hears them: the vowels, a doubled letter, a "y" or an "i", an article in front ("Ad-",
"Al "), a diacritic. A place the gazetteer holds as "Ad Dawrahimi" turns up as
"Dorahamy district" or "Dawraihimi". ``skeleton`` keeps what such spellings share: the
consonants, each voiced one as its voiceless pair ("d" as "t"), without the leading
article, diacritics or doubled letters. A name the text marks as a place ("the village of
X", "X district") that no variant matches is then read as the one gazetteer place with the
same skeleton, if there is exactly one; the claim says so in its basis.

The articles and vowels are those of the Latin and Cyrillic alphabets the packs read; the
rule knows no place of any theatre.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

# an article written in front of a name, as transliterations of Arabic and other names do
_ARTICLE = re.compile(
    r"^(?:al|el|ad|ar|as|at|az|an|ash|ath|adh|ed|er|es|et|эль|аль|ад|ар|ас|ат|аз|ан|аш)[\s'’-]+"
)
_VOWELS = str.maketrans("", "", "aeiouyw" + "аеёиоуыэюяйьъ")
# a voiced consonant and its voiceless pair, which transliterations swap ("Bardakon" and
# "Partakon"), and the q that others write k ("Qaryat", "Karyat")
_VOICING = str.maketrans("dgbzvqдгбзв", "tkpsfkткпсф")
# a Cyrillic name as a Latin transliteration writes it, so that a Russian text's name finds
# the Latin name of a place the gazetteer knows in no Cyrillic spelling («Набатия» and
# "Nabatiyeh"); the digraphs first ("дж" is the "j" of "Jwaya"); "х" is the "h" or "kh" of
# Latin spellings, so "kh" is read as "h" («Харьков», "Kharkiv", "Harkov")
_DIGRAPHS = (("дж", "j"), ("кс", "x"))
_CYRILLIC = str.maketrans(
    {
        "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "к": "k", "л": "l",
        "м": "m", "н": "n", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f", "х": "h",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    }
)  # fmt: skip
_DOUBLED = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")  # "Salmarah" and "Salmara"
SHORTEST = 3  # a skeleton shorter than this matches too much to be read

T = TypeVar("T")


def skeleton(name: str) -> str:
    """What the spellings of one name share: its consonants, lower case, voiceless, in Latin
    letters, without diacritics, a leading article, a final "h" after a vowel or doubled
    letters ("" for a name with no letter)."""
    folded = unicodedata.normalize("NFKD", name.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _ARTICLE.sub("", folded)
    letters = _FINAL_H.sub("", "".join(c for c in folded if c.isalpha()))
    consonants = letters.translate(_VOWELS) or letters[:1]
    for cyrillic, latin in _DIGRAPHS:
        consonants = consonants.replace(cyrillic, latin)
    latin = consonants.translate(_CYRILLIC).translate(_VOICING).replace("kh", "h")
    return _DOUBLED.sub(r"\1", latin)


def by_skeleton(named: Iterable[tuple[str, T]]) -> dict[str, T | None]:
    """Each skeleton of the (variant, place) pairs and its place; None where two places
    share one (then none is read from it)."""
    out: dict[str, T | None] = {}
    for variant, place in named:
        key = skeleton(variant)
        if len(key) < SHORTEST:
            continue
        if key in out and out[key] != place:
            out[key] = None
        else:
            out[key] = place
    return out
