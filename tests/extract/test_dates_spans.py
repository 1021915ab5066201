"""Spans of days as real reporting writes them: ranges, states that hold since a day, and
counts of days, in English and Russian (docs/extract.md)."""

from __future__ import annotations

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
