"""The repository of users, API tokens and browser sessions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select, update

from ceasewatch.store.schema import api_tokens, sessions, users


def get_user(conn: Connection, name: str) -> dict[str, Any] | None:
    row = conn.execute(select(users).where(users.c.name == name)).mappings().first()
    return None if row is None else dict(row)


def list_users(conn: Connection) -> list[dict[str, Any]]:
    q = select(users.c.name, users.c.role, users.c.created, users.c.disabled)
    return [dict(r) for r in conn.execute(q.order_by(users.c.name)).mappings()]


def add_user(conn: Connection, name: str, role: str, password_hash: str, created: str) -> None:
    conn.execute(
        users.insert(),
        {"name": name, "role": role, "password_hash": password_hash, "created": created},
    )


def set_password_hash(conn: Connection, name: str, password_hash: str) -> None:
    conn.execute(update(users).where(users.c.name == name).values(password_hash=password_hash))


def add_token(
    conn: Connection, token_hash: str, user: str, label: str | None, created: str
) -> None:
    conn.execute(
        api_tokens.insert(),
        {"token_hash": token_hash, "user_name": user, "label": label, "created": created},
    )


def token_user(conn: Connection, token_hash: str) -> dict[str, Any] | None:
    q = (
        select(users)
        .join(api_tokens, api_tokens.c.user_name == users.c.name)
        .where(api_tokens.c.token_hash == token_hash)
    )
    row = conn.execute(q).mappings().first()
    return None if row is None else dict(row)


def add_session(conn: Connection, id_hash: str, user: str, csrf: str, expires: str) -> None:
    conn.execute(
        sessions.insert(),
        {"id_hash": id_hash, "user_name": user, "csrf": csrf, "expires": expires},
    )


def session_user(conn: Connection, id_hash: str) -> tuple[dict[str, Any], str, str] | None:
    """(the user, the session's CSRF token, when it expires), for a live session id."""
    q = (
        select(users, sessions.c.csrf, sessions.c.expires)
        .join(sessions, sessions.c.user_name == users.c.name)
        .where(sessions.c.id_hash == id_hash)
    )
    row = conn.execute(q).mappings().first()
    if row is None:
        return None
    found = dict(row)
    return found, found.pop("csrf"), found.pop("expires")


def end_session(conn: Connection, id_hash: str) -> None:
    conn.execute(delete(sessions).where(sessions.c.id_hash == id_hash))


def end_expired(conn: Connection, now: str) -> None:
    conn.execute(delete(sessions).where(sessions.c.expires < now))


def disable_user(conn: Connection, name: str) -> None:
    conn.execute(update(users).where(users.c.name == name).values(disabled=True))
    conn.execute(delete(sessions).where(sessions.c.user_name == name))
    conn.execute(delete(api_tokens).where(api_tokens.c.user_name == name))


def revoke_tokens(conn: Connection, name: str) -> int:
    return int(conn.execute(delete(api_tokens).where(api_tokens.c.user_name == name)).rowcount)
