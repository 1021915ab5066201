"""The web pages in the reader's language: English, and every language with a catalog.

Catalogs are gettext PO files in ``web/locale/<lang>/LC_MESSAGES/messages.po`` (written
and kept with Babel: ``make messages`` extracts the strings of the templates); they are
read as they are, with Babel's PO reader, so no compiled file is shipped. A language is
chosen by the ``lang`` cookie (the switch at the foot of every page sets it), else by the
browser's Accept-Language, else English. Adding Armenian or Azerbaijani is adding a
catalog and its name in ``NAMES``."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from babel.messages.pofile import read_po

NAMES = {"en": "English", "ru": "Русский"}  # each language's name in itself


def N_(text: str) -> str:
    """Marks *text* as a message for the catalogs (``make messages`` finds it) without
    translating it: for messages chosen at run time."""
    return text


# Words the pages show that come from data rather than from a template's text: the
# families, the statuses and the usual zone kinds, as the pages write them.
LABELS = (
    N_("ceasefire violation"), N_("armed clash"), N_("violence against civilians"),
    N_("military movement"), N_("corridor transit"), N_("illicit transfer"),
    N_("obstruction"), N_("protest"), N_("mission activity"), N_("humanitarian"),
    N_("detention"), N_("exchange"), N_("territory transfer"), N_("agreement"),
    N_("mine incident"), N_("other"),
    N_("unverified"), N_("corroborated"), N_("verified"), N_("disputed"), N_("refuted"),
    N_("corridor"), N_("line of contact"), N_("withdrawal line"), N_("security zone"),
    N_("area of responsibility"), N_("checkpoint"), N_("site"), N_("district"),
)  # fmt: skip
# What the map's script writes (static/map.js), given to it in the page's language.
MAP_WORDS = (
    N_("event(s) shown"), N_("more with no place on the map"), N_("week of"),
    N_("event(s)"), N_("to"), N_("no dated events"), N_("Play"), N_("Pause"),
    N_("Could not load:"), N_("(approximate)"), N_("Geography: Natural Earth (public domain)"),
)  # fmt: skip
DEFAULT = "en"
COOKIE = "lang"


def available() -> list[str]:
    """The languages the pages can be read in: English and those with a catalog."""
    return [code for code in NAMES if code == DEFAULT or _catalog_file(code).is_file()]


def _catalog_file(code: str) -> Traversable:
    return resources.files("ceasewatch.web").joinpath(f"locale/{code}/LC_MESSAGES/messages.po")


@cache
def messages(code: str) -> dict[str, str]:
    """A catalog's translated messages (msgid -> msgstr); empty for English."""
    if code == DEFAULT or code not in NAMES:
        return {}
    with _catalog_file(code).open("rb") as f:
        catalog = read_po(f, locale=code)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def gettext(code: str) -> Callable[[str], str]:
    """The translating function of a language: a message without a translation is shown
    in English rather than not at all."""
    table = messages(code)
    return lambda text: table.get(text, text)


def choose(cookie: str | None, accept_language: str | None) -> str:
    """The language of a request (see the module's docstring)."""
    langs = available()
    if cookie in langs:
        return str(cookie)
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        base = tag.strip().lower().split("-")[0]
        if base in langs and quality > 0:
            ranked.append((-quality, n, base))
    return sorted(ranked)[0][2] if ranked else DEFAULT
