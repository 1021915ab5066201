"""Files attached to observations and events: upload (monitors), list and download (the
roles that may open them; workspace/attaching.py)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile
from fastapi.responses import JSONResponse

from ceasewatch.api.answers import ERRORS, workspace
from ceasewatch.api.auth import needs
from ceasewatch.model.access import Role, User

router = APIRouter(prefix="/api", tags=["attachments"])


def _upload(request: Request, user: User, kind: str, record_id: str, file: UploadFile) -> Response:
    data = file.file.read()
    row = workspace(request, user).attach(
        kind, record_id, file.filename or "file", file.content_type or "", data
    )
    return JSONResponse(_out(row), status_code=201, headers={"Location": _link(row)})


def _out(row: dict[str, Any]) -> dict[str, Any]:
    keep = ("id", "record_kind", "record_id", "sha256", "filename", "media_type", "size")
    return {**{k: row[k] for k in keep}, "added_at": row["added_at"], "url": _link(row)}


def _link(row: dict[str, Any]) -> str:
    return f"/api/attachments/{row['id']}"


@router.post("/observations/{observation_id}/attachments", responses=ERRORS, status_code=201)
def attach_to_observation(
    request: Request,
    observation_id: str,
    file: Annotated[UploadFile, File(description="a photo, video, sound, PDF or text file")],
    user: Annotated[User, Depends(needs(Role.MONITOR))],
) -> Response:
    """Attach a file to an observation (monitors and above); its SHA-256 is logged."""
    return _upload(request, user, "observation", observation_id, file)


@router.post("/events/{event_id}/attachments", responses=ERRORS, status_code=201)
def attach_to_event(
    request: Request,
    event_id: str,
    file: Annotated[UploadFile, File(description="a photo, video, sound, PDF or text file")],
    user: Annotated[User, Depends(needs(Role.MONITOR))],
) -> Response:
    """Attach a file to an event (monitors and above); its SHA-256 is logged."""
    return _upload(request, user, "event", event_id, file)


@router.get("/observations/{observation_id}/attachments", responses=ERRORS)
def observation_attachments(
    request: Request,
    observation_id: str,
    user: Annotated[User, Depends(needs(Role.MONITOR))],
) -> Response:
    """The files of an observation the caller may open."""
    found = workspace(request).attachments(user, "observation", observation_id)
    return JSONResponse({"attachments": [_out(r) for r in found]})


@router.get("/events/{event_id}/attachments", responses=ERRORS)
def event_attachments(
    request: Request,
    event_id: str,
    user: Annotated[User, Depends(needs(Role.MONITOR))],
) -> Response:
    """The files of an event the caller may open."""
    found = workspace(request).attachments(user, "event", event_id)
    return JSONResponse({"attachments": [_out(r) for r in found]})


@router.get("/attachments/{attachment_id}", responses=ERRORS)
def attachment(
    request: Request,
    attachment_id: str,
    user: Annotated[User, Depends(needs(Role.MONITOR))],
) -> Response:
    """A file, as it was attached, to those who may open it; downloaded, never shown
    inline, so that no file runs in the application's pages."""
    row, data = workspace(request).attachment(user, attachment_id)
    return Response(
        data,
        media_type=row["media_type"],
        headers={
            "Content-Disposition": _disposition(row["filename"]),
            "X-Content-Type-Options": "nosniff",
            "ETag": f'"{row["sha256"]}"',
            "Cache-Control": "private, no-store",
        },
    )


def _disposition(name: str) -> str:
    """A download under its name: plain ASCII for old clients, and the name as it is
    (RFC 6266, RFC 8187) for the others; a header holds Latin-1 only."""
    plain = name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
