"""The web application: the HTTP API (``api``) and the browser pages (``web``) in one
ASGI app over one workspace. This module only puts the two edges together, so neither
imports the other (docs/architecture.md); ``ceasewatch serve`` runs it with uvicorn.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Iterable
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
from ceasewatch.api.answers import Answers
from ceasewatch.api.attachments import router as attachments_router
from ceasewatch.api.auth import SAFE, caller
from ceasewatch.api.bins import router as bins_router
from ceasewatch.api.publishing import router as publishing_router
from ceasewatch.api.routes import router as api_router
from ceasewatch.api.webhooks import router as webhooks_router
from ceasewatch.errors import (
    CeasewatchError,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    ParseError,
    StoreError,
    TooMany,
    Unauthorized,
)
from ceasewatch.formats.jsontext import json_value
from ceasewatch.model.access import ANONYMOUS
from ceasewatch.server import LOOPBACK
from ceasewatch.web.pages import router as web_router
from ceasewatch.web.records import router as records_router
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
SERVER_PAGE_CACHE_MIB = 8  # of SQLite pages per connection (32 for the command line)
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


class Hosts:
    """The host names this server answers to: exact names, ``*.example.org`` for a
    domain's subdomains, or ``*`` for any (when a proxy in front checks them)."""

    def __init__(self, names: Iterable[str]) -> None:
        cleaned = [n.strip().lower().rstrip(".") for n in names if n.strip()]
        self.any = "*" in cleaned
        self.exact = frozenset(n.strip("[]") for n in cleaned if not n.startswith("*"))
        self.suffixes = tuple(n[1:] for n in cleaned if n.startswith("*."))

    def allow(self, host_header: str | None) -> bool:
        if self.any:
            return True
        if not host_header:
            return False
        name = host_header.lower()
        if name.startswith("["):  # [::1]:8000
            name = name[1 : name.find("]")] if "]" in name else ""
        else:
            name = name.rsplit(":", 1)[0] if name.count(":") == 1 else name
        name = name.rstrip(".")
        return name in self.exact or (bool(name) and name.endswith(self.suffixes))

    @classmethod
    def configured(cls, names: Iterable[str] | None) -> Hosts:
        """The names given, else $CEASEWATCH_ALLOWED_HOSTS (comma-separated), else the
        loopback names: a server nobody configured answers only to its own machine."""
        if names is None:
            env = os.environ.get("CEASEWATCH_ALLOWED_HOSTS")
            names = env.split(",") if env else LOOPBACK
        return cls(names)


def relative(location: bytes) -> bytes:
    """A redirect's target without its scheme and host: a redirect never names a host
    taken from the request, whatever the Host header said."""
    text = location.decode("latin-1")
    parts = urlsplit(text)
    path = parts.path or "/"
    if parts.scheme or parts.netloc or path.startswith(("//", "/\\")):
        # "//host/..." and "/\host/..." are read by browsers as another host's address
        path = "/" + path.lstrip("/\\")
        text = path + (f"?{parts.query}" if parts.query else "")
    return text.encode("latin-1")


_BAD_HOST = (
    b"the Host header names no site this server serves; "
    b"the server's operator lists them with 'serve --allowed-host'"
)


def _unreadable_json(scope: Any, messages: list[Any]) -> Response | None:
    """A JSON body read with ceasewatch's limits (formats/jsontext.py) before the framework
    parses it: nesting past the limit, a number of thousands of digits, NaN or an unpaired
    surrogate get a 422 naming the problem, not a parser's exhaustion."""
    kind = dict(scope.get("headers") or ()).get(b"content-type", b"").split(b";")[0].strip().lower()
    if not (kind == b"application/json" or kind.endswith(b"+json")):
        return None
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
    if not body.strip():
        return None
    try:
        json_value(body)
    except ParseError as exc:
        error = ParseError(f"the request body: {exc}", field="body")
        return JSONResponse({"error": error.as_dict()}, status_code=422)
    return None


class Guard:
    """A plain ASGI middleware (the request-and-response kind costs a third of the
    throughput). Before anything else: the Host header must name a host this server
    serves (400 otherwise, the name not repeated). Before any body is read: no body
    larger than MAX_BODY, and a write to the API needs someone logged in. Every answer
    gets the security headers, and a redirect's Location is made relative."""

    def __init__(self, app: Any, policy: str, hosts: Hosts) -> None:
        self.app = app
        self.hosts = hosts
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
        if not self.hosts.allow(_header(scope, b"host")):
            plain = Response(_BAD_HOST, status_code=400, media_type="text/plain")
            await plain(scope, receive, send)
            return
        if scope["method"] not in SAFE:
            refused = self.refuse(scope)
            if refused is not None:
                await refused(scope, receive, send)
                return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, relative(v)) if k == b"location" else (k, v)
                    for k, v in message.get("headers", [])
                ]
                message["headers"] = headers + self.headers
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

            refused = _unreadable_json(scope, messages)
            if refused is not None:
                await refused(scope, receive, with_headers)
                return

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


def _header(scope: Any, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
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
    as they come (workspace/clustering.py); the webhook sender sends what waits, and
    what is published as it comes (workspace/webhooks.py). At the end each finishes
    what it has in hand."""
    ws: Workspace = app.state.workspace
    # how many requests are worked on at once (the others wait in the event loop): the
    # interpreter runs one thread at a time, and a writer that holds the database's lock
    # waits for its turn at the interpreter behind every other thread
    anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.threads
    ws.start_clustering()
    ws.start_webhooks()
    yield
    await anyio.to_thread.run_sync(ws.stop_clustering)
    await anyio.to_thread.run_sync(ws.stop_webhooks)


def create_app(target: str | None = None, allowed_hosts: Iterable[str] | None = None) -> FastAPI:
    """The application over the workspace at *target* (a path or a database URL),
    answering to the host names *allowed_hosts* (``Hosts.configured``)."""
    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # FastAPI's viewers load their scripts from a CDN; /openapi.json stays
        redoc_url=None,
        title="ceasewatch",
        version=__version__,
        description="Open, verifiable ceasefire monitoring: events with their evidence, "
        "findings against the agreement and the mandate, and a tamper-evident record.",
    )
    # a server's reads are small and many connections may be open: few pages each
    app.state.workspace = Workspace.open(target, page_cache_mib=SERVER_PAGE_CACHE_MIB)
    app.state.answers = Answers()
    app.state.tiles = os.environ.get("CEASEWATCH_TILES") or None
    app.state.threads = int(os.environ.get("CEASEWATCH_THREADS") or THREADS)
    app.state.etag_secret = secrets.token_bytes(32)
    policy = CSP.format(tiles=tile_source(app.state.tiles)).replace("  ", " ")

    app.add_middleware(Guard, policy=policy, hosts=Hosts.configured(allowed_hosts))

    @app.exception_handler(CeasewatchError)
    async def known(request: Request, exc: CeasewatchError) -> Response:
        body = exc.as_dict()
        code = status_of(exc)
        if isinstance(exc, StoreError):  # its text may hold SQL: say no more than needed
            body = {"error": "StoreError", "message": "the database is busy; try again"}
        if request.url.path.startswith("/api/") or code == 500:
            out: Response = JSONResponse({"error": body}, status_code=code)
        else:
            from ceasewatch.web.pages import error_page

            out = error_page(request, code, str(exc), exc)
        if isinstance(exc, TooMany) and exc.retry_after:
            out.headers["Retry-After"] = str(exc.retry_after)
        return out

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

    app.include_router(publishing_router)
    app.include_router(api_router)
    app.include_router(bins_router)
    app.include_router(attachments_router)
    app.include_router(webhooks_router)
    app.include_router(web_router)
    app.include_router(records_router)
    static = resources.files("ceasewatch.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


def factory() -> FastAPI:
    """For uvicorn's ``--factory``: the workspace named by $CEASEWATCH_DB."""
    return create_app()
