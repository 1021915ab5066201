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
from dataclasses import replace
from datetime import date

from ceasewatch.errors import UnsupportedLanguage
from ceasewatch.extract.actors import PartyMatcher, PartyMention
from ceasewatch.extract.background import BACKGROUND_DAYS, reported, said_once
from ceasewatch.extract.claims import (
    VIOLENT,
    count,
    each_place,
    nearest_place,
    rule_actors,
    with_the_mission,
)
from ceasewatch.extract.dates import lowered, published_span, unknown
from ceasewatch.extract.decide import LearnedSteps, Recorder, SentenceRecord
from ceasewatch.extract.doers import by_doers
from ceasewatch.extract.firmness import Cues, denier, speaker, status_at, under_terms
from ceasewatch.extract.gazetteer import ABROAD, Gazetteer, Mention
from ceasewatch.extract.hits import TriggerSteps
from ceasewatch.extract.lang import SUPPORTED, language_pack, supported
from ceasewatch.extract.lang.detect import detect_language
from ceasewatch.extract.learned import Model, shipped_model
from ceasewatch.extract.lexicon import Lexicon
from ceasewatch.extract.places import places_for
from ceasewatch.extract.state import ReadState, SentenceRead
from ceasewatch.extract.text import PROSE_END, quote_open, split_sentences
from ceasewatch.extract.toll import fold_toll
from ceasewatch.extract.truce import before_truce
from ceasewatch.extract.voices import VoiceSteps
from ceasewatch.model import (
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

VERSION = "2"
_LETTER = re.compile(r"[^\W\d_]")


CONTEXT_SENTENCES = 3  # how far back a sentence with no place looks for one


class Extractor(TriggerSteps, LearnedSteps, VoiceSteps):
    """Extract claims from documents; parties and the mission come from the agreement.

    *learned* (the default) lets the shipped model decide what the rules decide badly
    (``decide.py``); ``learned=False`` gives the rules alone. A *recorder* receives every
    sentence as training sees it (``tools/train_extractor.py``), and the rules decide.
    Claims of events more than *background_days* older than the publication are
    background and left out, unless the past is the text's subject (``background.py``).
    """

    def __init__(
        self,
        agreement: Agreement | None = None,
        gazetteer: Gazetteer | None = None,
        taxonomy: Taxonomy | None = None,
        *,
        learned: bool = True,
        model: Model | None = None,
        recorder: Recorder | None = None,
        background_days: int | None = BACKGROUND_DAYS,
    ) -> None:
        self.background_days = background_days  # older is recalled, not reported (None: kept)
        self.model = model or (shipped_model() if learned and recorder is None else None)
        self.recorder = recorder
        # what made the claims, as stored with them: the rules' version and the model's name
        self.version = f"{VERSION}+{self.model.name}" if self.model else VERSION
        self.taxonomy = taxonomy or default_taxonomy()
        self.gazetteer = gazetteer or places_for(agreement)
        self.parties = PartyMatcher(agreement)
        # news of a ceasefire the model did not learn: the words, sides and places it keys
        # on are another's there, so it drops the rules' candidates only when surer
        self.unseen = bool(
            self.model and agreement is not None and agreement.id not in self.model.agreements
        )
        # the day the ceasefire took effect: fire told of the days before is no violation
        self.effective = agreement.effective.date() if agreement else None
        self._lexicons: dict[str, Lexicon] = {}

    def lexicon(self, language: str) -> Lexicon:
        """The compiled pack of a language; ``UnsupportedLanguage`` for one with none."""
        found = self._lexicons.get(language)
        if found is None:
            found = self._lexicons[language] = Lexicon(language_pack(language))
        return found

    def extract(
        self,
        doc_id: str,
        text: str,
        published: date | TimeSpan | None = None,
        source: str | None = None,
        source_party: str | None = None,
        language: str | None = None,
    ) -> list[Claim]:
        """The claims of one document. *published* is a day, or an interval for a
        publication known only to the month or the year; *language* is an ISO 639-1 code
        (guessed from the text when not given). A language with no pack is an
        ``UnsupportedLanguage`` error naming it: see ``supported``."""
        if not _LETTER.search(text):
            return []  # no word at all: nothing is said, in any language
        language = language or detect_language(text)
        if not supported(language):
            raise UnsupportedLanguage(language, doc_id, SUPPORTED)
        lx = self.lexicon(language)
        party = source_party or self.parties.voice_of(source)
        publication = published_span(published)
        state = ReadState(
            publication.end if publication else None,
            party,
            self.parties.is_mission(source)
            or (party is not None and party == self.parties.mission_party),
            lx,
            source,
            publication,
        )
        state.text = text
        spans = split_sentences(text, lx.pack)
        state.single = len(spans) == 1
        last = 0
        for start, end in spans:
            state.quoting = quote_open(text, last, start, state.quoting)
            if "\n" in text[last:start]:
                state.before = None  # a new paragraph: the outlet speaks again
            state.relaying = None
            self._sentence(doc_id, text, start, end, state)
            state.read.append((start, end))
            state.quoting = quote_open(text, start, end, state.quoting)
            last = end
        kept = reported(
            said_once(state.claims, text, lambda s: lx.pack.word.findall(lowered(s))),
            publication,
            self.background_days,
        )
        kept = before_truce(kept, self.effective, self.taxonomy)
        kept = by_doers(kept, self.parties.armed_groups, self.taxonomy)
        return [
            c if c.id == f"{doc_id}#{n}" else replace(c, id=f"{doc_id}#{n}")
            for n, c in enumerate(kept, start=1)
        ]

    # -- one sentence ----------------------------------------------------------------------

    def _sentence(self, doc_id: str, text: str, start: int, end: int, state: ReadState) -> None:
        """The claims of one sentence: the rules' candidates, then what was learned decides
        which stand, their family, status and roles; a sentence that tells the toll of the
        incident before gives that incident its dead and wounded."""
        before = len(state.claims)
        info = self._rules(doc_id, text, start, end, state)
        state.index += 1
        if self.model is not None or self.recorder is not None:
            self._learned(start, end, info, state, before, doc_id)
        fold_toll(state, before, info)
        # the next sentence of the paragraph is this one's account, when this one says whose
        # (read only when the next one makes a claim: ``_heard``)
        state.before = info if state.lx.pack.attribution_carries else None

    def _learned(
        self, start: int, end: int, info: SentenceRead, state: ReadState, before: int, doc_id: str
    ) -> None:
        """The rules' candidates of a sentence as the model decides them (or recorded for
        training)."""
        made = state.claims[before:]
        del state.claims[before:]
        view = self._view(info, state)
        if self.recorder is not None:
            cues = info.cues or Cues(info.text, info.low, state.lx)
            own, heard = self._voices(info.claimant, state)
            rule = status_at(cues, 0, own, heard, False)
            self.recorder(
                SentenceRecord(
                    start,
                    end,
                    view,
                    made,
                    self._role_items(info, made, state),
                    rule.value if rule else "none",
                )
            )
            state.claims.extend(made)
            return
        assert self.model is not None
        state.claims.extend(self._decide(doc_id, start, end, info, view, made, state))

    def _rules(
        self, doc_id: str, text: str, start: int, end: int, state: ReadState
    ) -> SentenceRead:
        """The rules' claims of a sentence, appended to the state; what they read."""
        sentence = text[start:end]
        low = lowered(sentence)
        lx = state.lx
        found = lx.dates.find(self.parties.undated(low), state.publication)
        # a line of the page; or a headline listed under one such as "Read more:"
        furniture = lx.cues.furniture.search(sentence) is not None
        state.listing = (furniture and sentence.rstrip().endswith(":")) or (
            state.listing and not PROSE_END.search(sentence.rstrip())
        )
        furniture = furniture or state.listing
        previous = state.last_date
        if found is not None:
            when, date_start, date_end = found
            if not furniture:  # a caption's day is the photograph's, not the text's
                state.last_date = when
        else:
            counted = lx.dates.from_last(low, state.last_date)  # "a day later"
            if counted is not None:
                state.last_date = counted
            when = state.last_date or unknown(state.published)
            date_start = date_end = -1
        words = lx.pack.word.findall(low)
        if furniture:
            # other headlines, a caption, a byline: nothing this text reports
            state.furniture.add(len(state.read))  # (nor where: a caption's place)
            return SentenceRead(sentence, low, found, when, [], [], words=words, furniture=True)
        # a wire's dateline ("KYIV, March 25 (Reuters) -") tells no event: no trigger there
        filed = lx.pack.dates.filed(low)
        hits, mentions = self._hits(
            " " * filed + low[filed:] if filed else low,
            sentence,
            state,
            date_start,
            date_end,
            words,
        )
        info = SentenceRead(sentence, low, found, when, hits, mentions, words=words)
        if not hits:
            if found is not None and lx.dates.since(low, date_start):
                # "active since August 2024" tells how long, not when the next thing happened
                state.last_date = previous
            if (
                state.claims
                and lx.cues.denial.search(low)
                and not lx.cues.denial_general.search(low)
            ):
                self._denial(
                    doc_id, sentence, start, end, self._claimant(sentence, state, low), state
                )
            # a side that speaks where nothing happens is who "he" is in the next sentence
            # ("The minister said there was no truce. In his words, X broke it first.")
            said = speaker(sentence, lx)
            party = self.parties.party_of(said) if said else None
            if party is not None:
                state.last_claimant = party
            return info
        claimant = info.claimant = self._claimant(sentence, state, low)
        denial = lx.cues.denial.search(low) is not None
        cues = info.cues = Cues(sentence, low, lx)
        history = [m.span() for m in lx.cues.history.finditer(low)]
        places = info.places = self.gazetteer.find(sentence, lx.pack)
        denied_by = denier(sentence, mentions, lx) if denial else None
        counter = lx.clauses.counter.search(sentence) if denial else None
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
            return info  # a sentence about years before: background, not a new event
        for code, at in hits:
            if history and any(
                (h <= at < e and self.taxonomy.get(code).family in VIOLENT)
                or (found is None and abs(h - at) < 60)
                for h, e in history
            ):
                continue  # the war before, or the trigger's words sum it up ("days of fighting")
            if found is None and not places and self._follows_up(low, code, at, sentence, state):
                continue
            if not code.startswith("agreement.") and under_terms(cues, at):
                continue  # what the agreement provides, not an event (its own claim is)
            split = denied_by is not None and denied_by[1] > at
            own, heard = self._voices(claimant, state)
            status = status_at(cues, at, own, heard, denial and not split)
            if status is None:
                continue
            day = when
            if status is ClaimStatus.SPECULATIVE and found is not None:
                day = lx.dates.ahead(found, low, state.published)  # what is to come
            groups, listed = each_place(
                places, self.taxonomy.get(code), sentence, lx, at, self.parties
            )
            for i, where in enumerate(groups):
                self._claim(
                    doc_id,
                    sentence,
                    start,
                    end,
                    code,
                    at,
                    status,
                    claimant,
                    day,
                    found is not None,
                    mentions,
                    where,
                    state,
                    tolled=not (listed and i),
                )
            if split and denied_by is not None:  # "..., which the capital denied": the denial too
                denied = state.claims[-1]
                state.claims.append(
                    replace(
                        denied,
                        id=f"{doc_id}#{len(state.claims) + 1}",
                        status=ClaimStatus.DENIED,
                        claimant=denied_by[0] or state.source_party,
                        killed=None,
                        wounded=None,
                    )
                )
        if claimant:
            state.last_claimant = claimant
        return info

    def _place_before(self, state: ReadState) -> Mention | None:
        """Where a sentence that names no place happened: the place named last before it,
        in the sentences just before (a dateline, a lead that names the village) or in
        the last claim's."""
        since = max(state.placed + 1, len(state.read) - CONTEXT_SENTENCES)
        for i in range(len(state.read) - 1, since - 1, -1):
            if i in state.furniture:
                continue  # a caption's place is the photograph's
            s, e = state.read[i]
            sentence = state.text[s:e]
            found: list[Mention] = [
                m
                for m in self.gazetteer.find(sentence, state.lx.pack)
                if m.entry is not None
                and m.entry.lat is not None
                and not m.origin
                and m.entry.kind != ABROAD  # where talks were held, not what came next
            ]
            if found:
                return found[-1]
        return state.last_place

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
        state: ReadState,
        tolled: bool = True,
    ) -> None:
        etype = self.taxonomy.get(code)
        unresolved: list[str] = []
        if status is ClaimStatus.SPECULATIVE and (
            when.start is None or state.published is None or when.start < state.published
        ):
            when = unknown(state.published)  # what may happen has no date yet, save a day ahead
        elif (
            when.precision is TimePrecision.UNKNOWN
            and state.publication is not None
            and state.lx.cues.present.search(sentence.lower())
        ):
            # an undated state told in the present ("the road is blocked") holds when the
            # text is published (the day, or the month or year it is known to)
            when = state.publication
        if when.precision is TimePrecision.UNKNOWN:
            unresolved.append("date: the text gives no time")
        place = nearest_place(places, at, self.parties, sentence, state.lx)
        if place is None:
            place = self._place_before(state)
        elif place.entry is None or place.entry.kind != ABROAD:
            state.last_place, state.placed = place, len(state.read)
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
        actors = rule_actors(sentence, mentions, claimant, etype.family, state.lx, etype.code)
        if state.mission_source and etype.family is Family.MISSION_ACTIVITY:
            actors = with_the_mission(actors, mentions, self.parties)
        killed = wounded = None
        # (not *tolled*: a later place of a list, whose dead the first claim holds)
        if etype.family in VIOLENT and tolled:
            killed = count(state.lx, "killed", sentence)
            wounded = count(state.lx, "wounded", sentence)
            if state.lx.cues.no_casualties.search(sentence):
                killed = 0 if killed is None else killed
                wounded = 0 if wounded is None else wounded
        quantities = tuple(
            Quantity(state.lx.pack.decimal(q.group("value")), q.group("unit").lower())
            for q in state.lx.cues.quantity.finditer(sentence)
        )
        if claimant is None and status in (ClaimStatus.ASSERTED, ClaimStatus.DENIED):
            claimant = state.source_party or state.source
        confidence = (
            0.5
            + 0.2 * dated_here
            + 0.2 * bool(resolved_places and place and place.entry)
            + 0.1 * bool(actors)
        )
        # a place read by its spelling says so (an unresolved one says why among the unresolved)
        spelled = place is not None and place.entry is not None and place.entry.lat is not None
        read = (f"place: {place.reason}",) if spelled and place and place.reason else ()
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
            basis=(
                f"rule:{code}",
                f"status:{status.value}",
                f"pack:{state.lx.pack.code}",
                *read,
            ),
        )
        state.claims.append(claim)

    def _denial(
        self,
        doc_id: str,
        sentence: str,
        start: int,
        end: int,
        claimant: str | None,
        state: ReadState,
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
                basis=("rule:denial of the claim before", f"pack:{state.lx.pack.code}"),
            )
        )
