"""The web pages in the reader's language: English, and every language with a catalog.

Catalogs are gettext PO files in ``web/locale/<lang>/LC_MESSAGES/messages.po`` (written
and kept with Babel: ``make messages`` extracts the strings of the templates, of the
labels marked here and in ``words.py``, and of the taxonomy's labels); they are read as
they are, with Babel's PO reader, and compiled in memory, so no compiled file is shipped.
A language is chosen by the ``lang`` cookie (the switch at the foot of every page sets
it), else by the browser's Accept-Language, else English. The languages offered are
English and those whose catalog is present, each named in itself by Babel's locale data;
plural forms come from the catalog's own ``Plural-Forms`` header. Adding Armenian or
Azerbaijani is adding a catalog (docs/i18n.md): nothing here names a language but
English."""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from io import BytesIO
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


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
    N_("counted in squares: zoom in for the events"),
)  # fmt: skip
# What the observation form's scripts write (static/observe.js, static/picker.js).
OBSERVE_WORDS = (
    N_("%(num)s observation(s) kept in this browser, to be filed when the connection is back."),
    N_("No connection: the observation is kept in this browser and will be filed when the "
       "connection is back."),
    N_("Filed %(id)s from this browser's drafts."),
    N_("Log in again to file the %(num)s kept observation(s)."),
    N_("A kept observation was refused (%(status)s); it stays here: %(id)s"),
    N_("Finding this device's position…"),
    N_("Position taken from this device (within %(metres)s m)."),
    N_("No position from this device:"),
)  # fmt: skip
DEFAULT = "en"
COOKIE = "lang"


def _locale_root() -> Traversable:
    return resources.files("ceasewatch.web").joinpath("locale")


def _catalog_file(code: str) -> Traversable:
    return _locale_root().joinpath(f"{code}/LC_MESSAGES/messages.po")


@cache
def available() -> list[str]:
    """The languages the pages can be read in: English, then those with a catalog."""
    root = _locale_root()
    found = sorted(
        d.name
        for d in (root.iterdir() if root.is_dir() else ())
        if d.name != DEFAULT and _catalog_file(d.name).is_file()
    )
    return [DEFAULT, *found]


@cache
def name(code: str) -> str:
    """A language's name in itself, for the switch (``ru``: Русский); Babel's locale data."""
    try:
        own = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return own[:1].upper() + own[1:]


@cache
def _translations(code: str) -> _gettext.NullTranslations:
    """A language's catalog compiled in memory (fuzzy and untranslated entries left out,
    so that their English is shown), with its own plural rule."""
    if code == DEFAULT or code not in available():
        return _gettext.NullTranslations()
    with _catalog_file(code).open("rb") as f:
        catalog = read_po(f, locale=code)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


@cache
def messages(code: str) -> dict[str, str]:
    """A catalog's translated messages (msgid -> msgstr, the singular of a plural); empty
    for English."""
    if code == DEFAULT or code not in available():
        return {}
    with _catalog_file(code).open("rb") as f:
        catalog = read_po(f, locale=code)
    out: dict[str, str] = {}
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        ids = m.id if isinstance(m.id, tuple | list) else (m.id,)
        strings = m.string if isinstance(m.string, tuple | list) else (m.string,)
        if all(strings):
            out[str(ids[0])] = str(strings[0])
            if len(ids) > 1:
                out[str(ids[1])] = str(strings[-1])
    return out


def _fill(text: str, values: dict[str, Any]) -> str:
    return text % values if values else text


def gettext(code: str) -> Callable[..., str]:
    """The translating function of a language, ``_(text, **values)``: a message without a
    translation is shown in English rather than not at all; *values* fill its
    ``%(name)s`` places."""
    translations = _translations(code)
    return lambda text, **values: _fill(translations.gettext(text), values)


def ngettext(code: str) -> Callable[..., str]:
    """``ngettext(singular, plural, n, **values)`` in a language: the form its plural rule
    chooses for *n*, with ``%(num)s`` filled by *n* (and the other places by *values*)."""
    translations = _translations(code)

    def choose(singular: str, plural: str, n: int, **values: Any) -> str:
        return translations.ngettext(singular, plural, n) % {"num": n, **values}

    return choose


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


def extract_taxonomy(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extraction method for the taxonomy file (``babel.cfg`` names it): the
    labels of its event types, which the pages show in place of the codes."""
    import yaml

    text = fileobj.read().decode("utf-8")
    lines = {line.strip(): n for n, line in enumerate(text.splitlines(), 1)}
    for t in yaml.safe_load(text).get("types", []):
        label = str(t["label"])
        yield lines.get(f"label: {label}", 0), None, label, [f"the event type {t['code']}"]
