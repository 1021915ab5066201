"""Redaction: what must never leave through exports, reports or a role that does not see
protected sources, and the one step every answer for such a role passes.

A source marked protected is withheld by identity: its id and its name, the posts that
report for it (a monitoring team's observation posts and patrols) and the places those
posts stand, the documents it published and the claims read from them, and the
observations its posts filed. A document whose id is a file's path is withheld too (ids
are hashes now; such an id was stored before, or chosen so): a path can name a team, a
post, a place and a day.

``Protected.value`` walks any JSON-ready answer (dicts, lists, strings) and applies one
rule to every string, wherever it stands (``word``):

- a protected source's id or name, a protected post, or a post's origin ("observer OP-12")
  becomes ``WITHHELD`` ("protected source");
- a reference to a withheld record (``claim:ID``, ``observation:ID``, ``document:ID``) or
  a withheld record's bare id becomes ``WITHHELD_REF`` ("withheld");
- a free text that names any of these is withheld whole (``WITHHELD_TEXT``): a
  half-removed name still identifies;
- a place (a dict with a ``name`` and ``lat``/``lon``) whose name is withheld loses its
  point too: an event placed by a protected post's report stands where the post stands.

In a list, each marker is shown once. Pure: the workspace hands in what is protected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ceasewatch.model.records import Event, Source, observer_origin
from ceasewatch.model.vocab import GeoPrecision

WITHHELD = "protected source"
WITHHELD_REF = "withheld"
WITHHELD_TEXT = "(withheld: it names a protected source)"
MARKERS = frozenset({WITHHELD, WITHHELD_REF, WITHHELD_TEXT})
REF_KINDS = frozenset({"claim", "document", "observation"})
# the words of a free text that may be a record's id or a reference to one: those with a
# digit, a slash, a colon or a hash in them (ids are made so; the words of prose are not)
_ID_LIKE = re.compile(r"[^\s,;()\[\]{}<>'\"|]*[\d/\\:#][^\s,;()\[\]{}<>'\"|]*")
_SCALARS = frozenset({type(None), bool, int, float})
_SEEN_AT_MOST = 100_000  # strings remembered by one rule
_UNPLACED = {"lat": None, "lon": None, "radius_m": None, "precision": GeoPrecision.UNRESOLVED.value}
FILE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson",
                 ".rss", ".atom", ".xml", ".pdf", ".doc", ".docx", ".csv")  # fmt: skip


def path_shaped(doc_id: str) -> bool:
    """Whether a document's id looks like a file's path or address (a ``/`` or ``\\``,
    or a file suffix at its end): such an id is never published."""
    bare = re.sub(r"#\d+$", "", doc_id.lower())  # an item of a feed file
    return "/" in doc_id or "\\" in doc_id or bare.endswith(FILE_SUFFIXES)


def _alternatives(words: Iterable[str]) -> str:
    """A regular expression matching any of *words* (whatever their case), written as a
    tree of their common beginnings: each place in a text is tried along one branch, not
    against every word in turn (tens of times faster with a hundred words)."""
    tree: dict[str, Any] = {}
    for w in {w.lower() for w in words if w}:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, Any]) -> str:
        ends = "" in node
        parts = [re.escape(ch) + branch(rest) for ch, rest in sorted(node.items()) if ch]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        if not ends:
            return body
        return f"(?:{body})?" if len(parts) > 1 or len(body) > 1 else f"{body}?"

    return "(?:" + branch(tree) + ")"


@dataclass(frozen=True)
class Protected:
    """What a role that does not see protected sources must not see, and the rule that
    withholds it."""

    ids: frozenset[str]  # the protected sources' ids
    names: frozenset[str]  # and names
    documents: frozenset[str] = frozenset()  # ids of the documents withheld
    observations: frozenset[str] = frozenset()  # ids of the observations withheld
    posts: frozenset[str] = frozenset()  # the posts of protected teams
    places: frozenset[str] = frozenset()  # where those posts stand, by name
    pattern: re.Pattern[str] | None = None
    exact: frozenset[str] = field(default=frozenset())  # shown as WITHHELD where whole
    refs: frozenset[str] = field(default=frozenset())  # documents and observations
    # what each string became: the same few values (types, statuses, parties) recur in
    # every answer; kept for as long as the record is in this state
    _seen: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(
        cls,
        sources: Iterable[Source],
        *,
        documents: Iterable[str] = (),
        observations: Iterable[str] = (),
        posts: Iterable[str] = (),
        places: Iterable[str | None] = (),
    ) -> Protected:
        """From every source (the protected ones are picked out), the ids of the documents
        and observations to withhold, and the protected teams' posts and their places."""
        hidden = [s for s in sources if s.protected]
        ids = frozenset(s.id for s in hidden)
        names = frozenset(s.name for s in hidden)
        post_set = frozenset(posts)
        place_set = frozenset(p for p in places if p)
        words = ids | names | post_set | place_set
        pattern = re.compile(rf"(?<!\w){_alternatives(words)}(?!\w)", re.I) if words else None
        exact = ids | names | post_set | frozenset(observer_origin(p) for p in post_set)
        docs, obs = frozenset(documents), frozenset(observations)
        return cls(ids, names, docs, obs, post_set, place_set, pattern, exact, docs | obs)

    def __bool__(self) -> bool:
        return bool(self.ids or self.documents or self.observations or self.posts)

    # -- one string --------------------------------------------------------------------
    def is_protected(self, source: str | None) -> bool:
        """Whether a value, whole, is a protected source (its id or name) or post."""
        return source is not None and source in self.exact

    def withheld_ref(self, value: str) -> bool:
        """Whether a value is a withheld record's id, or a reference to one. A claim is
        withheld with its document: its id is the document's, ``#`` and a number."""
        if ":" in value:
            kind, _, rest = value.partition(":")
            if kind in REF_KINDS:
                value = rest
        if value in self.refs:
            return True
        return "#" in value and value.rpartition("#")[0] in self.documents

    def names_one(self, text: str | None) -> bool:
        """Whether a text names something withheld: a protected source, post or place, or
        a withheld record."""
        if not text:
            return False
        if self.pattern is not None and self.pattern.search(text):
            return True
        if self.refs:
            for token in _ID_LIKE.findall(text):  # prose has few: the scan runs in C
                bare = token.rstrip(".:!?")
                if self.withheld_ref(bare) or (bare != token and self.withheld_ref(token)):
                    return True
        return False

    def word(self, value: str) -> str:
        """The one rule, for one string (see the module's docstring)."""
        found = self._seen.get(value)
        if found is None:
            found = self._word(value)
            if len(self._seen) >= _SEEN_AT_MOST:
                self._seen.clear()
            self._seen[value] = found
        return found

    def _word(self, value: str) -> str:
        if value in MARKERS:
            return value
        if value in self.exact:
            return WITHHELD
        if self.withheld_ref(value) or value in self.places:
            return WITHHELD_REF
        if self.names_one(value):
            return WITHHELD_TEXT
        return value

    def text(self, text: str | None) -> str | None:
        """The text, or a note that it was withheld."""
        return WITHHELD_TEXT if self.names_one(text) else text

    # -- whole answers -----------------------------------------------------------------
    def value(self, v: Any) -> Any:
        """An answer as it may leave: every string in it, at any depth, through ``word``
        (dict keys too); each marker once in a list."""
        if not self:
            return v
        return self._walk(v)

    def _walk(self, v: Any) -> Any:
        kind = type(v)
        if kind is str:
            return self._seen.get(v) or self.word(v)
        if kind in _SCALARS:
            return v
        if isinstance(v, dict):
            out: dict[Any, Any] = {}
            seen, word, walk = self._seen, self.word, self._walk
            for k, x in v.items():
                key = (seen.get(k) or word(k)) if type(k) is str else k
                if key in out:
                    continue
                kind = type(x)
                if kind is str:
                    out[key] = seen.get(x) or word(x)
                elif kind in _SCALARS:
                    out[key] = x
                else:
                    out[key] = walk(x)
            name = v.get("name")
            if type(name) is str and out.get("name") != name and ("lat" in v or "lon" in v):
                # a place whose name is withheld is withheld whole: its point would
                # give away where a protected post stands
                out.update({k: blank for k, blank in _UNPLACED.items() if k in out})
            return out
        if isinstance(v, list | tuple):
            items: list[Any] = []
            for x in v:
                y = self._walk(x)
                if y is not x and type(y) is str and y in MARKERS and y in items:
                    continue  # each marker once
                items.append(y)
            return items if isinstance(v, list) else tuple(items)
        if isinstance(v, str):  # a subclass of str
            return self.word(v)
        return v

    def sources(self, cited: Iterable[str]) -> tuple[str, ...]:
        """Sources as cited, the protected ones (and any naming one) as ``WITHHELD``,
        each once."""
        out: list[str] = []
        for s in cited:
            shown = WITHHELD if self.is_protected(s) or self.names_one(s) else s
            if shown not in out:
                out.append(shown)
        return tuple(out)

    def event(self, e: Event) -> Event:
        """The event as it may leave (exports, reports): its sources, place, actors,
        notes and extra fields through the same rule."""
        if not self:
            return e
        sources = self.sources(e.sources)
        notes = self.word(e.notes) if e.notes else e.notes
        extra = {k: self.word(v) if v else v for k, v in e.extra.items()}
        where = e.where
        if where.name and self.word(where.name) != where.name:
            where = replace(
                where,
                name=self.word(where.name),
                lat=None,
                lon=None,
                radius_m=None,
                precision=GeoPrecision.UNRESOLVED,
            )
        actors = tuple(
            a if self.word(a.name) == a.name else replace(a, name=self.word(a.name))
            for a in e.actors
        )
        if (sources, notes, extra, where, actors) == (
            e.sources,
            e.notes,
            dict(e.extra),
            e.where,
            e.actors,
        ):
            return e
        return replace(e, sources=sources, notes=notes, extra=extra, where=where, actors=actors)
