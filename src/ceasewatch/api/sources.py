"""The API's sources and documents: the sources as the caller may see them, an
analyst's grade of one, and the documents, which a monitor may add."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from ceasewatch.api import models
from ceasewatch.api.answers import ERRORS, tagged, who, workspace
from ceasewatch.api.auth import needs
from ceasewatch.model.access import Role, User

router = APIRouter(prefix="/api")


@router.get("/sources", response_model=list[models.SourceOut], responses=ERRORS, tags=["sources"])
def list_sources(request: Request) -> Response:
    c = who(request)
    return tagged(request, c.user, lambda: workspace(request).sources_view(c.user))


@router.get("/sources/{source_id}", responses=ERRORS, tags=["sources"])
def show_source(request: Request, source_id: str) -> Response:
    c = who(request)
    return tagged(request, c.user, lambda: workspace(request).source_view(c.user, source_id))


@router.post(
    "/sources/{source_id}/grade",
    response_model=models.SourceOut,
    responses=ERRORS,
    tags=["sources"],
)
def grade_source(
    request: Request,
    source_id: str,
    body: models.GradeIn,
    user: Annotated[User, Depends(needs(Role.ANALYST))],
) -> Response:
    ws = workspace(request, user)
    ws.grade_source(source_id, body.reliability, body.reason)
    [found] = [s for s in ws.sources_view(user) if s["id"] == source_id]
    return JSONResponse(found)


@router.get(
    "/documents", response_model=list[models.DocumentOut], responses=ERRORS, tags=["documents"]
)
def list_documents(request: Request) -> Response:
    c = who(request)
    return tagged(request, c.user, lambda: workspace(request).documents_view(c.user))


@router.post(
    "/documents",
    response_model=models.Created,
    status_code=201,
    responses=ERRORS,
    tags=["documents"],
)
def add_document(
    request: Request,
    body: models.DocumentIn,
    user: Annotated[User, Depends(needs(Role.MONITOR))],
) -> Response:
    """A statement or article as text; its claims are extracted with ``documents
    extract``."""
    report = workspace(request, user).add_document(
        body.text, body.source, body.published, body.title
    )
    ids = list(report.stored) or [known for _, known in report.already]
    return JSONResponse(
        {"id": ids[0], "status": "created" if report.stored else "known"},
        status_code=201 if report.stored else 200,
    )
