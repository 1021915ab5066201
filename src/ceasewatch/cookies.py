"""The session cookie, set the same way by the HTTP API's log-in and the web page's.

Both edges (``api`` and ``web``, which the layers keep from importing each other) hand out
one kind of session: HttpOnly, sent on top-level navigation from elsewhere (``lax``, so a
link into the site finds its user logged in) but not on cross-site requests, marked
``Secure`` when the request came over HTTPS, and living as long as the session itself.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ceasewatch.model.access import SESSION_COOKIE, SESSION_HOURS


def set_session_cookie(request: Request, response: Response, sid: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        sid,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=SESSION_HOURS * 3600,
        path="/",
    )
