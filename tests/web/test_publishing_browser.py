"""Publishing in a real browser (Debian's chromium through Playwright): the public opens
a situation report from the reports page, on a desktop screen and on a 390 px phone, and
finds the key points, the labels and the numbered map first; the map page's download
links carry its filter. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.web.test_browser import SHOTS, browser, map_ready, new_page, server

pytestmark = pytest.mark.browser
__all__ = ["browser", "server"]  # the fixtures, shared with tests/web/test_browser.py


@pytest.fixture
def keyed(workspace_file: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # a report signs a tree head with the workspace's key, made beside it by the fixture
    monkeypatch.setenv("CEASEWATCH_KEY", str(Path(workspace_file).parent / "ledger.key"))


@pytest.mark.parametrize("width, name", [(1280, "desktop"), (390, "phone")])
def test_the_public_opens_a_report(
    browser: object, server: str, keyed: None, width: int, name: str
) -> None:
    page = new_page(browser, width, 900 if width > 400 else 844)
    page.goto(f"{server}/")  # type: ignore[attr-defined]
    page.click("nav >> text=Reports")  # type: ignore[attr-defined]
    page.wait_for_url(f"{server}/reports")  # type: ignore[attr-defined]
    assert "public edition" in page.inner_text("main")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / f"reports-public-{name}.png"), full_page=True)  # type: ignore[attr-defined]
    page.fill("#from", "2022-12-01")  # type: ignore[attr-defined]
    page.fill("#to", "2022-12-31")  # type: ignore[attr-defined]
    page.click("text=Make the report")  # type: ignore[attr-defined]
    page.wait_for_selector("#key-points li")  # type: ignore[attr-defined]
    assert "/report?from=2022-12-01&to=2022-12-31" in page.url  # type: ignore[attr-defined]
    points = page.inner_text("#key-points")  # type: ignore[attr-defined]
    assert "events recorded from 2022-12-01 to 2022-12-31" in points
    assert "The most serious events (numbered as on the map): [1]" in points
    assert "Public edition" in page.inner_text("header")  # type: ignore[attr-defined]
    # the map's numbered markers, and the list they match, with labels for the types
    markers = page.locator("#map g.marker")  # type: ignore[attr-defined]
    assert markers.count() >= 1
    numbers = {markers.nth(i).get_attribute("data-number") for i in range(markers.count())}
    listed = page.inner_text("#significant")  # type: ignore[attr-defined]
    assert "1" in numbers and "Obstruction of journalists" in listed
    for n in numbers:
        assert page.locator(f"#event-{n} .num").inner_text() == n  # type: ignore[attr-defined]
    assert "obstruction." not in page.inner_text("body")  # type: ignore[attr-defined]
    # the key points and the map come first: both within the first screens
    top = page.evaluate(  # type: ignore[attr-defined]
        "[document.getElementById('key-points').getBoundingClientRect().top,"
        " document.getElementById('map').getBoundingClientRect().top,"
        " document.getElementById('significant').getBoundingClientRect().top]"
    )
    assert top[0] < top[1] < top[2]
    width_used = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width_used <= width + 10, width_used  # nothing wider than the screen
    page.screenshot(path=str(SHOTS / f"report-public-{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_the_maps_download_links_carry_its_filter(browser: object, server: str) -> None:
    page = new_page(browser)
    page.goto(f"{server}/")  # type: ignore[attr-defined]
    map_ready(page)
    link = page.locator(".downloads a[data-suffix=csv]")  # type: ignore[attr-defined]
    assert link.get_attribute("href") == "/api/events.csv"  # every family: no filter
    page.fill("#from", "2022-01-01")  # type: ignore[attr-defined]
    page.locator("input[name=family][value=protest]").uncheck()  # type: ignore[attr-defined]
    href = link.get_attribute("href")
    assert "from=2022-01-01" in href and "family=obstruction" in href
    assert "family=protest" not in href
    answer = page.request.get(f"{server}{href}")  # type: ignore[attr-defined]
    assert answer.ok and answer.headers["content-type"].startswith("text/csv")
    rows = answer.text().splitlines()[1:]
    everything = page.request.get(f"{server}/api/events.csv").text().splitlines()[1:]  # type: ignore[attr-defined]
    assert 0 < len(rows) < len(everything)
    kml = page.locator(".downloads a[data-suffix=kml]").get_attribute("href")  # type: ignore[attr-defined]
    assert kml.startswith("/api/events.kml?") and "from=2022-01-01" in kml
    page.screenshot(path=str(SHOTS / "map-downloads.png"))  # type: ignore[attr-defined]
