"""Gazetteers stored in the workspace: a file's text, by name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from ceasewatch.store.schema import gazetteers


def put_gazetteer(conn: Connection, row: dict[str, Any]) -> bool:
    """Store a gazetteer row, replacing one of the same name; whether it replaced one."""
    c = gazetteers.c
    replaced = conn.execute(gazetteers.delete().where(c.name == row["name"])).rowcount > 0
    conn.execute(gazetteers.insert(), row)
    return replaced


def gazetteer_text(conn: Connection, name: str) -> tuple[str, str] | None:
    """(file, text) of a stored gazetteer."""
    c = gazetteers.c
    row = conn.execute(select(c.file, c.text).where(c.name == name)).first()
    return None if row is None else (row[0], row[1])


def list_gazetteers(conn: Connection) -> list[tuple[str, str, int, str]]:
    """(name, file, places, loaded_at) of every stored gazetteer."""
    c = gazetteers.c
    rows = conn.execute(select(c.name, c.file, c.places, c.loaded_at).order_by(c.name))
    return [(r[0], r[1], r[2], r[3]) for r in rows]
