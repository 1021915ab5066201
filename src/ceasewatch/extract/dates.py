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

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import cache

from ceasewatch.extract.days import AHEAD_DAYS, resolve, span
from ceasewatch.extract.lang import DateGrammar, language_pack
from ceasewatch.model import TimePrecision, TimeSpan
from ceasewatch.model.records import parse_published, publication_span

_DIGIT = "<digit>"
_HAS_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_TERM_BACK = 180  # days: a term's end named without a year this far back is still to come


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
        # a wire's dateline gives the day the story was filed: the sentence's own date
        # comes first ("BANGKOK, Nov 13 - ... on Wednesday": the Wednesday before)
        filed = self.grammar.filed(low)
        found = self._first(low, published, wanted, filed)
        if found is None and filed:
            found = self._first(low, published, wanted, 0)
        return found

    def _first(
        self, low: str, published: date | TimeSpan | None, wanted: set[int], after: int
    ) -> tuple[TimeSpan, int, int] | None:
        """The first time expression of *low* that starts at *after* or later."""
        best: tuple[TimeSpan, int, int] | None = None
        kind = ""
        named, agreed = self.grammar.name_after, self.grammar.agreement_before
        for index in sorted(wanted):
            p = self._patterns[index]
            for m in p.pattern.finditer(low, after):
                if best is not None and m.start() >= best[1]:
                    break
                if named is not None and named.match(low, m.end()):
                    continue  # "the 7 July residential area": a name, not a date
                resolved = self._resolve_span(p.kind, m, published)
                if resolved is not None and self._term_end(resolved, low, m, published):
                    continue  # "extended until 18 May": a term still to run, not the event's day
                if resolved is not None and self._gone_by(resolved, low, m.start(), published):
                    continue  # "killed in a district liberated in 2020": not the killing's year
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

    def _term_end(
        self, when: TimeSpan, low: str, m: re.Match[str], published: date | TimeSpan | None
    ) -> bool:
        """Whether a day named without its year is the end of a term still to run ("extended
        until 18 May" three days before it): read as the latest such day before the
        publication it would lie most of a year back."""
        until = self.grammar.until_lead
        last = published.end if isinstance(published, TimeSpan) else published
        if until is None or last is None or when.end is None or _YEAR.search(m.group()):
            return False
        if not until.search(low, max(0, m.start() - 30), m.start()):
            return False
        return (last - when.end).days > _TERM_BACK

    def _gone_by(
        self, when: TimeSpan, low: str, at: int, published: date | TimeSpan | None
    ) -> bool:
        """Whether *when* (named at *at*) is a year (or more) that ended before the
        publication's year, in a sentence whose verb is in the present perfect: the perfect
        tells what was just done and is never dated by a year gone by, so the year dates a
        word of the sentence, not its event; unless "since" comes before it, which makes it
        the start of what the perfect tells."""
        perfect, since = self.grammar.perfect, self.grammar.perfect_since
        first = published.start if isinstance(published, TimeSpan) else published
        if perfect is None or first is None or when.start is None or when.end is None:
            return False
        if (when.end - when.start).days < 364 or when.end.year >= first.year:
            return False
        if since is not None and since.search(low, 0, at):
            return False
        return perfect.search(low) is not None

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
        found = self._resolved(kind, m, published)
        if found is not None and found.start is not None and m.groupdict().get("covers"):
            # a daily report of a day covers the 24 hours before it: that day and the one before
            return span(found.start - timedelta(days=1), found.end or found.start)
        return found

    def _resolved(
        self, kind: str, m: re.Match[str], published: date | TimeSpan | None
    ) -> TimeSpan | None:
        if not isinstance(published, TimeSpan):
            return resolve(kind, m, published, self.grammar)
        if published.start == published.end or published.start is None or kind in _NAMED:
            # a day or month the text names is the latest such before the publication ends
            return resolve(kind, m, published.end, self.grammar)
        first = resolve(kind, m, published.start, self.grammar)
        last = resolve(kind, m, published.end, self.grammar)
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
