"""The map's bins (``/api/bins``): how many events of the event list's filters fall in
each cell of a square grid at a zoom level, for a map showing a large area (docs/web.md,
"Bins"). The public sees the published events only; no bin counts a withheld place."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from ceasewatch.api.answers import ERRORS, tagged, who, workspace
from ceasewatch.api.events import Filters
from ceasewatch.geo.grid import MAX_ZOOM

router = APIRouter(prefix="/api", tags=["events"])


@router.get("/bins", responses=ERRORS)
def event_bins(
    request: Request,
    filters: Filters,
    zoom: Annotated[int, Query(ge=0, le=MAX_ZOOM, description="Leaflet's zoom level")],
) -> Response:
    """The events matching the filters counted in square cells about 64 pixels wide at
    ``zoom`` (with ``bbox``: the whole cells it touches), each with its centre, bounds,
    count and count by family; ``engine`` says whether the snapshot answered."""
    c = who(request)
    return tagged(request, c.user, lambda: workspace(request).map_bins(c.user, filters, zoom))
