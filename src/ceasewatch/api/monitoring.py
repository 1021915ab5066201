"""What monitors file through the API: observations (clustered after the write, with
where to see their state) and checkpoint crossings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from ceasewatch.api import models
from ceasewatch.api.answers import ERRORS, workspace
from ceasewatch.api.auth import needs
from ceasewatch.errors import SchemaError
from ceasewatch.ingest.monitoring import new_id, observation_from
from ceasewatch.model import CargoItem, Crossing, Direction, Observation
from ceasewatch.model.access import Role, User

router = APIRouter(prefix="/api")


def observation_of(body: models.ObservationIn) -> Observation:
    """The observation the body describes; its checks become errors naming the field."""
    return observation_from(
        id=body.id or new_id("obs"),
        observer=body.observer,
        lat=body.lat,
        lon=body.lon,
        place=body.place,
        start=body.start,
        end=body.end,
        type_code=body.type,
        means=body.means,
        cfv_kind=body.cfv_kind,
        count=body.count,
        weapon=body.weapon,
        bearing_deg=body.bearing_deg,
        distance_min_km=body.distance_min_km,
        distance_max_km=body.distance_max_km,
        notes=body.notes,
        source=body.source,
    )


@router.post(
    "/observations",
    response_model=models.ObservationFiled,
    status_code=201,
    responses=ERRORS,
    tags=["monitoring"],
)
def add_observation(
    request: Request,
    body: models.ObservationIn,
    user: Annotated[User, Depends(needs(Role.MONITOR))],
) -> Response:
    """A monitor's observation: what was seen or heard, from where, which way and how far.
    It is stored and logged at once and clustered a moment later, outside the write: the
    answer says it is not clustered yet, and ``state`` (also the Location) is where to
    see the event it joins."""
    o = observation_of(body)
    filed = workspace(request, user).add_observation(o)
    state = f"/api/observations/{o.id}"
    return JSONResponse(
        {**filed, "status": "created", "state": state},
        status_code=201,
        headers={"Location": state},
    )


@router.get(
    "/observations/{observation_id}",
    response_model=models.ObservationState,
    responses=ERRORS,
    tags=["monitoring"],
)
def observation_state(
    request: Request,
    observation_id: str,
    user: Annotated[User, Depends(needs(Role.MONITOR))],
) -> Response:
    """Whether an observation is clustered yet, and the event it joined."""
    return JSONResponse(workspace(request, user).observation_state(observation_id))


@router.post(
    "/crossings",
    response_model=models.Created,
    status_code=201,
    responses=ERRORS,
    tags=["monitoring"],
)
def add_crossing(
    request: Request,
    body: models.CrossingIn,
    user: Annotated[User, Depends(needs(Role.MONITOR))],
) -> Response:
    """A checkpoint record: the vehicle, which way, what it declared and what was seen."""
    if body.time.tzinfo is None:
        raise SchemaError("give the time with its UTC offset", field="time")

    def cargo(items: list[models.CargoIn]) -> tuple[CargoItem, ...]:
        return tuple(CargoItem(i.category, i.description, i.quantity, i.unit) for i in items)

    x = Crossing(
        id=body.id or new_id("x"),
        checkpoint=body.checkpoint,
        time=body.time,
        vehicle=body.vehicle,
        direction=Direction.parse(body.direction, field="direction"),
        declared=cargo(body.declared),
        observed=cargo(body.observed) if body.observed is not None else None,
        escort=body.escort,
        notes=body.notes,
    )
    workspace(request, user).add_crossing(x)
    return JSONResponse({"id": x.id, "status": "created"}, status_code=201)
