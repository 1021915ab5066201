"""The API's agreements and what is found against them: findings, scorecards, the
monitoring missions, an agreement with its calendar, its zones and its places."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ceasewatch.api import models
from ceasewatch.api.answers import ERRORS, tagged, who, workspace
from ceasewatch.errors import InvalidInput

router = APIRouter(prefix="/api")


@router.get(
    "/findings", response_model=list[models.FindingOut], responses=ERRORS, tags=["findings"]
)
def list_findings(
    request: Request,
    agreement: Annotated[str | None, Query(max_length=64)] = None,
    party: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[str | None, Query(max_length=16)] = None,
) -> Response:
    c = who(request)
    return tagged(
        request,
        c.user,
        lambda: [
            f
            for f in workspace(request).findings_view(c.user, agreement)
            if (party is None or f["party"] == party) and (status is None or f["status"] == status)
        ],
    )


@router.get("/scorecards", responses=ERRORS, tags=["findings"])
def scorecards(
    request: Request,
    agreement: Annotated[str | None, Query(max_length=64)] = None,
    party: Annotated[str | None, Query(max_length=64)] = None,
    mission: bool = False,
) -> Response:
    """Per party: findings by provision and status, weekly; per mission: tasks against
    the mandate."""
    c = who(request)
    return tagged(
        request, c.user, lambda: workspace(request).scorecard(agreement, party, mission, c.user)
    )


@router.get("/agreements", responses=ERRORS, tags=["agreements"])
def list_agreements(request: Request) -> Response:
    c = who(request)
    return tagged(
        request,
        c.user,
        lambda: [
            {"id": s.agreement.id, "title": s.agreement.title, "sha256": s.sha256}
            for s in workspace(request).agreements()
        ],
    )


@router.get("/agreements/{agreement_id}", responses=ERRORS, tags=["agreements"])
def show_agreement(
    request: Request, agreement_id: str, as_of: Annotated[date | None, Query()] = None
) -> Response:
    """The agreement as data with its calendar as of a day (default: today)."""
    c = who(request)
    day = as_of or datetime.now(UTC).date()
    if not 1900 <= day.year <= 2200:
        raise InvalidInput(f"{day} is not a day between 1900 and 2200", field="as_of")
    return tagged(request, c.user, lambda: workspace(request).agreement_summary(agreement_id, day))


@router.get("/missions", responses=ERRORS, tags=["agreements"])
def missions(
    request: Request, agreement: Annotated[str | None, Query(max_length=64)] = None
) -> Response:
    """Each monitoring mission: strength, term and mandate (as of today), and its recorded
    activities against the mandate."""
    c = who(request)

    def make() -> list[dict[str, Any]]:
        ws = workspace(request)
        today = datetime.now(UTC).date()
        out = []
        for card in ws.scorecard(agreement, None, mission=True, user=c.user):
            summary = ws.agreement_summary(card["agreement"], today)
            activity = {m["mission"]: m for m in card.get("missions", [])}
            for m in summary.get("missions", []):
                out.append({"agreement": card["agreement"], **m, "activity": activity.get(m["id"])})
        return out

    return tagged(request, c.user, make)


@router.get("/agreements/{agreement_id}/zones", responses=ERRORS, tags=["agreements"])
def zones(request: Request, agreement_id: str) -> Response:
    """The agreement's zones as GeoJSON, corridors grown to their width (for maps)."""
    c = who(request)
    return tagged(request, c.user, lambda: workspace(request).zones_geojson(agreement_id))


@router.get(
    "/agreements/{agreement_id}/places",
    response_model=list[models.GazetteerPlaceOut],
    responses=ERRORS,
    tags=["agreements"],
)
def places(request: Request, agreement_id: str) -> Response:
    """The places of the agreement's gazetteer that have coordinates (the map's town
    names): name, lat, lon and kind, by name."""
    c = who(request)
    return tagged(request, c.user, lambda: workspace(request).agreement_places(agreement_id))
