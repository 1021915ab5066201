"""The calendar arithmetic of the time expressions (``dates.py``): the days a matched
expression stands for, resolved against the publication day and the pack's date grammar
(month and weekday names, parts of a year or a month, number words)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from ceasewatch.extract.lang import DateGrammar
from ceasewatch.model import TimePrecision, TimeSpan


def span(start: date, end: date) -> TimeSpan:
    """A time span with the precision its length implies."""
    days = (end - start).days + 1
    if days <= 1:
        precision = TimePrecision.DAY
    elif days <= 7:
        precision = TimePrecision.WEEK
    elif days <= 31:
        precision = TimePrecision.MONTH
    else:
        precision = TimePrecision.YEAR
    return TimeSpan(start, end, precision)


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


# a day named without a year a day or two after the publication is in its year: what is
# announced ("closed from Friday, 8 April", the day before) or a publication dated in
# another time zone, rather than that day a year before; further on, "it happened on
# 20 June" in a text of 15 June is last year's
NEAR_FUTURE_DAYS = 2
# how far ahead of its publication a text's day "to come", named without a year, may lie
AHEAD_DAYS = 183


def _latest(y: int | None, m: int, d: int, published: date | None) -> date | None:
    """Day *d* of month *m*, in year *y*, or else the latest such day on or before
    publication, or one a day or two after it (``NEAR_FUTURE_DAYS``)."""
    if y is None:
        if published is None:
            return None
        y = published.year
        if (m, d) > (published.month, published.day):
            try:
                ahead = (date(y, m, d) - published).days
            except ValueError:
                ahead = NEAR_FUTURE_DAYS + 1
            if ahead > NEAR_FUTURE_DAYS:
                y -= 1
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _latest_month(y: int | None, m: int, published: date | None) -> tuple[int, int] | None:
    if y is None:
        if published is None:
            return None
        y = published.year if m <= published.month else published.year - 1
    return y, m


_PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_PART_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def _months_before(day: date, n: int) -> tuple[int, int]:
    """The year and month *n* months before *day*'s month."""
    y, m = divmod(day.year * 12 + day.month - 1 - n, 12)
    return y, m + 1


def _count(said: object, grammar: DateGrammar) -> int:
    """A number written in digits or as one of the pack's number words (0 if neither)."""
    word = str(said).lower()
    return int(word) if word.isdigit() else grammar.day_numbers.get(word, 0)


def resolve(
    name: str, m: re.Match[str], published: date | None, grammar: DateGrammar
) -> TimeSpan | None:
    part = grammar.parts

    def month_of(name: str) -> int:
        return grammar.months[name.lower().rstrip(".")]

    g = m.groupdict()
    year = int(g["y"]) if g.get("y") else None
    if name in ("iso", "dotted"):
        try:
            return span(*[date(int(g["y"]), int(g["m"]), int(g["d"]))] * 2)
        except ValueError:
            return None
    if name in ("day_range", "month_range"):
        m_ = month_of(g["month"])
        start_day = _latest(year, m_, int(g["d"]), published)
        if start_day is None:
            return None
        d2 = int(g["d2"])
        try:
            end_day = date(start_day.year, m_, d2) if d2 >= start_day.day else None
        except ValueError:
            return None
        if end_day is None:  # "30 May to 2 June": the next month
            nm = m_ % 12 + 1
            try:
                end_day = date(start_day.year + (nm == 1), nm, d2)
            except ValueError:
                return None
        return span(start_day, end_day)
    if name == "since_day":
        if g.get("d3"):
            month = grammar.months.get(str(g["m2"]).lower().rstrip("."))
            if month is None:
                return None
            start_day = _latest(year, month, int(g["d3"]), published)
        else:
            start_day = _latest(year, month_of(g["month"]), int(g["d"]), published)
        if start_day is None or published is None or start_day > published:
            return None
        return TimeSpan(
            start_day,
            published,
            TimePrecision.DAY if start_day == published else span(start_day, published).precision,
        )
    if name == "for_days":
        if published is None:
            return None
        count = _count(g.get("n") or g.get("n2") or 0, grammar)
        if not 1 <= count <= 3660:
            return None
        return span(published - timedelta(days=count - 1), published)
    if name in ("day_month", "month_day"):
        d = _latest(year, month_of(g["month"]), int(g["d"]), published)
        if d and g.get("d2") and int(g["d2"]) > d.day:  # "September 13-14"
            try:
                return span(d, d.replace(day=int(g["d2"])))
            except ValueError:
                return span(d, d)
        return span(d, d) if d else None
    if name == "month_year" or name == "in_month":
        ym = _latest_month(year, month_of(g["month"]), published)
        if ym is None:
            return None
        end = _month_end(*ym)
        if published is not None and end > published and date(*ym, 1) <= published:
            end = published
        return span(date(*ym, 1), end)
    if name in ("part_year", "in_year"):
        assert year is not None
        if name == "in_year":
            return span(date(year, 1, 1), date(year, 12, 31))
        first, last = _PART_MONTHS[part[g["part"].lower()]]
        return span(date(year, first, 1), _month_end(year, last))
    if name == "season":
        assert year is not None
        first, last = grammar.seasons[g["season"].lower()]
        return span(date(year, first, 1), _month_end(year + (last < first), last))
    if name == "part_month":
        ym = _latest_month(year, month_of(g["month"]), published)
        if ym is None:
            return None
        first, last = _PART_DAYS[part[g["part"].lower()]]
        return span(date(*ym, first), date(*ym, last) if last < 28 else _month_end(*ym))
    if published is None:
        return None
    if name == "yesterday":
        d = published - timedelta(days=1)
        return span(d, d)
    if name == "today":
        return span(published, published)
    if name == "days_ago":
        n = g["n"].lower()
        d = published - timedelta(days=int(n) if n.isdigit() else grammar.day_numbers[n])
        return span(d, d)
    if name == "weekday":
        back = (published.weekday() - grammar.weekdays[g["weekday"].lower()]) % 7
        d = published - timedelta(days=back)
        return span(d, d)
    if name == "for_months":
        n = _count(g.get("n") or "1", grammar)
        if not 1 <= n <= 120:
            return None
        # a count of months is round: the state began up to half a month before it
        y, month = _months_before(published, n)
        start = date(y, month, min(published.day, _month_end(y, month).day))
        return span(start - timedelta(days=15), published)
    if name == "weeks_ago":
        n = _count(g.get("n") or "1", grammar)
        if not 1 <= n <= 52:
            return None
        return span(published - timedelta(days=7 * n + 3), published - timedelta(days=7 * n - 3))
    if name == "few_days_ago":
        return span(published - timedelta(days=7), published - timedelta(days=2))
    if name == "last_week":
        return span(published - timedelta(days=7), published - timedelta(days=1))
    if name == "this_week":
        return span(published - timedelta(days=published.weekday()), published)
    if name == "since_month":
        return span(published.replace(day=1), published)
    if name == "last_month":
        previous = published.replace(day=1) - timedelta(days=1)
        return span(previous.replace(day=1), previous)
    if name == "this_year":
        return span(date(published.year, 1, 1), published)
    if name == "last_year":
        return span(date(published.year - 1, 1, 1), date(published.year - 1, 12, 31))
    if name == "last_season":
        # the last such season that had ended before the publication
        first, last = grammar.seasons[g["season"].lower()]
        y = published.year - (last < first)
        while _month_end(y + (last < first), last) >= published:
            y -= 1
        return span(date(y, first, 1), _month_end(y + (last < first), last))
    if name in ("years_ago", "months_ago"):
        n = _count(g.get("n") or "1", grammar)
        if not 1 <= n <= 100:
            return None
        if name == "years_ago":
            return span(date(published.year - n, 1, 1), date(published.year - n, 12, 31))
        y, month = _months_before(published, n)
        return span(date(y, month, 1), _month_end(y, month))
    return None
