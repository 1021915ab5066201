"""Users, their passwords (argon2id), API tokens and browser sessions, and the records
the web application writes: observations, crossings and documents, each in the ledger."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection

from ceasewatch.errors import Conflict, InvalidInput, NotFound
from ceasewatch.model import Crossing, Observation, Taxonomy
from ceasewatch.model.access import Role, User
from ceasewatch.store import access as repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import records as records_repo
from ceasewatch.store.clusters import row_of
from ceasewatch.workspace.parsing import Stamp
from ceasewatch.workspace.records import created

NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
MIN_PASSWORD = 10
SESSION_HOURS = 12
_hasher = PasswordHasher()  # argon2id with the library's (RFC 9106) defaults


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def add_user(conn: Connection, name: str, role: str, password: str, now: datetime) -> User:
    if not NAME.match(name):
        raise InvalidInput(
            f"{name!r} is not a user name: 2-64 lower-case letters, digits, '.', '_' or '-'",
            field="name",
        )
    found = Role.parse(role)
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters", field="password")
    if repo.get_user(conn, name) is not None:
        raise Conflict(f"user {name} exists already")
    repo.add_user(conn, name, found.label, _hasher.hash(password), now.isoformat())
    return User(name, found)


def _user(row: dict[str, object]) -> User | None:
    if row.get("disabled"):
        return None
    return User(str(row["name"]), Role.parse(str(row["role"])))


def authenticate(conn: Connection, name: str, password: str) -> User | None:
    """The user, if the password is theirs; a stale hash is renewed on the way."""
    row = repo.get_user(conn, name)
    if row is None:
        _hasher.hash(password)  # as slow as a real check: timing tells no names
        return None
    try:
        _hasher.verify(str(row["password_hash"]), password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(str(row["password_hash"])):
        repo.set_password_hash(conn, name, _hasher.hash(password))
    return _user(row)


def open_session(conn: Connection, user: User, now: datetime) -> tuple[str, str]:
    """A new session: (its id for the cookie, its CSRF token)."""
    sid, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = (now + timedelta(hours=SESSION_HOURS)).isoformat()
    repo.end_expired(conn, now.isoformat())
    repo.add_session(conn, digest(sid), user.name, csrf, expires)
    return sid, csrf


def session(conn: Connection, sid: str, now: datetime) -> tuple[User, str] | None:
    found = repo.session_user(conn, digest(sid))
    if found is None:
        return None
    row, csrf, expires = found
    if expires < now.isoformat():
        return None
    user = _user(row)
    return None if user is None else (user, csrf)


def new_token(conn: Connection, name: str, label: str | None, now: datetime) -> str:
    if repo.get_user(conn, name) is None:
        raise NotFound("user", name)
    token = "cw_" + secrets.token_urlsafe(32)
    repo.add_token(conn, digest(token), name, label, now.isoformat())
    return token


def token_user(conn: Connection, token: str) -> User | None:
    row = repo.token_user(conn, digest(token))
    return None if row is None else _user(row)


def add_observation(conn: Connection, o: Observation, taxonomy: Taxonomy, stamp: Stamp) -> None:
    if o.type_code not in taxonomy:
        raise InvalidInput(f"{o.type_code!r} is not an event type of the taxonomy", field="type")
    if row_of(conn, "observation", o.id) is not None:
        raise Conflict(f"observation {o.id} exists already")
    rows = [records_repo.observation_row(o)]
    records_repo.insert_rows(conn, "observation", rows)
    ledger_repo.append(conn, created("observation", rows, stamp))


def add_crossing(conn: Connection, x: Crossing, stamp: Stamp) -> None:
    if row_of(conn, "crossing", x.id) is not None:
        raise Conflict(f"crossing {x.id} exists already")
    rows = [records_repo.crossing_row(x)]
    records_repo.insert_rows(conn, "crossing", rows)
    ledger_repo.append(conn, created("crossing", rows, stamp))
