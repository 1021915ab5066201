"""What the edges can ask for: filters over events, as plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ceasewatch.errors import SchemaError
from ceasewatch.model.vocab import Family, VerificationStatus

MAX_TEXT = 200  # characters of a free-text search


@dataclass(frozen=True, slots=True)
class BBox:
    """A lon/lat box in WGS84: west, south, east, north."""

    west: float
    south: float
    east: float
    north: float

    def __post_init__(self) -> None:
        if not (-180 <= self.west <= self.east <= 180 and -90 <= self.south <= self.north <= 90):
            raise SchemaError(
                f"{(self.west, self.south, self.east, self.north)} is not a box "
                "west,south,east,north with west<=east and south<=north",
                field="bbox",
            )

    @classmethod
    def parse(cls, text: str) -> BBox:
        parts = text.split(",")
        try:
            w, s, e, n = (float(p) for p in parts)
        except ValueError:
            raise SchemaError(
                f"{text!r} is not four numbers west,south,east,north", field="bbox"
            ) from None
        return cls(w, s, e, n)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Events whose date interval overlaps [start, end] and that match every given filter."""

    start: date | None = None
    end: date | None = None
    bbox: BBox | None = None
    types: tuple[str, ...] = ()
    families: tuple[Family, ...] = ()
    actor: str | None = None
    party: str | None = None  # an actor's party id, exactly
    text: str | None = None  # words, each found (any case) in the place, type, notes or actors
    statuses: tuple[VerificationStatus, ...] = ()
    dataset: str | None = None
    limit: int | None = None
    after: str | None = None  # cursor: the id of the last event of the previous page
    newest: bool = False  # the latest first (by start), where the order is by date

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise SchemaError(f"the range ends ({self.end}) before it starts ({self.start})")
        if self.limit is not None and self.limit < 0:
            raise SchemaError("limit cannot be negative", field="limit")
        if self.text is not None and len(self.text) > MAX_TEXT:
            raise SchemaError(f"a search may have at most {MAX_TEXT} characters", field="q")
        if self.text is not None and "\x00" in self.text:
            raise SchemaError("a search may not hold a NUL character (\\x00)", field="q")

    @property
    def words(self) -> tuple[str, ...]:
        """The search's words, in lower case (an event must hold every one)."""
        return tuple(w.lower() for w in (self.text or "").split())
