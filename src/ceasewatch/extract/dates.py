"""Time expressions resolved against the publication date, with a fast path of our own.

``find_date(sentence, published)`` returns the first time expression of a sentence as a
``TimeSpan`` (an inclusive day interval and its precision) or None. The conventions are
those of docs/extract-eval.md: "yesterday", "last night" and "over the past day" are the
day before publication; a weekday or a day and month without a year is the latest such
date on or before publication (a day and month a day or two after it is in its year: an
announcement); early/mid/late of a year are its first, middle and last
four months. The precision follows from the interval's length.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import cache

from ceasewatch.extract.lang import DateGrammar, language_pack
from ceasewatch.model import TimePrecision, TimeSpan
from ceasewatch.model.records import parse_published, publication_span

_DIGIT = "<digit>"
_HAS_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


class DateFinder:
    """The time expressions of one language, from its pack's date grammar."""

    def __init__(self, grammar: DateGrammar) -> None:
        self.grammar = grammar
        self._patterns = grammar.patterns
        self._by_word: dict[str, list[int]] = {}
        for index, p in enumerate(self._patterns):
            for word in p.needs:
                self._by_word.setdefault(word, []).append(index)
        words = sorted((w for w in self._by_word if w != _DIGIT), key=len, reverse=True)
        # the words some pattern needs, found with one scan
        self._needed = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")

    def find(self, low: str, published: date | TimeSpan | None) -> tuple[TimeSpan, int, int] | None:
        wanted: set[int] = set()
        for w in set(self._needed.findall(low)):
            wanted.update(self._by_word[w])
        if _DIGIT in self._by_word and _HAS_DIGIT.search(low):
            wanted.update(self._by_word[_DIGIT])
        if not wanted:
            return None
        best: tuple[TimeSpan, int, int] | None = None
        kind = ""
        named, agreed = self.grammar.name_after, self.grammar.agreement_before
        for index in sorted(wanted):
            p = self._patterns[index]
            for m in p.pattern.finditer(low):
                if best is not None and m.start() >= best[1]:
                    break
                if named is not None and named.match(low, m.end()):
                    continue  # "the 7 July residential area": a name, not a date
                resolved = self._resolve_span(p.kind, m, published)
                if (
                    resolved is not None
                    and agreed is not None
                    and agreed.search(low, max(0, m.start() - 120), m.start())
                ):
                    continue  # "the truce reached on 9 November": the agreement's day
                if resolved is not None:
                    best = (self._since(resolved, low, m.start(), published), m.start(), m.end())
                    kind = p.kind
                    break
        if best is not None and kind == "weekday":
            best = self._dated_weekday(best, low, wanted, published)
        if best is not None and best[0].precision is TimePrecision.DAY:
            return self._counted(self._range_of(best, low, wanted, published), low)
        return best

    def _counted(self, found: tuple[TimeSpan, int, int], low: str) -> tuple[TimeSpan, int, int]:
        """The day counted from the day the sentence named before ("a statement on Tuesday
        regretted the blast the previous day": the Monday)."""
        when, start, end = found
        if when.start is None or when.start != when.end:
            return found
        for pattern, days in self.grammar.from_last:
            if pattern.search(low, end):
                day = when.start + timedelta(days=days)
                return span(day, day), start, end
        return found

    def from_last(self, low: str, last: TimeSpan | None) -> TimeSpan | None:
        """A day counted from the last date the text gave ("a day later"), or None."""
        if last is None or last.precision is not TimePrecision.DAY or last.start is None:
            return None
        for pattern, days in self.grammar.from_last:
            if pattern.search(low):
                day = last.start + timedelta(days=days)
                return span(day, day)
        return None

    def ahead(self, found: tuple[TimeSpan, int, int], low: str, published: date | None) -> TimeSpan:
        """The day of what is to come ("will meet on 21 September", "on Tuesday"): a day or
        weekday named without a year is the first such day on or after the publication,
        not the last before it. A day that would then lie more than half a year ahead is
        kept where it was: what a text says is to come on a day it names without a year
        comes within months, and a day a few weeks past was to come before the text was
        written ("the talks were to open on 15 November")."""
        when, start, end = found
        said = low[start:end]
        if (
            published is None
            or when.precision is not TimePrecision.DAY
            or when.start is None
            or when.start >= published
            or _YEAR.search(said)
        ):
            return when
        if any(w in said for w in self.grammar.weekdays):
            day = published + timedelta(days=(when.start.weekday() - published.weekday()) % 7)
            return span(day, day)
        try:
            day = when.start.replace(year=when.start.year + 1)
        except ValueError:
            return when
        return span(day, day) if 0 <= (day - published).days <= AHEAD_DAYS else when

    def _later(
        self,
        low: str,
        wanted: set[int],
        kinds: frozenset[str],
        at: int,
        published: date | TimeSpan | None,
    ) -> Iterator[tuple[re.Match[str], TimeSpan]]:
        """The expressions of *kinds* from *at* on that resolve, pattern by pattern."""
        for index in sorted(wanted):
            p = self._patterns[index]
            if p.kind in kinds:
                for m in p.pattern.finditer(low, at):
                    found = self._resolve_span(p.kind, m, published)
                    if found is not None:
                        yield m, found

    def _dated_weekday(
        self,
        day: tuple[TimeSpan, int, int],
        low: str,
        wanted: set[int],
        published: date | TimeSpan | None,
    ) -> tuple[TimeSpan, int, int]:
        """A weekday followed by its date ("on Saturday, March 5"): the date tells the day,
        even where the writer named the wrong weekday."""
        for m, found in self._later(low, wanted, _NAMED_DAYS, day[2], published):
            if m.start() - day[2] <= 3:
                return found, day[1], m.end()
        return day

    def _range_of(
        self,
        day: tuple[TimeSpan, int, int],
        low: str,
        wanted: set[int],
        published: date | TimeSpan | None,
    ) -> tuple[TimeSpan, int, int]:
        """A day named first, and later a span of days that holds it ("On 12 August, ...
        from 22:20 on 11 August to 00:05 on 12 August"): the span tells the event."""
        first = day[0].start
        if first is None:
            return day
        for m, found in self._later(low, wanted, _RANGES, day[2], published):
            if (
                found.start is not None
                and found.end is not None
                and found.start <= first <= found.end
            ):
                return found, m.start(), m.end()
        return day

    def since(self, low: str, at: int) -> bool:
        """Whether the time expression at *at* is the start of a duration ("since August")."""
        lead = self.grammar.since_lead
        return lead is not None and lead.search(low, max(0, at - 60), at) is not None

    def _since(
        self, when: TimeSpan, low: str, at: int, published: date | TimeSpan | None
    ) -> TimeSpan:
        """A day the words before it make the start of what still holds ("since 10:30am
        Monday", "starting from 12 December"): from that day to the publication."""
        lead = self.grammar.since_lead
        if lead is None or when.precision is not TimePrecision.DAY or when.start is None:
            return when
        last = published.end if isinstance(published, TimeSpan) else published
        if last is None or last <= when.start or not lead.search(low, max(0, at - 60), at):
            return when
        return TimeSpan(when.start, last, span(when.start, last).precision)

    def _resolve_span(
        self, kind: str, m: re.Match[str], published: date | TimeSpan | None
    ) -> TimeSpan | None:
        """Resolve against a publication day, or against both ends of a publication known
        only to the month or the year (the expression then covers the whole stretch)."""
        if not isinstance(published, TimeSpan):
            return _resolve(kind, m, published, self.grammar)
        if published.start == published.end or published.start is None or kind in _NAMED:
            # a day or month the text names is the latest such before the publication ends
            return _resolve(kind, m, published.end, self.grammar)
        first = _resolve(kind, m, published.start, self.grammar)
        last = _resolve(kind, m, published.end, self.grammar)
        if first is None or last is None or first.start is None or last.end is None:
            return first or last
        return span(
            min(first.start, last.start or first.start), max(first.end or last.end, last.end)
        )


_RANGES = frozenset({"day_range", "month_range"})
_NAMED_DAYS = frozenset({"day_month", "month_day", "iso", "dotted"})

# expressions that name their day, month or year rather than count from the publication
_NAMED = frozenset(
    {
        "iso",
        "dotted",
        "day_month",
        "month_day",
        "day_range",
        "month_range",
        "since_day",
        "part_month",
        "part_year",
        "month_year",
        "in_month",
        "in_year",
        "season",
    }
)


@cache
def _english() -> DateFinder:
    return DateFinder(language_pack("en").dates)


def published_span(value: object) -> TimeSpan | None:
    """A publication date as ISO 8601 gives it, to the day, the month or the year
    (``2023-08-14``, ``2023-08``, ``2023``), as the interval it stands for; None for none.
    ``SchemaError`` for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, TimeSpan):
        return value
    if isinstance(value, datetime):
        return TimeSpan.day(value.date())
    if isinstance(value, date):
        return TimeSpan.day(value)
    published, precision = parse_published(str(value))
    return publication_span(published.date(), precision) if published else None


def lowered(text: str) -> str:
    """*text* in lower case, character for character (so that offsets still hold)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


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


def unknown(published: date | None) -> TimeSpan:
    return TimeSpan(None, published, TimePrecision.UNKNOWN)


def find_date(
    sentence: str,
    published: date | TimeSpan | None,
    low: str | None = None,
    finder: DateFinder | None = None,
) -> tuple[TimeSpan, int, int] | None:
    """The first time expression in *sentence* that resolves, with its character span.

    *low* is the sentence already lowered with ``lowered``, when the caller has it;
    *finder* reads the sentence's language (English by default).
    """
    if low is None:
        low = lowered(sentence)
    return (finder or _english()).find(low, published)


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


def _resolve(
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
