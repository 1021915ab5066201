"""Every page of the web application in a real browser (Debian's chromium through
Playwright), in English and in Russian, as the public and as an analyst, at a desktop's
width (1280 px) and a phone's (390 px): a screenshot of each under
test-artifacts/screenshots/pages/, nothing wider than the screen, on the English pages no
serious or critical violation axe-core finds, and on the Russian pages no label of ours
left in English. Every GET route of the web routers is either one
of the pages shot here or named below as not a page, so that a new page without a
screenshot fails."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from tests.web.test_accessibility import AXE, violations
from tests.web.test_browser import SHOTS, browser, log_in, new_page, server

from ceasewatch.web import i18n, pages, records

pytestmark = pytest.mark.browser
__all__ = ["browser", "server"]  # the fixtures, shared with test_browser.py

# Each page (the route's path) and where to see one: a record of the demo workspace
# (tests/support.py); a finding's id is read from the findings list.
PAGES = {
    "/": "/",
    "/login": "/login",
    "/events": "/events",
    "/events/{event_id}": "/events/cw-6e2163e962c1",
    "/claims/{claim_id}": "/claims/doc-029%232",
    "/observations/{observation_id}": "/observations/obs-001",
    "/crossings/{crossing_id}": "/crossings/x-002",
    "/findings": "/findings",
    "/findings/{finding_id}": "FINDING",
    "/sources": "/sources",
    "/sources/{source_id}": "/sources/am-mod",
    "/agreements/{agreement_id}": "/agreements/karabakh-2020",
    "/missions": "/missions",
    "/reports": "/reports",
    "/report": "/report?from=2022-12-01&to=2022-12-31",
    "/observe": "/observe",
}
EXTRA = {"error": "/events/no-such-event"}  # not a route: what every route answers when refused
NOT_PAGES = {
    "/lang/{code}": "a redirect back to the page asked for, with the language's cookie",
    "/sw.js": "the service worker's script",
}
WIDTHS = [pytest.param((1280, 900), id="desktop"), pytest.param((390, 844), id="phone")]
ROLES = ["public", "analyst"]


def web_routes() -> set[str]:
    """The paths of every GET route the web routers serve."""
    return {
        r.path
        for router in (pages.router, records.router)
        for r in router.routes
        if "GET" in getattr(r, "methods", ())
    }


def test_every_route_of_the_web_has_a_page_to_shoot() -> None:
    routes = web_routes()
    assert "/events/{event_id}" in routes and "/report" in routes
    assert routes - set(PAGES) - set(NOT_PAGES) == set(), "a page with no screenshot"
    assert set(PAGES) | set(NOT_PAGES) <= routes, "a page that is no longer served"


@cache
def labels() -> dict[str, re.Pattern[str]]:
    """Our labels whose Russian differs from them, each as a whole-word pattern."""
    return {
        english: re.compile(r"(?<![\w%:-])" + re.escape(english) + r"(?![\w:-])")
        for english, russian in i18n.messages("ru").items()
        if english != russian and len(english) >= 4 and not english.startswith("%(")
    }


# The text a reader is shown, less the record's own data (marked translate="no": names,
# what documents say, the reasons and summaries written into the record) and code; the
# labels that are attributes too (aria-label, placeholder, title, alt).
SHOWN = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[translate=no], code, script, style, noscript, svg title')
      .forEach((e) => e.remove());
  const said = [body.textContent];
  body.querySelectorAll('[aria-label], [placeholder], [title], [alt]').forEach((e) => {
    for (const a of ['aria-label', 'placeholder', 'title', 'alt']) {
      if (e.getAttribute(a)) { said.push(e.getAttribute(a)); }
    }
  });
  return said.join('\\n');
}"""


def english_left(page: Any) -> list[str]:
    text = page.evaluate(SHOWN)
    return sorted(e for e, pattern in labels().items() if pattern.search(text))


def ready(page: Any, path: str) -> None:
    """The page with its scripts done: the map drawn, tables marked."""
    if path == "/":
        page.wait_for_function(
            "document.getElementById('map').dataset.shown !== undefined && "
            "document.getElementById('map').dataset.geography === 'ready'"
        )
    if path.startswith("/events/cw-"):
        page.wait_for_function(  # a page the public is refused has none
            "!document.getElementById('eventmap') || "
            "document.getElementById('eventmap').dataset.ready === '1'"
        )
    page.wait_for_load_state("load")


@pytest.mark.parametrize("size", WIDTHS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_page_in_both_languages_at_both_widths(
    browser: object,
    server: str,
    workspace_file: str,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    role: str,
    size: tuple[int, int],
) -> None:
    # the server signs the analyst's report with the workspace's key (tests/conftest.py
    # keeps each test's key apart; this one needs the key the workspace was made with)
    monkeypatch.setenv("CEASEWATCH_KEY", str(Path(workspace_file).parent / "ledger.key"))
    page: Any = new_page(browser, *size)
    page.emulate_media(reduced_motion="reduce")  # axe reads the map at rest
    if lang == "en" and not AXE.exists():
        pytest.fail("axe-core is missing: run make setup (npm ci)")
    if role != "public":
        log_in(page, server, role)
    page.goto(f"{server}/lang/{lang}?back=/findings")
    finding = page.locator("#finding-list tbody a").first.get_attribute("href")
    assert finding and finding.startswith("/findings/")
    kind = "desktop" if size[0] > 500 else "phone"
    folder = SHOTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    left: dict[str, list[str]] = {}
    wide: dict[str, int] = {}
    serious: dict[str, list[str]] = {}
    for route, path in [*PAGES.items(), *EXTRA.items()]:
        path = finding if path == "FINDING" else path
        answer = page.goto(f"{server}{path}")
        # the analyst may open every page; the public is refused some records
        assert answer.ok or route in EXTRA or role == "public", f"{route}: {answer.status}"
        ready(page, path)
        if route != "/report":  # a report is written in English (docs/report.md)
            assert page.evaluate("document.documentElement.lang") == lang, route
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > size[0] + 10:  # a report is a document of its own, laid out for print
            wide[route] = width
        name = route.strip("/").replace("/", "-").replace("{", "").replace("}", "") or "map"
        shot = folder / f"{name}-{role}-{lang}-{kind}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
        if lang == "ru" and route != "/report":
            found = english_left(page)
            if found:
                left[route] = found
        if lang == "en":  # the same pages, the same markup: once per language is enough
            found = violations(page)
            if found:
                serious[route] = found
    assert left == {}
    assert wide == {}
    assert serious == {}
    page.context.close()
