"""A photo attached to an observation, in a real browser: shown to an analyst on the
observation's page, refused to the public."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.api.test_attachments import png
from tests.web.test_browser import SHOTS, browser, log_in, new_page, server

from ceasewatch.ingest.monitoring import observation_from
from ceasewatch.model.access import Role, User
from ceasewatch.workspace import Workspace

pytestmark = pytest.mark.browser
__all__ = ["browser", "server"]  # the fixtures, shared with test_browser.py


def test_a_photo_is_shown_to_an_analyst_and_refused_to_the_public(
    browser: object, server: str, workspace_file: str
) -> None:
    with Workspace.open(workspace_file) as ws:
        # a post of no protected team (the scenario's posts are its protected team's)
        observation = observation_from(
            id="obs-photo-1", observer="OP-78", lat=39.8, lon=46.75, type_code="cfv.shelling",
            start=datetime(2021, 8, 21, 3, 10, tzinfo=UTC),
        )  # fmt: skip
        ws.add_observation(observation)
        row = ws.attach("observation", observation.id, "crater.png", "image/png", png(40, 30))
        assert ws.attachments(User("a", Role.ANALYST), "observation", observation.id)
    for width in (1280, 390):
        analyst = new_page(browser, width=width)
        log_in(analyst, server, "analyst")
        analyst.goto(f"{server}/observations/{observation.id}")  # type: ignore[attr-defined]
        analyst.wait_for_function(
            "document.querySelector('img.attached') && document.querySelector('img.attached').complete"
        )  # type: ignore[attr-defined]
        assert analyst.evaluate("document.querySelector('img.attached').naturalWidth") == 40  # type: ignore[attr-defined]
        analyst.screenshot(path=str(SHOTS / f"observation-photo-{width}.png"), full_page=True)  # type: ignore[attr-defined]
    public = new_page(browser)
    refused = public.request.get(f"{server}/api/attachments/{row['id']}")  # type: ignore[attr-defined]
    assert refused.status == 401
    public.goto(f"{server}/observations/{observation.id}")  # type: ignore[attr-defined]
    assert public.locator("img.attached").count() == 0  # type: ignore[attr-defined]
    assert row["id"] not in public.content()  # type: ignore[attr-defined]
