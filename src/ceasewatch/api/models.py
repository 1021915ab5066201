"""The API's JSON shapes, as pydantic models: they make /openapi.json say exactly what
each endpoint takes and gives (the field meanings are in docs/json.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class DateOut(BaseModel):
    start: str | None
    end: str | None
    precision: str


class PlaceOut(BaseModel):
    name: str | None
    lat: float | None
    lon: float | None
    precision: str
    radius_m: float | None
    country: str | None
    iso: int | None
    region: str | None
    admin1: str | None
    admin2: str | None
    admin3: str | None


class ActorOut(BaseModel):
    name: str
    role: str
    party: str | None
    inter: int | None


class CountOut(BaseModel):
    low: int | None
    best: int | None
    high: int | None
    civilian: int | None
    military: int | None


class CfvOut(BaseModel):
    kind: str
    count: int | None
    weapon: str | None


class AcledOut(BaseModel):
    event_type: str
    sub_event_type: str
    disorder_type: str | None


class EventOut(BaseModel):
    id: str
    type: str
    family: str
    acled: AcledOut | None
    date: DateOut
    place: PlaceOut
    actors: list[ActorOut]
    killed: CountOut
    wounded: CountOut
    status: str
    civilian_targeting: bool
    cfv: list[CfvOut]
    notes: str | None
    sources: list[str]
    source_scale: str | None
    tags: list[str]
    dataset: str | None
    external_id: str | None
    extra: dict[str, str]


class EventPage(BaseModel):
    events: list[EventOut]
    count: int = Field(description="events on this page")
    next: str | None = Field(description="pass as `after` for the next page; null at the end")


class ContradictionOut(BaseModel):
    kind: str
    text: str
    refs: list[str]


class HistoryOut(BaseModel):
    id: str
    event_id: str
    time: str
    actor: str
    action: str
    status: str | None
    reason: str
    refs: list[str]


class DossierOut(BaseModel):
    event: EventOut
    members: list[dict[str, Any]]
    independent_origins: list[str]
    contradictions: list[ContradictionOut]
    decided: str | None
    history: list[HistoryOut]


class PeriodOut(BaseModel):
    start: str | None
    end: str | None


class FindingOut(BaseModel):
    id: str
    agreement: str | None
    rule: str
    rule_version: str
    provision: str
    party: str | None
    period: PeriodOut
    severity: str
    status: str
    summary: str
    evidence: list[str]


class SourceOut(BaseModel):
    id: str
    name: str
    kind: str
    affiliation: str | None
    parent: str | None
    origin: str
    reliability: str
    protected: bool


class DocumentOut(BaseModel):
    id: str
    source: str | None
    published: str | None
    language: str | None
    title: str | None
    file: str | None = Field(
        None, description="where it was read; only for roles that see protected sources"
    )


class UserOut(BaseModel):
    name: str
    role: str
    csrf: str | None = Field(None, description="send as X-CSRF-Token with cookie writes")


class Login(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class ObservationIn(BaseModel):
    """A monitor's report from a post or a patrol."""

    id: str | None = Field(None, max_length=128, description="default: one is made")
    observer: str = Field(min_length=1, max_length=64, description="post or patrol id")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    place: str | None = Field(None, max_length=200)
    start: datetime = Field(description="with its UTC offset")
    end: datetime | None = None
    type: str = Field(max_length=64, description="an event type code, e.g. cfv.shelling")
    means: str = "seen"
    cfv_kind: str | None = None
    count: int | None = Field(None, ge=0, le=100000)
    weapon: str | None = Field(None, max_length=64)
    bearing_deg: float | None = Field(None, ge=0, lt=360)
    distance_min_km: float | None = Field(None, ge=0, le=100)
    distance_max_km: float | None = Field(None, ge=0, le=100)
    notes: str | None = Field(None, max_length=5000)
    source: str | None = Field(
        None,
        max_length=64,
        description="the source (monitoring team) the post reports for; needed once per post",
    )


class CargoIn(BaseModel):
    category: str = Field(min_length=1, max_length=64)
    description: str | None = Field(None, max_length=500)
    quantity: float | None = Field(None, ge=0)
    unit: str | None = Field(None, max_length=32)


class CrossingIn(BaseModel):
    id: str | None = Field(None, max_length=128)
    checkpoint: str = Field(min_length=1, max_length=64)
    time: datetime
    vehicle: str = Field(min_length=1, max_length=64)
    direction: str = Field(description="inbound or outbound")
    declared: list[CargoIn] = []
    observed: list[CargoIn] | None = None
    escort: str | None = Field(None, max_length=64)
    notes: str | None = Field(None, max_length=5000)


class DocumentIn(BaseModel):
    text: str = Field(min_length=1, max_length=2_000_000)
    source: str | None = Field(None, max_length=64)
    published: str | None = Field(
        None,
        max_length=40,
        description="ISO 8601: a time, a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY)",
    )
    title: str | None = Field(None, max_length=500)


class VerifyIn(BaseModel):
    status: str = Field(description="verified, disputed or refuted")
    reason: str = Field(max_length=5000)
    evidence: list[str] = []


class GradeIn(BaseModel):
    reliability: str = Field(description="A-F")
    reason: str = Field(max_length=5000)


class Created(BaseModel):
    id: str
    status: str = "created"


class ObservationState(BaseModel):
    """Whether an observation is clustered yet: it waits in the clusterer's queue
    (``pending``) until it joins or opens an ``event`` (None if clustering left it alone)."""

    id: str
    clustered: bool
    pending: bool
    event: str | None = None


class ObservationFiled(ObservationState):
    """A filed observation: stored and logged, clustered a moment later; ``state`` is
    where to ask whether it is clustered yet."""

    status: str = "created"
    state: str


class ErrorBody(BaseModel):
    error: str
    message: str
    file: str | None = None
    row: int | None = None
    field: str | None = None


class ErrorOut(BaseModel):
    error: ErrorBody


class GazetteerPlaceOut(BaseModel):
    """A place of an agreement's gazetteer, for the map's town names."""

    name: str
    lat: float
    lon: float
    kind: str
