"""Protected sources: what must never leave through exports, reports or the public role.

A source marked protected is withheld by identity: its id and its name. A list of
sources loses the protected ones (they become ``WITHHELD``); a free text that names one
is withheld whole rather than patched, since a half-removed name still identifies.
Pure: the workspace hands in the sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ceasewatch.model.records import Event, Source

WITHHELD = "protected source"
WITHHELD_TEXT = "(withheld: it names a protected source)"
FILE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson",
                 ".rss", ".atom", ".xml", ".pdf", ".doc", ".docx", ".csv")  # fmt: skip


def path_shaped(doc_id: str) -> bool:
    """Whether a document's id looks like a file's path or address (a ``/`` or ``\\``,
    or a file suffix at its end): such an id is never published."""
    bare = re.sub(r"#\d+$", "", doc_id.lower())  # an item of a feed file
    return "/" in doc_id or "\\" in doc_id or bare.endswith(FILE_SUFFIXES)


@dataclass(frozen=True)
class Protected:
    """The identities of the protected sources, and a test for text that names one."""

    ids: frozenset[str]
    names: frozenset[str]
    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, sources: Iterable[Source]) -> Protected:
        hidden = [s for s in sources if s.protected]
        ids = frozenset(s.id for s in hidden)
        names = frozenset(s.name for s in hidden)
        words = sorted(ids | names, key=len, reverse=True)
        pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.I)
            if words
            else None
        )
        return cls(ids, names, pattern)

    def __bool__(self) -> bool:
        return bool(self.ids)

    def is_protected(self, source: str | None) -> bool:
        return source is not None and (source in self.ids or source in self.names)

    def names_one(self, text: str | None) -> bool:
        return bool(text) and self.pattern is not None and bool(self.pattern.search(text or ""))

    def text(self, text: str | None) -> str | None:
        """The text, or a note that it was withheld."""
        return WITHHELD_TEXT if self.names_one(text) else text

    def sources(self, cited: Iterable[str]) -> tuple[str, ...]:
        out: list[str] = []
        for s in cited:
            shown = WITHHELD if self.is_protected(s) or self.names_one(s) else s
            if shown not in out:
                out.append(shown)
        return tuple(out)

    def event(self, e: Event) -> Event:
        """The event as it may leave: protected sources and texts naming them withheld."""
        if not self:
            return e
        sources = self.sources(e.sources)
        notes = self.text(e.notes)
        extra = {k: self.text(v) or "" for k, v in e.extra.items()}
        if sources == e.sources and notes == e.notes and extra == dict(e.extra):
            return e
        return replace(e, sources=sources, notes=notes, extra=extra)
