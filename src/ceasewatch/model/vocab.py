"""Fixed vocabularies: statuses, grades and precision codes, each a ``StrEnum`` with ``parse``.

The precision codes follow the field's datasets so that data converts both ways:
ACLED's ``time_precision`` (1-3) and ``geo_precision`` (1-3), UCDP GED's ``date_prec``
(1-5) and ``where_prec`` (1-7). See ../shared/FIELD.md §4.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Self

from ceasewatch.errors import SchemaError


class _Parse(StrEnum):
    @classmethod
    def parse(cls, value: object, *, field: str | None = None) -> Self:
        """Return the member named by ``value`` (case-insensitive) or raise ``SchemaError``."""
        text = str(value).strip().lower()
        for member in cls:
            if member.value == text:
                return member
        allowed = ", ".join(m.value for m in cls)
        raise SchemaError(f"{value!r} is not one of: {allowed}", field=field)


class Family(_Parse):
    """The fixed families every monitoring event type belongs to."""

    CEASEFIRE_VIOLATION = "ceasefire_violation"
    ARMED_CLASH = "armed_clash"
    VIOLENCE_AGAINST_CIVILIANS = "violence_against_civilians"
    MILITARY_MOVEMENT = "military_movement"
    CORRIDOR_TRANSIT = "corridor_transit"
    ILLICIT_TRANSFER = "illicit_transfer"
    OBSTRUCTION = "obstruction"
    PROTEST = "protest"
    MISSION_ACTIVITY = "mission_activity"
    HUMANITARIAN = "humanitarian"
    DETENTION = "detention"
    EXCHANGE = "exchange"
    TERRITORY_TRANSFER = "territory_transfer"
    AGREEMENT = "agreement"
    MINE_INCIDENT = "mine_incident"
    OTHER = "other"


class ClaimStatus(_Parse):
    """How firmly a document states that something happened."""

    ASSERTED = "asserted"  # in the source's own voice
    REPORTED = "reported"  # attributed to someone else, without doubt
    ALLEGED = "alleged"  # hedged: allegedly, reportedly, said to be
    DENIED = "denied"
    SPECULATIVE = "speculative"  # future, hypothetical, a question


class VerificationStatus(_Parse):
    """Where an event stands in verification."""

    UNVERIFIED = "unverified"
    CORROBORATED = "corroborated"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    REFUTED = "refuted"
    WITHDRAWN = "withdrawn"  # its data set no longer has it (import --update); kept, unused


class Reliability(_Parse):
    """Admiralty source reliability (STANAG 2511), graded independently of credibility."""

    A = "a"
    B = "b"
    C = "c"
    D = "d"
    E = "e"
    F = "f"

    @property
    def letter(self) -> str:
        return self.value.upper()

    @property
    def label(self) -> str:
        return _RELIABILITY_LABELS[self]


_RELIABILITY_LABELS = {
    Reliability.A: "Completely reliable",
    Reliability.B: "Usually reliable",
    Reliability.C: "Fairly reliable",
    Reliability.D: "Not usually reliable",
    Reliability.E: "Unreliable",
    Reliability.F: "Reliability cannot be judged",
}


class Credibility(IntEnum):
    """Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged)."""

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6

    @classmethod
    def parse(cls, value: object, *, field: str | None = None) -> Credibility:
        try:
            return cls(int(str(value).strip()))
        except ValueError:
            raise SchemaError(f"{value!r} is not a credibility grade 1-6", field=field) from None


class TimePrecision(_Parse):
    """How precisely the date of an event is known."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"

    @classmethod
    def from_acled(cls, code: int) -> TimePrecision:
        """ACLED time_precision: 1 the day, 2 the week, 3 the month."""
        return _TIME_FROM_ACLED[code]

    def to_acled(self) -> int:
        return {"day": 1, "week": 2, "month": 3}.get(self.value, 3)

    @classmethod
    def from_ucdp(cls, code: int) -> TimePrecision:
        """UCDP date_prec: 1 exact day, 2 span of 2-6 days, 3 week, 4 month, 5 year."""
        return _TIME_FROM_UCDP[code]


_TIME_FROM_ACLED = {1: TimePrecision.DAY, 2: TimePrecision.WEEK, 3: TimePrecision.MONTH}
_TIME_FROM_UCDP = {
    1: TimePrecision.DAY,
    2: TimePrecision.WEEK,
    3: TimePrecision.WEEK,
    4: TimePrecision.MONTH,
    5: TimePrecision.YEAR,
}


class GeoPrecision(_Parse):
    """How precisely the place of an event is known."""

    EXACT = "exact"
    NEAR = "near"
    DISTRICT = "district"
    REGION = "region"
    COUNTRY = "country"
    UNRESOLVED = "unresolved"

    @classmethod
    def from_acled(cls, code: int) -> GeoPrecision:
        """ACLED geo_precision: 1 the named place, 2 near it / part of a region, 3 a region."""
        return _GEO_FROM_ACLED[code]

    def to_acled(self) -> int:
        return {"exact": 1, "near": 2}.get(self.value, 3)

    @classmethod
    def from_ucdp(cls, code: int) -> GeoPrecision:
        """UCDP where_prec 1-7 (7: over water or in the air, kept as a region)."""
        return _GEO_FROM_UCDP[code]

    @property
    def default_radius_m(self) -> float | None:
        """A default uncertainty radius, after Atlos' exact / vicinity / locality scale."""
        return _RADIUS_M.get(self)


_GEO_FROM_ACLED = {1: GeoPrecision.EXACT, 2: GeoPrecision.NEAR, 3: GeoPrecision.REGION}
_GEO_FROM_UCDP = {
    1: GeoPrecision.EXACT,
    2: GeoPrecision.NEAR,
    3: GeoPrecision.DISTRICT,
    4: GeoPrecision.REGION,
    5: GeoPrecision.REGION,
    6: GeoPrecision.COUNTRY,
    7: GeoPrecision.REGION,
}
_RADIUS_M = {
    GeoPrecision.EXACT: 100.0,
    GeoPrecision.NEAR: 5_000.0,
    GeoPrecision.DISTRICT: 25_000.0,
    GeoPrecision.REGION: 75_000.0,
    GeoPrecision.COUNTRY: 250_000.0,
}


class ActorRole(_Parse):
    """The part an actor plays in an event. ACLED's actor1/actor2 imply no direction."""

    PERPETRATOR = "perpetrator"
    TARGET = "target"
    ESCORT = "escort"
    CLAIMANT = "claimant"
    SIDE_A = "side_a"
    SIDE_B = "side_b"
    ASSOCIATED_A = "associated_a"
    ASSOCIATED_B = "associated_b"
    OBSERVER = "observer"
    PARTICIPANT = "participant"


class SourceKind(_Parse):
    """What kind of body publishes or reports."""

    MINISTRY = "ministry"
    GOVERNMENT = "government"
    MISSION = "mission"
    OBSERVER = "observer"
    MEDIA = "media"
    WIRE = "wire"
    NGO = "ngo"
    INTERNATIONAL_ORG = "international_org"
    SOCIAL = "social"
    DATASET = "dataset"
    OTHER = "other"


class ObservationMeans(_Parse):
    """How a monitor perceived what they report (OSCE practice)."""

    SEEN = "seen"
    HEARD = "heard"
    SEEN_AND_HEARD = "seen_and_heard"
    CAMERA = "camera"
    UAV = "uav"
    REPORTED_TO = "reported_to"


class CfvKind(_Parse):
    """Observation sub-types of a ceasefire violation, as monitoring missions record them."""

    EXPLOSION_IMPACT = "explosion_impact"
    EXPLOSION_AIRBURST = "explosion_airburst"
    EXPLOSION_OUTGOING = "explosion_outgoing"
    EXPLOSION_UNDETERMINED = "explosion_undetermined"
    PROJECTILE = "projectile"
    FLARE = "flare"
    MUZZLE_FLASH = "muzzle_flash"
    BURST = "burst"
    SINGLE_SHOT = "single_shot"

    @property
    def is_explosion(self) -> bool:
        return self.value.startswith("explosion_")


class Direction(_Parse):
    """Direction of travel through a checkpoint, relative to the zone it guards."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class FindingStatus(_Parse):
    """How strongly the evidence supports a finding."""

    ALLEGED = "alleged"
    SUBSTANTIATED = "substantiated"
    CONFIRMED = "confirmed"


class Severity(_Parse):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


# One display colour per event family, shared by the report's map, the KML export and the
# web map (chosen to stay apart from one another in print).
FAMILY_COLOURS = {
    "ceasefire_violation": "#d62728",
    "armed_clash": "#8c1c13",
    "violence_against_civilians": "#e377c2",
    "military_movement": "#9467bd",
    "corridor_transit": "#ff7f0e",
    "illicit_transfer": "#bcbd22",
    "obstruction": "#1f77b4",
    "protest": "#17becf",
    "mission_activity": "#2ca02c",
    "humanitarian": "#98df8a",
    "detention": "#7f7f7f",
    "exchange": "#c5b0d5",
    "territory_transfer": "#8c564b",
    "agreement": "#393b79",
    "mine_incident": "#636363",
    "other": "#bdbdbd",
}
