"""What the extractor holds while it reads a document: the state of the document so far
(``ReadState``) and what the rules read in one sentence (``SentenceRead``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ceasewatch.extract.actors import PartyMention
from ceasewatch.extract.firmness import Cues
from ceasewatch.extract.gazetteer import Mention
from ceasewatch.extract.lexicon import Lexicon
from ceasewatch.model import Claim, TimeSpan


@dataclass(slots=True)
class ReadState:
    """What a document has said so far: the last date, claimant and claim."""

    published: date | None  # the publication day, or the last day it may be
    source_party: str | None
    mission_source: bool
    lx: Lexicon
    source: str | None = None
    publication: TimeSpan | None = None  # the publication as given, to the day or less
    last_date: TimeSpan | None = None
    last_place: Mention | None = None
    placed: int = -1  # the sentence last_place was read in
    text: str = ""
    read: list[tuple[int, int]] = field(default_factory=list)  # the sentences read so far
    furniture: set[int] = field(default_factory=set)  # which of them are lines of the page
    listing: bool = False  # the page lists links under a line such as "Read more:"
    mission_seen: bool = False
    last_claimant: str | None = None
    claims: list[Claim] = field(default_factory=list)
    index: int = 0  # sentences read so far
    told: int = 0  # sentences so far in which a trigger fired
    previous: tuple[str, ...] = ()  # the families the sentence before signalled
    seen: set[str] = field(default_factory=set)  # the sentences read so far, lowered
    single: bool = False  # the text is one sentence: no page around it (see decide.py)
    quoting: bool = False  # a quotation is open where the sentence begins
    # the sentence before, in this paragraph, said whose account it tells ("..., the ministry
    # said."): this one is that account, reported, not the outlet's (a pack that says so)
    before: SentenceRead | None = None  # in a pack that carries it (``Extractor._heard``)
    relaying: bool | None = None  # ... and whether it did, once read


@dataclass(slots=True)
class SentenceRead:
    """What the rules read in one sentence."""

    text: str
    low: str
    found: tuple[TimeSpan, int, int] | None
    when: TimeSpan
    hits: list[tuple[str, int]]
    mentions: list[PartyMention]
    places: list[Mention] | None = None
    claimant: str | None = None
    cues: Cues | None = None
    words: list[str] | None = None  # the words of the lowered sentence
    furniture: bool = False  # a line of the page, not of the article ("Read also: ...")
