"""Time expressions resolved against the publication date, with a fast path of our own.

``find_date(sentence, published)`` returns the first time expression of a sentence as a
``TimeSpan`` (an inclusive day interval and its precision) or None. The conventions are
those of docs/extract-eval.md: "yesterday", "last night" and "over the past day" are the
day before publication; a weekday or a day and month without a year is the latest such
date on or before publication; early/mid/late of a year are its first, middle and last
four months. The precision follows from the interval's length.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from ceasewatch.model import TimePrecision, TimeSpan

MONTHS = {
    name: n
    for n in range(1, 13)
    for name in (calendar.month_name[n].lower(), calendar.month_abbr[n].lower())
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[n].lower(): n for n in range(7)}
_MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = "(?P<weekday>" + "|".join(WEEKDAYS) + ")"
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{}>(?:19|20)\d\d)"
_PART = (
    r"(?P<part>early|earlier in|the beginning of|the start of|mid|the middle"
    r" of|late|later in|the end of)"
)

_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b" + _YEAR.format("y") + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    ("dotted", r"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)\b"),
    (
        "day_month",
        r"\b(?:night of |nights of )?" + _DAY.format("d") + r"(?:\s*(?:-|–|to|and)\s*[0-3]?\d)?"
        r"(?:st|nd|rd|th)?\s+(?:of\s+)?"
        + _MONTH.format("month")
        + r"(?:,?\s+"
        + _YEAR.format("y")
        + r")?\b",
    ),
    (
        "month_day",
        r"\b"
        + _MONTH.format("month")
        + r"\s+"
        + _DAY.format("d")
        + r"\b(?:,?\s+"
        + _YEAR.format("y")
        + r")?",
    ),
    (
        "yesterday",
        r"\b(?:yesterday|last night|overnight|the previous day|the previous night"
        r"|over the past (?:day|24 hours)|in the past (?:day|24 hours)|during the past day"
        r"|over the last (?:day|24 hours)|in the last 24 hours|the past day)\b",
    ),
    ("today", r"\b(?:today|this morning|this afternoon|this evening|tonight|earlier today)\b"),
    ("days_ago", r"\b(?P<n>\d+|two|three|four|five|six|seven|ten) days ago\b"),
    ("weekday", r"\b(?:on |last |this |late on |early on )?" + _WEEKDAY + r"(?:'s)?\b"),
    (
        "last_week",
        r"\b(?:last week|the past week|the previous week|over the past (?:week|seven days)"
        r"|in the past (?:week|seven days))\b",
    ),
    ("this_week", r"\b(?:this week|earlier this week)\b"),
    (
        "since_month",
        r"\b(?:since the (?:start|beginning) of the month|this month|so far this month"
        r"|earlier this month)\b",
    ),
    ("last_month", r"\b(?:last month|the previous month|the past month)\b"),
    (
        "part_month",
        r"\b(?:in |at )?"
        + _PART
        + r"[\s-]+"
        + _MONTH.format("month")
        + r"(?:\s+"
        + _YEAR.format("y")
        + r")?\b",
    ),
    ("part_year", r"\b(?:in |at )?" + _PART + r"[\s-]+" + _YEAR.format("y") + r"\b"),
    ("month_year", r"\b" + _MONTH.format("month") + r"\s+(?:of\s+)?" + _YEAR.format("y") + r"\b"),
    (
        "in_month",
        r"\b(?:in|during|since|throughout|by|until|from) "
        + _MONTH.format("month")
        + r"(?!\s+\d)\b",
    ),
    ("this_year", r"\b(?:this year|so far this year|since the start of the year)\b"),
    ("last_year", r"\blast year\b"),
    ("in_year", r"\b(?:in|during|throughout) " + _YEAR.format("y") + r"\b"),
]
_DIGIT = "<digit>"
_MONTH_WORDS = frozenset(MONTHS)
_WEEKDAY_WORDS = frozenset(WEEKDAYS)
# The words without which a pattern cannot match: a sentence is tried only against the
# patterns whose words it has, and most sentences have none.
_NEEDS: dict[str, frozenset[str]] = {
    "iso": frozenset({_DIGIT}),
    "dotted": frozenset({_DIGIT}),
    "day_month": _MONTH_WORDS,
    "month_day": _MONTH_WORDS,
    "yesterday": frozenset({"yesterday", "night", "overnight", "day", "hours"}),
    "today": frozenset({"today", "morning", "afternoon", "evening", "tonight"}),
    "days_ago": frozenset({"ago"}),
    "weekday": _WEEKDAY_WORDS,
    "last_week": frozenset({"week", "days"}),
    "this_week": frozenset({"week"}),
    "since_month": frozenset({"month"}),
    "last_month": frozenset({"month"}),
    "part_month": _MONTH_WORDS,
    "part_year": frozenset({_DIGIT}),
    "month_year": _MONTH_WORDS,
    "in_month": _MONTH_WORDS,
    "this_year": frozenset({"year"}),
    "last_year": frozenset({"year"}),
    "in_year": frozenset({_DIGIT}),
}
_COMPILED = [(name, re.compile(pattern), _NEEDS[name]) for name, pattern in _PATTERNS]
_BY_WORD: dict[str, list[int]] = {}
for _index, (_name, _pattern, _needs) in enumerate(_COMPILED):
    for _word in _needs:
        _BY_WORD.setdefault(_word, []).append(_index)
# the words some pattern needs, found with one scan
_NEEDED = re.compile(
    r"\b(?:"
    + "|".join(sorted((w for w in _BY_WORD if w != _DIGIT), key=len, reverse=True))
    + r")\b"
)
_HAS_DIGIT = re.compile(r"\d")


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
    sentence: str, published: date | None, low: str | None = None
) -> tuple[TimeSpan, int, int] | None:
    """The first time expression in *sentence* that resolves, with its character span.

    *low* is the sentence already lowered with ``lowered``, when the caller has it.
    """
    if low is None:
        low = lowered(sentence)
    wanted: set[int] = set()
    for w in set(_NEEDED.findall(low)):
        wanted.update(_BY_WORD[w])
    if _HAS_DIGIT.search(low):
        wanted.update(_BY_WORD[_DIGIT])
    if not wanted:
        return None
    best: tuple[TimeSpan, int, int] | None = None
    for index in sorted(wanted):
        name, pattern, _ = _COMPILED[index]
        for m in pattern.finditer(low):
            if best is not None and m.start() >= best[1]:
                break
            resolved = _resolve(name, m, published)
            if resolved is not None:
                best = (resolved, m.start(), m.end())
                break
    return best


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _latest(y: int | None, m: int, d: int, published: date | None) -> date | None:
    """Day *d* of month *m*, in year *y* or else the latest such day on or before publication."""
    if y is None:
        if published is None:
            return None
        y = published.year
        if (m, d) > (published.month, published.day):
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


def _part(word: str) -> str:
    word = word.lower()
    if word in ("early", "earlier in", "the beginning of", "the start of"):
        return "early"
    if word in ("mid", "the middle of"):
        return "mid"
    return "late"


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}


def _resolve(name: str, m: re.Match[str], published: date | None) -> TimeSpan | None:
    g = m.groupdict()
    year = int(g["y"]) if g.get("y") else None
    if name in ("iso", "dotted"):
        try:
            return span(*[date(int(g["y"]), int(g["m"]), int(g["d"]))] * 2)
        except ValueError:
            return None
    if name in ("day_month", "month_day"):
        d = _latest(year, MONTHS[g["month"].lower().rstrip(".")], int(g["d"]), published)
        return span(d, d) if d else None
    if name == "month_year" or name == "in_month":
        ym = _latest_month(year, MONTHS[g["month"].lower().rstrip(".")], published)
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
        first, last = _PART_MONTHS[_part(g["part"])]
        return span(date(year, first, 1), _month_end(year, last))
    if name == "part_month":
        ym = _latest_month(year, MONTHS[g["month"].lower().rstrip(".")], published)
        if ym is None:
            return None
        first, last = _PART_DAYS[_part(g["part"])]
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
        d = published - timedelta(days=int(n) if n.isdigit() else _NUMBERS[n])
        return span(d, d)
    if name == "weekday":
        back = (published.weekday() - WEEKDAYS[g["weekday"].lower()]) % 7
        d = published - timedelta(days=back)
        return span(d, d)
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
    return None
