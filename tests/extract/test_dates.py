"""Time expressions resolved against the publication date (docs/extract-eval.md)."""

from __future__ import annotations

from datetime import date

import pytest

from ceasewatch.extract.dates import find_date, lowered

PUB = date(2021, 6, 15)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("Armenian units fired yesterday.", "2021-06-14", "2021-06-14", "day"),
        ("Shots were heard last night near Sotk.", "2021-06-14", "2021-06-14", "day"),
        ("Over the past day, two violations were recorded.", "2021-06-14", "2021-06-14", "day"),
        ("This morning a patrol set out.", "2021-06-15", "2021-06-15", "day"),
        ("The convoy passed on Tuesday.", "2021-06-15", "2021-06-15", "day"),
        ("The post was hit on Sunday night.", "2021-06-13", "2021-06-13", "day"),
        ("The post was hit on 10 June.", "2021-06-10", "2021-06-10", "day"),
        ("It happened on 20 June.", "2020-06-20", "2020-06-20", "day"),  # no year: latest
        # ... but a day or two after the publication is in its year: an announcement
        ("The crossing closes from 16 June.", "2021-06-16", "2021-06-16", "day"),
        ("The crossing closes on 17 June.", "2021-06-17", "2021-06-17", "day"),
        ("It happened on 18 June.", "2020-06-18", "2020-06-18", "day"),
        ("On June 3, 2021 a mine exploded.", "2021-06-03", "2021-06-03", "day"),
        ("On the night of 13 to 14 May units fired.", "2021-05-13", "2021-05-13", "day"),
        ("Dated 12.05.2021.", "2021-05-12", "2021-05-12", "day"),
        ("Three days ago a shepherd vanished.", "2021-06-12", "2021-06-12", "day"),
        ("Last week, patrols doubled.", "2021-06-08", "2021-06-14", "week"),
        ("Since the start of the month, 14 violations.", "2021-06-01", "2021-06-15", "month"),
        ("In March, trucks crossed.", "2021-03-01", "2021-03-31", "month"),
        ("In mid-May the road closed.", "2021-05-11", "2021-05-20", "month"),
        ("In late 2020 the corridor opened.", "2020-09-01", "2020-12-31", "year"),
        ("In early 2021 the posts moved.", "2021-01-01", "2021-04-30", "year"),
        ("In 2019 there was nothing.", "2019-01-01", "2019-12-31", "year"),
        # a time on one day to a time on the next, either order of day and month
        ("Fire came from 16:15 on 3 June to 04:30 on 4 June.", "2021-06-03", "2021-06-04", "week"),
        (
            "Fire came from 2215 on May 31 to 0300 (local time) on June 1.",
            "2021-05-31",
            "2021-06-01",
            "week",
        ),
        (
            "Posts have been under fire since the evening of 11 June.",
            "2021-06-11",
            "2021-06-15",
            "week",
        ),
        ("The sit-in has gone on for three days.", "2021-06-13", "2021-06-15", "week"),
    ],
)
def test_resolves_against_the_publication_date(
    text: str, start: str, end: str, precision: str
) -> None:
    found = find_date(text, PUB)
    assert found is not None
    span = found[0]
    assert (str(span.start), str(span.end), span.precision.value) == (start, end, precision)
    assert text[found[1] : found[2]]  # the span points into the text


@pytest.mark.parametrize("text", ["No time here.", "The OSCE may send monitors.", "31 February"])
def test_no_expression_or_an_impossible_date_gives_none(text: str) -> None:
    assert find_date(text, PUB) is None


def test_relative_forms_need_a_publication_date() -> None:
    assert find_date("It happened yesterday.", None) is None
    found = find_date("It happened on 10 June 2021.", None)
    assert found is not None and str(found[0].start) == "2021-06-10"


def test_lowering_keeps_offsets_for_letters_that_grow() -> None:
    text = "İsmayıllı, 3 May"
    assert len(lowered(text)) == len(text)


def test_a_date_that_names_a_place_is_no_date_of_the_event() -> None:
    """ "the 7 July residential area", "20 January square": streets and districts named after
    a day; read as dates, they would date the event (and the sentences after it) years back."""
    assert find_date("fire hit the 7 july residential area at night.", PUB) is None
    found = find_date("protesters gathered on 20 january square on 5 june.", PUB)
    assert found is not None and found[0].start == date(2021, 6, 5)
    found = find_date("on 7 june the area was shelled.", PUB)
    assert found is not None and found[0].start == date(2021, 6, 7)


def test_the_day_of_an_agreement_named_after_its_breach_is_not_the_breachs() -> None:
    """A violation told with the day the truce was reached or took effect: that day is the
    agreement's; a sentence that reports the agreement itself keeps it."""
    found = find_date(
        "jets struck on friday in a new violation of the truce reached between the sides "
        "in late november 2020.",
        PUB,
    )
    assert found is not None and found[0].start.weekday() == 4 and found[0].start.year == 2021
    found = find_date("shots were fired despite the ceasefire that took effect on 9 may.", PUB)
    assert found is None or found[0].start != date(2021, 5, 9)
    found = find_date("in breach of the statement of 9 may, troops moved on 12 may.", PUB)
    assert found is not None and found[0].start == date(2021, 5, 12)
    found = find_date("the truce agreed on 9 may has held.", PUB)  # the agreement itself
    assert found is not None and found[0].start == date(2021, 5, 9)
    # the words after "agreed" run on to the event's own day: kept
    found = find_date("they violated the truce agreed last month by shelling sotk on 12 may.", PUB)
    assert found is not None and found[0].start == date(2021, 5, 12)
    # what follows a truce is dated by its own day, not by the day the truce took effect
    found = find_date("residents returned after the ceasefire became effective on 9 may.", PUB)
    assert found is None or found[0].start != date(2021, 5, 9)
    found = find_date("following the truce reached on 9 may, shelling resumed on 12 may.", PUB)
    assert found is not None and found[0].start == date(2021, 5, 12)


def test_the_russian_pack_knows_the_day_of_an_agreement_too() -> None:
    from ceasewatch.extract.dates import DateFinder
    from ceasewatch.extract.lang import language_pack

    ru = DateFinder(language_pack("ru").dates)
    found = find_date(
        "Жители возвращаются после того, как перемирие вступило в силу 9 мая.", PUB, finder=ru
    )
    assert found is None or found[0].start != date(2021, 5, 9)
    found = find_date(
        "Вопреки режиму прекращения огня, вступившему в силу 9 мая, обстрел произошёл 12 мая.",
        PUB,
        finder=ru,
    )
    assert found is not None and found[0].start == date(2021, 5, 12)
    # a statement's own day, not an agreement's
    found = find_date(
        "Согласно заявлению Минобороны от 12 мая, обстрел продолжался.", PUB, finder=ru
    )
    assert found is not None and found[0].start == date(2021, 5, 12)
    found = find_date("Нарушение перемирия, достигнутого 9 мая, произошло 10 мая.", PUB, finder=ru)
    assert found is not None and found[0].start == date(2021, 5, 10)
    found = find_date("Перемирие было подписано 9 мая.", PUB, finder=ru)
    assert found is not None and found[0].start == date(2021, 5, 9)


@pytest.mark.parametrize(
    ("text", "language", "day"),
    [
        # the dateline gives the day the story was filed; "on Monday" is the Monday before
        ("YEREVAN, June 15 (Wire) - Two soldiers were wounded on Monday near Sotk.", "en",
         date(2021, 6, 14)),
        ("Yerevan, Armenia, 15 June 2021 — Two soldiers were wounded on Monday.", "en",
         date(2021, 6, 14)),
        # with no date of its own, the sentence keeps the dateline's
        ("YEREVAN, June 15 (Wire) - Two soldiers were wounded near Sotk.", "en",
         date(2021, 6, 15)),
        ("ЕРЕВАН, 15 июня - В понедельник у Сотка ранены двое военнослужащих.", "ru",
         date(2021, 6, 14)),
    ],
)  # fmt: skip
def test_a_wires_dateline_is_the_day_the_story_was_filed(
    text: str, language: str, day: date
) -> None:
    from ceasewatch.extract.dates import DateFinder
    from ceasewatch.extract.lang import language_pack

    found = find_date(text, PUB, finder=DateFinder(language_pack(language).dates))
    assert found is not None and found[0].start == day


def test_a_daily_report_for_a_day_covers_the_day_before() -> None:
    found = find_date("the contingent's bulletin for monday listed two violations.", PUB)
    assert found is not None and (found[0].start, found[0].end) == (
        date(2021, 6, 13),
        date(2021, 6, 14),
    )
