"""Accessibility: axe-core (from npm, run in the page by the browser tests) finds no serious
or critical violation on any page, for the public and for an analyst, at desktop width
and on a 390 px phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.web.test_browser import browser, log_in, new_page, server

pytestmark = pytest.mark.browser
__all__ = ["browser", "server"]  # the fixtures, shared with test_browser.py
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PUBLIC_PAGES = ["/", "/login", "/events", "/missions", "/findings", "/sources", "/reports"]
ANALYST_PAGES = ["/", "/events", "/missions", "/findings", "/sources", "/reports", "/observe"]


def violations(page: object) -> list[str]:
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    found = page.evaluate(  # type: ignore[attr-defined]
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)"
        ".map(n => n.target.join(' ')).join(', ')))"
    )
    return list(found)


@pytest.mark.parametrize("width", [1280, 390])
def test_no_page_has_a_serious_or_critical_violation(
    browser: object, server: str, width: int
) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run make setup (npm ci)")
    found: list[str] = []
    page = new_page(browser, width=width, height=900)
    # no animation in flight while axe reads the colours (a cluster fading in is not yet
    # the colour it will be); the map honours the reader's wish for less motion
    page.emulate_media(reduced_motion="reduce")  # type: ignore[attr-defined]
    for path in PUBLIC_PAGES:
        page.goto(f"{server}{path}")  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        found += [f"public {path}: {v}" for v in violations(page)]
    analyst = new_page(browser, width=width, height=900)
    analyst.emulate_media(reduced_motion="reduce")  # type: ignore[attr-defined]
    log_in(analyst, server, "analyst")
    agreement = analyst.evaluate(  # type: ignore[attr-defined]
        "fetch('/api/agreements').then(r => r.json()).then(a => a[0].id)"
    )
    firsts = analyst.evaluate(  # type: ignore[attr-defined]
        "Promise.all([fetch('/api/events?limit=1').then(r => r.json()),"
        " fetch('/api/findings').then(r => r.json()), fetch('/api/sources').then(r => r.json())])"
        ".then(([e, f, s]) => [e.events[0].id, f[0].id, s[0].id])"
    )
    records = [f"/events/{firsts[0]}", f"/findings/{firsts[1]}", f"/sources/{firsts[2]}"]
    for path in [*ANALYST_PAGES, f"/agreements/{agreement}", *records]:
        analyst.goto(f"{server}{path}")  # type: ignore[attr-defined]
        analyst.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        found += [f"analyst {path}: {v}" for v in violations(analyst)]
    assert found == []
