"""The learned steps of the pipeline: what a sentence looks like to the model, and what the
model decides of the rules' candidates (``learned.py`` holds the model itself).

For each sentence the rules have read, ``view`` gathers what the features are made of;
``decide`` keeps the candidates of the families the model believes the sentence tells,
adds a claim for a family the rules missed, and sets each claim's status and the roles
of the parties it names. Every decision is written into the claim's ``basis``: the rule
that proposed it, the cues it read, and the model and probability that decided.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ceasewatch.extract.actors import PartyMention
from ceasewatch.extract.claims import each_place, names_a_land
from ceasewatch.extract.dates import lowered, unknown
from ceasewatch.extract.firmness import Cues, status_at
from ceasewatch.extract.gazetteer import WORDS
from ceasewatch.extract.learned import (
    Model,
    SentenceView,
    role_features,
    status_features,
)
from ceasewatch.extract.text import PROSE_END
from ceasewatch.model import Actor, ActorRole, Claim, ClaimStatus, Family, TimePrecision

if TYPE_CHECKING:
    from ceasewatch.extract.state import ReadState, SentenceRead

_QUOTES = re.compile(r"""["“”«»]""")
# families a rule's reading of a sentence rules out, which the model may not add: aid the
# mission delivers is its activity; patients taken across the line are a crossing
_SEEN_AS = {"mission.humanitarian": "humanitarian", "corridor.crossing": "humanitarian"}
# what may happen, what is asked and what is denied: claims of their own, which the models
# see too seldom to overrule lightly
_MARKED = frozenset({ClaimStatus.SPECULATIVE, ClaimStatus.DENIED})
# families of events one side does to another: one perpetrator (an armed clash, an exchange
# or a withdrawal may well have two sides acting)
_ONE_SIDED = frozenset(
    {
        Family.CEASEFIRE_VIOLATION,
        Family.VIOLENCE_AGAINST_CIVILIANS,
        Family.OBSTRUCTION,
        Family.DETENTION,
        Family.MILITARY_MOVEMENT,
        Family.ILLICIT_TRANSFER,
        Family.PROTEST,
    }
)


@dataclass(frozen=True, slots=True)
class RoleItem:
    """One party a sentence names, as the role model sees it."""

    mention: PartyMention
    features: list[str]


@dataclass(frozen=True, slots=True)
class SentenceRecord:
    """A sentence as training sees it: its span, its view and the rules' claims."""

    start: int
    end: int
    view: SentenceView
    claims: list[Claim]
    roles: list[RoleItem]
    status_base: str  # the rules' status for a claim the sentence would make


Recorder = Callable[[SentenceRecord], None]


def claimant_kind(claim: Claim | None, state: ReadState, parties: frozenset[str] | set[str]) -> str:
    if claim is None or claim.claimant is None:
        return "none"
    if claim.claimant == state.source_party or claim.claimant == state.source:
        return "source"
    return "party" if claim.claimant in parties else "named"


def _kinds(info: SentenceRead) -> list[str]:
    """A word for each party, mission and place the rules found in the sentence, beside its
    own words: the model learns how a sentence speaks of a party or a place as well as
    which one, so that it reads another ceasefire's parties and places too."""
    kinds = ["xmission" if m.mission else "xparty" for m in info.mentions]
    return kinds + ["xplace" for _ in info.places or ()]


class LearnedSteps:
    """The learned steps, mixed into ``Extractor`` (which provides what they call)."""

    model: Model | None
    recorder: Recorder | None
    unseen: bool
    gazetteer: Any
    parties: Any
    taxonomy: Any
    _claim: Any
    _status: Any
    _claimant: Any
    _voices: Any

    def _keep(self, model: Model) -> float:
        """The probability at which a family the rules proposed stands: lower in the news of
        a ceasefire the model was not trained on (``Extractor.unseen``)."""
        return model.threshold("keep_unseen", "keep") if self.unseen else model.threshold("keep")

    def _view(self, info: SentenceRead, state: ReadState) -> SentenceView:
        """What the model sees of a sentence. A sentence with no trigger (most of them)
        is read cheaply: its words, the parties it names and its shape; the places and the
        cues of how firmly it speaks are read only where a trigger fired."""
        lx = state.lx
        low, sentence = info.low, info.text
        if not info.mentions:
            info.mentions = self.parties.find(sentence)
        flags: list[str] = []
        if info.hits:
            if info.places is None:
                info.places = self.gazetteer.find(sentence, lx.pack)
            cues = info.cues = info.cues or Cues(sentence, low, lx)
            read = {
                "alleged": cues.alleged,
                "attributed": cues.attributed,
                "denial": lx.cues.denial.search(low),
                "speculative": cues.speculative,
                "negation": cues.negations,
                "demand": cues.demands,
                "history": lx.cues.history.search(low),
                "no_casualties": lx.cues.no_casualties.search(sentence),
                "according": lx.clauses.according.search(low),
            }
            flags += [name for name, found in read.items() if found]
        if lx.cues.question.search(sentence):
            flags.append("question")
        if info.furniture:
            flags.append("furniture")
        if _QUOTES.search(sentence):
            flags.append("quote")
        names = WORDS.findall(sentence)
        words = info.words if info.words is not None else lx.pack.word.findall(low)
        key = " ".join(words)[:120]
        repeated = key in state.seen
        state.seen.add(key)
        when = info.when
        age = None
        if state.published and when.end and when.precision is not TimePrecision.UNKNOWN:
            age = (state.published - when.end).days
        codes = [code for code, _ in info.hits]
        families = sorted({self.taxonomy.get(c).family.value for c in codes})
        told, previous = state.told, state.previous
        state.told += bool(codes)
        state.previous = tuple(families)
        return SentenceView(
            low=low,
            words=words + _kinds(info),
            language=lx.pack.code,
            index=state.index - 1,
            repeated=repeated,
            ends_like_prose=bool(PROSE_END.search(sentence)),
            capitalised=sum(w[0].isupper() for w in names) / len(names) if names else 0.0,
            rule_codes=codes,
            rule_families=families,
            cues=flags,
            date_age=age,
            dated_here=info.found is not None,
            places=len(info.places or ()),
            parties=sum(1 for m in info.mentions if m.party),
            mission=any(m.mission for m in info.mentions),
            source_kind="mission"
            if state.mission_source
            else ("party" if state.source_party else "other"),
            told_before=told,
            previous=previous,
        )

    def _role_items(
        self, info: SentenceRead, claims: Sequence[Claim], state: ReadState
    ) -> list[RoleItem]:
        """The parties the sentence names, with the features of the role each plays."""
        lx = state.lx
        at = info.hits[0][1] if info.hits else 0
        family = claims[0].family.value if claims else "none"
        rule_roles: dict[tuple[str, str | None], str] = {}
        for c in claims:
            for a in c.actors:
                rule_roles.setdefault((a.name, a.party), a.role.value)
        items = []
        seen: set[str] = set()
        for i, m in enumerate(info.mentions):
            if m.party is None:
                continue
            if (m.text, m.party) not in rule_roles and names_a_land(info.text, m, lx, family):
                continue  # the land where it happened, as the rules read it
            before = lx.pack.word.findall(info.low[: m.start])
            after = lx.pack.word.findall(info.low[m.end :])
            feats = role_features(
                before,
                after,
                lx.pack.code,
                m.party not in seen and i == 0,
                m.start < at,
                rule_roles.get((m.text, m.party), "none"),
                family,
                m.mission,
            )
            seen.add(m.party)
            items.append(RoleItem(m, feats))
        return items

    def _decide(
        self,
        doc_id: str,
        start: int,
        end: int,
        info: SentenceRead,
        view: SentenceView,
        made: list[Claim],
        state: ReadState,
    ) -> list[Claim]:
        model = self.model
        assert model is not None
        if "furniture" in view.cues:
            return []
        if not info.hits and made:
            # a sentence with no trigger of its own that denies the event before: the
            # rules' denial stands (otherwise the model may find an event the rules missed)
            return made
        summed = model.joint.summed_view(view)  # both family models and status at once
        if not info.hits and not model.family_bare.may_reach(
            self._bare_add(model), summed["family_bare"]
        ):
            return []  # no trigger and no family the model would add: most sentences
        family_key = "family" if info.hits else "family_bare"
        probabilities = getattr(model, family_key).probabilities(summed=summed[family_key])
        by_family: dict[str, list[Claim]] = {}
        for c in made:
            by_family.setdefault(c.family.value, []).append(c)
        kept: list[tuple[Claim, float]] = []
        # the model learned from pages (titles, bylines, background around the news) whether
        # a sentence tells a new event; a text of one sentence has no page around it (a
        # line of a log, a statement typed in to try the tool): there the rules' families
        # stand, and the model still switches, adds and settles status and roles
        keep = 0.0 if state.single else self._keep(model)
        keep_marked = model.threshold("keep_marked")
        add = model.threshold("add") if info.hits else self._bare_add(model)
        # a family the rules read as the mission's own (aid the mission delivers)
        seen_as = {_SEEN_AS[code] for code, _ in info.hits if code in _SEEN_AS}
        # a family the rules did not propose, which the model believes far more than any
        # they did, takes the place of those it outranks: the words of one family telling
        # another's event (a clash's words in a violation's report)
        # (a denial or what is to come stands as the rules read it: no switch beside it)
        ruled = max((probabilities[f] for f in by_family), default=0.0)
        plain = [c for c in made if c.status not in _MARKED]
        switch = model.threshold("switch") if plain else 1.0
        over = max(
            (p for f, p in probabilities.items() if f not in by_family and f not in seen_as),
            default=0.0,
        )
        if over < switch or over < ruled + model.threshold("switch_margin"):
            over = 0.0
        for family, p in probabilities.items():
            if family in by_family:
                kept.extend(
                    (c, p)
                    for c in by_family[family]
                    if (p >= keep and p >= over) or (c.status in _MARKED and p >= keep_marked)
                )
            elif over and p >= over and family not in seen_as:
                replaced = plain[0]  # the switch: the rules' reading gives its status
                kept.extend(
                    (c, p) for c in self._added(doc_id, start, end, info, family, state, replaced)
                )
            elif p >= add and family not in seen_as:
                kept.extend((c, p) for c in self._added(doc_id, start, end, info, family, state))
        kept.sort(key=lambda cp: made.index(cp[0]) if cp[0] in made else len(made))
        if not kept:
            return []
        roles = self._role_items(info, [c for c, _ in kept], state)
        scored = {
            item.mention.party: (item, model.role.probabilities(item.features))
            for item in reversed(roles)
        }
        status_base = model.status.scores(summed=summed["status"])
        return [self._settle(claim, p, view.cues, status_base, scored, state) for claim, p in kept]

    @staticmethod
    def _bare_add(model: Model) -> float:
        """The probability at which a family is added to a sentence with no trigger."""
        return max(model.threshold("add"), model.threshold("add_bare"))

    def _added(
        self,
        doc_id: str,
        start: int,
        end: int,
        info: SentenceRead,
        family: str,
        state: ReadState,
        status_of: Claim | None = None,
    ) -> list[Claim]:
        """The claims of a family no trigger of the sentence proposed (one per district where
        the rules would give one per district); with *status_of*, the rules' claim it takes
        the place of, its status (a denial read at its trigger stays a denial)."""
        model = self.model
        assert model is not None
        code = model.default_codes.get(family)
        if code is None:
            return []
        if info.places is None:
            info.places = self.gazetteer.find(info.text, state.lx.pack)
        cues = info.cues or Cues(info.text, info.low, state.lx)
        claimant = info.claimant or self._claimant(info.text, state, info.low)
        own, heard = self._voices(claimant, state)
        status = (
            status_of.status
            if status_of is not None
            else status_at(cues, 0, own, heard, False) or ClaimStatus.ASSERTED
        )
        when = info.when
        if status is ClaimStatus.SPECULATIVE and info.found is not None:
            when = state.lx.dates.ahead(info.found, info.low, state.published)
        before = len(state.claims)
        groups, listed = each_place(
            info.places, self.taxonomy.get(code), info.text, state.lx, 0, self.parties
        )
        for i, where in enumerate(groups):
            self._claim(
                doc_id,
                info.text,
                start,
                end,
                code,
                0,
                status,
                claimant,
                when,
                info.found is not None,
                info.mentions,
                where,
                state,
                tolled=not (listed and i),
            )
        made = state.claims[before:]
        del state.claims[before:]
        return [replace(c, basis=(*c.basis, f"model:{model.name} added {family}")) for c in made]

    def _settle(
        self,
        claim: Claim,
        p: float,
        cues: Sequence[str],
        status_base: Any,
        scored: dict[str | None, tuple[RoleItem, dict[str, float]]],
        state: ReadState,
    ) -> Claim:
        """A kept claim's status and roles, as the model decides them."""
        model = self.model
        assert model is not None
        basis = [*claim.basis, f"model:{model.name} {claim.family.value} {p:.2f}"]
        if state.single and p < self._keep(model):
            basis.append(f"model:{model.name} one sentence, no page: the rules' family stands")
        elif self.unseen and p < model.threshold("keep"):
            basis.append(
                f"model:{model.name} a ceasefire it was not trained on: the rules' family stands"
            )
        status = claim.status
        extra = status_features(
            (),
            claim.status.value,
            claim.family.value,
            claimant_kind(claim, state, self.parties.parties),
        )
        ps = model.status.probabilities(extra, start=status_base)
        best = max(ps, key=ps.__getitem__)
        # the model settles between asserted, reported and alleged; a denial, a question or
        # a future the rules read stands unless the model is sure
        marked = status in _MARKED or ClaimStatus(best) in _MARKED
        needed = model.threshold("status_marked" if marked else "status")
        # the mission's own bulletin that cites no one speaks in its own voice (reprints of
        # it by others, which the model learned from, are reported)
        own_voice = (
            status is ClaimStatus.ASSERTED
            and state.mission_source
            and not {"attributed", "according", "alleged"} & set(cues)
        )
        if best != status.value and ps[best] >= needed and not own_voice:
            status = ClaimStatus(best)
            basis.append(f"model:{model.name} status {best} {ps[best]:.2f}")
        when = claim.when
        if status is ClaimStatus.SPECULATIVE and claim.status is not ClaimStatus.SPECULATIVE:
            # read as to come only now: a day its sentence names is the next such day
            low = lowered(claim.text)
            found = state.lx.dates.find(low, state.publication)
            if found is not None:
                when = state.lx.dates.ahead(found, low, state.published)
        if (
            status is ClaimStatus.SPECULATIVE
            and when
            and (when.start is None or state.published is None or when.start < state.published)
        ):
            when = unknown(state.published)  # what may happen has no date yet, as in the rules
        claimant = claim.claimant
        if claimant is None and status is ClaimStatus.ASSERTED:
            claimant = state.source_party or state.source
        actors = self._roles(claim, scored, basis) if scored else claim.actors
        return replace(
            claim, status=status, when=when, claimant=claimant, actors=actors, basis=tuple(basis)
        )

    def _roles(
        self,
        claim: Claim,
        every: dict[str | None, tuple[RoleItem, dict[str, float]]],
        basis: list[str],
    ) -> tuple[Actor, ...]:
        """Who did it and who suffered it. The rules' roles stand unless the model is sure
        another party did it (the side named first is often the victims')."""
        model = self.model
        assert model is not None
        if claim.family in (Family.MISSION_ACTIVITY, Family.AGREEMENT):
            return claim.actors
        claimants = {a.party for a in claim.actors if a.role is ActorRole.CLAIMANT}
        scored = {party: found for party, found in every.items() if party not in claimants}
        if not scored:
            return claim.actors
        ruled = next((a.party for a in claim.actors if a.role is ActorRole.PERPETRATOR), None)
        best = max(scored, key=lambda party: scored[party][1]["perpetrator"])
        p_best = scored[best][1]["perpetrator"]
        p_ruled = scored[ruled][1]["perpetrator"] if ruled in scored else 0.0
        if best == ruled or p_best < model.threshold("perpetrator") or p_ruled >= 0.5:
            return self._one_side(claim.family, list(claim.actors), scored, basis)
        basis.append(f"model:{model.name} perpetrator {best} {p_best:.2f}")
        mention = scored[best][0].mention
        out = [
            a
            for a in claim.actors
            if a.party != best and not (a.role is ActorRole.PERPETRATOR and a.party == ruled)
        ]
        out.append(Actor(mention.text, ActorRole.PERPETRATOR, best))
        if ruled is not None and ruled in scored:
            ps = scored[ruled][1]
            if ps["target"] >= ps["other"]:
                out.append(Actor(scored[ruled][0].mention.text, ActorRole.TARGET, ruled))
        return self._one_side(claim.family, out, scored, basis)

    def _one_side(
        self,
        family: Family,
        actors: list[Actor],
        scored: dict[str | None, tuple[RoleItem, dict[str, float]]],
        basis: list[str],
    ) -> tuple[Actor, ...]:
        """In an event one side does to another (a violation, an attack on civilians, an
        obstruction, a detention, a movement of troops, a transfer, a protest), the rules'
        default of "perpetrator" for every party named blames all of them. Where the model
        finds one of them more likely than not to have done it, each one it finds less
        likely is its target when the model reads it so, else left out; where it is sure of
        none, the rules' roles stand."""
        perpetrators = {
            a.party for a in actors if a.role is ActorRole.PERPETRATOR and a.party in scored
        }
        if family not in _ONE_SIDED or len(perpetrators) < 2:
            return tuple(actors)
        model = self.model
        assert model is not None
        keep = max(sorted(perpetrators, key=str), key=lambda party: scored[party][1]["perpetrator"])
        if scored[keep][1]["perpetrator"] < 0.5:
            return tuple(actors)  # the model is not sure that any of them did it
        # the others it finds more likely than not to have done it too stay
        demoted = {p for p in perpetrators if scored[p][1]["perpetrator"] < 0.5}
        if not demoted:
            return tuple(actors)
        basis.append(f"model:{model.name} one perpetrator {keep}")
        out: list[Actor] = []
        for a in actors:
            if a.role is ActorRole.PERPETRATOR and a.party in demoted:
                ps = scored[a.party][1]
                if ps["target"] >= ps["other"] and not any(
                    b.party == a.party and b.role is ActorRole.TARGET for b in actors
                ):
                    out.append(replace(a, role=ActorRole.TARGET))
                continue
            out.append(a)
        return tuple(out)
