"""Who is asking the API: logging in (a session cookie and its CSRF token), logging
out, and the caller as the API sees them."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from ceasewatch.api import models
from ceasewatch.api.answers import ERRORS, who, workspace
from ceasewatch.api.auth import COOKIE
from ceasewatch.cookies import set_session_cookie
from ceasewatch.errors import Unauthorized

router = APIRouter(prefix="/api")


@router.post("/session", response_model=models.UserOut, responses=ERRORS, tags=["session"])
def log_in(request: Request, body: models.Login) -> Response:
    """Log in: sets an HttpOnly session cookie; the answer carries the CSRF token that
    writes made with the cookie must send as X-CSRF-Token."""
    ws = workspace(request)
    user = ws.authenticate(body.name, body.password, client_address(request))
    if user is None:
        raise Unauthorized("wrong name or password")
    sid, csrf = ws.open_session(user)
    out = JSONResponse({"name": user.name, "role": user.role.label, "csrf": csrf})
    set_session_cookie(request, out, sid)
    return out


def client_address(request: Request) -> str | None:
    """The client's address (a proxy's X-Forwarded-For when uvicorn trusts the proxy)."""
    return request.client.host if request.client else None


@router.delete("/session", status_code=204, tags=["session"])
def log_out(request: Request) -> Response:
    c = who(request)
    if c.session:
        workspace(request).close_session(c.session)
    out = Response(status_code=204)
    out.delete_cookie(COOKIE, path="/")
    return out


@router.get("/me", response_model=models.UserOut, tags=["session"])
def me(request: Request) -> Response:
    c = who(request)
    return JSONResponse({"name": c.user.name, "role": c.user.role.label, "csrf": c.csrf})
