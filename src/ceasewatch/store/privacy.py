"""What ties records to a protected source besides the source's own row: the files the
documents were read from (private, kept out of the ledger) and the posts each monitoring
team reports for; and, read together, what a role that does not see protected sources
must not see (``withheld``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import orjson
from sqlalchemy import Connection, select

from ceasewatch.model.records import Document, Source
from ceasewatch.model.redact import path_shaped
from ceasewatch.store.schema import document_files, documents, observations, posts
from ceasewatch.store.texts import list_sources


def add_document_files(conn: Connection, docs: Sequence[Document]) -> None:
    """Keep where new documents were read; a document whose id is shaped like a path is
    marked withheld (with its id as its file when it has none), so that the id is never
    shown below the analyst."""
    rows = [
        {"id": d.id, "file": d.file or d.id, "withheld": path_shaped(d.id)}
        for d in docs
        if d.file or path_shaped(d.id)
    ]
    if rows:
        conn.execute(document_files.insert(), rows)


def files_of(conn: Connection, ids: Iterable[str] | None = None) -> dict[str, str]:
    """Document id -> the file it was read from (of the ids given, else of all)."""
    q = select(document_files.c.id, document_files.c.file)
    if ids is not None:
        wanted = list(ids)
        out: dict[str, str] = {}
        for n in range(0, len(wanted), 900):
            chunk = q.where(document_files.c.id.in_(wanted[n : n + 900]))
            out.update({str(i): str(f) for i, f in conn.execute(chunk)})
        return out
    return {str(i): str(f) for i, f in conn.execute(q)}


def post_sources(conn: Connection, names: Iterable[str] | None = None) -> dict[str, str]:
    """Post -> the source it reports for (of the posts named, else of all)."""
    q = select(posts.c.id, posts.c.source)
    if names is not None:
        q = q.where(posts.c.id.in_(list(names)))
    return {str(p): str(s) for p, s in conn.execute(q)}


def post_row(post: str, source: str) -> dict[str, str]:
    return {"id": post, "source": source}


def set_post(conn: Connection, post: str, source: str) -> None:
    """A post's source, newly or in place of the one it had."""
    found = conn.execute(posts.update().where(posts.c.id == post).values(source=source))
    if not found.rowcount:
        conn.execute(posts.insert(), post_row(post, source))


def withheld(
    conn: Connection,
) -> tuple[list[Source], list[str], list[str], list[str], list[str | None]]:
    """Every source, and the ids of the documents and observations, the posts and the
    posts' places that a role that does not see protected sources must not see: the
    documents of protected sources and those whose id is their file's path; the posts
    of protected sources and their observations."""
    found = list_sources(conn)
    shielded = [s.id for s in found if s.protected]
    c = document_files.c
    docs = [str(i) for i in conn.scalars(select(c.id).where(c.withheld))]
    hidden_posts: list[str] = []
    obs: list[str] = []
    places: list[str | None] = []
    if shielded:
        d = documents.c
        docs += [str(i) for i in conn.scalars(select(d.id).where(d.source_id.in_(shielded)))]
        hidden_posts = [
            str(p) for p in conn.scalars(select(posts.c.id).where(posts.c.source.in_(shielded)))
        ]
        o = observations.c
        for n in range(0, len(hidden_posts), 900):
            q = select(o.id, o.position).where(o.observer.in_(hidden_posts[n : n + 900]))
            for oid, position in conn.execute(q):
                obs.append(str(oid))
                places.append(orjson.loads(position)["name"] if position else None)
    return found, docs, obs, hidden_posts, sorted(set(places), key=str)
