"""Documents from files: plain text, HTML, RSS/Atom feeds, JSON Lines, and folders of them.

A document read from a file, or an item of a feed, is called by its hash
(``doc-<16 hex digits>``); where it was read (the path, or the item's guid or link) is kept
as its ``file``, which is never published. A JSON Lines record keeps the id it gives.

Every reader checks what it is given before it decodes anything: an empty file, a binary
file, bytes that are not UTF-8 and a file larger than ``MAX_BYTES`` are refused with the
file (and the line, for bad bytes) named. A byte-order mark's UTF-16 or UTF-32 is read
(Windows saves "Unicode" text so), and a page or feed in the encoding its head declares
(``<meta charset="windows-1251">``, ``<?xml encoding="koi8-r"?>``). HTML keeps only its
main text, found by trafilatura with the navigation and the boilerplate dropped; a page
with no main text is refused. Each item of a feed becomes a document. All problems of a
batch are collected and raised together, so a batch with one bad file stores nothing.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from ceasewatch.errors import BatchRejected, InvalidInput, ParseError, Problem
from ceasewatch.extract.lang.detect import detect_language
from ceasewatch.ingest.documents import (
    document_id,
    document_of,
    read_jsonl_documents,
    text_sha256,
)
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.model import Document, TimePrecision
from ceasewatch.model.records import parse_published

MAX_BYTES = 8 * 1024 * 1024
KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}


# the byte-order marks of UTF-32 and UTF-16, UTF-32's first (it begins like UTF-16's):
# Windows saves "Unicode" text as UTF-16 with one (UTF-8's mark is dropped by "utf-8-sig")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# the encoding a page or a feed declares in its first bytes: <meta charset="windows-1251">,
# <meta http-equiv="Content-Type" content="text/html; charset=koi8-r">, <?xml encoding="...">
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9._:-]{2,40})|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{2,40})""",
    re.IGNORECASE,
)
# bytes of a Cyrillic single-byte code page: letters at 0xC0-0xFF in Windows-1251
_CYRILLIC_BYTES = re.compile(rb"[\xc0-\xff]{3,}")


def decode(raw: bytes, file: str, declared: bool = False) -> str:
    """The text of a file's bytes, or ``ParseError`` saying what is wrong with them. UTF-8,
    or the Unicode encoding a byte-order mark names; with *declared* (an HTML page, a feed),
    also the encoding the file declares in its head."""
    if len(raw) > MAX_BYTES:
        raise ParseError(
            f"{file}: the file is {len(raw) / 1048576:.1f} MB; one document may hold at most "
            f"{MAX_BYTES // 1048576} MB — split it into several files",
            file=file,
        )
    bom = next((codec for mark, codec in _BOMS if raw.startswith(mark)), None)
    if bom is not None:
        try:
            raw_text = raw.decode(bom)
        except UnicodeDecodeError as exc:
            raise ParseError(
                f"{file}: byte {exc.start} does not continue the {bom.upper()} text its "
                "byte-order mark announces; expected UTF-8 or whole UTF-16/UTF-32 text",
                file=file,
            ) from None
        if not raw_text.strip():
            raise ParseError(f"{file}: the file is empty; expected text", file=file)
        return raw_text
    if not raw.strip():
        raise ParseError(f"{file}: the file is empty; expected text", file=file)
    if b"\x00" in raw[:8192]:
        raise ParseError(f"{file}: this is a binary file, not text", file=file)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        found = _declared(raw, file) if declared else None
        if found is not None:
            return found
        line = raw[: exc.start].count(b"\n") + 1
        hint = ""
        if _CYRILLIC_BYTES.search(raw):
            hint = (
                " (these bytes look like Cyrillic in Windows-1251; convert the file, "
                "e.g. iconv -f windows-1251 -t utf-8)"
            )
        raise ParseError(
            f"{file}:{line}: byte {exc.start} ({raw[exc.start]:#04x}) is not UTF-8; "
            f"expected UTF-8 text{hint}",
            file=file,
            row=line,
        ) from None


def _declared(raw: bytes, file: str) -> str | None:
    """The text of a page or feed in the encoding its head declares, if it declares one
    Python knows and its bytes are that encoding's; else None."""
    m = _DECLARED.search(raw[:4096])
    if m is None:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise ParseError(
            f"{file}: declares the encoding {name!r}, which is not one known here; "
            "expected UTF-8 or a known encoding (windows-1251, koi8-r, iso-8859-1, ...)",
            file=file,
        ) from None
    if codec.startswith(("utf-16", "utf-32")):
        return None  # a page saying so while its bytes are single bytes: not believed
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


# a best guess at the language of a text (ISO 639-1); "und" when undetermined
language = detect_language


def publication(
    published: date | datetime | str | None,
) -> tuple[datetime | None, TimePrecision]:
    """A publication as given (a time, a day, or ISO 8601 text to the day, the month or
    the year) and the precision it is known to; ``SchemaError`` for other text."""
    if isinstance(published, str):
        return parse_published(published)
    if isinstance(published, date) and not isinstance(published, datetime):
        return datetime.combine(published, datetime.min.time(), UTC), TimePrecision.DAY
    return published, TimePrecision.DAY


def _document(
    file: str | None,
    text: str,
    published: datetime | None,
    source: str | None,
    title: str | None = None,
    url: str | None = None,
) -> Document:
    """A document called by its hash; *file* (where it was read) is kept apart from the id."""
    digest = text_sha256(text)
    return Document(
        id=document_id(digest),
        sha256=digest,
        source_id=source,
        published=published,
        language=language(text),
        title=title,
        url=url,
        text=text,
        file=file,
    )


def document_from_text(
    text: str,
    published: datetime | str | None = None,
    source: str | None = None,
    title: str | None = None,
) -> Document:
    """A document given as text (as a form or the API gives it); its id is ``doc-`` and
    the first 16 hex digits of its hash. *published* may be ISO 8601 text to the month."""
    if not text.strip():
        raise InvalidInput("the document has no text", field="text")
    when, precision = publication(published)
    doc = _document(None, text, when, source, title)
    return _dated(doc, when, precision)


def text_document(
    raw: bytes, file: str, published: datetime | None = None, source: str | None = None
) -> Document:
    return _document(file, decode(raw, file), published, source)


def html_document(
    raw: bytes, file: str, published: datetime | None = None, source: str | None = None
) -> Document:
    import trafilatura  # imported here: loading it costs a quarter of a second

    html = decode(raw, file, declared=True)
    found = trafilatura.bare_extraction(
        html, with_metadata=True, include_tables=False, favor_precision=True, fast=True
    )
    text = getattr(found, "text", None) if found is not None else None
    if not text or not text.strip():
        raise ParseError(
            f"{file}: the page has no main text (only navigation, boilerplate or nothing); "
            "expected an article",
            file=file,
        )
    when = published
    found_date = getattr(found, "date", None)
    if when is None and found_date:
        try:
            when = datetime.fromisoformat(found_date)
        except ValueError:
            when = None
    return _document(file, text, when, source, getattr(found, "title", None))


def _feed_date(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def _html_text(fragment: str) -> str:
    import lxml.html

    if "<" not in fragment:
        return fragment.strip()
    try:
        return str(lxml.html.fromstring(fragment).text_content()).strip()
    except Exception:
        return re.sub(r"<[^>]+>", " ", fragment).strip()


def parse_xml(raw: bytes, file: str, what: str) -> Any:
    """The root element of an XML file, after the checks every text file gets; entities
    are not resolved and nothing is fetched. A malformed file is a ``ParseError`` naming
    the line."""
    from lxml import etree

    decode(raw, file, declared=True)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(
            f"{file}:{exc.lineno}: not a well-formed {what} ({exc.msg})",
            file=file,
            row=exc.lineno,
        ) from None


def feed_documents(
    raw: bytes, file: str, log: ProblemLog, source: str | None = None
) -> Iterator[Document]:
    """The items of an RSS 2.0 or Atom feed, each a document."""
    root = parse_xml(raw, file, "feed")
    atom = "{http://www.w3.org/2005/Atom}"
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    items = root.findall(".//item") or root.findall(f".//{atom}entry")
    if not items:
        raise ParseError(
            f"{file}: no <item> or <entry> found; expected an RSS or Atom feed", file=file
        )
    for n, item in enumerate(items, start=1):
        line = item.sourceline
        if item.tag == "item":
            title = item.findtext("title")
            url = item.findtext("link")
            when = _feed_date(item.findtext("pubDate"))
            body = item.findtext(content) or item.findtext("description") or ""
            guid = item.findtext("guid") or url
        else:
            title = item.findtext(f"{atom}title")
            link = item.find(f"{atom}link")
            url = link.get("href") if link is not None else None
            when = _feed_date(item.findtext(f"{atom}published") or item.findtext(f"{atom}updated"))
            body = item.findtext(f"{atom}content") or item.findtext(f"{atom}summary") or ""
            guid = item.findtext(f"{atom}id") or url
        text = _html_text(body)
        if not text:
            log.add(line, "item", title, "has no text (description or content); expected some")
            continue
        if title and not text.startswith(title):
            text = f"{title.strip()}\n\n{text}"
        yield _document(guid or f"{file}#{n}", text, when, source, title, url)


def expand(paths: Iterable[str | Path], more: Collection[str] = ()) -> list[Path]:
    """Files to read: each path given, or the readable files of each folder (those of
    ``KINDS``, and with the suffixes *more*), in order."""
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            out.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and (p.suffix.lower() in KINDS or p.suffix.lower() in more)
            )
        else:
            out.append(path)
    return out


def read_documents(
    paths: Iterable[str | Path],
    published: date | datetime | str | None = None,
    source: str | None = None,
) -> list[Document]:
    """Every document in *paths* (files and folders), or ``BatchRejected`` with all problems.

    *published* and *source* apply to files that carry none of their own (plain text;
    HTML without a date; feeds and JSON Lines give their own). *published* may be known to
    the day, the month (``2023-08``) or the year (``2023``).
    """
    problems: list[Problem] = []
    docs: list[Document] = []
    for path in expand(paths):
        found, wrong = read_file(path, published, source)
        docs.extend(found)
        problems.extend(wrong)
    if problems:
        raise rejected(problems)
    return docs


def rejected(problems: list[Problem]) -> BatchRejected:
    """The error for a batch of files with these problems, naming every file."""
    files = sorted({p.file or "" for p in problems})
    return BatchRejected(problems, file=", ".join(files), total=len(problems))


STDIN = "-"  # a plain text read from standard input: its name in what is read from it


def read_given(
    raw: bytes,
    name: str = STDIN,
    published: date | datetime | str | None = None,
    source: str | None = None,
) -> tuple[list[Document], list[Problem]]:
    """A plain text given whole (standard input), read as ``read_file`` reads a .txt file:
    its document, or its problem."""
    when, precision = publication(published)
    if not raw.strip():
        return [], [Problem(name, None, None, None, "no text came on standard input")]
    try:
        return [_dated(text_document(raw, name, when, source), when, precision)], []
    except ParseError as exc:
        return [], [Problem(name, None, None, None, str(exc).split(": ", 1)[-1])]


def read_file(
    path: Path,
    published: date | datetime | str | None = None,
    source: str | None = None,
) -> tuple[list[Document], list[Problem]]:
    """The documents of one file, and its problems (as ``read_documents`` reads it)."""
    when, precision = publication(published)
    file = str(path)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        expected = ", ".join(KINDS)
        return [], [
            Problem(file, None, None, None, f"has an unknown suffix; expected one of {expected}")
        ]
    try:
        size = path.stat().st_size
        raw = b"" if size > MAX_BYTES else path.read_bytes()
        if size > MAX_BYTES:
            raise ParseError(
                f"{file}: the file is {size / 1048576:.1f} MB; one document may hold at "
                f"most {MAX_BYTES // 1048576} MB — split it into several files",
                file=file,
            )
    except ParseError as exc:
        return [], [Problem(file, None, None, None, str(exc).split(": ", 1)[-1])]
    except OSError as exc:
        return [], [Problem(file, None, None, None, f"cannot be read ({exc.strerror})")]
    log = ProblemLog(file)
    docs: list[Document] = []
    problems: list[Problem] = []
    try:
        if kind == "text":
            docs.append(_dated(text_document(raw, file, when, source), when, precision))
        elif kind == "html":
            docs.append(_dated(html_document(raw, file, when, source), when, precision))
        elif kind == "feed":
            docs.extend(feed_documents(raw, file, log, source))
        else:
            stream = io.StringIO(decode(raw, file))
            for _, d in read_jsonl_documents(stream, file, log):
                docs.append(replace(_dated(d, when, precision), source_id=d.source_id or source))
    except ParseError as exc:
        problems.append(Problem(file, exc.row, None, None, str(exc).split(": ", 1)[-1]))
    problems.extend(log.problems)
    return docs, problems


def row_documents(
    rows: Iterable[dict[str, Any]],
    file: str,
    first_row: int,
    published: date | datetime | str | None = None,
    source: str | None = None,
) -> tuple[list[Document], list[Problem]]:
    """The documents of table rows ({id, url, title, source, published, text} each, as a
    line of JSON Lines), numbered from *first_row*; a date or time in ``published`` is
    taken as its ISO 8601 text. Read as JSON Lines are: the same documents."""
    when, precision = publication(published)
    log = ProblemLog(file)
    docs: list[Document] = []
    for n, row in enumerate(rows, start=first_row):
        given = row.get("published")
        if isinstance(given, (date, datetime)):
            row = {**row, "published": given.isoformat()}
        d = document_of(row, n, log)
        if d is not None:
            docs.append(replace(_dated(d, when, precision), source_id=d.source_id or source))
    return docs, list(log.problems)


def _dated(d: Document, when: datetime | None, precision: TimePrecision) -> Document:
    """A document with the publication given for files that carry none of their own."""
    if when is None or (d.published is not None and d.published != when):
        return d  # the file gives its own
    return replace(d, published=when, published_precision=precision)


__all__ = [
    "KINDS",
    "MAX_BYTES",
    "decode",
    "expand",
    "language",
    "read_documents",
    "read_file",
    "rejected",
    "row_documents",
]
