"""The map page in a real browser (Debian's chromium through Playwright), at a desktop's
width and a phone's (390 px), with every request that is not to the local server refused:
the land, the borders, the rivers and lakes and the town names are there with no network, so is the legend,
and the party, words and time-window filters change what is shown. Screenshots go to
test-artifacts/screenshots/map-*.png."""

from __future__ import annotations

from typing import Any

import pytest
from tests.web.test_browser import SHOTS, browser, log_in, new_page, server

__all__ = ["browser", "server"]  # the fixtures, shared with test_browser.py

pytestmark = pytest.mark.browser
WIDTHS = [pytest.param((1280, 900), id="desktop"), pytest.param((390, 844), id="phone")]


def offline_page(browser: object, server: str, size: tuple[int, int]) -> tuple[Any, list[str]]:
    """A page whose requests to anywhere but ``server`` are refused (and listed)."""
    page: Any = new_page(browser, *size)
    refused: list[str] = []

    def only_local(route: Any) -> None:
        url = route.request.url
        if url.startswith(server + "/") or url.startswith("data:"):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    page.context.route("**/*", only_local)
    return page, refused


def ready(page: Any) -> int:
    page.wait_for_function(
        "document.getElementById('map').dataset.shown !== undefined && "
        "document.getElementById('map').dataset.geography === 'ready'"
    )
    return shown(page)


def shown(page: Any) -> int:
    return int(page.get_attribute("#map", "data-shown") or 0)


def view(page: Any, centre: list[float], zoom: int) -> None:
    """The map moved, and drawn there (two frames later)."""
    page.evaluate(
        """([centre, zoom]) => new Promise((done) => { cwMap.setView(centre, zoom, { animate: false });
             requestAnimationFrame(() => requestAnimationFrame(done)); })""",
        [centre, zoom],
    )


def pixel(page: Any, lat: float, lon: float) -> list[int]:
    """The colour of the geography's canvas where (lat, lon) is."""
    return page.evaluate(  # type: ignore[no-any-return]
        """([lat, lon]) => {
          const canvas = cwMap.getPane('geography').querySelector('canvas');
          const at = cwMap.latLngToContainerPoint([lat, lon]);
          const box = canvas.getBoundingClientRect(), map = cwMap.getContainer().getBoundingClientRect();
          const x = (at.x - (box.left - map.left)) * canvas.width / box.width;
          const y = (at.y - (box.top - map.top)) * canvas.height / box.height;
          return [...canvas.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1).data];
        }""",
        [lat, lon],
    )


@pytest.mark.parametrize("size", WIDTHS)
def test_land_borders_towns_and_legend_with_no_network(
    browser: object, server: str, size: tuple[int, int]
) -> None:
    page, refused = offline_page(browser, server, size)
    log_in(page, server, "analyst")
    assert ready(page) > 20
    # land: the canvas is the land's colour at Khankendi (#f3efe3), and the sea's
    # background shows through it in the Caspian, off Baku
    view(page, [40.0, 48.5], 7)
    assert pixel(page, 39.8177, 46.7528)[:3] == [0xF3, 0xEF, 0xE3]
    assert pixel(page, 40.2, 50.6)[3] == 0  # no land drawn on the sea
    assert int(page.get_attribute("#map", "data-land")) > 0
    # borders: Armenia's with Azerbaijan and Iran run through this view
    crossing = page.evaluate(
        "cwLayers.borders.getLayers()[0].getLatLngs()"
        ".filter(l => l.some(p => cwMap.getBounds().contains(p))).length"
    )
    assert crossing > 0
    # water: Lake Sevan filled in the sea's colour over the land, rivers drawn in the region
    # (the Tigris and the Euphrates; Natural Earth's 1:50m has no river nearer)
    view(page, [40.35, 45.3], 9)
    assert pixel(page, 40.33, 45.3)[:3] == [0xC9, 0xDC, 0xEA]
    assert pixel(page, 40.33, 44.7)[:3] == [0xF3, 0xEF, 0xE3]  # Abovyan's side: land
    assert int(page.get_attribute("#map", "data-lakes")) > 0
    assert int(page.get_attribute("#map", "data-rivers")) > 0
    assert page.evaluate("cwLayers.rivers.getLayers().length") > 0
    # town names from the gazetteer: the capitals from zoom 6, the villages close in
    view(page, [39.82, 46.75], 9)
    page.wait_for_selector("[data-place='Khankendi']")
    assert page.locator("[data-place='Khankendi']").inner_text() == "Khankendi"
    near = page.locator("[data-place]").count()
    view(page, [39.82, 46.75], 6)
    page.wait_for_function(f"Number(document.getElementById('map').dataset.places) < {near}")
    assert page.locator("[data-place='Yerevan']").count() == 1
    # the legend: zones, checkpoints, families, clusters
    legend = page.locator("#legend")
    if legend.get_attribute("open") is None:  # folded on a phone
        page.click("#legend summary")
    text = legend.inner_text()
    for words in ("corridor", "line of contact", "checkpoint", "ceasefire violation",
                  "cluster", "border between countries", "river", "lake or reservoir"):  # fmt: skip
        assert words in text, words
    # zones are outlines, checkpoints squares: neither looks like an event
    assert page.locator("path.cw-zone-corridor").count() >= 1
    assert page.locator("[data-checkpoint]").count() >= 1
    assert refused == []  # nothing was asked of anywhere else
    name = "desktop" if size[0] > 400 else "phone"
    view(page, [39.75, 46.6], 8)
    page.wait_for_timeout(300)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size[0] + 10, width  # nothing wider than the screen
    page.screenshot(path=str(SHOTS / f"map-{name}.png"), full_page=True)


def test_clusters_are_coloured_by_their_families(browser: object, server: str) -> None:
    page, _ = offline_page(browser, server, (1280, 900))
    log_in(page, server, "analyst")
    ready(page)
    view(page, [39.8, 46.7], 7)
    rings = page.locator(".cw-cluster-ring")
    rings.first.wait_for()
    # both read from one element at once: the map may redraw its clusters between two reads
    listed, style = rings.first.evaluate("e => [e.dataset.families, e.getAttribute('style')]")
    families = set(listed.split())
    colours = dict(page.evaluate("JSON.parse(document.getElementById('map').dataset.colours)"))
    assert families and all(colours[f] in style for f in families)
    # not the plug-in's green and yellow
    assert page.locator(".marker-cluster-small, .marker-cluster-medium").count() == 0


@pytest.mark.parametrize("size", WIDTHS)
def test_party_words_and_time_window_change_what_is_shown(
    browser: object, server: str, size: tuple[int, int]
) -> None:
    page, refused = offline_page(browser, server, size)
    log_in(page, server, "analyst")
    everything = ready(page)
    # party: asked of the API
    page.select_option("#party", "AZ")
    page.wait_for_function(f"Number(document.getElementById('map').dataset.shown) < {everything}")
    az = shown(page)
    assert 0 < az < everything
    # words, with the party still chosen: fewer again
    page.fill("#q", "Lachin")
    page.wait_for_function(f"Number(document.getElementById('map').dataset.shown) < {az}")
    assert 0 < shown(page) < az
    page.fill("#q", "")
    page.select_option("#party", "")
    page.wait_for_function(f"Number(document.getElementById('map').dataset.shown) === {everything}")
    # the histogram: one bar a week, as many events as are dated
    bars = page.locator("#histogram rect")
    weeks = bars.count()
    assert weeks > 10
    counted = sum(int(b) for b in page.eval_on_selector_all(
        "#histogram rect", "rs => rs.map(r => r.getAttribute('data-count'))"))  # fmt: skip
    dated = page.evaluate(
        "fetch('/api/events?limit=1000').then(r => r.json())"
        ".then(p => p.events.filter(e => e.date.start).length)"
    )
    assert counted == dated
    # the window: its last week moved to the first month's end shows fewer events
    page.evaluate(
        "const s = document.getElementById('win-to'); s.value = 4; "
        "s.dispatchEvent(new Event('input'))"
    )
    early = shown(page)
    assert early < everything
    assert page.input_value("#from") and page.input_value("#to")
    assert page.locator("#histogram rect.in").count() == 5
    # dates typed in: a year
    page.fill("#from", "2021-01-01")
    page.fill("#to", "2021-12-31")
    page.wait_for_function(  # both dates taken (the first alone may leave an empty window)
        f"Number(document.getElementById('map').dataset.shown) !== {early} && "
        "Number(document.getElementById('map').dataset.shown) > 0",
        timeout=5000,
    )
    in_2021 = shown(page)
    assert 0 < in_2021 < everything
    # play: the window moves on a week at a time, keeping its width, to the end
    page.evaluate("document.getElementById('play').dataset.interval = 30")
    page.fill("#from", "")
    page.fill("#to", "")
    page.click("#window-all")
    page.click("#play")
    assert page.get_attribute("#play", "aria-pressed") == "true"
    page.wait_for_function("document.getElementById('play').getAttribute('aria-pressed') === 'false'",
                           timeout=30000)  # fmt: skip
    last = int(page.input_value("#win-to"))
    assert last == weeks - 1
    assert int(page.input_value("#win-from")) == weeks - 4
    assert shown(page) < everything
    assert refused == []
    name = "desktop" if size[0] > 400 else "phone"
    page.screenshot(path=str(SHOTS / f"map-filtered-{name}.png"), full_page=True)
