"""Users, their passwords (argon2id), API tokens and browser sessions, and the records
the web application writes: observations, crossings and documents, each in the ledger."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection

from ceasewatch.errors import Conflict, InvalidInput, NotFound
from ceasewatch.ledger.records import Item
from ceasewatch.model import Crossing, Observation, Taxonomy
from ceasewatch.model.access import SESSION_HOURS, Role, User
from ceasewatch.store import access as repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.store import records as records_repo
from ceasewatch.store.clusters import row_of
from ceasewatch.workspace.logins import HASHING
from ceasewatch.workspace.parsing import Stamp
from ceasewatch.workspace.posts import new_posts
from ceasewatch.workspace.records import created

NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
MIN_PASSWORD = 10
_hasher = PasswordHasher()  # argon2id with the library's (RFC 9106) defaults: 64 MiB each


def _hash(password: str) -> str:
    with HASHING.slot():  # a fixed number at a time: logins.Hashing
        return _hasher.hash(password)


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
    repo.add_user(conn, name, found.label, _hash(password), now.isoformat())
    return User(name, found)


def _user(row: dict[str, object]) -> User | None:
    if row.get("disabled"):
        return None
    return User(str(row["name"]), Role.parse(str(row["role"])))


def password_hash(conn: Connection, name: str) -> tuple[str | None, bool]:
    """(the stored hash, whether the user may log in) for a name; (None, False) if none."""
    row = repo.get_user(conn, name)
    if row is None:
        return None, False
    return str(row["password_hash"]), not row.get("disabled")


def check_password(stored: str | None, password: str) -> tuple[bool, bool]:
    """(whether it matches, whether the hash wants renewing). Slow on purpose, and as slow
    for a name that does not exist: timing tells no names. Runs outside any transaction."""
    if stored is None:
        _hash(password)
        return False, False
    try:
        with HASHING.slot():
            _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False, False
    return True, _hasher.check_needs_rehash(stored)


def renew_hash(conn: Connection, name: str, password: str) -> None:
    repo.set_password_hash(conn, name, _hash(password))


def user_named(conn: Connection, name: str) -> User | None:
    row = repo.get_user(conn, name)
    return None if row is None else _user(row)


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


FIRST_YEAR, LAST_YEAR = 1900, 2100


def check_moment(when: datetime, field: str) -> None:
    """A time a monitor files must have its offset and lie between 1900 and 2100: a
    year 1 would break every later computation on the record."""
    if when.tzinfo is None:
        raise InvalidInput("give the time with its UTC offset", field=field)
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise InvalidInput(
            f"{when.isoformat()} is not between {FIRST_YEAR} and {LAST_YEAR}", field=field
        )


def check_observation(o: Observation, taxonomy: Taxonomy) -> None:
    """What an observation must be before it is stored (no database needed)."""
    check_moment(o.start, "start")
    check_moment(o.end, "end")
    if o.type_code not in taxonomy:
        raise InvalidInput(f"{o.type_code!r} is not an event type of the taxonomy", field="type")


def add_observations(
    conn: Connection, filed: Sequence[tuple[Observation, Stamp]]
) -> list[Conflict | InvalidInput | None]:
    """Store checked observations (``check_observation``) in one statement each way, each
    logged under its own stamp with the posts it ties to its source for the first time.
    One whose id is taken (stored, or earlier among these) is refused with its Conflict,
    one whose post reports for another source with its InvalidInput, and the others are
    stored."""
    taken = monitoring_repo.stored_observation_ids(conn, [o.id for o, _ in filed])
    out: list[Conflict | InvalidInput | None] = []
    rows: list[dict[str, object]] = []
    tied_rows: list[dict[str, str]] = []
    items: list[Item] = []
    tied: dict[str, str] = {}  # post -> source, tied by an observation of this batch
    for o, stamp in filed:
        if o.id in taken:
            out.append(Conflict(f"observation {o.id} exists already"))
            continue
        try:
            if o.source is not None and o.observer in tied:
                if tied[o.observer] != o.source:
                    raise InvalidInput(
                        f"observation {o.id}: post {o.observer} reports for "
                        f"{tied[o.observer]}, not for {o.source}",
                        field="source",
                    )
                new: list[dict[str, str]] = []
            else:
                new = new_posts(conn, [o])
        except InvalidInput as refused:
            out.append(refused)
            continue
        taken.add(o.id)
        row = monitoring_repo.observation_row(o)
        rows.append(row)
        tied_rows += new
        tied.update((p["id"], p["source"]) for p in new)
        items += created("observation", [row], stamp) + created("post", new, stamp)
        out.append(None)
    records_repo.insert_rows(conn, "observation", rows)
    records_repo.insert_rows(conn, "post", tied_rows)
    ledger_repo.append(conn, items)
    return out


def add_crossing(conn: Connection, x: Crossing, stamp: Stamp) -> None:
    check_moment(x.time, "time")
    if row_of(conn, "crossing", x.id) is not None:
        raise Conflict(f"crossing {x.id} exists already")
    rows = [monitoring_repo.crossing_row(x)]
    records_repo.insert_rows(conn, "crossing", rows)
    ledger_repo.append(conn, created("crossing", rows, stamp))


def disable_user(conn: Connection, name: str) -> None:
    """A user who may no longer log in: their sessions and tokens end at once."""
    if repo.get_user(conn, name) is None:
        raise NotFound("user", name)
    repo.disable_user(conn, name)


def revoke_tokens(conn: Connection, name: str) -> int:
    if repo.get_user(conn, name) is None:
        raise NotFound("user", name)
    return repo.revoke_tokens(conn, name)
