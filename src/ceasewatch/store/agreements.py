"""The agreements as stored: each one's file, by id; a new version replaces the old."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from ceasewatch.store.schema import agreements


def put_agreement(
    conn: Connection, aid: str, title: str, sha256: str, text: str, at: str
) -> tuple[dict[str, Any], bool]:
    """Store an agreement's file, replacing an earlier version with the same id.

    Returns the stored row and whether it replaced one."""
    replaced = conn.execute(agreements.delete().where(agreements.c.id == aid)).rowcount > 0
    row = {"id": aid, "title": title, "sha256": sha256, "source_text": text, "loaded_at": at}
    conn.execute(agreements.insert(), row)
    return row, replaced


def agreement_text(conn: Connection, aid: str) -> tuple[str, str] | None:
    """(sha256, source text) of one stored agreement."""
    c = agreements.c
    row = conn.execute(select(c.sha256, c.source_text).where(c.id == aid)).first()
    return None if row is None else (row[0], row[1])


def agreement_texts(conn: Connection) -> list[tuple[str, str, str, str]]:
    """(id, title, sha256, source text) of every stored agreement."""
    c = agreements.c
    rows = conn.execute(select(c.id, c.title, c.sha256, c.source_text).order_by(c.id))
    return [(r[0], r[1], r[2], r[3]) for r in rows]
