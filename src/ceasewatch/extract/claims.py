"""Building claims: the places, actors and counts a sentence gives an event."""

from __future__ import annotations

import re

from ceasewatch.extract.actors import PartyMatcher, PartyMention
from ceasewatch.extract.gazetteer import ABROAD, Mention
from ceasewatch.extract.lexicon import Lexicon
from ceasewatch.model import Actor, ActorRole, Family, GeoPrecision
from ceasewatch.model.taxonomy import EventType


def each_district(
    places: list[Mention], per_district: bool, sentence: str, lx: Lexicon
) -> list[list[Mention]]:
    """The places of each claim a sentence makes: a bulletin's count of violations "in the
    Northern and Southern districts", or its patrols on three routes "in the Northern,
    Central and Southern districts", is one claim per district (in the order the text
    names them), for the types the taxonomy marks ``per_district``; otherwise one claim. A
    district named as holding another ("Z district of X region") is no district of its own."""
    if not per_district:
        return [places]
    districts: dict[str, Mention] = {}
    holders = {id(p) for p in places if _held(p, places, sentence, lx) is not None}
    for p in places:
        if p.entry is None or p.origin or id(p) in holders:
            continue
        if p.precision is GeoPrecision.DISTRICT:
            districts.setdefault(p.entry.name, p)
    if len(districts) < 2:
        return [places]
    return [[p] for p in sorted(districts.values(), key=lambda m: m.start)]


# families whose events happen at a place, so that a list of places is an event at each (an
# exchange, an agreement or a hand-over names places it is about, not where it happens)
PER_PLACE = frozenset(
    {
        Family.CEASEFIRE_VIOLATION,
        Family.ARMED_CLASH,
        Family.VIOLENCE_AGAINST_CIVILIANS,
        Family.MILITARY_MOVEMENT,
        Family.MINE_INCIDENT,
        Family.OBSTRUCTION,
        Family.PROTEST,
    }
)


VIOLENT = frozenset(
    {
        Family.CEASEFIRE_VIOLATION,
        Family.ARMED_CLASH,
        Family.VIOLENCE_AGAINST_CIVILIANS,
        Family.MINE_INCIDENT,
    }
)


def each_place(
    places: list[Mention],
    etype: EventType,
    sentence: str,
    lx: Lexicon,
    at: int,
    parties: PartyMatcher,
) -> tuple[list[list[Mention]], bool]:
    """The places of each claim a sentence makes: one per district of a bulletin's count
    (``each_district``); else one per place of a list that holds the event's place ("shelled
    X, Y and Z", "one was killed in X, another in Y"), as the field codes an event per place
    and day; else one claim. The flag says the places are a list's: the sentence's dead and
    wounded, told once for all of them, stay with the first claim (never counted twice).
    A city abroad is no place of fire: where it is named, the talks were held there."""
    if etype.family in VIOLENT:
        places = [p for p in places if p.entry is None or p.entry.kind != ABROAD]
    districts = each_district(places, etype.per_district, sentence, lx)
    if len(districts) > 1 or etype.family not in PER_PLACE:
        return districts, False
    members = listed(places, sentence, lx, parties)
    if members and nearest_place(places, at, parties, sentence, lx) in members:
        return [[p] for p in members], True
    return [places], False


def listed(
    places: list[Mention], sentence: str, lx: Lexicon, parties: PartyMatcher
) -> list[Mention]:
    """The places of the longest list a sentence names (two or more places known to the
    gazetteer, joined as the pack's ``list_joint`` joins them), or none. A speaker, a party's
    name, the place fire came from, an area named as holding another ("X, Y region") and the
    ends of a stretch ("between X and Y") are no members."""
    pack = lx.pack.places
    pool = sorted(
        (
            p
            for p in places
            if p.entry is not None
            and p.entry.lat is not None
            and not p.origin
            and parties.party_of(p.text) is None
            and not lx.clauses.speaker_after.match(sentence[p.end :])
        ),
        key=lambda p: p.start,
    )
    pool = [p for p in pool if _held(p, pool, sentence, lx) is None]
    best: list[Mention] = []
    chain: list[Mention] = []
    for p in pool:
        if chain and pack.list_joint.fullmatch(sentence, chain[-1].end, p.start):
            chain.append(p)
        else:
            chain = [p]
        if len(chain) > len(best):
            best = list(chain)
    named: dict[str, Mention] = {}
    for p in best:
        if p.entry is not None:
            named.setdefault(p.entry.name, p)
    if len(named) < 2 or pack.list_not_before.search(
        sentence, max(0, best[0].start - 40), best[0].start
    ):
        return []
    return list(named.values())


def nearest_place(
    places: list[Mention], at: int, parties: PartyMatcher, sentence: str, lx: Lexicon
) -> Mention | None:
    """The place of an event among the places a sentence names.

    A place that speaks ("the capital said") is not where anything happened; a capital that is
    also a party's alias counts only after a locative word. Resolved places come before
    unresolved ones (the district named beside an unknown village), places after a
    locative word before others, and among those the nearest to the trigger wins.
    """
    candidates = []
    for p in places:
        if lx.clauses.speaker_after.match(sentence[p.end :]):
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
    pool = [p for p in pool if not p.origin] or pool
    resolved = [p for p in pool if p.entry is not None and p.entry.lat is not None]
    pool = resolved or pool
    # a town or a district before the region around it ("along the line in X district"),
    # and before the area that holds it ("X's Z district", "Z district of X region")
    pool = [p for p in pool if p.precision is not GeoPrecision.REGION] or pool
    held: dict[int, Mention] = {}  # a place held -> the area named as holding it
    for p in pool:
        q = _held(p, pool, sentence, lx)
        if q is not None:
            held[id(q)] = p
    # the place held stands where its area stood ("in X's Z": Z is where "in" points)
    inner = [p for p in pool if not any(h is p for h in held.values())] or pool
    pool = [p for p in inner if p.locative or (id(p) in held and held[id(p)].locative)] or inner
    return min(pool, key=lambda p: abs(p.start - at))


def _held(p: Mention, pool: list[Mention], sentence: str, lx: Lexicon) -> Mention | None:
    """The place of *pool* that *p* is named as holding, right beside it ("X's Z district",
    "Z district of X region"), if any."""
    places = lx.pack.places
    after = places.container_after.match(sentence, p.end)
    if after is not None:  # the pattern ends on the held name's first letter
        return next((q for q in pool if q.start == after.end() - 1), None)
    before = places.container_before.search(sentence, max(0, p.start - 40), p.start)
    if before is not None:
        return next((q for q in pool if 0 <= before.start() - q.end <= 1), None)
    area = places.list_holder.match(sentence, p.end) or places.list_holder.search(p.text)
    if area is None:
        return None
    # "X, Y region", "X district, Y province": the area after a comma holds the place before
    # it, unless the two are areas of one kind ("X district, Y district and Z district")
    for q in pool:
        between = _AREA_COMMA.fullmatch(sentence, q.end, p.start)
        if between is None:
            continue
        inner = places.list_holder.match(between.group()) or places.list_holder.search(q.text)
        if inner is None or _word(inner) != _word(area):
            return q
    return None


_AREA_COMMA = re.compile(r"(?:\s+[^\W\d_]+)?\s*,\s*")  # "X, Y" or "X district, Y"


def _word(m: re.Match[str]) -> str:
    return m.group().strip().lower()


def rule_actors(
    sentence: str,
    mentions: list[PartyMention],
    claimant: str | None,
    family: Family,
    lx: Lexicon,
    code: str = "",
) -> tuple[Actor, ...]:
    """The role of each party a sentence names, read from the words around it; the
    mission is the one obstructed in an obstruction of the mission (*code*), and a mission
    that is no party observes what it does not do."""
    clauses = lx.clauses
    out: list[Actor] = []
    seen: set[tuple[str | None, ActorRole]] = set()
    # the mission's own work, the mission named: the sides named with it are those the work
    # is for or with (the people escorted, the sides met), not its doers
    for_others = family is Family.MISSION_ACTIVITY and any(m.mission for m in mentions)
    for m in mentions:
        before = sentence[max(0, m.start - 40) : m.start]
        after = sentence[m.end : m.end + 80]
        if clauses.speaker_after.match(after) or clauses.according_before.search(before):
            role = ActorRole.CLAIMANT
        elif m.mission and code == "obstruction.mission":
            role = ActorRole.TARGET
        elif m.mission and family is Family.MISSION_ACTIVITY:
            role = ActorRole.PARTICIPANT
        elif m.mission and clauses.escort_role.search(sentence):
            role = ActorRole.ESCORT
        elif m.mission and clauses.observed_after.match(after):
            role = ActorRole.OBSERVER  # "the mission recorded 100 violations": it saw them
        elif clauses.by_before.search(before):
            role = ActorRole.PERPETRATOR
        elif names_a_land(sentence, m, lx, family):
            # the land where it happened ("strikes on sites in the country", "across the
            # country"): no side's role, though a word of targeting stood a little before
            continue
        elif (
            for_others or clauses.target_before.search(before) or clauses.target_after.match(after)
        ):
            role = ActorRole.TARGET
        elif m.mission and m.party is None:
            # a mission that is no party to the conflict, named in an event it did not do
            # ("the monitors recorded 435 explosions"): it saw it
            role = ActorRole.OBSERVER
        else:
            role = ActorRole.PERPETRATOR
        key = (m.party, role)
        if key in seen:
            continue
        seen.add(key)
        out.append(Actor(m.text, role, m.party))
    return tuple(out)


# a protest "in X" is X's people's, a man held "in X's capital" is held by X: there the land
# is the side
_DONE_BY_THE_LAND = frozenset({Family.PROTEST, Family.DETENTION})


def names_a_land(sentence: str, m: PartyMention, lx: Lexicon, family: str) -> bool:
    """Whether a side is named as the land where an event of *family* happened ("strikes
    across X", "in southern X", "in X's north"), not as a side that did or suffered it: its
    name stands alone after a preposition of place, or owns a place (the pack's
    ``place_before`` and ``place_after``), capitalised as a country's name is (not "in
    X-ian shelling", nor "in X's shelling"); never in a protest or a detention. A country
    in a wire's dateline ("PHNOM PENH, Cambodia, Nov 13 (AP) -") is where the story was
    filed, whatever the event."""
    if m.mission:
        return False
    if m.start < lx.pack.dates.filed(sentence):
        return True
    if not m.text[:1].isupper() or family in _DONE_BY_THE_LAND:
        return False
    clauses = lx.clauses
    before = sentence[max(0, m.start - 40) : m.start]
    # a mention ends after its possessive ("X's"): what follows is read from the name's end
    return (
        clauses.place_before.search(before) is not None
        and clauses.place_after.match(sentence, m.start + len(m.text)) is not None
    )


def with_the_mission(
    actors: tuple[Actor, ...], mentions: list[PartyMention], parties: PartyMatcher
) -> tuple[Actor, ...]:
    """The actors of an activity the mission's own bulletin tells without naming itself
    ("three routes were patrolled"): the mission did it."""
    if parties.mission_name is None or any(m.mission for m in mentions):
        return actors
    return (*actors, Actor(parties.mission_name, ActorRole.PARTICIPANT, parties.mission_party))


def count(lx: Lexicon, kind: str, sentence: str) -> int | None:
    if not lx.cues.casualty_hint.search(sentence.lower()):
        return None
    pattern = lx.cues.killed if kind == "killed" else lx.cues.wounded
    total = None
    for m in pattern.finditer(sentence):
        word = next((g for g in m.groups() if g), None)
        if word is None:
            continue
        n = lx.pack.number(word)
        if n is not None:
            total = (total or 0) + n
    return total
