"""What the API publishes: downloads of the event list (``/api/events.csv`` in ACLED's
columns, ``/api/events.geojson``, ``/api/events.kml``) with the event list's filters, as
the caller's role may see them; and the public's Atom feed of new events and findings
(``/api/feed.atom``) by zone, family and party (workspace/publishing.py; docs/web.md)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from ceasewatch.api.auth import caller
from ceasewatch.api.events import Filters
from ceasewatch.model import Family
from ceasewatch.workspace import Workspace
from ceasewatch.workspace.publishing import DOWNLOADS, FINDING_DOWNLOADS, MAX_DOWNLOAD, Download

router = APIRouter(prefix="/api")


def _route(suffix: str) -> None:
    def download(
        request: Request,
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_DOWNLOAD)] = MAX_DOWNLOAD,
    ) -> Response:
        ws: Workspace = request.app.state.workspace
        query = replace(filters, limit=limit)
        return _sent(ws.events_download(caller(request, ws).user, suffix, query))

    download.__doc__ = (
        f"The events the filters find as {suffix.upper()} (the event list's filters; "
        f"at most {MAX_DOWNLOAD:,} events, X-Complete says whether all were given), as "
        "the caller's role may see them."
    )
    router.add_api_route(
        f"/events.{suffix}",
        download,
        methods=["GET"],
        name=f"events_{suffix}",
        tags=["events"],
        response_class=Response,
        responses={200: {"content": {DOWNLOADS[suffix][1].split(";")[0]: {}}}},
    )


for _suffix in DOWNLOADS:
    _route(_suffix)


def _sent(made: Download) -> Response:
    return Response(
        made.text,
        media_type=made.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{made.filename}"',
            "X-Count": str(made.count),
            "X-Complete": "true" if made.complete else "false",
            "Cache-Control": "private, no-store",
        },
    )


def _finding_route(suffix: str) -> None:
    def download(
        request: Request,
        agreement: Annotated[str | None, Query(max_length=64)] = None,
        party: Annotated[str | None, Query(max_length=64)] = None,
        status: Annotated[str | None, Query(max_length=16)] = None,
        rule: Annotated[str | None, Query(max_length=64)] = None,
    ) -> Response:
        ws: Workspace = request.app.state.workspace
        user = caller(request, ws).user
        return _sent(ws.findings_download(user, suffix, agreement, party, status, rule))

    download.__doc__ = (
        f"The findings the findings list's filters find, as {suffix.upper()}, as the "
        "caller's role may see them (the public: the published ones)."
    )
    router.add_api_route(
        f"/findings.{suffix}",
        download,
        methods=["GET"],
        name=f"findings_{suffix}",
        tags=["findings"],
        response_class=Response,
        responses={200: {"content": {FINDING_DOWNLOADS[suffix].split(";")[0]: {}}}},
    )


for _suffix in FINDING_DOWNLOADS:
    _finding_route(_suffix)


@router.get("/feed.atom", tags=["events"], response_class=Response)
def atom_feed(
    request: Request,
    zone: Annotated[str | None, Query(max_length=64, description="a zone of the agreement")] = None,
    family: Annotated[list[str] | None, Query()] = None,
    party: Annotated[str | None, Query(max_length=64)] = None,
    agreement: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The newest published events and findings as an Atom feed, of a zone, some families
    and a party: the public's view, whoever asks."""
    ws: Workspace = request.app.state.workspace
    base = str(request.base_url).rstrip("/")
    families = tuple(Family.parse(f, field="family") for f in family or ())
    text = ws.feed(zone, families, party, base, agreement)
    return Response(text, media_type="application/atom+xml; charset=utf-8")
