"""The pages in the reader's language (web/i18n.py): chosen by the switch's cookie or the
browser's Accept-Language, English by default; every message the templates ask for has
its Russian translation."""

from __future__ import annotations

import re
from importlib import resources

from fastapi import FastAPI
from fastapi.testclient import TestClient

from ceasewatch.web import i18n

MESSAGE = re.compile(r"""_\(\s*(["'])(.+?)\1\s*\)""")


def used_messages() -> set[str]:
    """Every literal message the templates pass to ``_``."""
    found: set[str] = set()
    for f in resources.files("ceasewatch.web").joinpath("templates").iterdir():
        if f.name.endswith(".html"):
            found |= {m.group(2) for m in MESSAGE.finditer(f.read_text("utf-8"))}
    return found


def test_every_message_of_the_templates_has_its_russian() -> None:
    used = used_messages()
    assert "Map" in used and "File an observation" in used
    missing = sorted(used - set(i18n.messages("ru")))
    assert missing == []


def test_every_message_of_the_catalog_is_translated() -> None:
    """``make messages`` adds what the templates and the marked labels ask for with no
    translation: this fails until each has its Russian."""
    from babel.messages.pofile import read_po

    with i18n._catalog_file("ru").open("rb") as f:
        catalog = read_po(f, locale="ru")
    assert [m.id for m in catalog if m.id and not m.string] == []
    assert {"ceasefire violation", "Legend", "event(s) shown"} <= set(i18n.messages("ru"))


def test_the_language_is_chosen_by_the_switch_then_the_browser() -> None:
    assert i18n.choose(None, None) == "en"
    assert i18n.choose(None, "ru-RU,ru;q=0.9,en;q=0.8") == "ru"
    assert i18n.choose(None, "hy-AM,hy;q=0.9,en;q=0.5") == "en"  # no Armenian catalog yet
    assert i18n.choose("en", "ru") == "en"  # the switch wins
    assert i18n.choose("xx", "ru;q=0.2,en;q=0.9") == "en"
    assert i18n.gettext("ru")("Map") == "Карта" and i18n.gettext("ru")("no such") == "no such"


def test_the_switch_turns_the_pages_russian_and_back(app: FastAPI) -> None:
    c = TestClient(app)
    english = c.get("/missions")
    assert '<html lang="en">' in english.text and ">Map</a>" in english.text
    r = c.get("/lang/ru", params={"back": "/missions"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/missions"
    russian = c.get("/missions")
    assert '<html lang="ru">' in russian.text and ">Карта</a>" in russian.text
    assert ">Map</a>" not in russian.text
    assert (
        c.get("/lang/en", params={"back": "//evil.example"}, follow_redirects=False).headers[
            "location"
        ]
        == "/"
    )
    assert c.get("/lang/xx").status_code == 404
    assert '<html lang="en">' in c.get("/missions").text
    browser_ru = TestClient(app).get("/missions", headers={"Accept-Language": "ru"})
    assert ">Карта</a>" in browser_ru.text
