"""Domain records: frozen, slotted dataclasses with no I/O.

Uncertainty is data: a date with its precision and interval, a place with its precision
and uncertainty radius, casualties as low/best/high. Nothing unresolved is dropped: a
place that could not be resolved keeps its name and ``GeoPrecision.UNRESOLVED``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ceasewatch.errors import SchemaError
from ceasewatch.model.vocab import (
    ActorRole,
    CfvKind,
    ClaimStatus,
    Credibility,
    Direction,
    Family,
    FindingStatus,
    GeoPrecision,
    ObservationMeans,
    Reliability,
    Severity,
    SourceKind,
    TimePrecision,
    VerificationStatus,
)


@dataclass(frozen=True, slots=True)
class Party:
    """A party to an agreement, or any actor the record names repeatedly."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "state"
    # the country as the field's datasets spell it ("Military Forces of <country> (...)")
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Who publishes or reports, with an Admiralty reliability grade."""

    id: str
    name: str
    kind: SourceKind = SourceKind.OTHER
    affiliation: str | None = None  # a party id, "mission", or None for neutral
    reliability: Reliability = Reliability.F
    parent: str | None = None  # re-reporting outlet -> the origin it copies
    scale: str | None = None  # ACLED source_scale
    protected: bool = False
    illustrative: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """One piece of text from a source, stored once per SHA-256 of its normalised text.

    Its ``id`` is handed to everyone who may see the document, so a document read from a
    file is called by its hash (``doc-`` and 16 hex digits), never by its path: the path
    is ``file``, private (docs/formats.md)."""

    id: str
    sha256: str
    source_id: str | None
    published: datetime | None
    language: str | None
    title: str | None = None
    url: str | None = None
    text: str = ""
    illustrative: bool = False
    # "2023-08" is published in August 2023, known to the month: published is its first day
    published_precision: TimePrecision = TimePrecision.DAY
    # where it was read: the file's path, or a feed item's guid or link; never published
    file: str | None = None

    @property
    def publication(self) -> TimeSpan | None:
        """The publication as the interval it stands for (a day, a month or a year)."""
        if self.published is None:
            return None
        return publication_span(self.published.date(), self.published_precision)


def publication_span(day: date, precision: TimePrecision) -> TimeSpan:
    """The interval of a publication date known to the day, the month or the year."""
    if precision is TimePrecision.YEAR:
        return TimeSpan(date(day.year, 1, 1), date(day.year, 12, 31), TimePrecision.YEAR)
    if precision is TimePrecision.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return TimeSpan(
            date(day.year, day.month, 1), date(day.year, day.month, last), TimePrecision.MONTH
        )
    return TimeSpan(day, day, TimePrecision.DAY)


_REDUCED = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2}))?")


def parse_published(value: str | None) -> tuple[datetime | None, TimePrecision]:
    """A publication date or time as ISO 8601 writes it, to the second, the day, the month
    (``2023-08``) or the year (``2023``); ``SchemaError`` for anything else."""
    if value is None or not str(value).strip():
        return None, TimePrecision.DAY
    text = str(value).strip()
    m = _REDUCED.fullmatch(text)
    if m is not None:
        try:
            month = int(m["m"]) if m["m"] else 1
            day = datetime(int(m["y"]), month, 1, tzinfo=UTC)
        except ValueError:
            raise SchemaError(f"{text!r} is not a date", field="published") from None
        return day, TimePrecision.MONTH if m["m"] else TimePrecision.YEAR
    try:
        return datetime.fromisoformat(text), TimePrecision.DAY
    except ValueError:
        raise SchemaError(
            f"{text!r} is not a date: expected ISO 8601, to the day (YYYY-MM-DD, with a time "
            "or not), the month (YYYY-MM) or the year (YYYY)",
            field="published",
        ) from None


def published_text(published: datetime | None, precision: TimePrecision) -> str | None:
    """A publication as stored and shown: ISO 8601 to the precision it is known to."""
    if published is None:
        return None
    if precision is TimePrecision.YEAR:
        return f"{published.year:04d}"
    if precision is TimePrecision.MONTH:
        return f"{published.year:04d}-{published.month:02d}"
    return published.isoformat()


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """When something happened: an inclusive day interval and how precisely it is known."""

    start: date | None
    end: date | None
    precision: TimePrecision = TimePrecision.DAY

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise SchemaError(f"time span ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def day(cls, d: date) -> TimeSpan:
        return cls(d, d, TimePrecision.DAY)


@dataclass(frozen=True, slots=True)
class Place:
    """Where something happened. ``geometry`` is GeoJSON when the place is not a point."""

    name: str | None
    lat: float | None = None
    lon: float | None = None
    precision: GeoPrecision = GeoPrecision.EXACT
    radius_m: float | None = None
    geometry: Mapping[str, object] | None = None
    country: str | None = None
    iso: int | None = None
    region: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None

    def __post_init__(self) -> None:
        check_coordinates(self.lat, self.lon)

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None


def check_coordinates(lat: float | None, lon: float | None) -> None:
    """Raise ``SchemaError`` unless (lat, lon) are both given and in WGS84 range, or both absent."""
    if (lat is None) != (lon is None):
        raise SchemaError("latitude and longitude must be given together", field="latitude")
    # NaN fails both comparisons, so it is refused here too.
    if lat is not None and not -90.0 <= lat <= 90.0:
        raise SchemaError(f"{lat!r} is not a latitude between -90 and 90", field="latitude")
    if lon is not None and not -180.0 <= lon <= 180.0:
        raise SchemaError(f"{lon!r} is not a longitude between -180 and 180", field="longitude")


@dataclass(frozen=True, slots=True)
class Count:
    """A reported number as UCDP gives it: low, best and high estimates, any may be unknown."""

    low: int | None = None
    best: int | None = None
    high: int | None = None
    civilian: int | None = None
    military: int | None = None

    def __post_init__(self) -> None:
        low, best, high = self.low, self.best, self.high
        if (
            (low is not None and low < 0)
            or (best is not None and best < 0)
            or (high is not None and high < 0)
        ):
            raise SchemaError(f"a count cannot be negative: {(low, best, high)}")
        if low is not None and high is not None and low > high:
            raise SchemaError(f"low estimate {self.low} is above high estimate {self.high}")

    @classmethod
    def exact(cls, n: int) -> Count:
        return cls(n, n, n)

    @property
    def known(self) -> bool:
        return self.best is not None or self.low is not None


NO_COUNT = Count()


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor in an event: its name as reported, its role, its party and ACLED inter code."""

    name: str
    role: ActorRole
    party: str | None = None
    inter: int | None = None  # ACLED actor type 1-8


@dataclass(frozen=True, slots=True)
class AcledType:
    event_type: str
    sub_event_type: str
    disorder_type: str | None = None


@dataclass(frozen=True, slots=True)
class CfvDetail:
    """What an observed ceasefire violation consisted of (OSCE practice)."""

    kind: CfvKind
    count: int | None = None
    weapon: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One real-world incident, backed by claims and observations."""

    id: str
    type_code: str
    family: Family
    when: TimeSpan
    where: Place
    actors: tuple[Actor, ...] = ()
    killed: Count = NO_COUNT
    wounded: Count = NO_COUNT
    status: VerificationStatus = VerificationStatus.UNVERIFIED
    acled: AcledType | None = None
    cfv: tuple[CfvDetail, ...] = ()
    notes: str | None = None
    sources: tuple[str, ...] = ()  # source names as cited
    source_scale: str | None = None
    tags: tuple[str, ...] = ()
    civilian_targeting: bool = False
    dataset: str | None = None  # e.g. "acled", "ucdp", "ceasewatch"
    external_id: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number a document gives with its unit: 35 tonnes, 12 trucks, 14 violations."""

    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement in a document that something happened, and how firmly it is made."""

    id: str
    document_id: str
    span: tuple[int, int]
    text: str
    type_code: str
    family: Family
    status: ClaimStatus
    claimant: str | None = None
    credibility: Credibility = Credibility.CANNOT_BE_JUDGED
    when: TimeSpan | None = None
    places: tuple[Place, ...] = ()
    actors: tuple[Actor, ...] = ()
    killed: int | None = None
    wounded: int | None = None
    confidence: float = 0.0
    event_id: str | None = None
    quantities: tuple[Quantity, ...] = ()
    unresolved: tuple[str, ...] = ()  # what could not be resolved, and why
    basis: tuple[str, ...] = ()  # what decided it: rules, cues, the model and its probability


@dataclass(frozen=True, slots=True)
class Observation:
    """A first-hand report by a monitor at a post or on patrol."""

    id: str
    observer: str  # post or patrol id
    position: Place
    start: datetime
    end: datetime
    type_code: str
    means: ObservationMeans = ObservationMeans.SEEN
    cfv: CfvDetail | None = None
    bearing_deg: float | None = None
    distance_km: tuple[float, float] | None = None
    notes: str | None = None
    event_id: str | None = None
    illustrative: bool = False
    # the source (a monitoring team) the post reports for; kept once per post
    source: str | None = None

    def __post_init__(self) -> None:
        if self.bearing_deg is not None and not 0.0 <= self.bearing_deg < 360.0:
            raise SchemaError(f"{self.bearing_deg!r} is not a bearing in [0, 360)", field="bearing")
        if self.end < self.start:
            raise SchemaError("an observation cannot end before it starts", field="end")
        if self.distance_km is not None:
            lo, hi = self.distance_km
            if lo < 0 or hi < lo:
                raise SchemaError(f"{self.distance_km!r} is not a distance range", field="distance")


def observer_origin(post: str) -> str:
    """Who stands behind a monitor's observation, as corroboration counts origins."""
    return f"observer {post}"


@dataclass(frozen=True, slots=True)
class CargoItem:
    category: str
    description: str | None = None
    quantity: float | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Crossing:
    """A checkpoint record: which vehicle, which way, what it carried, who escorted it."""

    id: str
    checkpoint: str
    time: datetime
    vehicle: str
    direction: Direction
    declared: tuple[CargoItem, ...] = ()
    observed: tuple[CargoItem, ...] | None = None
    escort: str | None = None
    inspection: str | None = None
    notes: str | None = None
    illustrative: bool = False


@dataclass(frozen=True, slots=True)
class TrackPoint:
    """One timed position of one vehicle or convoy."""

    vehicle: str
    time: datetime
    lat: float
    lon: float
    speed_kmh: float | None = None
    illustrative: bool = False

    def __post_init__(self) -> None:
        check_coordinates(self.lat, self.lon)


@dataclass(frozen=True, slots=True)
class Finding:
    """The result of a rule: something judged against a provision or mandate task."""

    id: str
    rule_id: str
    rule_version: str
    subject: str  # provision number or mandate task
    party: str | None
    period: TimeSpan
    severity: Severity
    status: FindingStatus
    summary: str
    evidence: tuple[str, ...] = ()  # refs: "event:ID", "claim:ID", "observation:ID", ...
    agreement: str | None = None
