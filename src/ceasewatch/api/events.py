"""The API's events: the list (filtered, a page at a time, its answers kept), an event
with everything behind it, and an analyst's decision on it; the filters the list shares
with the downloads and the map's bins."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from ceasewatch.api import models
from ceasewatch.api.answers import ERRORS, cached, tagged, who, workspace
from ceasewatch.api.auth import needs
from ceasewatch.model import Family, VerificationStatus
from ceasewatch.model.access import Role, User
from ceasewatch.model.query import MAX_TEXT, BBox, EventQuery

router = APIRouter(prefix="/api")
MAX_PAGE = 1000


def event_filters(
    bbox: Annotated[str | None, Query(description="west,south,east,north")] = None,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    family: Annotated[list[str] | None, Query()] = None,
    type: Annotated[list[str] | None, Query()] = None,
    status: Annotated[list[str] | None, Query()] = None,
    party: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[
        str | None,
        Query(max_length=MAX_TEXT, description="words, each in the place, type, notes or actors"),
    ] = None,
) -> EventQuery:
    """The event list's filters, shared by the list and its downloads."""
    return EventQuery(
        start=start,
        end=end,
        bbox=BBox.parse(bbox) if bbox else None,
        types=tuple(type or ()),
        families=tuple(Family.parse(f, field="family") for f in family or ()),
        party=party,
        text=q,
        statuses=tuple(VerificationStatus.parse(s, field="status") for s in status or ()),
    )


Filters = Annotated[EventQuery, Depends(event_filters)]


@router.get("/events", response_model=models.EventPage, responses=ERRORS, tags=["events"])
def list_events(
    request: Request,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 200,
    after: Annotated[str | None, Query(max_length=128, description="cursor")] = None,
) -> Response:
    """Events, oldest id first, filtered; a page at a time (``next`` is the cursor)."""
    c = who(request)

    def make() -> bytes:
        query = replace(filters, limit=limit, after=after)
        return workspace(request).events_json(c.user, query)

    def concerns(changed: list[Any]) -> bool:
        """Whether an event changed may enter or leave the page, or change on it: one of
        its days in the period and its place in the box (the other filters are not
        looked at: a change they would exclude costs one answer made again)."""
        box, start, end = filters.bbox, filters.start, filters.end
        for x in changed:
            if (start is not None and (x.end or x.start) < start) or (
                end is not None and x.start > end
            ):
                continue
            if box is not None and (
                x.lat is None
                or x.lon is None
                or not (box.west <= x.lon <= box.east and box.south <= x.lat <= box.north)
            ):
                continue
            return True
        return False

    if c.user.role == Role.PUBLIC:  # made cheaply from events kept rendered: not kept whole
        return tagged(request, c.user, make)
    return cached(request, c.user, make, concerns)


@router.get(
    "/events/{event_id}", response_model=models.DossierOut, responses=ERRORS, tags=["events"]
)
def show_event(request: Request, event_id: str) -> Response:
    """An event with its claims and observations, their grades, the contradictions and
    its history."""
    c = who(request)
    return cached(
        request,
        c.user,
        lambda: workspace(request).event_view(c.user, event_id),
        lambda changed: any(x.id == event_id for x in changed),
    )


@router.post(
    "/events/{event_id}/verify",
    response_model=models.DossierOut,
    responses=ERRORS,
    tags=["events"],
)
def verify_event(
    request: Request,
    event_id: str,
    body: models.VerifyIn,
    user: Annotated[User, Depends(needs(Role.ANALYST))],
) -> Response:
    """An analyst's decision: verified, disputed or refuted, with a reason."""
    ws = workspace(request, user)
    ws.verify_event(event_id, body.status, body.reason, body.evidence)
    return JSONResponse(ws.event_view(user, event_id))
