"""An Atom feed (RFC 4287) of events and findings, written with the standard library's
XML escaping: a feed reader follows the new events and findings of a filter.

Pure: the entries come in as values, the feed's time is the newest entry's, so the same
entries give the same feed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EPOCH = "1970-01-01T00:00:00Z"


@dataclass(frozen=True, slots=True)
class Entry:
    id: str  # a URN that never changes for the record
    title: str
    updated: str  # RFC 3339
    link: str
    summary: str
    categories: Sequence[str] = field(default_factory=tuple)


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))


def feed(feed_id: str, title: str, self_link: str, alternate: str, entries: Sequence[Entry]) -> str:
    """The feed's XML, its entries in the order given (the newest first)."""
    updated = max((e.updated for e in entries), default=EPOCH)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}">',
        f"<id>{_text(feed_id)}</id>",
        f"<title>{_text(title)}</title>",
        f"<updated>{_text(updated)}</updated>",
        "<author><name>ceasewatch</name></author>",
        f'<link rel="self" type="application/atom+xml" href={_attr(self_link)}/>',
        f'<link rel="alternate" type="text/html" href={_attr(alternate)}/>',
        "<generator>ceasewatch</generator>",
    ]
    for e in entries:
        out.append("<entry>")
        out.append(f"<id>{_text(e.id)}</id>")
        out.append(f"<title>{_text(e.title)}</title>")
        out.append(f"<updated>{_text(e.updated)}</updated>")
        out.append(f'<link rel="alternate" type="text/html" href={_attr(e.link)}/>')
        out.extend(f"<category term={_attr(c)}/>" for c in e.categories)
        out.append(f'<summary type="text">{_text(e.summary)}</summary>')
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"
