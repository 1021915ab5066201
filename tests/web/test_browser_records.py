"""The pages of the record in a real browser (Debian's chromium through Playwright), at a
desktop's width and on a 390 px phone: an event with no coordinates found through the
list, a finding's evidence followed by its links, a source graded by an analyst, and a
screenshot of every page at both widths (test-artifacts/screenshots/)."""

from __future__ import annotations

import pytest
from tests.web.test_browser import SHOTS, browser, log_in, new_page, server

from ceasewatch.model import Family
from ceasewatch.model.query import EventQuery
from ceasewatch.workspace import Workspace

pytestmark = pytest.mark.browser
__all__ = ["browser", "server"]  # the fixtures, shared with the map's tests
WIDTHS = [pytest.param((1280, 900), id="desktop"), pytest.param((390, 844), id="phone")]
UNPLACED = "cw-9486aa9223a4"  # the contingent at "observance 27 posts": no coordinates


def _fits(page: object, size: tuple[int, int]) -> None:
    """Nothing on the page is wider than the screen."""
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= size[0] + 10, (page.url, width)  # type: ignore[attr-defined]


def _shot(page: object, name: str, size: tuple[int, int]) -> None:
    kind = "phone" if size[0] < 500 else "desktop"
    page.screenshot(path=str(SHOTS / f"{name}-{kind}.png"), full_page=True)  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", WIDTHS)
def test_an_event_without_coordinates_is_found_through_the_list(
    browser: object, server: str, size: tuple[int, int], workspace_file: str
) -> None:
    page = new_page(browser, *size)
    log_in(page, server, "analyst")
    page.goto(f"{server}/events")  # type: ignore[attr-defined]
    with Workspace.open(workspace_file) as ws:  # every event the analyst may see
        total = len(ws.events(EventQuery()))
    assert total > 50
    assert f"{total} events" in page.inner_text("#found")  # type: ignore[attr-defined]
    _fits(page, size)
    _shot(page, "events", size)
    page.fill("#q", "observance 27 posts")  # type: ignore[attr-defined]
    page.click("#search button[type=submit]")  # type: ignore[attr-defined]
    row = page.locator(f"tr[data-event='{UNPLACED}']")  # type: ignore[attr-defined]
    assert "no coordinates: not on the map" in row.inner_text()
    assert "1 event" in page.inner_text("#found")  # type: ignore[attr-defined]
    _shot(page, "events-search", size)
    row.locator("a").first.click()
    page.wait_for_url(f"{server}/events/{UNPLACED}")  # type: ignore[attr-defined]
    assert "not on the map" in page.inner_text("#nomap")  # type: ignore[attr-defined]
    _fits(page, size)
    _shot(page, "event-unplaced", size)


@pytest.mark.parametrize("size", WIDTHS)
def test_the_list_filters_sorts_and_pages(
    browser: object, server: str, size: tuple[int, int], workspace_file: str
) -> None:
    page = new_page(browser, *size)
    page.goto(f"{server}/events")  # type: ignore[attr-defined]
    public = page.inner_text("#found")  # type: ignore[attr-defined]
    log_in(page, server, "liaison")
    page.goto(f"{server}/events")  # type: ignore[attr-defined]
    assert page.inner_text("#found") != public  # type: ignore[attr-defined]  # more to see
    page.select_option("#family", "ceasefire_violation")  # type: ignore[attr-defined]
    page.select_option("#party", "AZ")  # type: ignore[attr-defined]
    page.select_option("#sort", "oldest")  # type: ignore[attr-defined]
    page.click("#search button[type=submit]")  # type: ignore[attr-defined]
    shown = page.locator("#event-list tbody tr").evaluate_all(  # type: ignore[attr-defined]
        "rows => rows.map(r => r.dataset.event)"
    )
    with Workspace.open(workspace_file) as ws:  # the oldest first, as the workspace finds them
        wanted = ws.events(EventQuery(families=(Family.CEASEFIRE_VIOLATION,), party="AZ"))
    assert shown == [e.id for e in wanted][:25] and len(shown) > 3
    assert "AZ (Azerbaijan)" in page.inner_text("#event-list")  # type: ignore[attr-defined]
    page.goto(f"{server}/events?page=2")  # type: ignore[attr-defined]
    assert "page 2 of" in page.inner_text("#found")  # type: ignore[attr-defined]
    page.click("nav.pages a[rel=prev]")  # type: ignore[attr-defined]
    assert "page 1 of" in page.inner_text("#found")  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", WIDTHS)
def test_a_findings_page_links_its_evidence(
    browser: object, server: str, size: tuple[int, int]
) -> None:
    page = new_page(browser, *size)
    log_in(page, server, "analyst")
    page.goto(f"{server}/findings")  # type: ignore[attr-defined]
    _fits(page, size)
    _shot(page, "findings-list", size)
    wanted = page.evaluate(  # type: ignore[attr-defined]
        "fetch('/api/findings').then(r => r.json())"
        ".then(fs => fs.filter(f => f.rule === 'obstruction').length)"
    )
    page.select_option("#rule", "obstruction")  # type: ignore[attr-defined]
    page.click("#finding-filters button[type=submit]")  # type: ignore[attr-defined]
    rows = page.locator("#finding-list tbody tr")  # type: ignore[attr-defined]
    assert wanted > 1 and rows.count() == wanted and "Obstruction" in rows.first.inner_text()
    rows.first.locator("a").first.click()
    page.wait_for_url(f"{server}/findings/**")  # type: ignore[attr-defined]
    _fits(page, size)
    _shot(page, "finding", size)
    links = page.locator("#evidence tbody a")  # type: ignore[attr-defined]
    assert links.count() >= 1
    ref = links.first.inner_text()
    links.first.click()
    page.wait_for_url(f"{server}/*/**")  # type: ignore[attr-defined]
    assert ref.split()[-1] in page.inner_text("main")  # type: ignore[attr-defined]
    _fits(page, size)
    _shot(page, "finding-evidence", size)


@pytest.mark.parametrize("size", WIDTHS)
def test_the_analyst_grades_a_source_in_the_browser(
    browser: object, server: str, size: tuple[int, int]
) -> None:
    page = new_page(browser, *size)
    log_in(page, server, "analyst")
    page.goto(f"{server}/sources")  # type: ignore[attr-defined]
    _shot(page, "sources", size)
    page.click("a[href='/sources/caspian-herald']")  # type: ignore[attr-defined]
    page.wait_for_url(f"{server}/sources/caspian-herald")  # type: ignore[attr-defined]
    before = page.locator("#grades tbody tr").count()  # type: ignore[attr-defined]
    letter = "E" if size[0] < 500 else "D"
    page.select_option("#reliability-choice", letter)  # type: ignore[attr-defined]
    page.fill("#reason", f"graded in the browser, {size[0]} px wide")  # type: ignore[attr-defined]
    page.click("#grade button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{server}/sources/caspian-herald?graded=1")  # type: ignore[attr-defined]
    assert "recorded in the ledger" in page.inner_text("main")  # type: ignore[attr-defined]
    assert page.inner_text("#reliability").startswith(letter)  # type: ignore[attr-defined]
    assert page.locator("#grades tbody tr").count() == before + 1  # type: ignore[attr-defined]
    assert f"{size[0]} px wide" in page.inner_text("#grades")  # type: ignore[attr-defined]
    _fits(page, size)
    _shot(page, "source-graded", size)


@pytest.mark.parametrize("size", WIDTHS)
def test_every_page_of_the_record_at_both_widths(
    browser: object, server: str, size: tuple[int, int]
) -> None:
    page = new_page(browser, *size)
    log_in(page, server, "analyst")
    page.goto(f"{server}/events/cw-6e2163e962c1")  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('eventmap').dataset.ready === '1'")  # type: ignore[attr-defined]
    assert page.locator("#eventmap path[data-place='event']").count() == 1  # type: ignore[attr-defined]
    assert page.locator("#eventmap .leaflet-tile").count() == 0  # type: ignore[attr-defined]
    _fits(page, size)
    _shot(page, "event-placed", size)
    for name, path in [("claim", "/claims/doc-029%232"), ("observation", "/observations/obs-001"),
                       ("crossing", "/crossings/x-002"),
                       ("source", "/sources/op-team"), ("agreement", "/agreements/karabakh-2020"),
                       ("findings", "/findings?party=AZ")]:  # fmt: skip
        page.goto(f"{server}{path}")  # type: ignore[attr-defined]
        text = page.inner_text("main")  # type: ignore[attr-defined]
        assert "None" not in text and "in_force" not in text, path
        _fits(page, size)
        _shot(page, f"record-{name}", size)


def test_the_lists_download_links_carry_their_filter(browser: object, server: str) -> None:
    page = new_page(browser)
    log_in(page, server, "liaison")
    page.goto(f"{server}/events")  # type: ignore[attr-defined]
    link = page.locator(".downloads a[data-suffix=csv]")  # type: ignore[attr-defined]
    assert link.get_attribute("href") == "/api/events.csv"  # no filter yet
    page.select_option("#family", "ceasefire_violation")  # type: ignore[attr-defined]
    page.select_option("#party", "AZ")  # type: ignore[attr-defined]
    href = link.get_attribute("href")  # follows the form before it is sent
    assert "family=ceasefire_violation" in href and "party=AZ" in href
    page.click("#search button[type=submit]")  # type: ignore[attr-defined]
    assert link.get_attribute("href") == href  # and as the page was asked
    listed = int(page.inner_text("#found strong"))  # type: ignore[attr-defined]
    answer = page.request.get(f"{server}{href}")  # type: ignore[attr-defined]
    assert answer.ok and answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["x-count"] == str(listed) and listed > 0
    geojson = page.locator(".downloads a[data-suffix=geojson]").get_attribute("href")  # type: ignore[attr-defined]
    answer = page.request.get(f"{server}{geojson}")  # type: ignore[attr-defined]
    assert answer.ok and answer.headers["content-type"].startswith("application/geo+json")
    assert len(answer.json()["features"]) <= listed  # those with coordinates

    page.goto(f"{server}/findings")  # type: ignore[attr-defined]
    link = page.locator(".downloads a[data-suffix=csv]")  # type: ignore[attr-defined]
    page.select_option("#party", "AZ")  # type: ignore[attr-defined]
    page.click("#finding-filters button[type=submit]")  # type: ignore[attr-defined]
    href = link.get_attribute("href")
    assert href.startswith("/api/findings.csv?") and "party=AZ" in href
    shown = page.locator("#finding-list tbody tr[data-finding]").evaluate_all(  # type: ignore[attr-defined]
        "rows => rows.map(r => r.dataset.finding)"
    )
    answer = page.request.get(f"{server}{href}")  # type: ignore[attr-defined]
    assert answer.ok and answer.headers["content-type"].startswith("text/csv")
    rows = answer.text().splitlines()
    assert rows[0].startswith("id,agreement,rule") and len(rows) - 1 == len(shown) > 0
    json_href = page.locator(".downloads a[data-suffix=json]").get_attribute("href")  # type: ignore[attr-defined]
    answer = page.request.get(f"{server}{json_href}")  # type: ignore[attr-defined]
    assert answer.ok and answer.headers["content-type"].startswith("application/json")
    assert sorted(f["id"] for f in answer.json()) == sorted(shown)
    assert {f["party"] for f in answer.json()} == {"AZ"}
    page.screenshot(path=str(SHOTS / "findings-downloads.png"))  # type: ignore[attr-defined]
