"""The pages of the record: the event list (search, filters, order, pages) and an event's
page, the findings and a finding's page, the sources and a source's page with its grading
form for analysts. Read through the Workspace as the role may see it (docs/web.md); the
words on them come from ``words.py``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ceasewatch.errors import CeasewatchError, InvalidInput
from ceasewatch.model import Family, Reliability, VerificationStatus
from ceasewatch.model.access import Role
from ceasewatch.model.redact import MARKERS
from ceasewatch.model.vocab import FAMILY_COLOURS
from ceasewatch.web import i18n
from ceasewatch.web.pages import _agreement_id, _check, _who, _ws, language, page
from ceasewatch.web.words import Words
from ceasewatch.workspace.listing import EventSearch

router = APIRouter(include_in_schema=False)
PER_PAGE = 25


def words(request: Request) -> Words:
    """The words of the pages, with the agreement shown (the first stored, or ?agreement=)."""
    from ceasewatch.assess.builtin import builtin_rules

    ws = _ws(request)
    aid = _agreement_id(request)
    agreement = None
    if aid:
        try:
            agreement = ws.agreement(aid).agreement
        except CeasewatchError:
            agreement = None
    rules = ((r.id, r.title) for r in builtin_rules())
    return Words(ws.taxonomy, agreement, rules, i18n.gettext(language(request)))


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{value!r} is not a day YYYY-MM-DD", field=field) from None


def _page_number(value: str | None) -> int:
    if not value:
        return 1
    if not value.isdigit() or int(value) < 1:
        raise InvalidInput(f"{value!r} is not a page number (1, 2, ...)", field="page")
    return int(value)


def _download_query(q: Any, names: tuple[str, ...]) -> str:
    """The page's filter as its downloads take it ("?..."; "" for none): the links are
    right as the page was asked, before static/downloads.js follows the form."""
    kept = [(k, v) for k, v in q.multi_items() if k in names and v]
    return "?" + urlencode(kept) if kept else ""


# -- events ---------------------------------------------------------------------------------


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request) -> Response:
    """Every event the role may see, placed on the map or not: words, filters, order, pages."""
    q = request.query_params
    user, _ = _who(request)
    search = EventSearch(
        text=q.get("q", "")[:200],
        families=tuple(Family.parse(f, field="family") for f in q.getlist("family") if f),
        statuses=tuple(
            VerificationStatus.parse(s, field="status") for s in q.getlist("status") if s
        ),
        party=q.get("party") or None,
        start=_day(q.get("from"), "from"),
        end=_day(q.get("to"), "to"),
        newest=q.get("sort", "newest") != "oldest",
        page=_page_number(q.get("page")),
        per_page=PER_PAGE,
    )
    found = _ws(request).event_list(user, search)
    kept = [(k, v) for k, v in q.multi_items() if k != "page" and v]

    def page_link(n: int) -> str:
        return "/events?" + urlencode([*kept, ("page", str(n))])

    statuses = [s.value for s in VerificationStatus]
    if user.role == Role.PUBLIC:
        statuses = ["corroborated", "verified"]
    return page(
        request,
        "events.html",
        w=words(request),
        found=found,
        search=search,
        families=[(f.value, FAMILY_COLOURS[f.value]) for f in Family],
        colours=FAMILY_COLOURS,
        statuses=statuses,
        page_link=page_link,
        markers=MARKERS,
        download_query=_download_query(q, ("q", "family", "status", "party", "from", "to")),
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> Response:
    user, _ = _who(request)
    d = _ws(request).event_view(user, event_id)
    return page(
        request,
        "event.html",
        d=d,
        w=words(request),
        statuses=("verified", "disputed", "refuted"),
        members={m["ref"] for m in d["members"]},
        markers=MARKERS,
        colour=FAMILY_COLOURS.get(d["event"]["family"], "#555"),
        files=_ws(request).attachments(user, "event", event_id),
    )


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: str) -> Response:
    """A claim read from a document: what it says, how firmly, who says it, its event."""
    user, _ = _who(request)
    r = _ws(request).record_page(user, f"claim:{claim_id}")
    return page(request, "claim.html", r=r, w=words(request), markers=MARKERS)


@router.get("/observations/{observation_id}", response_class=HTMLResponse)
def observation_page(request: Request, observation_id: str) -> Response:
    """A monitor's observation: the post, the place, the time, what was seen, its event."""
    user, _ = _who(request)
    ws = _ws(request)
    r = ws.record_page(user, f"observation:{observation_id}")
    files = ws.attachments(user, "observation", observation_id)
    return page(request, "observation.html", r=r, w=words(request), markers=MARKERS, files=files)


@router.get("/crossings/{crossing_id}", response_class=HTMLResponse)
def crossing_page(request: Request, crossing_id: str) -> Response:
    """A checkpoint's record of a crossing (liaison officers and above)."""
    user, _ = _who(request)
    r = _ws(request).record_page(user, f"crossing:{crossing_id}")
    return page(request, "crossing.html", r=r, w=words(request), markers=MARKERS)


# -- findings -------------------------------------------------------------------------------


@router.get("/findings", response_class=HTMLResponse)
def findings_page(request: Request) -> Response:
    from ceasewatch.report.svg import hbars_svg

    q = request.query_params
    user, _ = _who(request)
    ws = _ws(request)
    w = words(request)
    _ = i18n.gettext(language(request))
    aid = _agreement_id(request)
    listed = ws.finding_list(
        user, aid, q.get("party") or None, q.get("status") or None, q.get("rule") or None
    )
    by_party: dict[str, int] = defaultdict(int)
    by_rule: dict[str, int] = defaultdict(int)
    for f in listed["findings"]:
        by_party[w.party(f["party"])] += 1
        by_rule[w.rule(f["rule"])] += 1
    charts = [
        hbars_svg(_("Findings by party"), sorted(by_party.items())),
        hbars_svg(_("Findings by rule"), sorted(by_rule.items(), key=lambda x: -x[1])),
    ]
    cards = ws.scorecard(aid, None, user=user) if aid else []
    return page(
        request,
        "findings.html",
        w=w,
        listed=listed,
        charts=charts,
        parties=cards[0].get("parties", []) if cards else [],
        agreements=[s.agreement for s in ws.agreements()],
        chosen={k: q.get(k, "") for k in ("party", "status", "rule")},
        markers=MARKERS,
        download_query=_download_query(q, ("agreement", "party", "status", "rule")),
    )


@router.get("/findings/{finding_id}", response_class=HTMLResponse)
def finding_page(request: Request, finding_id: str) -> Response:
    user, _ = _who(request)
    found = _ws(request).finding_page(user, finding_id)
    return page(request, "finding.html", w=words(request), f=found, markers=MARKERS)


# -- sources --------------------------------------------------------------------------------


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> Response:
    user, _ = _who(request)
    return page(request, "sources.html", sources=_ws(request).sources_view(user), w=words(request))


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, source_id: str) -> Response:
    user, _ = _who(request)
    s = _ws(request).source_view(user, source_id)
    return page(
        request,
        "source.html",
        s=s,
        w=words(request),
        grades=[(r.letter, r.label) for r in Reliability],
        markers=MARKERS,
        graded=request.query_params.get("graded") == "1",
    )


@router.post("/sources/{source_id}/grade")
def grade_source(
    request: Request,
    source_id: str,
    reliability: str = Form(...),
    reason: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """An analyst's grade for a source, with the reason, into the ledger."""
    user = _check(request, Role.ANALYST, csrf)
    _ws(request, user).grade_source(source_id, reliability, reason.strip() or None)
    return RedirectResponse(f"/sources/{source_id}?graded=1", status_code=303)
