"""The map in a real browser below and above the zoom where it stops counting events in
squares (bins, counted by the server) and shows the events themselves."""

from __future__ import annotations

from typing import Any

import pytest
from tests.web.test_browser import browser, log_in, server
from tests.web.test_map import offline_page, ready, view

__all__ = ["browser", "server"]  # the fixtures, shared with test_browser.py

pytestmark = pytest.mark.browser

PLACED = (
    "fetch('/api/events?limit=1000').then(r => r.json())"
    ".then(p => p.events.filter(e => e.place.lat !== null).length)"
)


def bins(page: Any) -> list[tuple[str, int]]:
    return [
        (b, int(n))
        for b, n in page.eval_on_selector_all(
            "[data-bin]", "els => els.map(e => [e.dataset.bin, e.dataset.count])"
        )
    ]


def zoomed_out(page: Any) -> list[tuple[str, int]]:
    view(page, [39.8, 46.7], 4)
    page.wait_for_function("document.getElementById('map').dataset.mode === 'bins'")
    page.wait_for_selector("[data-bin]")
    return bins(page)


@pytest.mark.parametrize("who", ["analyst", None])
def test_bins_when_zoomed_out_and_events_when_zoomed_in(
    browser: object, server: str, who: str | None
) -> None:
    page, refused = offline_page(browser, server, (1280, 900))
    if who:
        log_in(page, server, who)
    else:
        page.goto(f"{server}/")
    everything = ready(page)
    assert page.get_attribute("#map", "data-mode") == "events"
    assert page.locator("[data-bin]").count() == 0
    # zoomed out: squares whose counts add up to every placed event the role may see
    found = zoomed_out(page)
    placed = page.evaluate(PLACED)
    assert sum(n for _, n in found) == placed == int(page.get_attribute("#map", "data-shown"))
    assert 0 < len(found) < placed <= everything
    assert page.locator("[data-event]").count() == 0  # no event is drawn among them
    # a family unchecked: the server counts without it
    family = page.evaluate(
        "fetch('/api/events?limit=1000').then(r => r.json())"
        ".then(p => p.events.find(e => e.place.lat !== null).family)"
    )
    page.uncheck(f"input[name=family][value={family}]")
    page.wait_for_function(f"Number(document.getElementById('map').dataset.shown) < {placed}")
    page.check(f"input[name=family][value={family}]")
    page.wait_for_function(f"Number(document.getElementById('map').dataset.shown) === {placed}")
    # zoomed in: the events again, no squares
    view(page, [39.8, 46.7], 8)
    page.wait_for_function("document.getElementById('map').dataset.mode === 'events'")
    page.wait_for_function("document.querySelectorAll('[data-event], .cw-cluster-ring').length > 0")
    assert page.locator("[data-bin]").count() == 0
    # a square clicked zooms to it
    found = zoomed_out(page)
    page.locator("[data-bin]").first.click()
    page.wait_for_function("cwMap.getZoom() > 4")
    assert refused == []


def test_the_public_squares_count_only_what_the_public_sees(browser: object, server: str) -> None:
    analyst, _ = offline_page(browser, server, (1280, 900))
    log_in(analyst, server, "analyst")
    ready(analyst)
    whole = sum(n for _, n in zoomed_out(analyst))
    public, _ = offline_page(browser, server, (1280, 900))
    public.goto(f"{server}/")
    ready(public)
    shown = sum(n for _, n in zoomed_out(public))
    assert shown == public.evaluate(PLACED) < whole
    statuses = public.evaluate(
        "fetch('/api/bins?zoom=4&status=unverified').then(r => r.json()).then(a => a.count)"
    )
    assert statuses == 0  # the public asks for the unpublished in vain
