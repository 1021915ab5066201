"""The pages in the reader's language (web/i18n.py): chosen by the switch's cookie or the
browser's Accept-Language, English by default; every message the templates, the web
package and the taxonomy give has its Russian translation; the model's vocabularies and
the rules' titles are all there; plural forms follow each catalog's own rule; a language
is added by adding its catalog."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ceasewatch.agreements.calendar import Due
from ceasewatch.model import vocab
from ceasewatch.model.access import Role
from ceasewatch.model.agreement import MandateTaskKind, ObligationKind, ZoneKind
from ceasewatch.model.redact import MARKERS
from ceasewatch.web import i18n
from ceasewatch.web.words import plain

ROOT = Path(__file__).resolve().parents[2]


def extracted() -> set[str]:
    """Every message ``make messages`` finds (babel.cfg: the templates, the web package's
    marked labels, the taxonomy's labels), singulars and plurals."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        found |= set(message) if isinstance(message, tuple) else {message}
    return found


def test_every_message_of_the_pages_has_its_russian() -> None:
    used = extracted()
    assert {"Map", "File an observation", "Findings by party", "next page"} <= used
    assert "Small-arms or machine-gun fire in breach of the ceasefire" in used  # taxonomy
    assert "<strong>%(num)s</strong> events" in used  # a plural
    missing = sorted(used - set(i18n.messages("ru")))
    assert missing == []


def test_every_message_of_the_catalog_is_translated() -> None:
    """``make messages`` adds what the templates and the marked labels ask for with no
    translation: this fails until each has its Russian (each of its plural forms)."""
    with i18n._catalog_file("ru").open("rb") as f:
        catalog = read_po(f, locale="ru")
    untranslated = [
        m.id
        for m in catalog
        if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    assert untranslated == []
    assert {"ceasefire violation", "Legend", "event(s) shown"} <= set(i18n.messages("ru"))


VOCABULARIES = [vocab.Family, vocab.ClaimStatus, vocab.VerificationStatus, vocab.ActorRole,
                vocab.SourceKind, vocab.ObservationMeans, vocab.CfvKind, vocab.Direction,
                vocab.FindingStatus, vocab.Severity, Due, ObligationKind,
                ZoneKind, MandateTaskKind]  # fmt: skip


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_code_the_pages_show_in_words_is_translated(vocabulary: type) -> None:
    ru = i18n.messages("ru")
    missing = [plain(m.value) for m in vocabulary if plain(m.value) not in ru]  # type: ignore[attr-defined]
    assert missing == []


def test_roles_reliabilities_rule_titles_and_markers_are_translated() -> None:
    from ceasewatch.assess.builtin import builtin_rules

    ru = i18n.messages("ru")
    said = [r.label for r in Role] + [r.label for r in vocab.Reliability]
    said += [r.title for r in builtin_rules()]
    said += sorted(MARKERS)  # what stands for something withheld
    assert [s for s in said if s not in ru] == []


def test_plural_forms_follow_the_catalog() -> None:
    events = i18n.ngettext("ru")
    form = "%(num)s record", "%(num)s records"
    assert [events(*form, n) for n in (1, 3, 5, 11, 21, 22, 25)] == [
        "1 запись", "3 записи", "5 записей", "11 записей", "21 запись", "22 записи", "25 записей"
    ]  # fmt: skip
    assert i18n.ngettext("en")(*form, 1) == "1 record" and i18n.ngettext("en")(*form, 2) == (
        "2 records"
    )
    assert i18n.gettext("ru")("page %(page)s of %(pages)s", page=2, pages=4) == ("страница 2 из 4")


def test_a_language_is_added_by_adding_its_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No list of languages in the code: an Armenian catalog (two plural forms) put beside
    the Russian one is offered by the switch, named in Armenian, and counts its own way."""
    shutil.copytree(str(resources.files("ceasewatch.web").joinpath("locale")), tmp_path / "l")
    catalog = Catalog(locale="hy")
    catalog.add("Map", "Քարտեզ")
    catalog.add(("%(num)s record", "%(num)s records"), ("%(num)s գրառում", "%(num)s գրառումներ"))
    (tmp_path / "l" / "hy" / "LC_MESSAGES").mkdir(parents=True)
    with (tmp_path / "l" / "hy" / "LC_MESSAGES" / "messages.po").open("wb") as f:
        write_po(f, catalog)
    monkeypatch.setattr(i18n, "_locale_root", lambda: tmp_path / "l")
    for cached in (i18n.available, i18n._translations, i18n.messages):
        cached.cache_clear()
    try:
        assert i18n.available() == ["en", "hy", "ru"]
        assert i18n.name("hy") == "Հայերեն" and i18n.name("ru") == "Русский"
        assert i18n.choose(None, "hy-AM,hy;q=0.9,en;q=0.5") == "hy"
        assert i18n.gettext("hy")("Map") == "Քարտեզ"
        assert i18n.gettext("hy")("Legend") == "Legend"  # not translated yet: English
        assert i18n.ngettext("hy")("%(num)s record", "%(num)s records", 1) == "1 գրառում"
    finally:
        for cached in (i18n.available, i18n._translations, i18n.messages):
            cached.cache_clear()


def test_the_language_is_chosen_by_the_switch_then_the_browser() -> None:
    assert i18n.available() == ["en", "ru"]
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


def test_an_error_page_speaks_the_reader_language(app: FastAPI) -> None:
    c = TestClient(app, headers={"Accept-Language": "ru"})
    missing = c.get("/events/no-such-event")
    assert missing.status_code == 404
    assert "Нет записи (событие) с идентификатором no-such-event." in missing.text
    refused = c.get("/observe")
    assert refused.status_code == 401 and "Для этого нужно войти" in refused.text
    assert 'lang="en" translate="no">log in: filing observations' in refused.text  # the detail
    english = TestClient(app).get("/events/no-such-event")
    assert "no event with id &#39;no-such-event&#39;" in english.text
