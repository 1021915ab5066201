"""An agreement as data: parties, provisions with obligations, zones, missions, restrictions.

Pure values. Loading and checking agreement files lives in ``ceasewatch.agreements``;
geometry stays GeoJSON (lon, lat in WGS84) here, so the model needs no geometry library.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from ceasewatch.model.records import Party
from ceasewatch.model.vocab import _Parse


class ObligationKind(_Parse):
    """What a party commits to. The vocabulary grows with the agreements we encode."""

    CEASE_FIRE = "cease_fire"
    HOLD_POSITIONS = "hold_positions"
    WITHDRAW = "withdraw"
    WITHDRAW_HEAVY_WEAPONS = "withdraw_heavy_weapons"
    HAND_OVER_TERRITORY = "hand_over_territory"
    DEPLOY_MISSION = "deploy_mission"
    ESTABLISH_MONITORING_CENTRE = "establish_monitoring_centre"
    CONTROL_CORRIDOR = "control_corridor"
    GUARANTEE_PASSAGE = "guarantee_passage"
    BUILD_ROUTE = "build_route"
    EXCHANGE_DETAINEES = "exchange_detainees"
    RETURN_DISPLACED = "return_displaced"
    UNBLOCK_TRANSPORT = "unblock_transport"
    ALLOW_MONITORING = "allow_monitoring"
    REFRAIN_FROM_ATTACKS = "refrain_from_attacks"
    DISARM = "disarm"
    HAND_OVER_WEAPONS = "hand_over_weapons"
    HUMANITARIAN_ACCESS = "humanitarian_access"
    RESTORE_SERVICES = "restore_services"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class KindDef:
    """An obligation kind an agreement file declares for itself: the event types that show
    it done, and optionally the built-in kind the rules should read it as."""

    id: str
    summary: str | None = None
    shown_by: tuple[str, ...] = ()
    like: ObligationKind | None = None


class ZoneKind(_Parse):
    LINE_OF_CONTACT = "line_of_contact"
    CORRIDOR = "corridor"
    AREA_OF_RESPONSIBILITY = "area_of_responsibility"
    CHECKPOINT = "checkpoint"
    DISTRICT = "district"
    SITE = "site"
    SECURITY_ZONE = "security_zone"
    WITHDRAWAL_LINE = "withdrawal_line"


class MandateTaskKind(_Parse):
    """What a monitoring mission may do; anything else it does is non-mandated."""

    MONITOR_CEASEFIRE = "monitor_ceasefire"
    OBSERVATION_POST = "observation_post"
    PATROL = "patrol"
    ESCORT = "escort"
    CHECKPOINT_CONTROL = "checkpoint_control"
    PROTECT_CORRIDOR = "protect_corridor"
    HUMANITARIAN_ASSISTANCE = "humanitarian_assistance"
    DEMINING = "demining"
    MEDIATION = "mediation"
    INVESTIGATE = "investigate"
    VERIFY_WITHDRAWAL = "verify_withdrawal"
    REPORT = "report"
    FACILITATE_DIALOGUE = "facilitate_dialogue"


class Basis(_Parse):
    """Whether an item is written in the agreement or is a reading of it by someone."""

    TEXT = "text"
    INTERPRETATION = "interpretation"


class TextKind(_Parse):
    ORIGINAL = "original"
    OFFICIAL_TRANSLATION = "official_translation"
    TRANSLATION = "translation"


@dataclass(frozen=True, slots=True)
class TextVersion:
    """One published text of the agreement; provisions cite the one they follow."""

    id: str
    language: str
    kind: TextKind
    source: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Amendment:
    """A later change to a deadline, with when and how it was agreed."""

    deadline: date
    agreed: date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class When:
    """A date given outright, or as a number of days after an anchor.

    The anchor is ``effective`` (the agreement's effective time) or the id of another
    obligation. After an obligation, ``counts_from`` says whether the days count from its
    deadline or from the day the record shows it done; ``None`` means its deadline when it
    has one, else the day it is done. The calendar resolves it.
    """

    on: date | None = None
    anchor: str | None = None
    days: int | None = None
    amendments: tuple[Amendment, ...] = ()
    counts_from: str | None = None  # "deadline", "done" or None


@dataclass(frozen=True, slots=True)
class Obligation:
    id: str  # "<provision>.<n>", unique in the agreement
    party: str
    kind: str  # an ObligationKind, or a kind the file declares under ``kinds``
    summary: str | None = None
    start: When | None = None
    deadline: When | None = None
    zones: tuple[str, ...] = ()
    quantities: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Provision:
    number: str
    summary: str  # in our own words
    text_version: str
    obligations: tuple[Obligation, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Zone:
    """A named geometry. A corridor may be given as its centre line and a width."""

    id: str
    kind: ZoneKind
    name: str
    geometry: Mapping[str, object]  # GeoJSON geometry, lon/lat
    width_km: float | None = None  # for a line: the corridor's full width
    radius_km: float | None = None  # for a point: the area around it
    approximate: bool = True
    sources: tuple[str, ...] = ()
    note: str | None = None
    aliases: tuple[str, ...] = ()  # names the zone goes by in text, as a place


@dataclass(frozen=True, slots=True)
class Term:
    """How long a mission stays: a first term, automatic extensions, notice to end them.
    With neither ``years`` nor ``months`` the term is open: the mission stays until its
    ``end``, or until further notice."""

    start: date
    years: int | None = None
    months: int | None = None
    extension_years: int | None = None  # None: no automatic extension
    extension_months: int | None = None
    notice_months: int | None = None
    end: date | None = None  # the day the mission ended, when it was ended early or closed


@dataclass(frozen=True, slots=True)
class MandateTask:
    task: MandateTaskKind
    provision: str | None
    basis: Basis = Basis.TEXT
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Mission:
    id: str
    name: str
    contributor: str
    kind: str  # armed_peacekeeping, unarmed_observers, civilian_monitoring, ...
    strength: Mapping[str, int]
    term: Term
    mandate: tuple[MandateTask, ...]
    area: str | None = None  # zone id of the area of responsibility
    armed: bool = True
    strength_is_cap: bool = True
    provision: str | None = None
    note: str | None = None
    aliases: tuple[str, ...] = ()  # other names of the mission, in text and in datasets


@dataclass(frozen=True, slots=True)
class Restriction:
    """Cargo or activity the agreement forbids somewhere, and on what reading."""

    id: str
    kind: str  # cargo or activity
    categories: tuple[str, ...]
    provision: str
    basis: Basis
    zones: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    note: str | None = None
    # an activity restriction may hold only near the zones: category -> distance in km
    within_km: Mapping[str, float] = field(default_factory=dict)
    start: When | None = None  # from when it holds; None: from the effective time


@dataclass(frozen=True, slots=True)
class ActorName:
    """A dataset actor name (exact, or a pattern with ``*``) and the party or mission it is."""

    name: str
    party: str | None = None
    mission: str | None = None


@dataclass(frozen=True, slots=True)
class Agreement:
    id: str
    title: str
    signed: date
    effective: datetime  # timezone-aware
    timezone: str
    texts: tuple[TextVersion, ...]
    parties: tuple[Party, ...]
    provisions: tuple[Provision, ...]
    zones: tuple[Zone, ...] = ()
    missions: tuple[Mission, ...] = ()
    restrictions: tuple[Restriction, ...] = ()
    illustrative: bool = False
    note: str | None = None
    kinds: tuple[KindDef, ...] = ()  # obligation kinds the file declares
    actors: tuple[ActorName, ...] = ()  # dataset actor names -> parties and missions
    gazetteer: str | None = None  # the file of its places, next to the agreement file
    area: tuple[float, float, float, float] | None = None  # lon/lat bounding box

    def kind_of(self, o: Obligation) -> ObligationKind | None:
        """The built-in kind rules read an obligation as: its own, or the one its
        declared kind is ``like``; None for a declared kind like no built-in one."""
        try:
            return ObligationKind(o.kind)
        except ValueError:
            found = next((k for k in self.kinds if k.id == o.kind), None)
            return found.like if found else None

    def mission(self, mid: str) -> Mission:
        for m in self.missions:
            if m.id == mid:
                return m
        raise KeyError(mid)

    def party(self, pid: str) -> Party:
        for p in self.parties:
            if p.id == pid:
                return p
        raise KeyError(pid)

    def zone(self, zid: str) -> Zone:
        for z in self.zones:
            if z.id == zid:
                return z
        raise KeyError(zid)

    def provision(self, number: str) -> Provision:
        for p in self.provisions:
            if p.number == number:
                return p
        raise KeyError(number)

    def obligations(self) -> list[tuple[Provision, Obligation]]:
        return [(p, o) for p in self.provisions for o in p.obligations]
