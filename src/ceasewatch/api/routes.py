"""The HTTP API under /api: reads for every role (each sees what docs/web.md allows),
writes for monitors and analysts, all through the Workspace and so into the ledger.

Lists and details carry an ETag made of the ledger's size (every change to the record
grows it), the caller's view and the request; the event list keeps its last answers in
memory under that key, so a map polling an unchanged record costs one small query.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Annotated, Any, NamedTuple

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from ceasewatch.api import models
from ceasewatch.api.auth import COOKIE, Caller, caller, needs
from ceasewatch.errors import InvalidInput, SchemaError, Unauthorized
from ceasewatch.ingest.monitoring import new_id, observation_from
from ceasewatch.model import (
    CargoItem,
    Crossing,
    Direction,
    Family,
    Observation,
    VerificationStatus,
)
from ceasewatch.model.access import SESSION_HOURS, Role, User
from ceasewatch.model.query import MAX_TEXT, BBox, EventQuery
from ceasewatch.workspace import Workspace

router = APIRouter(prefix="/api")
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": models.ErrorOut, "description": "not logged in"},
    403: {"model": models.ErrorOut, "description": "the role may not"},
    404: {"model": models.ErrorOut, "description": "no such record"},
    409: {"model": models.ErrorOut, "description": "exists already"},
    422: {"model": models.ErrorOut, "description": "bad input; names the field"},
}
MAX_PAGE = 1000


def workspace(request: Request, user: User | None = None) -> Workspace:
    base: Workspace = request.app.state.workspace
    return base if user is None else base.as_user(user)


def who(request: Request) -> Caller:
    return caller(request, workspace(request))


def view_of(user: User) -> str:
    """The three views of the record: public, without protected sources, whole."""
    if user.role == Role.PUBLIC:
        return "public"
    return "whole" if user.role.sees_protected else "redacted"


def tagged(
    request: Request, user: User, make: Callable[[], Any], *, ledger: bool = False
) -> Response:
    """A JSON answer (or a value to make it of) with its ETag (taken before the answer is
    made, so a write in between makes the tag stale, never the answer); 304 when the
    caller has it already. ``ledger``: the answer shows the ledger itself, which every
    write changes."""
    etag = etag_of(request, user, ledger=ledger)
    if request.headers.get("if-none-match") == etag:
        return _send(request, etag, b"")
    made = make()
    return _send(request, etag, made if isinstance(made, bytes) else orjson.dumps(made))


def etag_of(request: Request, user: User, *, ledger: bool = False) -> str:
    """The record's size, the caller's view and the request (path and query). The size
    is the ledger's as of the last change a view may show (an observation filed changes
    no view until it is clustered), or with ``ledger`` the ledger's own."""
    ws = workspace(request)
    return _etag(request, user, ws.ledger_size() if ledger else ws.view_size())


def _etag(request: Request, user: User, size: int) -> str:
    # keyed with a secret of this server's: nobody can forge the tag of an answer they
    # may not see and learn from a 304 that it exists
    secret: bytes = request.app.state.etag_secret
    key = f"{size}|{_request_key(request, user)}"
    return '"' + hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()[:32] + '"'


def _request_key(request: Request, user: User) -> str:
    today = datetime.now(UTC).date()  # what "as of today" means changes at midnight
    return f"{today}|{view_of(user)}|{request.url.path}?{request.url.query}"


Concerns = Callable[[list[Any]], bool]


def cached(request: Request, user: User, make: Callable[[], Any], concerns: Concerns) -> Response:
    """The answer kept for this request, or made, kept and sent. A kept answer made at an
    older view size still holds when only the clusterer has changed the record since,
    and *concerns* finds no change among the events it changed (as they were and as they
    became) that the answer may show; it keeps its ETag."""
    ws = workspace(request)
    size = ws.view_size()  # taken before the answer is made: a write in between makes
    key = _request_key(request, user)  # the tag stale, never the answer
    answers: Answers = request.app.state.answers
    kept = answers.get(key)
    if kept is not None and kept.size != size:
        changed = ws.events_changed(kept.size, size) if kept.size < size else None
        if changed is not None and not concerns(changed):
            kept = Kept(size, kept.etag, kept.raw)
        else:
            kept = None
        if kept is not None:
            answers.put(key, kept)
    if kept is None:
        with answers.making(key) as ready:
            # another thread may have made it meanwhile, at this size or a later one
            kept = ready if ready is not None and ready.size >= size else None
            if kept is None:
                made = make()
                raw = made if isinstance(made, bytes) else orjson.dumps(made)
                # copied: orjson's result sits in a block up to twice its size
                kept = Kept(size, _etag(request, user, size), bytes(memoryview(raw)))
                answers.put(key, kept)
    return _send(request, kept.etag, kept.raw)


def _send(request: Request, etag: str, raw: bytes) -> Response:
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(raw, media_type="application/json", headers=headers)


class Kept(NamedTuple):
    """An answer kept: the view size it holds at, its ETag, its bytes."""

    size: int
    etag: str
    raw: bytes


class Answers:
    """The latest answers of the event list and event details, by request and view: at
    most ``size`` of them and ``budget`` bytes in all."""

    def __init__(self, size: int = 256, budget: int = 32 * 1024 * 1024) -> None:
        self.size, self.budget, self.used = size, budget, 0
        self.store: OrderedDict[str, Kept] = OrderedDict()
        self.lock = threading.Lock()  # sync endpoints run in a pool of threads
        self._makers: dict[str, threading.Lock] = {}

    @contextmanager
    def making(self, key: str) -> Iterator[Kept | None]:
        """One thread at a time makes the answer to a request: the others wait for it,
        then find it kept (yielded: the answer kept when this thread's turn came)."""
        with self.lock:
            maker = self._makers.setdefault(key, threading.Lock())
        with maker:
            yield self.get(key)
        with self.lock:
            if self._makers.get(key) is maker and not maker.locked():
                del self._makers[key]

    def get(self, key: str) -> Kept | None:
        with self.lock:
            found = self.store.get(key)
            if found is not None:
                self.store.move_to_end(key)
            return found

    def put(self, key: str, kept: Kept) -> None:
        with self.lock:
            old = self.store.pop(key, None)
            if old is not None:
                self.used -= len(old.raw)
            self.store[key] = kept
            self.used += len(kept.raw)
            while self.store and (len(self.store) > self.size or self.used > self.budget):
                _, dropped = self.store.popitem(last=False)
                self.used -= len(dropped.raw)


# -- events -------------------------------------------------------------------------------


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


# -- findings, scorecards, agreements, missions ---------------------------------------------


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


# -- sources, documents ---------------------------------------------------------------------


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


# -- what monitors file ---------------------------------------------------------------------


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


# -- the ledger -----------------------------------------------------------------------------


@router.get("/ledger/head", responses=ERRORS, tags=["ledger"])
def ledger_head(request: Request) -> Response:
    """The latest signed tree head (a checkpoint note), for anyone to keep."""
    c = who(request)
    return tagged(
        request,
        c.user,
        lambda: {"checkpoint": workspace(request).ledger_head(sign=False)},
        ledger=True,
    )


@router.get("/ledger/heads", responses=ERRORS, tags=["ledger"])
def ledger_heads(request: Request) -> Response:
    """Every signed head, smallest first, each with the witnesses' cosignature lines (C2SP
    checkpoints and tlog-cosignatures). Heads are never replaced: two heads at one size
    are the evidence of an altered log."""
    c = who(request)
    return tagged(
        request, c.user, lambda: {"checkpoints": workspace(request).ledger_heads()}, ledger=True
    )


@router.get("/ledger/consistency", responses=ERRORS, tags=["ledger"])
def ledger_consistency(
    request: Request,
    old: Annotated[int, Query(ge=1)],
    new: Annotated[int, Query(ge=1)],
) -> Response:
    """That the log of ``old`` entries is a prefix of the log of ``new``: the two roots and
    the consistency proof (RFC 9162), between any two sizes the log has had. A reader who
    kept a head of size ``old`` checks a newer head with it."""
    c = who(request)
    if old > new:
        raise InvalidInput("old should not be larger than new", field="old")
    return tagged(
        request, c.user, lambda: workspace(request).ledger_consistency(old, new), ledger=True
    )


@router.get("/ledger/proofs/{seq}", responses=ERRORS, tags=["ledger"])
def ledger_proof(
    request: Request, seq: int, size: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    """That entry ``seq`` is in the log of ``size`` entries: the entry and its audit path.
    An entry of a protected source is shown only to analysts and admins."""
    c = who(request)
    if seq < 0:
        raise InvalidInput("an entry number is 0 or more", field="seq")
    return tagged(
        request,
        c.user,
        lambda: workspace(request).ledger_proof_view(c.user, seq, size),
        ledger=True,
    )


# -- who is asking --------------------------------------------------------------------------


@router.post("/session", response_model=models.UserOut, responses=ERRORS, tags=["session"])
def log_in(request: Request, body: models.Login) -> Response:
    """Log in: sets an HttpOnly session cookie; the answer carries the CSRF token that
    writes made with the cookie must send as X-CSRF-Token."""
    ws = workspace(request)
    user = ws.authenticate(body.name, body.password, client_address(request))
    if user is None:
        raise Unauthorized("wrong name or password")
    sid, csrf = ws.open_session(user)
    out = JSONResponse({"name": user.name, "role": user.role.label, "csrf": csrf})
    set_session_cookie(request, out, sid)
    return out


def client_address(request: Request) -> str | None:
    """The client's address (a proxy's X-Forwarded-For when uvicorn trusts the proxy)."""
    return request.client.host if request.client else None


def set_session_cookie(request: Request, response: Response, sid: str) -> None:
    response.set_cookie(
        COOKIE,
        sid,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=SESSION_HOURS * 3600,
        path="/",
    )


@router.delete("/session", status_code=204, tags=["session"])
def log_out(request: Request) -> Response:
    c = who(request)
    if c.session:
        workspace(request).close_session(c.session)
    out = Response(status_code=204)
    out.delete_cookie(COOKIE, path="/")
    return out


@router.get("/me", response_model=models.UserOut, tags=["session"])
def me(request: Request) -> Response:
    c = who(request)
    return JSONResponse({"name": c.user.name, "role": c.user.role.label, "csrf": c.csrf})
