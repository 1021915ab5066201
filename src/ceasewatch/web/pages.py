"""The browser pages: server-rendered HTML (Jinja), made better by small scripts of our
own where a browser runs them. Forms post here with their CSRF token; everything is read
and written through the Workspace, as the role allows (docs/web.md)."""

from __future__ import annotations

import hmac
import re
import secrets
from collections import defaultdict
from datetime import UTC, date, datetime, time
from importlib import resources
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, pass_context, select_autoescape

from ceasewatch.cookies import set_session_cookie
from ceasewatch.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from ceasewatch.ingest.monitoring import new_id, observation_from
from ceasewatch.model import CfvKind, ObservationMeans
from ceasewatch.model.access import ANONYMOUS, SESSION_COOKIE, Role, User
from ceasewatch.model.redact import MARKERS
from ceasewatch.model.vocab import FAMILY_COLOURS, Family
from ceasewatch.report.svg import ZONE_COLOURS, ZONE_DEFAULT
from ceasewatch.web import i18n
from ceasewatch.web.i18n import N_
from ceasewatch.workspace import Workspace

router = APIRouter(include_in_schema=False)
COOKIE = SESSION_COOKIE
LOGIN_COOKIE = "cw_login"  # the login form's own CSRF token, double-submitted

# What the pages write in place of something withheld from the reader's role
# (model/redact.py), in the reader's language wherever a template shows it
WITHHELD_WORDS = (
    N_("protected source"), N_("withheld"), N_("(withheld: it names a protected source)")
)  # fmt: skip


@pass_context
def _finalize(context: Any, value: Any) -> Any:
    if isinstance(value, str) and value in MARKERS and "_" in context:
        return context["_"](value)
    return value


_env = Environment(
    loader=PackageLoader("ceasewatch.web", "templates"),
    autoescape=select_autoescape(["html"]),
    finalize=_finalize,
)


def _ws(request: Request, user: User | None = None) -> Workspace:
    base: Workspace = request.app.state.workspace
    return base if user is None else base.as_user(user)


def _who(request: Request) -> tuple[User, str | None]:
    """The user of the session cookie (and its CSRF token), else the public."""
    return _ws(request).identify(None, request.cookies.get(COOKIE))


def _agreement_id(request: Request) -> str | None:
    wanted = request.query_params.get("agreement")
    if wanted:
        return wanted
    stored = _ws(request).agreements()
    return stored[0].agreement.id if stored else None


def page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    user, csrf = _who(request)
    html = _env.get_template(template).render(
        user=user,
        csrf=csrf,
        roles=Role,
        # an error page repeats nothing of what was asked for (the id of a record withheld
        # is answered as one that does not exist): not even in its links
        path=request.url.path if status < 400 else "",
        agreement=_agreement_id(request),
        **_language(request),
        **values,
    )
    return HTMLResponse(html, status_code=status)


def _words(request: Request, wanted: tuple[str, ...]) -> dict[str, str]:
    """*wanted* in the reader's language, for a page's script."""
    translate = _language(request)["_"]
    return {w: translate(w) for w in wanted}


def _language(request: Request) -> dict[str, Any]:
    """What a template needs to speak the reader's language (web/i18n.py): ``_`` to
    translate a message, ``ngettext`` for one with plural forms, ``lang`` for the page,
    ``languages`` for the switch."""
    lang = language(request)
    return {
        "_": i18n.gettext(lang),
        "ngettext": i18n.ngettext(lang),
        "lang": lang,
        "languages": [(code, i18n.name(code)) for code in i18n.available()],
    }


def language(request: Request) -> str:
    """The reader's language (web/i18n.py)."""
    return i18n.choose(request.cookies.get(i18n.COOKIE), request.headers.get("accept-language"))


# What an error page says in a language other than English, by status; the library's
# own message (in English) follows it as a detail
_STATUS_SAID = {
    400: N_("The request could not be used: a value is missing or not as expected."),
    401: N_("This needs you to log in, with a role that may do it."),
    403: N_("Your role may not do this."),
    404: N_("There is no such record, or it is not shown to your role."),
    409: N_("That record exists already, or someone else changed it first."),
    413: N_("That is too large to be accepted."),
    429: N_("Too many requests: wait a moment and try again."),
}
_NOT_DONE = N_("The request could not be carried out.")


def _error_words(
    request: Request, status: int, message: str, error: Exception | None
) -> dict[str, Any]:
    """The message of an error page in the reader's language: as the library wrote it in
    English; in another language, said in that language, with the library's text after it."""
    lang = language(request)
    if lang == i18n.DEFAULT:
        return {"message": message, "detail": None}
    _ = i18n.gettext(lang)
    if isinstance(error, NotFound) and "agreement" in error.kind:  # not the family's word
        return {"message": _("There is no agreement %(id)s.", id=error.ident), "detail": None}
    if isinstance(error, NotFound):
        said = _("There is no %(kind)s with the id %(id)s.", kind=_(error.kind), id=error.ident)
        return {"message": said, "detail": None}
    said = _(_STATUS_SAID.get(status, _NOT_DONE))
    return {"message": said, "detail": message}


def error_page(
    request: Request, status: int, message: str, error: Exception | None = None
) -> HTMLResponse:
    words = _error_words(request, status, message, error)
    if status == 401:
        return HTMLResponse(
            _env.get_template("error.html").render(
                user=ANONYMOUS,
                csrf=None,
                roles=Role,
                path="",
                agreement=None,
                status=status,
                login=True,
                **words,
                **_language(request),
            ),
            status_code=status,
        )
    return page(request, "error.html", status=status, status_code=status, **words)


def _check(request: Request, needed: Role, csrf_sent: str) -> User:
    user, csrf = _who(request)
    if user.role < needed:
        if user is ANONYMOUS:
            raise Unauthorized(f"log in: this needs the role {needed.label} or above")
        raise Forbidden(f"this needs the role {needed.label} or above")
    if not csrf or not hmac.compare_digest(csrf_sent or "", csrf):
        raise Forbidden("the form's CSRF token is missing or wrong: reload the page")
    return user


@router.get("/lang/{code}", include_in_schema=False)
def switch_language(request: Request, code: str, back: str = "/") -> Response:
    """Read the pages in another language from now on (a cookie), back on the same page."""
    if code not in i18n.available():
        raise NotFound("language", code)
    if not back.startswith("/") or back.startswith("//"):
        back = "/"  # only a page of this site
    out = RedirectResponse(back, status_code=303)
    out.set_cookie(i18n.COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", path="/")
    return out


# -- logging in -----------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    token = secrets.token_urlsafe(24)
    out = page(request, "login.html", login_csrf=token, failed=False)
    out.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", max_age=1800)
    return out


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    name: str = Form(...),
    password: str = Form(...),
    csrf: str = Form(""),
) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf, expected):
        raise Forbidden("the login form's CSRF token is missing or wrong: reload the page")
    ws = _ws(request)
    user = ws.authenticate(name, password, request.client.host if request.client else None)
    if user is None:
        return page(request, "login.html", status=401, login_csrf=expected, failed=True)
    sid, _ = ws.open_session(user)
    out = RedirectResponse("/", status_code=303)
    set_session_cookie(request, out, sid)
    out.delete_cookie(LOGIN_COOKIE)
    return out


@router.post("/logout")
def logout(request: Request) -> Response:
    sid = request.cookies.get(COOKIE)
    if sid:  # logging out is never refused: the session the cookie names ends
        _ws(request).close_session(sid)
    out = RedirectResponse("/", status_code=303)
    out.delete_cookie(COOKIE)
    return out


# -- the map and the events -----------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request) -> Response:
    """The map: the agreement's zones, the events by family and status, filters and a
    time window. Drawn by static/map.js from the API over Natural Earth's geography
    (static/map-geography.js); works with no map tiles and no network."""
    aid = _agreement_id(request)
    agreement = _ws(request).agreement(aid).agreement if aid else None
    kinds = {z.kind.value for z in agreement.zones} if agreement else set()
    return page(
        request,
        "map.html",
        families=[(f.value, FAMILY_COLOURS[f.value]) for f in Family],
        zone_colours={**ZONE_COLOURS, "": ZONE_DEFAULT},  # the reports' map's
        zone_kinds=[(k, ZONE_COLOURS.get(k, ZONE_DEFAULT)) for k in sorted(kinds - {"checkpoint"})],
        parties=[(p.id, p.name) for p in agreement.parties] if agreement else [],
        tiles=getattr(request.app.state, "tiles", None),
        words=_words(request, i18n.MAP_WORDS + i18n.LABELS),
        types={t.code: _language(request)["_"](t.label) for t in _ws(request).taxonomy},
    )


@router.post("/events/{event_id}/verify")
def verify(
    request: Request,
    event_id: str,
    status: str = Form(...),
    reason: str = Form(""),
    evidence: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    user = _check(request, Role.ANALYST, csrf)
    refs = [r.strip() for r in evidence.replace(",", " ").split() if r.strip()]
    _ws(request, user).verify_event(event_id, status, reason, refs)
    return RedirectResponse(f"/events/{event_id}", status_code=303)


# -- agreement, mission (events, findings and sources: records.py) ----------------------


@router.get("/agreements/{agreement_id}", response_class=HTMLResponse)
def agreement_page(request: Request, agreement_id: str) -> Response:
    user, _ = _who(request)
    ws = _ws(request)
    summary = ws.agreement_summary(agreement_id, datetime.now(UTC).date())
    by_provision: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in ws.findings_view(user, agreement_id):
        by_provision[f["provision"]].append(f)
    from ceasewatch.web.records import words

    zones = {z["id"]: z["name"] for z in summary.get("zones", [])}
    return page(
        request, "agreement.html", a=summary, findings=by_provision, w=words(request), zones=zones
    )


@router.get("/missions", response_class=HTMLResponse)
def missions_page(request: Request) -> Response:
    ws = _ws(request)
    aid = _agreement_id(request)
    if aid is None:
        raise NotFound("stored agreement", "any")
    summary = ws.agreement_summary(aid, datetime.now(UTC).date())
    cards = ws.scorecard(aid, None, mission=True, user=_who(request)[0])
    from ceasewatch.web.records import words

    missions = cards[0].get("missions", [])
    return page(request, "missions.html", a=summary, cards=missions, w=words(request))


# -- reports ------------------------------------------------------------------------------


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request) -> Response:
    user, _ = _who(request)
    return page(request, "reports.html", public=user.role <= Role.PUBLIC)


@router.get("/report")
def report(request: Request) -> Response:
    """A situation report of a period (docs/report.md), to anyone: the public edition
    (published events and findings only) to the public, the whole record to liaison
    officers and above, protected sources withheld from both:
    ``/report?from=2022-12-01&to=2022-12-31&format=html|pdf|md``, or ``daily=DATE``."""
    user, _ = _who(request)
    q = request.query_params
    try:
        if q.get("daily"):
            start = end = date.fromisoformat(q["daily"])
        else:
            start, end = date.fromisoformat(q.get("from", "")), date.fromisoformat(q.get("to", ""))
    except ValueError:
        raise InvalidInput(
            "give the period: from=YYYY-MM-DD&to=YYYY-MM-DD, or daily=YYYY-MM-DD", field="from"
        ) from None
    fmt = q.get("format", "html")
    cutoff = time(19, 30) if q.get("daily") else None  # the CLI's daily cut-off
    if user.role <= Role.PUBLIC:  # kept for the record's state: anyone may ask
        body = _ws(request).public_report(start, end, fmt, q.get("agreement"), cutoff)
    else:
        body = _ws(request, user).report(start, end, fmt, q.get("agreement"), cutoff)
    media = {
        "html": "text/html; charset=utf-8",
        "pdf": "application/pdf",
        "md": "text/markdown; charset=utf-8",
    }.get(fmt, "application/octet-stream")
    return Response(body, media_type=media)


# -- filing an observation ------------------------------------------------------------------


# ids the form makes (static/observe.js): "obs-" and 18 hex digits
FORM_ID = re.compile(r"obs-[0-9a-f]{18}")
SERVICE_WORKER = resources.files("ceasewatch.web").joinpath("static/sw.js")


@router.get("/sw.js", include_in_schema=False)
def service_worker() -> Response:
    """The service worker that opens the observation form with no connection; served from
    the root so that its scope covers /observe."""
    return Response(
        SERVICE_WORKER.read_bytes(),
        media_type="text/javascript",
        headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"},
    )


@router.get("/observe", response_class=HTMLResponse)
def observe_form(request: Request) -> Response:
    _needs(request, Role.MONITOR, "filing observations")
    return _observe_page(request, None)


def _observe_page(request: Request, done: str | None) -> HTMLResponse:
    translate = i18n.gettext(language(request))
    labels = {t.code: t.label for t in _ws(request).taxonomy}
    return page(
        request,
        "observe.html",
        types=[(code, translate(labels[code])) for code in _cfv_types(request)],
        words=_words(request, i18n.OBSERVE_WORDS),
        kinds=[k.value for k in CfvKind],
        means=[m.value for m in ObservationMeans],
        done=done,
    )


def _needs(request: Request, role: Role, what: str) -> User:
    """The user, whose role must be *role* or above: else 401 (nobody logged in) or 403."""
    user, _ = _who(request)
    if user is ANONYMOUS:
        raise Unauthorized(f"log in: {what} needs the role {role.label} or above")
    if user.role < role:
        raise Forbidden(f"{what} needs the role {role.label} or above")
    return user


def _cfv_types(request: Request) -> list[str]:
    wanted = ("cfv.", "movement.", "obstruction.", "corridor.", "clash.")
    return sorted(t.code for t in _ws(request).taxonomy if t.code.startswith(wanted))


def _number(value: str, field: str) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise InvalidInput(f"{value!r} is not a number", field=field) from None


@router.post("/observe", response_class=HTMLResponse)
def observe(
    request: Request,
    observer: str = Form(...),
    lat: str = Form(...),
    lon: str = Form(...),
    start: str = Form(...),
    type: str = Form(...),
    means: str = Form("seen"),
    cfv_kind: str = Form(""),
    count: str = Form(""),
    weapon: str = Form(""),
    bearing_deg: str = Form(""),
    distance_km: str = Form(""),
    notes: str = Form(""),
    source: str = Form(""),
    csrf: str = Form(""),
    id: str = Form(""),
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    user = _check(request, Role.MONITOR, csrf)
    if id and not FORM_ID.fullmatch(id):
        raise InvalidInput(f"{id[:80]!r} is not an observation id made by the form", field="id")
    try:
        when = datetime.fromisoformat(start)
    except ValueError:
        raise InvalidInput(f"{start!r} is not a date and time", field="start") from None
    if when.tzinfo is None:  # a local time where the agreement is: the form says so
        aid = _agreement_id(request)
        zone = ZoneInfo(_ws(request).agreement(aid).agreement.timezone) if aid else UTC
        when = when.replace(tzinfo=zone)
    la, lo = _number(lat, "lat"), _number(lon, "lon")
    if la is None or lo is None:
        raise InvalidInput("give the position: latitude and longitude", field="lat")
    far = _number(distance_km, "distance_km")
    o = observation_from(
        id=id or new_id("obs"),  # the form's own: sent twice, stored once (409 the second)
        observer=observer,
        lat=la,
        lon=lo,
        start=when,
        type_code=type,
        means=means,
        cfv_kind=cfv_kind or None,
        count=_number(count, "count"),
        weapon=weapon or None,
        bearing_deg=_number(bearing_deg, "bearing_deg"),
        distance_min_km=far,
        distance_max_km=far,
        notes=notes,
        source=source or None,
    )
    ws = _ws(request, user)
    upload = file.file.read() if file is not None and file.filename else b""
    kind = (file.content_type or "") if file is not None else ""
    if upload:
        ws.check_attachment(kind, upload)  # refused before anything is filed
    ws.add_observation(o)  # clustered a moment later, in the background
    if upload and file is not None:
        ws.attach("observation", o.id, file.filename or "file", kind, upload)
    return _observe_page(request, o.id)
