"""Sentences: character spans of the sentences of a text, found without a model.

A sentence ends at ``.``, ``!`` or ``?`` (and any closing quotes or brackets) followed by
white space and a capital, a digit or an opening quote; or at a line break (a title, a
byline, a caption or a list item is a line of its own on a real page). A full stop after a
known abbreviation of the language (``No.``, ``Nov.``, ``Mr.``) or a single capital
(``J.``) does not end a sentence. A language pack may name ``razdel`` as its splitter
(Russian): then razdel finds the sentences of each line.
"""

from __future__ import annotations

import re

from ceasewatch.extract.lang import Pack, language_pack

_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9А-ЯЁԱ-Ֆ])|\s*\n\s*""")
_LAST_WORD = re.compile(r"([\w.]+)\.$")


# how a sentence of prose ends (a headline or a list's line ends otherwise)
PROSE_END = re.compile(r"""[.!?…]["'”’»)\]]*$""")


def split_sentences(text: str, pack: Pack) -> list[tuple[int, int]]:
    """The (start, end) spans of the sentences of *text* in the pack's language."""
    if pack.sentence_splitter == "razdel":
        return _razdel(text)
    return sentences(text, pack.abbreviations)


def _razdel(text: str) -> list[tuple[int, int]]:
    from razdel import sentenize  # imported here: only Russian texts need it

    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        offset = line.start()
        for s in sentenize(line.group()):
            _add(text, offset + s.start, offset + s.stop, spans)
    return spans


_LINE = re.compile(r"[^\n]+")


def sentences(text: str, abbreviations: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """The (start, end) spans of the sentences of *text*, trimmed of white space; a full
    stop after one of *abbreviations* (the English pack's by default) ends none."""
    if abbreviations is None:
        abbreviations = language_pack("en").abbreviations
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        cut = m.end()
        if m.group().startswith("."):
            word = _LAST_WORD.search(text, max(start, m.start() - 12), m.start() + 1)
            if word and (word.group(1).lower() in abbreviations or len(word.group(1)) == 1):
                continue
        _add(text, start, cut, spans)
        start = cut
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# quotation marks, as typography sets them in the languages read: each opening with its
# closing («» and “” in both, „“ inside Russian quotations), and the straight mark that does
# both
_CLOSER = {"“": "”", "«": "»", "„": "“"}
_MARKS = re.compile('[“”«»„"]')


def quote_open(text: str, start: int, end: int, was_open: bool) -> bool:
    """Whether a quotation is still open after ``text[start:end]``, given whether one was open
    before it. A quotation ends with its paragraph (news open each paragraph of a long
    quotation again)."""
    cut = text.rfind("\n", start, end)
    if cut >= 0:
        start, was_open = cut + 1, False
    expected: list[str] = ["”"] if was_open else []  # the closing mark each open one awaits
    for m in _MARKS.finditer(text, start, end):
        mark = m.group()
        if expected and (mark == expected[-1] or mark in "”»"):
            expected.pop()
        elif mark in _CLOSER:
            expected.append(_CLOSER[mark])
        elif mark == '"':
            expected.append('"')
    return bool(expected)
