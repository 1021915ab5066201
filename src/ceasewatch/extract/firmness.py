"""How firmly a sentence speaks, and who speaks: the cues of a language pack read around a
trigger (hedges, attributions, denials, what is future or negated) and the speaker named
before a verb of speech or after "according to"."""

from __future__ import annotations

from ceasewatch.extract.actors import PartyMention
from ceasewatch.extract.lexicon import Lexicon
from ceasewatch.model import ClaimStatus


class Cues:
    """The words of a sentence that say how firmly it speaks, each kind looked for once
    and only when a claim needs it."""

    __slots__ = (
        "_alleged",
        "_attributed",
        "_demands",
        "_negations",
        "_prohibitions",
        "_speculative",
        "_terms",
        "low",
        "lx",
        "sentence",
    )

    def __init__(self, sentence: str, low: str, lx: Lexicon) -> None:
        self.sentence, self.low, self.lx = sentence, low, lx
        self._speculative: list[int] | None = None
        self._negations: list[tuple[int, int]] | None = None
        self._demands: list[int] | None = None
        self._prohibitions: list[int] | None = None
        self._terms: list[int] | None = None
        self._alleged: bool | None = None
        self._attributed: bool | None = None

    @property
    def question(self) -> bool:
        return self.lx.cues.question.search(self.sentence) is not None

    @property
    def speculative(self) -> list[int]:
        if self._speculative is None:
            cues = self.lx.cues
            self._speculative = [m.start() for m in cues.speculative.finditer(self.low)] + [
                m.start() for m in cues.modal_may.finditer(self.sentence)
            ]
        return self._speculative

    @property
    def negations(self) -> list[tuple[int, int]]:
        if self._negations is None:
            self._negations = [m.span() for m in self.lx.cues.negation.finditer(self.low)]
        return self._negations

    @property
    def demands(self) -> list[int]:
        if self._demands is None:
            self._demands = [m.start() for m in self.lx.cues.demand.finditer(self.low)]
        return self._demands

    @property
    def prohibitions(self) -> list[int]:
        if self._prohibitions is None:
            found = self.lx.cues.prohibition.finditer(self.low)
            self._prohibitions = [m.start() for m in found]
        return self._prohibitions

    @property
    def terms(self) -> list[int]:
        if self._terms is None:
            self._terms = [m.start() for m in self.lx.cues.terms.finditer(self.low)]
        return self._terms

    @property
    def quoted(self) -> bool:
        """The sentence opens a quotation: it speaks in another's voice."""
        return self.lx.cues.quoted.search(self.sentence) is not None

    @property
    def alleged(self) -> bool:
        if self._alleged is None:
            self._alleged = self.lx.cues.alleged.search(self.low) is not None
        return self._alleged

    @property
    def attributed(self) -> bool:
        if self._attributed is None:
            self._attributed = self.lx.cues.attribution.search(self.low) is not None
        return self._attributed


def denier(
    sentence: str, mentions: list[PartyMention], lx: Lexicon
) -> tuple[str | None, int] | None:
    """A clause that denies what the sentence reports ("..., which the capital denied"): the
    party that denies (if named) and where the clause starts; None when there is none."""
    m = lx.clauses.denial_clause.search(sentence)
    if m is None:
        return None
    who = next((x.party for x in mentions if m.start() <= x.start < m.end()), None)
    return who, m.start()


def speaker(sentence: str, lx: Lexicon) -> str | None:
    """The words before the first verb of speech, back to the start of their clause (at
    most seven): "the Armenian defence ministry" in "..., the Armenian defence ministry
    said"."""
    for verb in lx.clauses.speech_verb.finditer(sentence):
        before = sentence[: verb.start()]
        cut = 0
        for m in lx.clauses.clause_start.finditer(before):
            cut = m.end()
        words = before[cut:].split()
        if 1 <= len(words) <= 7:
            return " ".join(words)
    return None


def under_terms(cues: Cues, at: int) -> bool:
    """Whether the words at *at* state an agreement's terms ("under the deal, displaced
    people may return"; "the sides agreed to pull back"): what was agreed, not what
    happened, unless a clause break stands between."""
    return _governs(cues, cues.terms, at, 120)


def _governs(cues: Cues, starts: list[int], at: int, reach: int) -> bool:
    """Whether a cue starting at one of *starts*, at most *reach* characters before *at*
    and in its clause, governs the words at *at*."""
    breaks = cues.lx.clauses.clause_break
    return any(at - reach <= s <= at and not breaks.search(cues.low, s, at) for s in starts)


def status_at(
    cues: Cues,
    at: int,
    own: bool,
    quoting: bool,
    denial: bool,
) -> ClaimStatus | None:
    """How firmly a sentence states the event at *at*; None when it negates it. *own*: the
    source tells it in its own voice (the claimant is the source's side). *quoting*: the
    sentence is heard in another's voice: a quotation opened in a sentence before is still
    open where it begins, or a sentence before it in its paragraph said whose account it
    tells ("..., the ministry said.")."""
    low = cues.low
    if cues.question:
        return ClaimStatus.SPECULATIVE
    if denial:
        return ClaimStatus.DENIED
    if any(at - 28 <= s and e <= at for s, e in cues.negations):
        return None
    breaks = cues.lx.clauses.clause_break
    if _governs(cues, cues.demands, at, 40):
        return None  # "X must ensure freedom of movement": a demand, not an event
    if any(
        not breaks.search(low, min(s, at), max(s, at)) and at - 150 <= s <= at + 40
        for s in cues.prohibitions
    ):
        # "a complete ban on firing, on placing weapons ... and on offensives", "shooting
        # is prohibited": a rule, not an event
        return None
    if any(
        at - 70 <= s < at + 50 and not (s > at and cues.lx.clauses.relative.search(low, at, s))
        for s in cues.speculative
    ):
        return ClaimStatus.SPECULATIVE
    if cues.alleged:
        return ClaimStatus.ALLEGED
    if cues.attributed or cues.quoted or quoting:
        # said by someone, or a quotation's words ("“They opened fire on the tractor.”")
        if own:
            return ClaimStatus.ASSERTED
        return ClaimStatus.REPORTED
    return ClaimStatus.ASSERTED
