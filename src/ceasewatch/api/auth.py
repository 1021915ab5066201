"""Who is asking: an API token (``Authorization: Bearer ...``) for scripts, a session
cookie for the browser, or nobody (the public). Writes need a role, and a write made with
a session cookie needs its CSRF token too, so another site cannot make one."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from ceasewatch.errors import Forbidden, Unauthorized
from ceasewatch.model.access import ANONYMOUS, SESSION_COOKIE, Role, User
from ceasewatch.workspace import Workspace

COOKIE = SESSION_COOKIE
CSRF_HEADER = "x-csrf-token"
SAFE = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Caller:
    user: User
    csrf: str | None = None  # the session's token; None for a token or nobody
    session: str | None = None


def caller(request: Request, ws: Workspace) -> Caller:
    auth = request.headers.get("authorization", "")
    token = None
    if auth:
        scheme, _, token = auth.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("expected 'Authorization: Bearer <token>'")
    sid = None if token else request.cookies.get(COOKIE)
    user, csrf = ws.identify(token, sid)
    return Caller(user, csrf, sid if csrf is not None else None)


def require(c: Caller, role: Role, request: Request, form_csrf: str | None = None) -> User:
    """The user, if their role suffices; a cookie-borne write must carry its CSRF token."""
    if c.user.role < role:
        if c.user is ANONYMOUS:
            raise Unauthorized(f"log in: this needs the role {role.label} or above")
        raise Forbidden(
            f"this needs the role {role.label} or above; {c.user.name} is {c.user.role.label}"
        )
    if request.method not in SAFE and c.session is not None:
        sent = request.headers.get(CSRF_HEADER) or form_csrf or ""
        if not c.csrf or not hmac.compare_digest(sent, c.csrf):
            raise Forbidden("missing or wrong CSRF token")
    return c.user


def needs(role: Role) -> Callable[[Request], User]:
    """A dependency: the caller, who must have *role* (and, with a cookie, the CSRF
    token). FastAPI solves it before it reads the body, so a caller without the role is
    refused (401, 403) before anything they sent is looked at."""

    def dependency(request: Request) -> User:
        ws: Workspace = request.app.state.workspace
        return require(caller(request, ws), role, request)

    return dependency
