"""The event triggers of a sentence: which types its words signal, after precedence, and
whether a trigger only names again an event told before ("the shelling")."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ceasewatch.extract.actors import PartyMention
from ceasewatch.extract.claims import VIOLENT, count
from ceasewatch.model import Family

if TYPE_CHECKING:
    from ceasewatch.extract.state import ReadState

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
# word, not a second event (where the two are told near each other: a long line of a
# bulletin may tell both, of different places, _SUBSUME_REACH characters apart or more).
_SUBSUME_REACH = 150


def _near(a: int, b: int) -> bool:
    return abs(a - b) < _SUBSUME_REACH


# quotation marks (not apostrophes): a word a text quotes or distances itself from ("an
# "immediate" ceasefire", «нарушения «режима тишины»») is read as if it stood bare
_QUOTES = re.compile(r'["“”„«»]')


def unquoted(low: str) -> tuple[str, list[int] | None]:
    """*low* without its quotation marks, and where each of its characters stood in *low*
    (None when it had none: the same text)."""
    if _QUOTES.search(low) is None:
        return low, None
    where = [i for i, c in enumerate(low) if not _QUOTES.fullmatch(c)]
    return "".join(low[i] for i in where), [*where, len(low)]


_SUBSUMES: dict[str, tuple[str, ...]] = {
    # (the explosion of a mine is no other explosion besides)
    "mine.explosion": (
        "cfv.",
        "civilians.attack",
        "mine.found",
        "mission.demining",
        "other.unclassified",
    ),
    "mission.demining": ("mine.found", "cfv."),
    "mine.found": ("cfv.", "transfer.weapons"),
    "obstruction.journalists": ("detention.", "obstruction.movement", "obstruction.mission"),
    # a patrol turned back is the obstruction of the mission, not an activity of its own
    "obstruction.mission": (
        "obstruction.movement",
        "mission.patrol",
        "mission.monitoring",
        "mission.checkpoint",
    ),
    "obstruction.blockade": ("obstruction.movement", "protest.", "corridor."),
    "exchange.detainees": (
        "detention.",
        "civilians.abduction",
        "mission.mediation",
        "transfer.",
        "agreement.",
        "territory.",
    ),
    # (hostages handed over, alive or dead, are no abduction told again)
    "exchange.remains": (
        "detention.",
        "civilians.abduction",
        "mission.mediation",
        "transfer.",
        "territory.",
    ),
    "agreement.signed": ("mission.mediation",),
    "civilians.abduction": ("detention.",),
    "clash.armed": ("cfv.",),
    # a suicide attacker who blew himself up is no mine's explosion
    "clash.suicide_bomb": ("mine.", "cfv.", "clash.armed"),
    "clash.government_regains": ("cfv.", "clash.armed", "territory."),
    "civilians.attack": ("cfv.",),
    "weapons.handover": ("cfv.",),  # artillery handed over is not artillery fired
    "corridor.bypass": ("corridor.convoy", "corridor.crossing"),
    # people crossing the line are no movement of forces
    "corridor.crossing": ("movement.forces",),
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
    # the mission escorting a convoy is its activity; the people it sees across are a crossing
    "mission.escort": ("corridor.convoy", "corridor.bypass", "mission.patrol"),
    "mission.strength_report": ("mission.observation_post",),
    "territory.handover": ("movement.forces",),
    "protest.excessive_force": ("obstruction.", "civilians.attack", "cfv."),
    "protest.intervention": ("detention.",),
    "mission.investigation": ("mission.patrol", "mission.monitoring"),
    # a patrol, a post or a check that monitors is one activity, told by its kind
    "mission.verification": ("mission.investigation", "mission.monitoring"),
    "mission.patrol": ("mission.monitoring",),
    "mission.observation_post": ("mission.monitoring",),
    # a visit that teaches, helps or serves a rite is that activity ("visited schools, giving
    # lessons on mine safety")
    "mission.education": ("mission.monitoring",),
    "mission.humanitarian": ("mission.monitoring",),
    "mission.religious_cultural": ("mission.monitoring",),
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


class TriggerSteps:
    """Finding a sentence's triggers, mixed into ``Extractor`` (which provides what they
    call)."""

    parties: Any
    taxonomy: Any

    def _follows_up(self, low: str, code: str, at: int, sentence: str, state: ReadState) -> bool:
        """Whether the trigger names again the event of the last claim ("in the fighting",
        "the shelling"): then the sentence adds to that claim, it is not a new one."""
        lx = state.lx
        if not state.claims or not lx.clauses.anaphora.search(low, max(0, at - 14), at):
            return False
        family = self.taxonomy.get(code).family
        if family not in _RESTATED:
            return False
        word = lx.pack.word.match(low, at)
        named = word.group() if word else "\0"
        for index in range(len(state.claims) - 1, max(-1, len(state.claims) - 4), -1):
            last = state.claims[index]
            if last.family is family or (last.family in VIOLENT and family in VIOLENT):
                break
            if named in last.text.lower():  # "the convoy" of a sentence before
                return True
        else:
            return False
        if lx.clauses.series.search(low, max(0, at - 14), at):
            return True  # "these attacks": restated, but their toll is a series', not its
        killed = last.killed if last.killed is not None else count(lx, "killed", sentence)
        wounded = last.wounded if last.wounded is not None else count(lx, "wounded", sentence)
        state.claims[index] = replace(last, killed=killed, wounded=wounded)
        return True

    def _hits(
        self,
        low: str,
        sentence: str,
        state: ReadState,
        date_start: int,
        date_end: int,
        words: list[str],
    ) -> tuple[list[tuple[str, int]], list[PartyMention]]:
        """The event types of a sentence (lowered) and where their triggers are, after
        precedence."""
        lx = state.lx
        candidates = lx.candidates(words)
        first: dict[str, int] = {}
        ungated: set[str] = set()  # codes a trigger not limited to the mission found
        view, where = unquoted(low)
        if where is not None and date_start >= 0:
            date_start, date_end = bisect_left(where, date_start), bisect_left(where, date_end)
        for i in sorted(candidates):
            m = lx.match(i, view, date_start, date_end)
            if m is None:
                continue
            trigger = lx.triggers[i][0]
            first.setdefault(trigger.code, m.start() if where is None else where[m.start()])
            if not trigger.mission:
                ungated.add(trigger.code)
        if not first:
            return [], []
        # the sighting trigger is one of movement.forces' (the pack's clauses.sighted)
        sighted = lx.clauses.sighted.search(low) if "movement.forces" in first else None
        moving = "movement.forces" in first or "movement.withdrawal" in first
        # (weapons seized tell no fire either, whatever else the sentence tells)
        firing = moving or any(c.startswith(("cfv.", "clash.")) for c in first)
        moved = lx.clauses.moved.search(low) if firing else None
        for seen in (sighted, moved):
            if seen is None:
                continue
            # weapons seen standing ("the monitors saw two howitzers", "main battle tanks")
            # or moved ("withdrew its heavy artillery"): the fire or fighting words of their
            # names tell none; where they stand or go is a movement of forces
            fired = [
                c
                for c, at in first.items()
                if c.startswith(("cfv.", "clash.")) and seen.start() <= at < seen.end()
            ]
            for code in fired:
                del first[code]
        mentions = self.parties.find(sentence)
        if state.source_party:  # "the enemy fired at our positions", in a side's own words
            mentions = self.parties.as_said_by(sentence, mentions, state.source_party, lx.pack)
        if "mission.escort" in first and "humanitarian.return" in first:
            # one movement seen twice: "escorted buses of returning refugees" is the escort,
            # "returned under the escort of peacekeepers" the return
            del first[
                "humanitarian.return" if lx.clauses.escorted.search(low) else "mission.escort"
            ]
        remains, detainees = first.get("exchange.remains"), first.get("exchange.detainees")
        if remains is not None and detainees is not None and abs(remains - detainees) < 40:
            del first["exchange.detainees"]  # "the remains of 21 servicemen were handed over"
        mission = (
            state.mission_source
            or self.parties.mentions_mission(low)
            or any(m.mission for m in mentions)  # a state's troops, where they are the mission
        )
        if mission:
            state.mission_seen = True
        elif state.mission_seen:
            # "it opened a post" in a text about the mission
            mission = not any(not m.mission for m in mentions)
        near = [m.start for m in mentions if m.mission]
        # a code found only by triggers limited to the mission stands where the sentence
        # speaks of the mission (near the trigger); one type may have triggers of both kinds
        codes = [
            t.code
            for t, _ in lx.triggers
            if t.code in first
            and (
                t.code in ungated
                or state.mission_source
                or (mission and (not near or any(abs(s - first[t.code]) <= 100 for s in near)))
            )
        ]
        codes = list(dict.fromkeys(codes))
        kept: list[str] = []
        for code in codes:
            if any(
                code.startswith(p) and _near(first[k], first[code])
                for k in kept
                for p in _SUBSUMES.get(k, ())
            ):
                continue
            family = self.taxonomy.get(code).family
            if family in _ONE_PER_SENTENCE and any(
                self.taxonomy.get(k).family is family for k in kept
            ):
                continue
            kept = [
                k
                for k in kept
                if not any(
                    k.startswith(p) and _near(first[k], first[code])
                    for p in _SUBSUMES.get(code, ())
                )
            ]
            kept.append(code)
        by_mission = state.mission_source or any(
            abs(s - first[c]) <= 100 for c in kept if c.startswith("humanitarian.") for s in near
        )
        if by_mission and any(c.startswith("humanitarian.") for c in kept):
            # aid, an evacuation or a return the mission carries out is the mission's activity
            at = min(first[c] for c in kept if c.startswith("humanitarian."))
            kept = [c for c in kept if not c.startswith("humanitarian.")]
            kept.append("mission.humanitarian")
            first["mission.humanitarian"] = at
        return sorted(((c, first[c]) for c in kept), key=lambda x: x[1]), mentions
