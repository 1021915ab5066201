"""The map page in Russian, in a real browser: no label of ours left in English (the
names the agreement's data gives, its parties and places, stay as the data has them)."""

from __future__ import annotations

import pytest
from tests.web.test_browser import SHOTS, browser, map_ready, new_page, server

from ceasewatch.web import i18n

pytestmark = pytest.mark.browser
__all__ = ["browser", "server"]  # the fixtures, shared with test_browser.py


def test_the_russian_map_page_has_no_english_label_of_ours(browser: object, server: str) -> None:
    page = new_page(browser, width=390, height=844)
    page.goto(f"{server}/lang/ru?back=/")  # type: ignore[attr-defined]
    map_ready(page)
    text = page.inner_text("main")  # type: ignore[attr-defined]
    assert "Условные обозначения" in text and "событий показано" in text
    english = [m for m, ru in i18n.messages("ru").items() if len(m) >= 6 and m != ru and m in text]
    assert english == []
    page.screenshot(path=str(SHOTS / "map-russian-phone.png"), full_page=True)  # type: ignore[attr-defined]
