"""A best guess at the language of a text (ISO 639-1), from its script and common words.

It covers what this field's sources are written in: English, Russian, Ukrainian,
Armenian, Georgian and Azerbaijani. Anything else is "und" (undetermined). The guess picks
the language pack; a text whose language has none is refused by name, never read as if it
were English.
"""

from __future__ import annotations

import re

_LATIN_AZ = re.compile("[əğıışçöüƏĞİŞÇÖÜ]")
_ARMENIAN = re.compile("[\u0530-\u058f]")
_GEORGIAN = re.compile("[\u10a0-\u10ff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")
_LATIN = re.compile("[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
# English function words; "a" (French, Spanish), "an" (German) and the like left out on purpose
_ENGLISH = re.compile(
    r"\b(?:the|and|of|to|in|that|was|were|is|are|on|for|with|at|by|from|his|her|its|their"
    r"|has|have|had|been|will|not|this|near|under|after|said)\b",
    re.IGNORECASE,
)


def detect_language(text: str) -> str:
    sample = text[:4000]
    letters = len(_LETTER.findall(sample))
    if letters == 0:
        return "und"
    if len(_ARMENIAN.findall(sample)) / letters > 0.3:
        return "hy"
    if len(_GEORGIAN.findall(sample)) / letters > 0.3:
        return "ka"
    cyrillic = len(_CYRILLIC.findall(sample))
    if cyrillic / letters > 0.3:
        return "uk" if len(_UKRAINIAN.findall(sample)) / cyrillic > 0.02 else "ru"
    if letters < 2:
        return "und"
    words = max(1, len(sample.split()))
    if len(_ENGLISH.findall(sample)) / words > 0.08:
        return "en"
    if len(_LATIN_AZ.findall(sample)) / letters > 0.01:
        return "az"
    # a short line in the Latin script with none of the above: a title or a fragment;
    # a longer text without English words is in some other language
    return "en" if words < 12 and _LATIN.search(sample) else "und"
