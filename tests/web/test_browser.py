"""The web pages in a real browser: Debian's chromium driven by Playwright, against the
application served by uvicorn on loopback. Screenshots of each page go to
test-artifacts/screenshots/."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from tests.support import PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(app: object, port: int) -> tuple[Any, threading.Thread]:
    """*app* served by uvicorn on *port* in a thread, once it answers: (server, thread)."""
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=port,  # type: ignore[arg-type]
                            log_level="warning", lifespan="on")  # fmt: skip
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the server did not start on port {port}")
        time.sleep(0.05)
    return srv, thread


@pytest.fixture(scope="module")
def server(workspace_file: str) -> Iterator[str]:
    from ceasewatch.asgi import create_app

    port = free_port()
    srv, thread = serve(create_app(workspace_file), port)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("no chromium: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


def new_page(browser: object, width: int = 1280, height: int = 900) -> object:
    # bypass_csp: the tests evaluate scripts in the page, which its policy forbids
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": height}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def log_in(page: object, server: str, name: str) -> None:
    page.goto(f"{server}/login")  # type: ignore[attr-defined]
    page.fill("#name", name)  # type: ignore[attr-defined]
    page.fill("#password", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{server}/")  # type: ignore[attr-defined]


def map_ready(page: object) -> int:
    page.wait_for_function("document.getElementById('map').dataset.shown !== undefined")  # type: ignore[attr-defined]
    return int(page.get_attribute("#map", "data-shown") or 0)  # type: ignore[attr-defined]


def test_log_in_and_see_the_map_with_the_corridor_and_events(browser: object, server: str) -> None:
    page = new_page(browser)
    page.goto(f"{server}/login")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "login.png"))  # type: ignore[attr-defined]
    log_in(page, server, "analyst")
    assert "analyst (analyst)" in page.inner_text("header")  # type: ignore[attr-defined]
    shown = map_ready(page)
    assert shown > 20
    assert page.locator("path[data-zone='lachin-corridor']").count() == 1  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "map.png"))  # type: ignore[attr-defined]


def test_filter_the_map_by_family_and_time(browser: object, server: str) -> None:
    page = new_page(browser)
    log_in(page, server, "analyst")
    everything = map_ready(page)
    for box in page.locator("input[name=family]").all():  # type: ignore[attr-defined]
        if box.get_attribute("value") != "ceasefire_violation":
            box.uncheck()
    only = int(page.get_attribute("#map", "data-shown") or 0)  # type: ignore[attr-defined]
    assert 0 < only < everything
    page.fill("#from", "2021-01-01")  # type: ignore[attr-defined]
    page.fill("#to", "2021-12-31")  # type: ignore[attr-defined]
    page.click("#filters button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_function(f"Number(document.getElementById('map').dataset.shown) < {only}")  # type: ignore[attr-defined]
    in_2021 = int(page.get_attribute("#map", "data-shown") or 0)  # type: ignore[attr-defined]
    assert in_2021 > 0
    page.evaluate(  # the time window's last week moved back to its first
        "const s = document.getElementById('win-to'); "
        "s.value = document.getElementById('win-from').value; s.dispatchEvent(new Event('input'))"
    )  # type: ignore[attr-defined]
    first_week = int(page.get_attribute("#map", "data-shown") or 0)  # type: ignore[attr-defined]
    assert first_week < in_2021
    assert "event(s) shown" in page.inner_text("#count")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "map-filtered.png"))  # type: ignore[attr-defined]


def test_open_an_event_from_the_map(browser: object, server: str) -> None:
    page = new_page(browser)
    log_in(page, server, "analyst")
    map_ready(page)
    # near Sotk, where no cluster hides the marker; no animation, so the marker is where it
    # will stay when it is clicked (a click during the zoom missed it under load)
    page.evaluate("void cwMap.setView([40.20306, 45.86472], 13, {animate: false})")
    marker = page.locator("path[data-event='cw-6e2163e962c1']")  # type: ignore[attr-defined]
    marker.wait_for(state="attached")
    popup = page.locator(".leaflet-popup-content a")  # type: ignore[attr-defined]
    for _ in range(3):
        # the click goes to this marker: another event drawn at the same village (the
        # shelling of September 2022 there) may lie on top of it
        marker.dispatch_event("click")
        try:
            popup.wait_for(state="visible", timeout=5000)
            break
        except PlaywrightTimeout:  # the click landed before the map settled: again
            continue
    popup.click()
    page.wait_for_url(f"{server}/events/cw-6e2163e962c1")  # type: ignore[attr-defined]
    assert "Contradictions" in page.inner_text("main")  # type: ignore[attr-defined]
    assert "AZ denies what AM report" in page.inner_text("main")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "event.png"), full_page=True)  # type: ignore[attr-defined]


def test_file_an_observation_and_see_it_on_the_map(
    browser: object, server: str, workspace_file: str
) -> None:
    page = new_page(browser)
    log_in(page, server, "monitor")
    page.goto(f"{server}/observe")  # type: ignore[attr-defined]
    page.fill("#observer", "OP-7")  # type: ignore[attr-defined]
    page.fill("#lat", "39.7010")  # type: ignore[attr-defined]
    page.fill("#lon", "46.7040")  # type: ignore[attr-defined]
    page.fill("#start", "2024-05-05T03:10")  # type: ignore[attr-defined]
    page.select_option("#type", "cfv.shelling")  # type: ignore[attr-defined]
    page.select_option("#means", "seen_and_heard")  # type: ignore[attr-defined]
    page.select_option("#cfv_kind", "explosion_impact")  # type: ignore[attr-defined]
    page.fill("#count", "4")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "observe.png"), full_page=True)  # type: ignore[attr-defined]
    page.click("#observe button[type=submit]")  # type: ignore[attr-defined]
    assert "filed. It is clustered in the background" in page.inner_text("main")  # type: ignore[attr-defined]
    from datetime import timedelta

    from ceasewatch.workspace import Workspace

    with Workspace.open(workspace_file) as ws:
        [filed] = [o for o in ws.observations() if o.observer == "OP-7"]
        deadline = time.monotonic() + 20  # the server's clusterer places it in an event
        while ws.observation_state(filed.id)["pending"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ws.observation_state(filed.id)["event"] is not None
    # a local time in the form is the agreement's (Europe/Moscow, UTC+3)
    assert filed.start.utcoffset() == timedelta(hours=3) and filed.start.hour == 3
    page.goto(f"{server}/")  # type: ignore[attr-defined]
    map_ready(page)
    page.fill("#from", "2024-05-05")  # type: ignore[attr-defined]
    page.fill("#to", "2024-05-05")  # type: ignore[attr-defined]
    page.click("#filters button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_function("Number(document.getElementById('map').dataset.shown) === 1")  # type: ignore[attr-defined]
    page.evaluate("void cwMap.setView([39.7010, 46.7040], 13)")  # type: ignore[attr-defined]
    assert page.locator("path[data-family='ceasefire_violation']").count() == 1  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "map-observation.png"))  # type: ignore[attr-defined]


def test_verify_an_event_as_analyst(browser: object, server: str) -> None:
    page = new_page(browser)
    log_in(page, server, "analyst")
    page.goto(f"{server}/events/cw-0ac1cbd3acb9")  # type: ignore[attr-defined]
    page.select_option("#status", "verified")  # type: ignore[attr-defined]
    page.fill("#reason", "The contingent's patrol log confirms the fire near Martuni")  # type: ignore[attr-defined]
    page.fill("#evidence", "claim:doc-013#3")  # type: ignore[attr-defined]
    page.click("#verify button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{server}/events/cw-0ac1cbd3acb9")  # type: ignore[attr-defined]
    main = page.inner_text("main")  # type: ignore[attr-defined]
    assert "Status: verified (an analyst's decision)" in main
    assert "analyst: decision → verified. The contingent's patrol log confirms" in main
    page.screenshot(path=str(SHOTS / "event-verified.png"), full_page=True)  # type: ignore[attr-defined]


def test_the_public_cannot_see_a_protected_source(browser: object, server: str) -> None:
    page = new_page(browser)
    page.goto(f"{server}/sources")  # type: ignore[attr-defined]
    text = page.inner_text("main")  # type: ignore[attr-defined]
    assert "Global Wire" in text and "op-team" not in text
    assert "field monitors" not in text
    page.screenshot(path=str(SHOTS / "sources-public.png"), full_page=True)  # type: ignore[attr-defined]
    log_in(page, server, "analyst")
    page.goto(f"{server}/sources")  # type: ignore[attr-defined]
    assert "op-team" in page.inner_text("main")  # type: ignore[attr-defined]


def test_every_page_on_a_phone_screen(browser: object, server: str) -> None:
    page = new_page(browser, 390, 844)
    log_in(page, server, "admin")
    for name, path in [("phone-map", "/"), ("agreement", "/agreements/karabakh-2020"),
                       ("missions", "/missions"), ("findings", "/findings"),
                       ("sources", "/sources")]:  # fmt: skip
        page.goto(f"{server}{path}")  # type: ignore[attr-defined]
        width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
        assert width <= 400, (path, width)  # nothing wider than the phone
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
    # every form field has a label
    page.goto(f"{server}/observe")  # type: ignore[attr-defined]
    unlabelled = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
        ".filter(i => !document.querySelector(`label[for='${i.id}']`)).length"
    )
    assert unlabelled == 0
