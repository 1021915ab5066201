"""Text to claims: the extraction pipeline, pure and model-free.

For each sentence of a document the pipeline finds the event triggers of ``lexicon``,
keeps one event per family (several when one sentence reports activities of different
types of the mission or of aid), and reads around each: the date (``dates``, carried from
an earlier sentence when the sentence has none), the places (``gazetteer``), the parties
and the mission (``actors``), the killed and wounded, quantities, how firmly the sentence
states it and who claims it. A sentence that only denies what an earlier sentence
reported becomes a denied claim of that event. What cannot be resolved is kept and said
so in ``unresolved``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from ceasewatch.extract import lexicon
from ceasewatch.extract.actors import PartyMatcher, PartyMention
from ceasewatch.extract.dates import find_date, lowered, unknown
from ceasewatch.extract.gazetteer import Gazetteer, Mention, bundled_gazetteer
from ceasewatch.extract.text import sentences
from ceasewatch.model import (
    Actor,
    ActorRole,
    Claim,
    ClaimStatus,
    Family,
    GeoPrecision,
    Place,
    Quantity,
    TimePrecision,
    TimeSpan,
)
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.taxonomy import Taxonomy, default_taxonomy

VERSION = "1"

# Families in which one sentence reports one event, whatever the number of triggers.
_ONE_PER_SENTENCE = {
    Family.CEASEFIRE_VIOLATION,
    Family.ARMED_CLASH,
    Family.PROTEST,
    Family.OBSTRUCTION,
    Family.MINE_INCIDENT,
    Family.CORRIDOR_TRANSIT,
    Family.ILLICIT_TRANSFER,
    Family.VIOLENCE_AGAINST_CIVILIANS,
    Family.DETENTION,
    Family.TERRITORY_TRANSFER,
    Family.AGREEMENT,
    Family.OTHER,
}
# When the first type fires in a sentence, the second is the same event seen from another
# word, not a second event.
_SUBSUMES: dict[str, tuple[str, ...]] = {
    "mine.explosion": ("cfv.", "civilians.attack", "mine.found", "mission.demining"),
    "mission.demining": ("mine.found", "cfv."),
    "mine.found": ("cfv.", "transfer.weapons"),
    "obstruction.journalists": ("detention.", "obstruction.movement", "obstruction.mission"),
    "obstruction.mission": ("obstruction.movement",),
    "obstruction.blockade": ("obstruction.movement", "protest.", "corridor."),
    "exchange.detainees": (
        "detention.",
        "civilians.abduction",
        "mission.mediation",
        "transfer.",
        "agreement.",
        "territory.",
    ),
    "exchange.remains": ("detention.", "mission.mediation", "transfer.", "territory."),
    "agreement.signed": ("mission.mediation",),
    "civilians.abduction": ("detention.",),
    "clash.armed": ("cfv.",),
    "clash.government_regains": ("cfv.", "clash.armed", "territory."),
    "civilians.attack": ("cfv.",),
    "corridor.bypass": ("corridor.convoy", "corridor.crossing"),
    "transfer.weapons": (
        "corridor.convoy",
        "corridor.crossing",
        "movement.forces",
        "transfer.resources",
    ),
    "transfer.resources": ("corridor.convoy", "corridor.crossing"),
    "humanitarian.delivery": ("corridor.",),
    "humanitarian.evacuation": ("corridor.",),
    "humanitarian.return": ("corridor.",),
    "mission.escort": ("corridor.", "mission.patrol"),
    "mission.strength_report": ("mission.observation_post",),
    "territory.handover": ("movement.forces",),
    "protest.excessive_force": ("obstruction.", "civilians.attack", "cfv."),
    "protest.intervention": ("detention.",),
    "mission.investigation": ("mission.patrol",),
}
# families whose events a text names again ("the fighting", "the protest", "the convoy")
_RESTATED = {
    Family.CEASEFIRE_VIOLATION,
    Family.ARMED_CLASH,
    Family.VIOLENCE_AGAINST_CIVILIANS,
    Family.MINE_INCIDENT,
    Family.PROTEST,
    Family.OBSTRUCTION,
    Family.CORRIDOR_TRANSIT,
}
_VIOLENT = {
    Family.CEASEFIRE_VIOLATION,
    Family.ARMED_CLASH,
    Family.VIOLENCE_AGAINST_CIVILIANS,
    Family.MINE_INCIDENT,
}
_TARGET_BEFORE = re.compile(
    r"(?:\bat|\bon|\bagainst|\btargeting|\btowards?|\bpositions of|\bposts of|\bupon|\bby)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_BY_BEFORE = re.compile(r"\b(?:by|from)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_TARGET_AFTER = re.compile(
    r"\s+(?:positions?|posts?|servicem[ae]n|soldiers?|villages?|civilians?|residents?|"
    r"settlements?|territory|farmers?|border guards?|military|troops|units?|side's positions)\b"
    r"[^.;]{0,40}?\b(?:came under|were|was|had been|been|got|were hit|under)\b",
    re.IGNORECASE,
)
_SPEAKER_AFTER = re.compile(
    r"^(?:'s|’s)?(?:\s+[\w-]+){0,4}?\s+(?:said|says|stated|states|reported|reports|claimed|"
    r"claims|denied|denies|accused|accuses|announced|insisted|told|alleged|rejected|called|"
    r"confirmed|wrote|added|noted|dismissed|refuted|listed|recorded|registered|documented|"
    r"counted)\b"
)
_ACCORDING = re.compile(r"\baccording to (?:the )?([^,.;]{2,80})")
_SPEECH_VERB = re.compile(
    r"\s(?:said|says|stated|states|reported|reports|claimed|claims|denied|denies|accused|"
    r"accuses|announced|insisted|told|alleged|rejected|confirmed|wrote|added|noted|"
    r"dismissed|refuted|called|listed|recorded|registered|documented|counted)\b"
)
_CLAUSE_START = re.compile(r"[,;:]\s*|\b(?:and|but|while|as)\s+")
_SAID_AFTER = re.compile(
    r",\s*(?:said|says|according to|stated|claimed|reported|added)\s+(?:the\s+)?([^,.;]{2,80})"
)
_PRONOUN = re.compile(
    r"^(?:it|he|she|they|the (?:ministry|statement|spokes\w+|official|"
    r"press service|defence ministry|ministry of defence|command|source|"
    r"bulletin|report))$",
    re.IGNORECASE,
)
_INSTITUTION = re.compile(
    r"\b(?:ministry|ministries|government|authorities|president|presidential|army|"
    r"defen[cs]e|foreign|interior|border (?:service|guards?)|security service|spokes\w+|"
    r"prosecutor|ombudsman|command)\b",
    re.IGNORECASE,
)
_NAMED = re.compile(r"((?:[A-Z][\w'’&.-]*\s+)*(?:of\s+|for\s+|the\s+)?(?:[A-Z][\w'’&.-]*\s*)+)$")
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_MAY = re.compile(r"\bmay\b")  # lower case: the month is "May"
_ANAPHORA = re.compile(r"\b(?:the|this|that|these|those)\s+(?:\w+\s+){0,2}$")
_ESCORTED = re.compile(r"\bescort(?:ed|ing)\b(?! by)")
_QUESTION = re.compile(r"\?[\"'”’)]*$")


@dataclass(slots=True)
class _State:
    """What a document has said so far: the last date, claimant and claim."""

    published: date | None
    source_party: str | None
    mission_source: bool
    source: str | None = None
    last_date: TimeSpan | None = None
    last_place: Mention | None = None
    mission_seen: bool = False
    last_claimant: str | None = None
    claims: list[Claim] = field(default_factory=list)


_RELATIVE = re.compile(r"[;:]|, (?:which|who|where|while|but)\b")
_CLAUSE_BREAK = re.compile(r"[;:]|, (?:while|but|and)\b")
_DEMAND = re.compile(r"\b(?:must|should|urged?|urges|calls? on|called on|demands?|demanded)\b")


class _Cues:
    """The words of a sentence that say how firmly it speaks, each kind looked for once
    and only when a claim needs it."""

    __slots__ = (
        "_alleged",
        "_attributed",
        "_demands",
        "_negations",
        "_speculative",
        "low",
        "sentence",
    )

    def __init__(self, sentence: str, low: str) -> None:
        self.sentence, self.low = sentence, low
        self._speculative: list[int] | None = None
        self._negations: list[tuple[int, int]] | None = None
        self._demands: list[int] | None = None
        self._alleged: bool | None = None
        self._attributed: bool | None = None

    @classmethod
    def of(cls, sentence: str, low: str) -> _Cues:
        return cls(sentence, low)

    @property
    def question(self) -> bool:
        return _QUESTION.search(self.sentence) is not None

    @property
    def speculative(self) -> list[int]:
        if self._speculative is None:
            self._speculative = [m.start() for m in lexicon.SPECULATIVE.finditer(self.low)] + [
                m.start() for m in _MAY.finditer(self.sentence)
            ]
        return self._speculative

    @property
    def negations(self) -> list[tuple[int, int]]:
        if self._negations is None:
            self._negations = [m.span() for m in lexicon.NEGATION.finditer(self.low)]
        return self._negations

    @property
    def demands(self) -> list[int]:
        if self._demands is None:
            self._demands = [m.start() for m in _DEMAND.finditer(self.low)]
        return self._demands

    @property
    def alleged(self) -> bool:
        if self._alleged is None:
            self._alleged = lexicon.ALLEGED.search(self.low) is not None
        return self._alleged

    @property
    def attributed(self) -> bool:
        if self._attributed is None:
            self._attributed = lexicon.ATTRIBUTION.search(self.low) is not None
        return self._attributed


class Extractor:
    """Extract claims from documents; parties and the mission come from the agreement."""

    def __init__(
        self,
        agreement: Agreement | None = None,
        gazetteer: Gazetteer | None = None,
        taxonomy: Taxonomy | None = None,
    ) -> None:
        self.taxonomy = taxonomy or default_taxonomy()
        self.gazetteer = gazetteer or bundled_gazetteer()
        self.parties = PartyMatcher(agreement)
        self._triggers = [(t, re.compile(t.pattern)) for t in lexicon.TRIGGERS]
        self._anchors: dict[str, set[int]] = {}
        for i, (t, _) in enumerate(self._triggers):
            for anchor in lexicon.ANCHORS[t.code].split():
                self._anchors.setdefault(anchor, set()).add(i)
        self._lengths = sorted({len(a) for a in self._anchors})
        self._memo: dict[str, frozenset[int]] = {}

    def extract(
        self,
        doc_id: str,
        text: str,
        published: date | None = None,
        source: str | None = None,
        source_party: str | None = None,
    ) -> list[Claim]:
        party = source_party or self.parties.party_of(source)
        state = _State(
            published,
            party,
            self.parties.is_mission(source)
            or (party is not None and party == self.parties.mission_party),
            source,
        )
        for start, end in sentences(text):
            self._sentence(doc_id, text, start, end, state)
        return state.claims

    # -- one sentence ----------------------------------------------------------------------

    def _sentence(self, doc_id: str, text: str, start: int, end: int, state: _State) -> None:
        sentence = text[start:end]
        low = lowered(sentence)
        found = find_date(sentence, state.published, low)
        if found is not None:
            when, date_start, date_end = found
            state.last_date = when
        else:
            when = state.last_date or unknown(state.published)
            date_start = date_end = -1
        hits, mentions = self._hits(low, sentence, state, date_start, date_end)
        if not hits:
            if state.claims and lexicon.DENIAL.search(low):
                self._denial(
                    doc_id, sentence, start, end, self._claimant(sentence, state, low), state
                )
            return
        claimant = self._claimant(sentence, state, low)
        denial = lexicon.DENIAL.search(low) is not None
        cues = _Cues.of(sentence, low)
        history = [m.start() for m in lexicon.HISTORY.finditer(low)]
        places = self.gazetteer.find(sentence)
        denier = _denier(sentence, mentions) if denial else None
        counter = _COUNTER.search(sentence) if denial else None
        if counter is not None and state.claims and all(at > counter.end() for _, at in hits):
            # "X rejected that account, saying ...": a denial of what came before, then a
            # claim of X's own
            self._denial(doc_id, sentence, start, end, claimant, state)
            denial = False
        if (
            found is not None
            and found[0].end
            and state.published
            and ((state.published - found[0].end).days > 730)
        ):
            return  # a sentence about years before: background, not an event reported now
        for code, at in hits:
            if found is None and any(abs(h - at) < 60 for h in history):
                continue
            if found is None and not places and self._follows_up(low, code, at, sentence, state):
                continue
            split = denier is not None and denier[1] > at
            status = self._status(cues, at, claimant, state, denial and not split, low)
            if status is None:
                continue
            self._claim(
                doc_id,
                sentence,
                start,
                end,
                code,
                at,
                status,
                claimant,
                when,
                found is not None,
                mentions,
                places,
                state,
            )
            if split and denier is not None:  # "..., which Baku denied": the denial too
                denied = state.claims[-1]
                state.claims.append(
                    replace(
                        denied,
                        id=f"{doc_id}#{len(state.claims) + 1}",
                        status=ClaimStatus.DENIED,
                        claimant=denier[0] or state.source_party,
                        killed=None,
                        wounded=None,
                    )
                )
        if claimant:
            state.last_claimant = claimant

    def _follows_up(self, low: str, code: str, at: int, sentence: str, state: _State) -> bool:
        """Whether the trigger names again the event of the last claim ("in the fighting",
        "the shelling"): then the sentence adds to that claim, it is not a new one."""
        if not state.claims or not _ANAPHORA.search(low, max(0, at - 14), at):
            return False
        family = self.taxonomy.get(code).family
        if family not in _RESTATED:
            return False
        word = _WORD.match(low, at)
        named = word.group() if word else "\0"
        for index in range(len(state.claims) - 1, max(-1, len(state.claims) - 4), -1):
            last = state.claims[index]
            if last.family is family or (last.family in _VIOLENT and family in _VIOLENT):
                break
            if named in last.text.lower():  # "the convoy" of a sentence before
                return True
        else:
            return False
        killed = last.killed if last.killed is not None else _count(lexicon.KILLED, sentence)
        wounded = last.wounded if last.wounded is not None else _count(lexicon.WOUNDED, sentence)
        state.claims[index] = replace(last, killed=killed, wounded=wounded)
        return True

    def _hits(
        self,
        low: str,
        sentence: str,
        state: _State,
        date_start: int,
        date_end: int,
    ) -> tuple[list[tuple[str, int]], list[PartyMention]]:
        """The event types of a sentence (lowered) and where their triggers are, after
        precedence."""
        memo = self._memo
        anchored = self._anchored
        candidates: set[int] = set().union(
            *[memo[w] if w in memo else anchored(w) for w in set(_WORD.findall(low))]
        )
        first: dict[str, int] = {}
        for i in sorted(candidates):
            trigger, pattern = self._triggers[i]
            m = pattern.search(low)
            if m is None:
                continue
            if date_start <= m.start() < date_end:  # a word of the date, not of the event
                m = next((x for x in pattern.finditer(low, date_end)), None)
                if m is None:
                    continue
            first.setdefault(trigger.code, m.start())
        if not first:
            return [], []
        mentions = self.parties.find(sentence)
        if "mission.escort" in first and "humanitarian.return" in first:
            # one movement seen twice: "escorted buses of returning refugees" is the escort,
            # "returned under the escort of peacekeepers" the return
            del first["humanitarian.return" if _ESCORTED.search(low) else "mission.escort"]
        remains, detainees = first.get("exchange.remains"), first.get("exchange.detainees")
        if remains is not None and detainees is not None and abs(remains - detainees) < 40:
            del first["exchange.detainees"]  # "the remains of 21 servicemen were handed over"
        mission = state.mission_source or self.parties.mentions_mission(low)
        if mission:
            state.mission_seen = True
        elif state.mission_seen:
            # "it opened a post" in a text about the mission
            mission = not any(not m.mission for m in mentions)
        near = [m.start for m in mentions if m.mission]
        codes = [
            t.code
            for t, _ in self._triggers
            if t.code in first
            and (
                not t.mission
                or state.mission_source
                or (mission and (not near or any(abs(s - first[t.code]) <= 100 for s in near)))
            )
        ]
        kept: list[str] = []
        for code in codes:
            if any(code.startswith(p) for k in kept for p in _SUBSUMES.get(k, ())):
                continue
            family = self.taxonomy.get(code).family
            if family in _ONE_PER_SENTENCE and any(
                self.taxonomy.get(k).family is family for k in kept
            ):
                continue
            kept = [k for k in kept if not any(k.startswith(p) for p in _SUBSUMES.get(code, ()))]
            kept.append(code)
        return sorted(((c, first[c]) for c in kept), key=lambda x: x[1]), mentions

    def _anchored(self, word: str) -> frozenset[int]:
        """The triggers a word may start: those with an anchor that begins the word."""
        found: set[int] = set()
        for n in self._lengths:
            if n > len(word):
                break
            hit = self._anchors.get(word[:n])
            if hit:
                found |= hit
        if len(self._memo) > 100_000:  # bounded: a long run meets ever new words
            self._memo.clear()
        result = self._memo[word] = frozenset(found)
        return result

    def _status(
        self,
        cues: _Cues,
        at: int,
        claimant: str | None,
        state: _State,
        denial: bool,
        low: str,
    ) -> ClaimStatus | None:
        """How firmly the sentence states the event at *at*; None when it negates it."""
        if cues.question:
            return ClaimStatus.SPECULATIVE
        if denial:
            return ClaimStatus.DENIED
        if any(at - 28 <= s and e <= at for s, e in cues.negations):
            return None
        if any(at - 40 <= s <= at and not _CLAUSE_BREAK.search(low, s, at) for s in cues.demands):
            return None  # "X must ensure freedom of movement": a demand, not an event
        if any(
            at - 70 <= s < at + 50 and not (s > at and _RELATIVE.search(low, at, s))
            for s in cues.speculative
        ):
            return ClaimStatus.SPECULATIVE
        if cues.alleged:
            return ClaimStatus.ALLEGED
        if cues.attributed:
            if claimant is not None and claimant == state.source_party:
                return ClaimStatus.ASSERTED
            return ClaimStatus.REPORTED
        return ClaimStatus.ASSERTED

    def _claimant(self, sentence: str, state: _State, low: str) -> str | None:
        """Who makes the sentence's claim: a party id, an organisation as named, or None."""
        phrase = None
        m = _ACCORDING.search(low)
        if m:
            phrase = sentence[m.start(1) : m.end(1)]
        else:
            phrase = _speaker(sentence)
            if phrase is None:
                m2 = _SAID_AFTER.search(sentence)
                phrase = m2.group(1) if m2 else None
        if phrase is None:
            return None
        phrase = phrase.strip()
        party = self.parties.party_of(phrase)
        if party is not None:
            return party
        if _PRONOUN.match(phrase):
            return state.last_claimant or state.source_party
        if state.source_party and _INSTITUTION.search(phrase):
            return state.source_party  # "the Ministry of Defence" in a party's own press
        named = _NAMED.search(phrase)
        if named and named.group(1).strip()[:1].isupper():
            return named.group(1).strip()
        return state.last_claimant or state.source_party

    # -- building claims -------------------------------------------------------------------

    def _claim(
        self,
        doc_id: str,
        sentence: str,
        start: int,
        end: int,
        code: str,
        at: int,
        status: ClaimStatus,
        claimant: str | None,
        when: TimeSpan,
        dated_here: bool,
        mentions: list[PartyMention],
        places: list[Mention],
        state: _State,
    ) -> None:
        etype = self.taxonomy.get(code)
        unresolved: list[str] = []
        if status is ClaimStatus.SPECULATIVE and when.start != state.published:
            when = unknown(state.published)  # what may happen has no date yet
        if when.precision is TimePrecision.UNKNOWN:
            unresolved.append("date: the text gives no time")
        place = _nearest_place(places, at, self.parties, sentence)
        if place is None:
            place = state.last_place
        else:
            state.last_place = place
        resolved_places: tuple[Place, ...] = ()
        if place is not None:
            if place.entry is None or place.entry.lat is None:
                unresolved.append(f"place: {place.reason}")
                resolved_places = (Place(place.text, None, None, GeoPrecision.UNRESOLVED),)
            else:
                resolved_places = (
                    Place(place.entry.name, place.entry.lat, place.entry.lon, place.precision),
                )
        else:
            unresolved.append("place: no place of the gazetteer is named")
        actors = _actors(sentence, mentions, claimant, etype.family)
        killed = wounded = None
        if etype.family in _VIOLENT:
            killed = _count(lexicon.KILLED, sentence)
            wounded = _count(lexicon.WOUNDED, sentence)
            if lexicon.NO_CASUALTIES.search(sentence):
                killed = 0 if killed is None else killed
                wounded = 0 if wounded is None else wounded
        quantities = tuple(
            Quantity(float(q.group("value").replace(",", "")), q.group("unit").lower())
            for q in lexicon.QUANTITY.finditer(sentence)
        )
        if claimant is None and status in (ClaimStatus.ASSERTED, ClaimStatus.DENIED):
            claimant = state.source_party or state.source
        confidence = (
            0.5
            + 0.2 * dated_here
            + 0.2 * bool(resolved_places and place and place.entry)
            + 0.1 * bool(actors)
        )
        claim = Claim(
            id=f"{doc_id}#{len(state.claims) + 1}",
            document_id=doc_id,
            span=(start, end),
            text=sentence,
            type_code=code,
            family=etype.family,
            status=status,
            claimant=claimant,
            when=when,
            places=resolved_places,
            actors=actors,
            killed=killed,
            wounded=wounded,
            confidence=round(confidence, 2),
            quantities=quantities,
            unresolved=tuple(unresolved),
        )
        state.claims.append(claim)

    def _denial(
        self,
        doc_id: str,
        sentence: str,
        start: int,
        end: int,
        claimant: str | None,
        state: _State,
    ) -> None:
        """A sentence that denies what was said before: a denied claim of the last event."""
        denied = state.claims[-1]
        if denied.status is ClaimStatus.DENIED:
            return
        who = claimant or state.source_party
        state.claims.append(
            Claim(
                id=f"{doc_id}#{len(state.claims) + 1}",
                document_id=doc_id,
                span=(start, end),
                text=sentence,
                type_code=denied.type_code,
                family=denied.family,
                status=ClaimStatus.DENIED,
                claimant=who,
                when=denied.when,
                places=denied.places,
                actors=tuple(a for a in denied.actors if a.role is not ActorRole.CLAIMANT),
                confidence=0.5,
                unresolved=denied.unresolved,
            )
        )


_COUNTER = re.compile(
    r"\b(?:rejected|rejects|denied|denies|dismissed|dismisses|called (?:it|them|the \w+) "
    r"(?:a |an )?(?:false\w*|fabricat\w+|disinformation|fake|lies?))\b[^.;]{0,60}?(?:,\s*|\s+)"
    r"(?:saying|adding|insisting|claiming|and said|and added)\b",
    re.IGNORECASE,
)
_DENIAL_CLAUSE = re.compile(
    r"(?:,|;|—| -|\bbut|\bwhile|\bwhich|\ba claim|\ban accusation|\ballegations?|\ba charge|"
    r"\breports)\s+(?:that\s+)?(?:the\s+)?((?:[\w'’-]+\s+){0,5}?)(?:has\s+|had\s+|have\s+)?"
    r"(?:strongly\s+|categorically\s+|flatly\s+)?(?:denied|denies|deny|rejects|rejected|"
    r"dismissed|dismisses|refuted|refutes|called (?:it|them|the \w+) (?:a |an )?(?:false\w*|"
    r"fabricat\w+|disinformation|fake|lies?))\b",
    re.IGNORECASE,
)


def _denier(sentence: str, mentions: list[PartyMention]) -> tuple[str | None, int] | None:
    """A clause that denies what the sentence reports ("..., which Baku denied"): the
    party that denies (if named) and where the clause starts; None when there is none."""
    m = _DENIAL_CLAUSE.search(sentence)
    if m is None:
        return None
    who = next((x.party for x in mentions if m.start() <= x.start < m.end()), None)
    return who, m.start()


def _speaker(sentence: str) -> str | None:
    """The words before the first verb of speech, back to the start of their clause (at
    most seven): "the Armenian defence ministry" in "..., the Armenian defence ministry
    said"."""
    for verb in _SPEECH_VERB.finditer(sentence):
        before = sentence[: verb.start()]
        cut = 0
        for m in _CLAUSE_START.finditer(before):
            cut = m.end()
        words = before[cut:].split()
        if 1 <= len(words) <= 7:
            return " ".join(words)
    return None


def _nearest_place(
    places: list[Mention], at: int, parties: PartyMatcher, sentence: str
) -> Mention | None:
    """The place of an event among the places a sentence names.

    A place that speaks ("Baku said") is not where anything happened; a capital that is
    also a party's alias counts only after a locative word. Resolved places come before
    unresolved ones (the district named beside an unknown village), places after a
    locative word before others, and among those the nearest to the trigger wins.
    """
    candidates = []
    for p in places:
        if _SPEAKER_AFTER.match(sentence[p.end :]):
            continue
        alias = parties.party_of(p.text) is not None
        if alias and not p.locative:
            continue
        candidates.append((alias, p))
    if not candidates:
        return None
    if any(not alias for alias, _ in candidates):
        candidates = [(a, p) for a, p in candidates if not a]
    pool = [p for _, p in candidates]
    resolved = [p for p in pool if p.entry is not None and p.entry.lat is not None]
    pool = resolved or pool
    pool = [p for p in pool if p.locative] or pool
    return min(pool, key=lambda p: abs(p.start - at))


def _actors(
    sentence: str, mentions: list[PartyMention], claimant: str | None, family: Family
) -> tuple[Actor, ...]:
    out: list[Actor] = []
    seen: set[tuple[str | None, ActorRole]] = set()
    for m in mentions:
        before = sentence[max(0, m.start - 40) : m.start]
        after = sentence[m.end : m.end + 80]
        if _SPEAKER_AFTER.match(after) or re.search(r"according to (?:the )?$", before):
            role = ActorRole.CLAIMANT
        elif m.mission and family is Family.MISSION_ACTIVITY:
            role = ActorRole.PARTICIPANT
        elif m.mission and re.search(r"escort|accompan|protection", sentence, re.IGNORECASE):
            role = ActorRole.ESCORT
        elif _BY_BEFORE.search(before):
            role = ActorRole.PERPETRATOR
        elif _TARGET_BEFORE.search(before) or _TARGET_AFTER.match(after):
            role = ActorRole.TARGET
        else:
            role = ActorRole.PERPETRATOR
        key = (m.party, role)
        if key in seen:
            continue
        seen.add(key)
        out.append(Actor(m.text, role, m.party))
    return tuple(out)


_CASUALTY_HINT = re.compile(r"kill|dead|died|wound|injur|hurt|lost|perish|fatal|death")


def _count(pattern: re.Pattern[str], sentence: str) -> int | None:
    if not _CASUALTY_HINT.search(sentence.lower()):
        return None
    total = None
    for m in pattern.finditer(sentence):
        word = next((g for g in m.groups() if g), None)
        if word is None:
            continue
        n = lexicon.number(word)
        if n is not None:
            total = (total or 0) + n
    return total
