"""The Workspace's users: accounts, logins, sessions and API tokens, and who is asking."""

from __future__ import annotations

from typing import Any

from ceasewatch.errors import TooMany, Unauthorized
from ceasewatch.model.access import ANONYMOUS, User
from ceasewatch.workspace.base import Base


class People(Base):
    """Users and who is asking (the edges call these per request)."""

    def identify(self, token: str | None, session_id: str | None) -> tuple[User, str | None]:
        """Who is asking: the user of an API token (``Unauthorized`` if it is unknown), else
        of a live browser session with its CSRF token, else the public (anonymous)."""
        from ceasewatch.workspace import access

        if token is not None:
            with self._read() as conn:
                user = access.token_user(conn, token)
            if user is None:
                raise Unauthorized("unknown or revoked API token")
            return user, None
        if session_id:
            found = self.session(session_id)
            if found is not None:
                return found
        return ANONYMOUS, None

    def add_user(self, name: str, role: str, password: str) -> User:
        from ceasewatch.workspace import access

        with self._write() as conn:
            return access.add_user(conn, name, role, password, self.clock())

    def users(self) -> list[dict[str, Any]]:
        from ceasewatch.store import access as access_repo

        with self._read() as conn:
            return access_repo.list_users(conn)

    def authenticate(self, name: str, password: str, address: str | None = None) -> User | None:
        """The user, if the password is theirs. Refused for a while (``TooMany``): a
        client *address* with ten failures in a minute, a name with five in five
        minutes, and any login while the password checks are all taken and their queue
        is full (``workspace/logins.py``). The slow check runs outside any transaction,
        so a flood of logins holds no lock."""
        import time

        from ceasewatch.workspace import access, logins

        where = f"{self.target}|{logins.client_key(address)}" if address else None
        mark = logins.ADDRESSES.begin(where, time.monotonic()) if where else 0.0
        key = f"{self.target}|{name}"  # per workspace: one server may hold several
        logins.THROTTLE.check(key, time.monotonic(), name)
        with self._read() as conn:
            stored, allowed = access.password_hash(conn, name)
        try:
            ok, stale = access.check_password(stored, password)
        except TooMany:  # the server is busy: no failure of the client's
            if where:
                logins.ADDRESSES.succeeded(where, mark)
            raise
        if not ok or not allowed:
            logins.THROTTLE.failed(key, time.monotonic())
            return None
        logins.THROTTLE.passed(key)
        if where:
            logins.ADDRESSES.succeeded(where, mark)
        if stale:
            with self._write() as conn:
                access.renew_hash(conn, name, password)
        with self._read() as conn:
            return access.user_named(conn, name)

    def disable_user(self, name: str) -> None:
        """The user may no longer log in; their sessions and API tokens end."""
        from ceasewatch.workspace import access

        with self._write() as conn:
            access.disable_user(conn, name)

    def revoke_tokens(self, name: str) -> int:
        from ceasewatch.workspace import access

        with self._write() as conn:
            return access.revoke_tokens(conn, name)

    def open_session(self, user: User) -> tuple[str, str]:
        """A browser session for a user who has logged in: (its id, its CSRF token)."""
        from ceasewatch.workspace import access

        with self._write() as conn:
            return access.open_session(conn, user, self.clock())

    def session(self, session_id: str) -> tuple[User, str] | None:
        from ceasewatch.workspace import access

        with self._read() as conn:
            return access.session(conn, session_id, self.clock())

    def close_session(self, session_id: str) -> None:
        from ceasewatch.store import access as access_repo
        from ceasewatch.workspace.access import digest

        with self._write() as conn:
            access_repo.end_session(conn, digest(session_id))

    def new_token(self, name: str, label: str | None = None) -> str:
        """An API token for a user (shown once; only its hash is kept)."""
        from ceasewatch.workspace import access

        with self._write() as conn:
            return access.new_token(conn, name, label, self.clock())

    def token_user(self, token: str) -> User | None:
        from ceasewatch.workspace import access

        with self._read() as conn:
            return access.token_user(conn, token)
