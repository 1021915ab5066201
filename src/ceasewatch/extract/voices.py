"""Whose voice a sentence speaks in, mixed into ``Extractor``: who makes its claim (a party,
an organisation as named, the mission), and whether that is the source's own voice (its
party's, or the mission's in its own report) or another's it relays: a quotation still
open, the account the sentence before said it tells ("..., the ministry said."), what the
mission observed, told in another's report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ceasewatch.extract.firmness import speaker

if TYPE_CHECKING:
    from ceasewatch.extract.state import ReadState, SentenceRead


class VoiceSteps:
    """Reading whose account a claim is (``Extractor`` provides what they call)."""

    parties: Any

    def _voices(self, claimant: str | None, state: ReadState) -> tuple[bool, bool]:
        """(own, heard) for a claim of *claimant*: the source tells it in its own voice;
        it is heard in another's (``_heard``, or what the mission observed or recorded,
        told in another's report)."""
        own = self._own(claimant, state)
        seen = not own and claimant is not None and self.parties.is_mission(claimant)
        return own, seen or self._heard(state)

    def _heard(self, state: ReadState) -> bool:
        """Whether the sentence read now is heard in another's voice: a quotation still
        open, or the sentence before it in its paragraph said whose account it tells."""
        if state.quoting:
            return True
        if state.relaying is None:
            state.relaying = state.before is not None and self._relays(state.before, state)
        return state.relaying

    def _relays(self, info: SentenceRead, state: ReadState) -> bool:
        """Whether a sentence says whose account it tells, another's than the source's own
        ("..., the ministry said" in a news agency's report; not in the ministry's release)."""
        if info.cues is not None:  # read already, for the sentence's own claims
            said = info.cues.attributed or info.cues.alleged
        else:
            cues = state.lx.cues
            said = bool(cues.attribution.search(info.low) or cues.alleged.search(info.low))
        if not said:
            return False
        claimant = info.claimant or self._claimant(info.text, state, info.low)
        if claimant is None and state.source_party is not None:
            return False  # "it said": the source's own, when a party's
        return not self._own(claimant, state)

    def _own(self, claimant: str | None, state: ReadState) -> bool:
        """Whether the source tells a claim of *claimant* in its own voice: the claimant is
        the source's party, or the mission in the mission's own report."""
        if claimant is None:
            return False
        if state.mission_source and self.parties.is_mission(claimant):
            return True
        return claimant == state.source_party

    def _claimant(self, sentence: str, state: ReadState, low: str) -> str | None:
        """Who makes the sentence's claim: a party id, an organisation as named, or None."""
        phrase = None
        clauses = state.lx.clauses
        m = clauses.according.search(low)
        if m:
            phrase = sentence[m.start(1) : m.end(1)]
        else:
            phrase = speaker(sentence, state.lx)
            if phrase is None:
                m2 = clauses.said_after.search(sentence)
                phrase = m2.group(1) if m2 else None
        if phrase is None:
            return None
        phrase = phrase.strip()
        party: str | None = self.parties.party_of(phrase)
        if party is not None:
            return party
        if clauses.pronoun.match(phrase):
            return state.last_claimant or state.source_party
        if state.source_party and clauses.institution.search(phrase):
            return state.source_party  # "the Ministry of Defence" in a party's own press
        if self.parties.is_mission(phrase):  # "the mission observed", "the monitors said"
            return self.parties.mission_party or self.parties.mission_name or phrase
        named = clauses.named.search(phrase)
        if named and named.group(1).strip()[:1].isupper():
            name = named.group(1).strip()
            dates = state.lx.pack.dates
            # "the army on Monday accused": a day's or a month's name speaks for nobody
            if name.casefold() not in dates.weekdays and name.casefold() not in dates.months:
                return name
        return state.last_claimant or state.source_party
