"""Documents from JSON Lines: one {id, url, title, source, published, text} per line.

A line may name its language (``language``, or ``lang`` as many collections write it: an
ISO 639-1 code); a line that names none is read in the language its text is in, as a
text file is (``extract.lang.detect``), never taken for English.

Each document is known by the SHA-256 of its normalised text (Unicode NFC, runs of
whitespace collapsed, ends trimmed), so the same text arriving twice is stored once. A
document read from a file is called by that hash (``document_id``): its path may name a
team, a post, a place and a day, and an id is shown to everyone who may see the document.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from typing import TextIO

from ceasewatch.errors import ParseError, SchemaError
from ceasewatch.extract.lang.detect import detect_language
from ceasewatch.formats.jsontext import json_value
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.model import Document
from ceasewatch.model.records import parse_published

_SPACE = re.compile(r"\s+")
KEYS = ("id", "url", "title", "source", "published", "text")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_sha256(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def document_id(sha256: str) -> str:
    """The id of a document that is given none of its own: ``doc-`` and the first 16 hex
    digits of its hash (64 bits: no two texts of a workspace share one in practice)."""
    return f"doc-{sha256[:16]}"


# The optional fields of a document line: each text (a string) or absent (null)
_TEXTS = ("url", "title", "source", "language", "lang")


def read_jsonl_documents(
    stream: TextIO, file: str, log: ProblemLog, language: str | None = None
) -> Iterator[tuple[int, Document]]:
    """(line, document) for every good line; a bad line goes to ``log`` with its number.
    Each line is read with the limits of ``formats.jsontext`` (depth, numbers)."""
    for line_no, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            obj = json_value(line)
        except ParseError as exc:
            log.add(line_no, None, None, f"is not a JSON object ({exc})")
            continue
        found = document_of(obj, line_no, log, language)
        if found is not None:
            yield line_no, found


def document_of(
    obj: object, line_no: int, log: ProblemLog, language: str | None = None
) -> Document | None:
    """The document of one JSON object (a line of JSON Lines, a row of a Parquet file),
    or None with every problem in ``log`` under *line_no*. Its language is the object's,
    else *language*, else the one its text is in."""
    if not isinstance(obj, dict):
        log.add(line_no, None, None, "is not a JSON object")
        return None
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        log.add(line_no, "text", None, "is missing or empty")
        return None
    doc_id = obj.get("id")
    if not isinstance(doc_id, str) or not doc_id.strip():
        log.add(line_no, "id", None, "is missing; every document needs an id")
        return None
    wrong = [k for k in _TEXTS if not isinstance(obj.get(k), (str, type(None)))]
    if wrong:
        for k in wrong:
            log.add(line_no, k, repr(obj[k])[:60], "should be text (a JSON string) or null")
        return None
    illustrative = obj.get("illustrative", False)
    if not isinstance(illustrative, bool):
        log.add(line_no, "illustrative", repr(illustrative)[:60], "should be true or false")
        return None
    published = obj.get("published")
    try:
        if not isinstance(published, (str, type(None))):
            raise SchemaError("not text", field="published")
        when, precision = parse_published(published)
    except SchemaError:
        log.add(
            line_no,
            "published",
            str(published)[:60],
            "is not an ISO 8601 date: expected YYYY-MM-DD (with a time or not), YYYY-MM or YYYY",
        )
        return None
    return Document(
        id=doc_id.strip(),
        sha256=text_sha256(text),
        source_id=obj.get("source"),
        published=when,
        language=obj.get("language") or obj.get("lang") or language or detect_language(text),
        title=obj.get("title"),
        url=obj.get("url"),
        text=text,
        illustrative=illustrative,
        published_precision=precision,
    )
