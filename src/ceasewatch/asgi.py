"""The web application: the HTTP API (``api``) and the browser pages (``web``) in one
ASGI app over one workspace. This module only puts the two edges together, so neither
imports the other (docs/architecture.md); ``ceasewatch serve`` runs it with uvicorn.
"""

from __future__ import annotations

import os
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from ceasewatch import __version__
from ceasewatch.api.routes import Answers
from ceasewatch.api.routes import router as api_router
from ceasewatch.errors import (
    CeasewatchError,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthorized,
)
from ceasewatch.web.pages import router as web_router
from ceasewatch.workspace import Workspace

STATUS = {Unauthorized: 401, Forbidden: 403, NotFound: 404, Conflict: 409, InvalidInput: 422}


def status_of(exc: CeasewatchError) -> int:
    for kind, code in STATUS.items():
        if isinstance(exc, kind):
            return code
    return 500


def create_app(target: str | None = None) -> FastAPI:
    """The application over the workspace at *target* (a path or a database URL)."""
    app = FastAPI(
        title="ceasewatch",
        version=__version__,
        description="Open, verifiable ceasefire monitoring: events with their evidence, "
        "findings against the agreement and the mandate, and a tamper-evident record.",
    )
    app.state.workspace = Workspace.open(target)
    app.state.answers = Answers()
    app.state.tiles = os.environ.get("CEASEWATCH_TILES") or None

    @app.exception_handler(CeasewatchError)
    async def known(request: Request, exc: CeasewatchError) -> Response:
        body = exc.as_dict()
        code = status_of(exc)
        if request.url.path.startswith("/api/") or code == 500:
            return JSONResponse({"error": body}, status_code=code)
        from ceasewatch.web.pages import error_page

        return error_page(request, code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
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
