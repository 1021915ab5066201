"""The agreement's calendar: deadlines resolved to dates, and what is due as of a day.

Pure: the day to judge by, and which obligations are known to be done (and when), are
parameters. Deadlines given relative to the effective time or to another obligation are
resolved here; a deadline that was later amended counts from its last amendment.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ceasewatch.errors import SchemaError
from ceasewatch.model.agreement import Agreement, Mission, Obligation, Restriction, When
from ceasewatch.model.vocab import _Parse


class Due(_Parse):
    NOT_YET_DUE = "not_yet_due"  # its window has not opened
    DUE = "due"  # open, with a deadline still ahead
    OVERDUE = "overdue"  # the deadline has passed and it is not known to be done
    DONE = "done"
    IN_FORCE = "in_force"  # a standing obligation with no deadline
    WAITING = "waiting"  # its deadline counts from another obligation not yet shown done


@dataclass(frozen=True, slots=True)
class Item:
    obligation: str
    provision: str
    party: str
    kind: str
    summary: str | None
    start: date | None
    deadline: date | None
    original_deadline: date | None
    status: Due
    days_left: int | None
    done_on: date | None = None


@dataclass(frozen=True, slots=True)
class MissionTerm:
    mission: str
    start: date
    first_term_end: date | None  # None: an open term
    period_start: date  # the term period that holds the day judged
    period_end: date | None  # None: an open term, not ended
    last_notice: date | None  # last day to give notice of not extending this period
    automatic_extension: bool
    next_periods: tuple[tuple[date, date], ...]
    expired: bool  # past its end with no automatic extension


@dataclass(frozen=True, slots=True)
class Calendar:
    agreement: str
    as_of: date
    effective: date  # the effective day, in the agreement's own time zone
    items: tuple[Item, ...]
    missions: tuple[MissionTerm, ...]

    def by_status(self, status: Due) -> list[Item]:
        return [i for i in self.items if i.status is status]


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _cal.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def effective_day(agreement: Agreement) -> date:
    try:
        zone = ZoneInfo(agreement.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SchemaError(
            f"{agreement.timezone!r} is not a known time zone", field="timezone"
        ) from None
    return agreement.effective.astimezone(zone).date()


def restriction_start(agreement: Agreement, r: Restriction) -> date:
    """The first day a restriction holds: its own start (a date; the effective day plus
    days; or the day after an obligation's deadline, plus days), else the effective day."""
    w = r.start
    if w is None:
        return effective_day(agreement)
    if w.on is not None:
        return w.on
    if w.anchor in (None, "effective"):
        return effective_day(agreement) + timedelta(days=w.days or 0)
    deadline = resolve(agreement)[w.anchor][1]
    if deadline is None:
        return effective_day(agreement) + timedelta(days=w.days or 0)
    # after an obligation: from the day after its deadline, the first day it is overdue
    return deadline + timedelta(days=1 + (w.days or 0))


def counts_from_done(agreement: Agreement, w: When) -> bool:
    """Whether a date after another obligation counts from the day that obligation is done
    (asked for, or that obligation has no deadline of its own) rather than its deadline."""
    if w.anchor in (None, "effective"):
        return False
    if w.counts_from is not None:
        return w.counts_from == "done"
    anchor = next((o for _, o in agreement.obligations() if o.id == w.anchor), None)
    return anchor is not None and anchor.deadline is None


def resolve(
    agreement: Agreement, done: Mapping[str, date] | None = None
) -> dict[str, tuple[date | None, date | None, date | None]]:
    """Each obligation id -> (start, deadline, original deadline) as dates. A date that
    counts from the day another obligation is done stays None until *done* shows it."""
    obligations = {o.id: o for _, o in agreement.obligations()}
    eff = effective_day(agreement)
    memo: dict[str, date | None] = {}
    done = done or {}

    def when(w: When | None, trail: tuple[str, ...]) -> tuple[date | None, date | None]:
        if w is None:
            return None, None
        if w.on is not None:
            base: date | None = w.on
        elif w.anchor == "effective":
            base = eff + timedelta(days=w.days or 0)
        else:
            key = w.anchor or ""
            anchor = done.get(key) if counts_from_done(agreement, w) else deadline(key, trail)
            base = anchor + timedelta(days=w.days or 0) if anchor else None
        final = w.amendments[-1].deadline if w.amendments else base
        return final, base

    def deadline(oid: str, trail: tuple[str, ...] = ()) -> date | None:
        if oid in trail:
            raise SchemaError(f"deadlines depend on each other: {' -> '.join((*trail, oid))}")
        if oid not in memo:
            memo[oid] = when(obligations[oid].deadline, (*trail, oid))[0]
        return memo[oid]

    out = {}
    for oid, o in obligations.items():
        final, original = when(o.deadline, (oid,))
        start, _ = when(o.start, (oid,))
        out[oid] = (start, final, original)
    return out


def _status(
    o: Obligation,
    start: date | None,
    deadline: date | None,
    as_of: date,
    done_on: date | None,
    waiting: bool = False,
) -> Due:
    if done_on is not None and done_on <= as_of:
        return Due.DONE
    if start is not None and as_of < start:
        return Due.NOT_YET_DUE
    if waiting:
        return Due.WAITING
    if deadline is None:
        return Due.IN_FORCE
    return Due.DUE if as_of <= deadline else Due.OVERDUE


def mission_active(m: Mission, day: date) -> bool:
    """Whether the mission was deployed on *day*: from its term's start to its ``end``
    when the file gives one (renewals are then taken as made), else to the end of a term
    that does not extend itself."""
    t = m.term
    if day < t.start:
        return False
    if t.end is not None:
        return day <= t.end
    return not mission_term(m, day).expired


def mission_term(m: Mission, as_of: date) -> MissionTerm:
    t = m.term
    if t.years is None and t.months is None:  # an open term: until its end, if it has one
        expired = t.end is not None and as_of > t.end
        return MissionTerm(m.id, t.start, None, t.start, t.end, None, False, (), expired)
    first_end = add_months(t.start, 12 * (t.years or 0) + (t.months or 0))
    step = 12 * (t.extension_years or 0) + (t.extension_months or 0)
    start, end = t.start, first_end
    while step and as_of >= end:
        start, end = end, add_months(end, step)
    upcoming = []
    nxt = end
    for _ in range(2 if step else 0):
        upcoming.append((nxt, add_months(nxt, step)))
        nxt = add_months(nxt, step)
    notice = add_months(end, -t.notice_months) if t.notice_months and step else None
    if t.end is not None:  # ended (or renewed until) a known day
        return MissionTerm(
            m.id, t.start, first_end, start, t.end, None, False, (), expired=as_of > t.end
        )
    return MissionTerm(
        m.id,
        t.start,
        first_end,
        start,
        end,
        notice,
        bool(step),
        tuple(upcoming),
        expired=not step and as_of >= end,
    )


def agreement_calendar(
    agreement: Agreement, as_of: date, done: Mapping[str, date] | None = None
) -> Calendar:
    """Every obligation with its dates and its status as of ``as_of``."""
    done = {k: v for k, v in (done or {}).items() if v <= as_of}
    dates = resolve(agreement, done)
    items = []
    eff = effective_day(agreement)
    for p, o in agreement.obligations():
        start, deadline, original = dates[o.id]
        # a date that counts from another obligation not yet shown done is not known yet
        waiting = (o.deadline is not None and deadline is None) or (
            o.start is not None and start is None
        )
        # nothing binds before the agreement takes effect
        status = _status(o, start or eff, deadline, as_of, done.get(o.id), waiting)
        days_left = (deadline - as_of).days if deadline and status is Due.DUE else None
        items.append(
            Item(
                o.id,
                p.number,
                o.party,
                str(o.kind),
                o.summary,
                start,
                deadline,
                original,
                status,
                days_left,
                done.get(o.id),
            )
        )
    terms = tuple(mission_term(m, as_of) for m in agreement.missions)
    return Calendar(agreement.id, as_of, eff, tuple(items), terms)
