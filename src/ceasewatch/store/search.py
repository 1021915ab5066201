"""Searching the events as a list: the structured filters of ``EventQuery``, words of free
text, either order by date, and pages by number (the event list of the web pages); and
which event holds a claim or an observation (so a reference to one can be a link)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Select, func, literal, or_, select, text

from ceasewatch.model import Event
from ceasewatch.model.access import PUBLISHED_EVENTS
from ceasewatch.model.query import EventQuery
from ceasewatch.store.events import _where
from ceasewatch.store.rows import row_event
from ceasewatch.store.schema import PUBLISHED_WHERE, claims, events, observations

_TEXT_COLUMNS = ("id", "type_code", "place_name", "admin1", "admin2", "notes", "actors", "sources")


def _haystack() -> Any:
    """The columns a word of free text is looked for in, as one lower-case text."""
    c = events.c
    parts: list[Any] = []
    for name in _TEXT_COLUMNS:
        parts += [func.coalesce(c[name], ""), literal(" ")]
    joined = parts[0]
    for p in parts[1:]:
        joined = joined.op("||")(p)
    return func.lower(joined)


def _words(conn: Connection, q: EventQuery, words: Sequence[Sequence[str]]) -> list[Any]:
    """The query's conditions and, for each word, one of: the word in the text, or the
    event's type among the types whose label has the word (``words``: each word followed
    by those type codes)."""
    published = _published(q)
    if published:  # the published events' own index answers, when the term is its own
        q = replace(q, statuses=())
    cond = _where(conn, q)
    if published:
        cond.append(text(PUBLISHED_WHERE))
    hay = _haystack()
    for word, *codes in words:
        hit = hay.contains(word.lower(), autoescape=True)
        cond.append(or_(hit, events.c.type_code.in_(codes)) if codes else hit)
    return cond


def _ordered(stmt: Select[Any], q: EventQuery) -> Select[Any]:
    c = events.c
    day: Any = c.date_start
    if _published(q):  # sorted after the published events' index finds them: the
        day = func.coalesce(day, "")  # index by date would walk every event to find them
    if q.newest:
        return stmt.order_by(day.desc(), c.id.desc())
    return stmt.order_by(day, c.id)


def _published(q: EventQuery) -> bool:
    return bool(q.statuses) and {s.value for s in q.statuses} == set(PUBLISHED_EVENTS)


def count(conn: Connection, q: EventQuery, words: Sequence[Sequence[str]]) -> int:
    """How many events match."""
    stmt = select(func.count()).select_from(events).where(*_words(conn, q, words))
    return int(conn.scalar(stmt) or 0)


def page(
    conn: Connection, q: EventQuery, words: Sequence[Sequence[str]], offset: int, limit: int
) -> list[Event]:
    """One page of the matching events, by date (``q.newest``: the latest first)."""
    stmt = select(events).where(*_words(conn, q, words))
    stmt = _ordered(stmt, q).offset(offset).limit(limit)
    return [row_event(r) for r in conn.execute(stmt)]


def every_text(
    conn: Connection, q: EventQuery, words: Sequence[Sequence[str]]
) -> Iterator[tuple[str, str]]:
    """(id, the text the words were found in) of every matching event in the page order,
    read a batch at a time; no event is built."""
    cols = [events.c[name] for name in _TEXT_COLUMNS]
    stmt = _ordered(select(*cols).where(*_words(conn, q, words)), q)
    for rows in conn.execute(stmt).partitions(1000):
        for r in rows:
            yield str(r[0]), " ".join(str(v) for v in r if v is not None)


def holders(conn: Connection, refs: Sequence[str]) -> dict[str, str]:
    """The event each of these claims and observations (``claim:ID``, ``observation:ID``)
    belongs to, for those in one."""
    out: dict[str, str] = {}
    for kind, table in (("claim", claims), ("observation", observations)):
        ids = [r.partition(":")[2] for r in refs if r.startswith(kind + ":")]
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            stmt = select(table.c.id, table.c.event_id).where(
                table.c.id.in_(chunk), table.c.event_id.is_not(None)
            )
            for rid, eid in conn.execute(stmt):
                out[f"{kind}:{rid}"] = str(eid)
    return out


def document_of(conn: Connection, document_id: str) -> tuple[str | None, str | None, str | None]:
    """(source, title, published) of a stored document, all None if there is none."""
    from ceasewatch.store.schema import documents

    row = conn.execute(
        select(documents.c.source_id, documents.c.title, documents.c.published).where(
            documents.c.id == document_id
        )
    ).first()
    return (row[0], row[1], row[2]) if row else (None, None, None)
