"""The web application: the HTTP API (``api``) and the browser pages (``web``) in one
ASGI app over one workspace. This module only puts the two edges together, so neither
imports the other (docs/architecture.md); ``ceasewatch serve`` runs it with uvicorn.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from ceasewatch import __version__
from ceasewatch.api.auth import SAFE, caller
from ceasewatch.api.routes import Answers
from ceasewatch.api.routes import router as api_router
from ceasewatch.errors import (
    CeasewatchError,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    StoreError,
    TooMany,
    Unauthorized,
)
from ceasewatch.model.access import ANONYMOUS
from ceasewatch.web.pages import router as web_router
from ceasewatch.workspace import Workspace

STATUS = {
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    InvalidInput: 422,
    TooMany: 429,
    StoreError: 503,
}
THREADS = 16  # requests worked on at once (ceasewatch serve --threads)
MAX_BODY = 5 * 1024 * 1024  # a document of a few MB; nothing bigger comes by form or API
# The pages load nothing from elsewhere (a configured tile server excepted) and may not be
# framed by another site.
CSP = (
    "default-src 'self'; img-src 'self' data: {tiles}; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


def status_of(exc: CeasewatchError) -> int:
    for kind, code in STATUS.items():
        if isinstance(exc, kind):
            return code
    return 500


def _too_large() -> Response:
    error = InvalidInput(f"the request body is too large (at most {MAX_BODY} bytes)")
    return JSONResponse({"error": error.as_dict()}, status_code=413)


class Guard:
    """A plain ASGI middleware (the request-and-response kind costs a third of the
    throughput). Before any body is read: no body larger than MAX_BODY, and a write to
    the API needs someone logged in. Every answer gets the security headers."""

    def __init__(self, app: Any, policy: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", policy.encode()),
            (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in SAFE:
            refused = self.refuse(scope)
            if refused is not None:
                await refused(scope, receive, send)
                return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.headers
            await send(message)

        if scope["method"] not in SAFE:
            # Read the body first, at most MAX_BODY of it (a chunked body has no
            # Content-Length to check beforehand), then hand it on as it came.
            messages, read = [], 0
            while True:
                message = await receive()
                messages.append(message)
                if message["type"] != "http.request":
                    break
                read += len(message.get("body", b""))
                if read > MAX_BODY:
                    await _too_large()(scope, receive, with_headers)
                    return
                if not message.get("more_body"):
                    break

            async def replay() -> Any:
                return messages.pop(0) if messages else await receive()

            await self.app(scope, replay, with_headers)
            return
        await self.app(scope, receive, with_headers)

    def refuse(self, scope: Any) -> Response | None:
        request = Request(scope)
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > MAX_BODY):
            return _too_large()
        path = scope["path"]
        if path.startswith("/api/") and path != "/api/session":
            try:
                who = caller(request, scope["app"].state.workspace)
            except CeasewatchError as exc:
                return JSONResponse({"error": exc.as_dict()}, status_code=status_of(exc))
            if who.user is ANONYMOUS:
                nobody = Unauthorized("log in, or send an API token")
                return JSONResponse({"error": nobody.as_dict()}, status_code=401)
        return None


def tile_source(url: str | None) -> str:
    """The origin a tile layer's URL loads from, for the page's security policy
    (``{s}`` subdomains become a wildcard)."""
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}", "SUB"))
    host = parts.netloc.replace("SUB", "*")
    return f"{parts.scheme}://{host}"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The clusterer clusters what was filed before a restart at once, and new records
    as they come (workspace/clustering.py); at the end it finishes its batch."""
    ws: Workspace = app.state.workspace
    # how many requests are worked on at once (the others wait in the event loop): the
    # interpreter runs one thread at a time, and a writer that holds the database's lock
    # waits for its turn at the interpreter behind every other thread
    anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.threads
    ws.start_clustering()
    yield
    await anyio.to_thread.run_sync(ws.stop_clustering)


def create_app(target: str | None = None) -> FastAPI:
    """The application over the workspace at *target* (a path or a database URL)."""
    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # FastAPI's viewers load their scripts from a CDN; /openapi.json stays
        redoc_url=None,
        title="ceasewatch",
        version=__version__,
        description="Open, verifiable ceasefire monitoring: events with their evidence, "
        "findings against the agreement and the mandate, and a tamper-evident record.",
    )
    app.state.workspace = Workspace.open(target)
    app.state.answers = Answers()
    app.state.tiles = os.environ.get("CEASEWATCH_TILES") or None
    app.state.threads = int(os.environ.get("CEASEWATCH_THREADS") or THREADS)
    app.state.etag_secret = secrets.token_bytes(32)
    policy = CSP.format(tiles=tile_source(app.state.tiles)).replace("  ", " ")

    app.add_middleware(Guard, policy=policy)

    @app.exception_handler(CeasewatchError)
    async def known(request: Request, exc: CeasewatchError) -> Response:
        body = exc.as_dict()
        code = status_of(exc)
        if isinstance(exc, StoreError):  # its text may hold SQL: say no more than needed
            body = {"error": "StoreError", "message": "the database is busy; try again"}
        if request.url.path.startswith("/api/") or code == 500:
            return JSONResponse({"error": body}, status_code=code)
        from ceasewatch.web.pages import error_page

        return error_page(request, code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        loc = list(first.get("loc", ()))
        if loc and loc[0] in ("body", "query", "path", "header", "cookie"):
            loc = loc[1:]  # the field itself, not where it was sent
        where = ".".join(str(p) for p in loc)
        body = {
            "error": "InvalidInput",
            "message": f"{where or 'request'}: {first.get('msg', 'is not valid')}",
            "field": where or None,
            "file": None,
            "row": None,
        }
        return JSONResponse({"error": body}, status_code=422)

    app.include_router(api_router)
    app.include_router(web_router)
    static = resources.files("ceasewatch.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


def factory() -> FastAPI:
    """For uvicorn's ``--factory``: the workspace named by $CEASEWATCH_DB."""
    return create_app()
