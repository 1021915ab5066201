"""Spans of days as real reporting writes them: ranges, states that hold since a day, and
counts of days, in English and Russian (docs/extract.md)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from ceasewatch.extract.dates import DateFinder, find_date
from ceasewatch.extract.lang import language_pack

PUB = date(2023, 1, 11)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("From March 24 to March 25, units fired at the village.", "2022-03-24", "2022-03-25"),
        ("On 24-25 March units fired at the village.", "2022-03-24", "2022-03-25"),
        ("The road has been blocked since December 12.", "2022-12-12", "2023-01-11"),
        ("Convoys have been stopped since 26 July.", "2022-07-26", "2023-01-11"),
        ("For 31 days now, activists have stood on the road.", "2022-12-12", "2023-01-11"),
        ("On the night of 13 to 14 May units fired.", "2022-05-13", "2022-05-13"),
        # a weekday or a day after "since" and a time of day: the state holds to publication
        ("Activists have blocked the road since 10:30am Monday.", "2023-01-09", "2023-01-11"),
        ("Starting from December 12, a group blocked the road.", "2022-12-12", "2023-01-11"),
        ("Since the morning of Sunday the road is shut.", "2023-01-08", "2023-01-11"),
        # "starting from <time> on <day>" is a time of that day, not a state
        ("Starting from 13:45 on 9 January, posts were fired at.", "2023-01-09", "2023-01-09"),
        # a day named first, then the span of days that holds it: the span tells the event
        (
            "On January 10, units shelled the village from 22:20 on January 9 to 00:05 on"
            " January 10.",
            "2023-01-09",
            "2023-01-10",
        ),
        # a later span that does not hold the day is another matter
        (
            "On January 10 a patrol passed; from 2 to 3 January it rained.",
            "2023-01-10",
            "2023-01-10",
        ),
    ],
)
def test_english_spans(text: str, start: str, end: str) -> None:
    found = find_date(text, PUB)
    assert found is not None
    assert (str(found[0].start), str(found[0].end)) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Дорога перекрыта с 12 декабря.", "2022-12-12", "2023-01-11"),
        ("С 24 по 25 марта шли бои.", "2022-03-24", "2022-03-25"),
        ("Акция продолжается уже 31 день.", "2022-12-12", "2023-01-11"),
    ],
)
def test_russian_spans(text: str, start: str, end: str) -> None:
    finder = DateFinder(language_pack("ru").dates)
    found = find_date(text, PUB, finder=finder)
    assert found is not None
    assert (str(found[0].start), str(found[0].end)) == (start, end)


@pytest.mark.parametrize(
    ("text", "published", "start", "end"),
    [
        ("Units fired on 12 February.", "2023-02", "2023-02-12", "2023-02-12"),
        ("Units fired on 12 February.", "2023", "2023-02-12", "2023-02-12"),
        ("Units fired yesterday.", "2023-02", "2023-01-31", "2023-02-27"),
        ("In February the road closed.", "2023", "2023-02-01", "2023-02-28"),
    ],
)
def test_a_publication_known_to_the_month_or_year(
    text: str, published: str, start: str, end: str
) -> None:
    from ceasewatch.extract.dates import published_span

    found = find_date(text, published_span(published))
    assert found is not None
    assert (str(found[0].start), str(found[0].end)) == (start, end)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # what is to come: a day named without a year is the next one, not the last
        ("The sides will meet in the town on September 21.", "2023-09-21"),
        ("The commission will meet again on Friday.", "2023-09-22"),
        # with its year the day stands as said
        ("The deadline was 21 September 2022.", "2022-09-21"),
        # a day a few weeks past was to come before the text was written, not next year
        ("The talks were to open on September 2.", "2023-09-02"),
    ],
)
def test_a_day_to_come_is_read_ahead(text: str, day: str) -> None:
    published = date(2023, 9, 20)  # a Wednesday
    finder = DateFinder(language_pack("en").dates)
    low = text.lower()
    found = finder.find(low, published)
    assert found is not None
    assert str(finder.ahead(found, low, published).start) == day


def test_a_claim_of_what_is_to_come_keeps_the_day_ahead() -> None:
    from ceasewatch.agreements.bundled import bundled
    from ceasewatch.extract.pipeline import Extractor

    ex = Extractor(bundled("karabakh-2020"), learned=False)
    text = "Armenia will hand over the Kalbajar district to Azerbaijan on November 25."
    claims = ex.extract("d", text, date(2020, 11, 20), "Wire")
    assert claims and all(str(c.when.start) == "2020-11-25" for c in claims), claims


def test_a_weekday_followed_by_its_date_takes_the_date() -> None:
    # the writer may name the wrong weekday; the date is what the text means
    found = find_date("Five were killed on Saturday, March 5, near the road.", date(2023, 3, 7))
    assert found is not None and str(found[0].start) == "2023-03-05"


@pytest.mark.parametrize(
    ("language", "text", "day"),
    [
        ("en", "A day later, the repair crews were let in.", "2023-01-11"),
        ("en", "Troops had left a day earlier.", "2023-01-09"),
        ("ru", "На следующий день ремонтники получили доступ.", "2023-01-11"),
        ("en", "The crews were let in.", None),
    ],
)
def test_a_day_counted_from_the_last_date(language: str, text: str, day: str | None) -> None:
    finder = DateFinder(language_pack(language).dates)
    last = find_date("On 10 January the pipe was cut.", PUB)
    assert last is not None
    counted = finder.from_last(text.lower(), last[0])
    assert (str(counted.start) if counted else None) == day


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # a month or a season named without a year: the last one past
        ("Last September the army took the town.", "2022-09-01", "2022-09-30"),
        ("Last autumn the fighting ended.", "2022-09-01", "2022-11-30"),
        ("In the summer of 2020 the posts were moved.", "2020-06-01", "2020-08-31"),
        # a month or a year named before what happened in it
        (
            "Leaders were held after Baku's September military offensive.",
            "2022-09-01",
            "2022-09-30",
        ),
        ("Thousands died in the 2020 war.", "2020-01-01", "2020-12-31"),
        # counted back from the publication
        ("Two years ago the road was opened.", "2021-01-01", "2021-12-31"),
        ("A year ago the road was opened.", "2022-01-01", "2022-12-31"),
        ("Six months ago the post was set up.", "2022-07-01", "2022-07-31"),
        # a few days: the week before the publication, less the last day or two
        ("The troops left the post several days ago.", "2023-01-04", "2023-01-09"),
        ("Over the past few days, cameras recorded work on the road.", "2023-01-04", "2023-01-10"),
        ("Two weeks ago the road was closed.", "2022-12-25", "2022-12-31"),
        ("The road has stayed shut for over two months.", "2022-10-27", "2023-01-11"),
        ("Units fired on the eve, the contingent said.", "2023-01-10", "2023-01-10"),
        ("Fire was recorded near the post on January 3-4.", "2023-01-03", "2023-01-04"),
        # "late" before a day is late on that day, not late in the month
        ("Posts were fired at from late January 8 to early January 9.", "2023-01-08", "2023-01-09"),
        ("Posts were fired at late January 8.", "2023-01-08", "2023-01-08"),
        # the same in Russian
        ("Осенью 2020 года шли бои.", "2020-09-01", "2020-11-30"),
        ("Прошлой осенью бои закончились.", "2022-09-01", "2022-11-30"),
        ("После войны 2020 года село опустело.", "2020-01-01", "2020-12-31"),
        ("Два года назад дорогу открыли.", "2021-01-01", "2021-12-31"),
        ("Три месяца назад пост перенесли.", "2022-10-01", "2022-10-31"),
        ("Войска ушли с поста несколько дней назад.", "2023-01-04", "2023-01-09"),
        ("В последние дни обстрелы усилились.", "2023-01-04", "2023-01-10"),
        ("Пост закрыт уже более двух месяцев.", "2022-10-27", "2023-01-11"),
    ],
)
def test_recalled_periods(text: str, start: str, end: str) -> None:
    language = "ru" if re.search("[а-я]", text) else "en"
    found = find_date(text, PUB, finder=DateFinder(language_pack(language).dates))
    assert found is not None, text
    assert (str(found[0].start), str(found[0].end)) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        # a year before a number of troops is no year; "may" is a verb
        "The 2000 troops arrived at the post.",
        "It may attack the post.",
    ],
)
def test_numbers_and_verbs_are_no_periods(text: str) -> None:
    assert find_date(text, PUB) is None


def test_a_recalled_period_is_background_in_a_report_of_today() -> None:
    from ceasewatch.agreements.bundled import bundled
    from ceasewatch.extract.pipeline import Extractor

    ex = Extractor(bundled("karabakh-2020"), learned=False)
    text = (
        "Azerbaijani forces shelled Armenian positions near Lachin on Tuesday. "
        "Last autumn, Azerbaijani forces shelled the same positions for a week."
    )
    claims = ex.extract("d", text, date(2023, 1, 11), "Wire")
    assert claims and all(str(c.when.start) == "2023-01-10" for c in claims), claims


@pytest.mark.parametrize(
    ("language", "text", "day"),
    [
        # the end of a term still to run is no day of the event (not 18 May a year back)
        ("en", "The two armies extended the truce until 18 May.", None),
        ("ru", "Стороны продлили режим прекращения огня до 18 мая.", None),
        # a term that ran out weeks ago is the day it ended, as before
        ("en", "The road was used until 25 March.", "2025-03-25"),
        ("en", "The truce was extended until 18 May 2024.", "2024-05-18"),
    ],
)
def test_the_end_of_a_term_still_to_run(language: str, text: str, day: str | None) -> None:
    finder = DateFinder(language_pack(language).dates)
    found = find_date(text, date(2025, 5, 15), finder=finder)
    assert (str(found[0].start) if found else None) == day


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # a year gone by does not date what the present perfect tells: it dates a word
        ("Three farmers have been wounded by a mine in a valley retaken in 2019.", None),
        ("The army says it has handed over six soldiers captured during last year's war.", None),
        ("Two posts have reportedly come under fire near a town seized in 2019.", None),
        # the past tense takes it, and so does a verb of saying in the perfect
        ("Three farmers were wounded by a mine in 2019.", 2019),
        ("The ministry has reported that six soldiers were captured in 2019.", 2019),
        # nor is this year gone by
        ("Three farmers have been wounded by mines in 2021.", 2021),
    ],
)
def test_a_year_gone_by_does_not_date_the_present_perfect(text: str, year: int | None) -> None:
    found = find_date(text, date(2021, 6, 1))
    assert (found[0].start.year if found and found[0].start else None) == year


def test_has_in_the_present_is_no_perfect() -> None:
    text = "The mission has about 900 observers, deployed in 2019."
    found = find_date(text, date(2021, 6, 1))
    assert found is not None and found[0].start is not None and found[0].start.year == 2019


def test_a_year_after_since_starts_what_the_perfect_tells() -> None:
    found = find_date(
        "The mills have been hit several times since fighting reached them in 2019.",
        date(2021, 6, 1),
    )
    assert found is not None and found[0].start is not None and found[0].start.year == 2019
