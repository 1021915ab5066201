"""What each role may see: the record as JSON-ready values, published only to the public,
protected sources withheld below the analyst (docs/web.md). The API and the web pages
both read through here, so no edge can forget a rule.

Every answer for a role that does not see protected sources leaves through one step,
``shown``: the redaction rule of ``model/redact.py`` applied to every string in it (ids,
references, names, free texts), whatever the field. The views below only choose what to
answer; none redacts a field of its own.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Connection

from ceasewatch.model import Document, Event, Finding, Source
from ceasewatch.model.access import PUBLISHED_EVENTS, PUBLISHED_FINDINGS, Role, User
from ceasewatch.model.jsonform import event_json, finding_json
from ceasewatch.model.records import published_text
from ceasewatch.model.redact import Protected
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import privacy

NOTHING = Protected.of(())


def sees_unpublished(user: User) -> bool:
    return user.role > Role.PUBLIC


def published(status: str) -> bool:
    return status in PUBLISHED_EVENTS


def event_visible(user: User, e: Event) -> bool:
    return user.role > Role.PUBLIC or e.status.value in PUBLISHED_EVENTS


def finding_visible(user: User, f: Finding) -> bool:
    return user.role > Role.PUBLIC or f.status.value in PUBLISHED_FINDINGS


def protected(conn: Connection) -> Protected:
    """Everything that is withheld below the analyst, read from the store."""
    sources, documents, observations, posts, places = privacy.withheld(conn)
    return Protected.of(
        sources, documents=documents, observations=observations, posts=posts, places=places
    )


class Redactions:
    """What is withheld, read once for each state of the record. Every change to what is
    protected (a source protected or not, a document, a post or an observation stored)
    grows the ledger, so the ledger's size, read in the caller's transaction after its
    own reads, tells whether the copy kept is still the record's: it is never older than
    the data it is applied to."""

    def __init__(self) -> None:
        self._kept: tuple[int, Protected] | None = None
        self._lock = threading.Lock()

    def hider(self, user: User, conn: Connection) -> Protected:
        """What *user* must not see: nothing for analysts and admins."""
        if user.role.sees_protected:
            return NOTHING
        size = ledger_repo.size(conn)
        kept = self._kept
        if kept is not None and kept[0] == size:
            return kept[1]
        made = protected(conn)
        with self._lock:
            self._kept = (size, made)
        return made


def shown(value: Any, hide: Protected) -> Any:
    """The one redaction step: an answer as it may leave for a role (``hide`` is empty
    for those who see protected sources)."""
    return hide.value(value)


def event_out(e: Event, hide: Protected) -> dict[str, Any]:
    return shown(event_json(e), hide)  # type: ignore[no-any-return]


def events_out(
    found: list[Event], hide: Protected, boxed: bool, words: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Events as they may leave. When the query asked for a box (*boxed*), an event whose
    place is withheld is left out: no box may find where a protected post stands. So
    with *words* (a search, in lower case): an event is kept only if what is shown of it
    still holds every word, so that no search finds what is withheld."""
    out = []
    for e in found:
        shown_e = event_out(e, hide)
        if boxed and e.where.lat is not None and shown_e["place"]["lat"] is None:
            continue
        if words and not shows_words(shown_e, words):
            continue
        out.append(shown_e)
    return out


def shows_words(shown_e: dict[str, Any], words: tuple[str, ...]) -> bool:
    """Whether an event as shown holds every word (lower case) in its place, type, notes
    or actors: the fields the store's search looks in (store/events.py, SEARCHED)."""
    place = shown_e.get("place") or {}
    parts = [place.get("name"), place.get("admin1"), place.get("admin2")]
    parts += [shown_e.get("type"), shown_e.get("notes")]
    for a in shown_e.get("actors") or ():
        parts += [a.get("name"), a.get("role"), a.get("party"), a.get("inter")]
    hay = " ".join(str(p) for p in parts if p is not None).lower()
    return all(w in hay for w in words)


def finding_out(f: Finding, hide: Protected) -> dict[str, Any]:
    return shown(finding_json(f), hide)  # type: ignore[no-any-return]


def sources_out(
    user: User, sources: list[Source], origins: dict[str, str], hide: Protected
) -> list[dict[str, Any]]:
    """The sources a user may see (a protected one not at all below the analyst)."""
    listed = [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind.value,
            "affiliation": s.affiliation,
            "parent": s.parent,
            "origin": origins[s.id] or s.id,
            "reliability": s.reliability.letter,
            "protected": s.protected,
        }
        for s in sources
        if user.role.sees_protected or not s.protected
    ]
    return shown(listed, hide)  # type: ignore[no-any-return]


def documents_out(user: User, docs: list[Document], hide: Protected) -> list[dict[str, Any]]:
    """Documents' metadata; those withheld are not listed below the analyst, and where a
    document was read (its file) is shown only to those who see protected sources."""
    listed = []
    for d in docs:
        if hide.withheld_ref(d.id) or hide.is_protected(d.source_id):
            continue
        row = {
            "id": d.id,
            "source": d.source_id,
            "published": published_text(d.published, d.published_precision),
            "language": d.language,
            "title": d.title,
        }
        if user.role.sees_protected:
            row["file"] = d.file
        listed.append(row)
    return shown(listed, hide)  # type: ignore[no-any-return]


# who may see files attached to records (those of a protected source's records: only the
# roles that see protected sources)
ATTACHMENT_READERS = Role.MONITOR


def entry_visible(user: User, entry: dict[str, Any], hide: Protected) -> bool:
    """Whether a ledger entry may be shown: to analysts always; to others only if the
    redaction step would change nothing in it (an entry is signed as it is: it is shown
    whole or not at all), and to the public only an agreement's entry or that of an
    event or finding now published."""
    if user.role.sees_protected:
        return True
    if hide and shown(entry, hide) != entry:
        return False
    if entry.get("kind") == "webhook":  # the server's configuration: its URLs are private
        return False
    if entry.get("kind") == "attachment":  # files are for those who may open them
        return user.role >= ATTACHMENT_READERS
    if user.role > Role.PUBLIC:
        return True
    state = entry.get("state") or {}
    kind = entry.get("kind")
    if kind == "agreement":
        return True
    if kind == "event":
        return str(state.get("status")) in PUBLISHED_EVENTS
    if kind == "finding":
        return str(state.get("status")) in PUBLISHED_FINDINGS
    return False
