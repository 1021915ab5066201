"""Background older than a month before publication is recalled, not reported: left out,
unless the past is what the text is about (extract/background.py)."""

from __future__ import annotations

from datetime import date

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.model import TimePrecision, TimeSpan

# written for this test (illustrative)
NEWS = (
    "On 14 March 2023, Azerbaijani forces shelled Armenian positions near Martuni. "
    "The ministry recalled that on 3 May 2021 Armenian forces had shelled Azerbaijani "
    "positions near Aghdam."
)
RETROSPECTIVE = (
    "On 3 May 2021 Armenian forces shelled Azerbaijani positions near Aghdam. "
    "On 9 June 2021 Azerbaijani forces shelled Armenian positions near Martuni. "
    "On 2 August 2021 Armenian forces shelled Azerbaijani positions near Shusha."
)


def days(claims: list) -> list[date | None]:  # type: ignore[type-arg]
    return sorted(c.when.start for c in claims if c.when)


def extractor(**kwargs: object) -> Extractor:
    return Extractor(bundled("karabakh-2020"), learned=False, **kwargs)  # type: ignore[arg-type]


def test_a_recalled_incident_is_left_out_and_the_news_kept() -> None:
    claims = extractor().extract("n", NEWS, date(2023, 3, 15), language="en")
    assert days(claims) == [date(2023, 3, 14)]
    assert [c.id for c in claims] == ["n#1"]  # numbered after the background left


def test_without_the_rule_both_stand() -> None:
    claims = extractor(background_days=None).extract("n", NEWS, date(2023, 3, 15), language="en")
    assert days(claims) == [date(2021, 5, 3), date(2023, 3, 14)]


def test_a_text_about_the_past_keeps_it() -> None:
    claims = extractor().extract("r", RETROSPECTIVE, date(2023, 3, 15), language="en")
    assert days(claims) == [date(2021, 5, 3), date(2021, 6, 9), date(2021, 8, 2)]


def test_a_publication_known_to_the_month_or_not_at_all_keeps_everything() -> None:
    month = TimeSpan(date(2023, 3, 1), date(2023, 3, 31), TimePrecision.MONTH)
    for published in (month, None):
        claims = extractor().extract("n", NEWS, published, language="en")
        assert len(days(claims)) == 2, published


def test_a_duration_s_start_is_not_the_day_of_what_follows() -> None:
    """ "Active since August" tells how long, not when the next sentence happened: the
    soldiers wounded after it are not dated to August (and so left out as background)."""
    text = (
        "Azerbaijani forces shelled Sotk on Sunday, the mayor said. "
        "The battery had been active there since August 2024.\n\n"
        "Two soldiers were wounded near Sotk, the army said."
    )
    shelled, wounded = extractor().extract("d", text, date(2025, 3, 24), "Wire", language="en")
    assert wounded.text.startswith("Two soldiers")
    assert wounded.when.start == shelled.when.start == date(2025, 3, 23)


def test_the_war_a_truce_ended_summed_up_by_its_length_is_no_clash() -> None:
    """'after five days of fighting', 'ended weeks of clashes': the war before the truce, told
    in a sentence about the truce (its day is the truce's), in both packs; a clash told as
    one stands beside it."""
    ended = (
        ("The truce, brokered on Monday after five days of deadly fighting, held along the "
         "border.", "en"),
        ("Перемирие вступило в силу в среду и положило конец пяти дням ожесточенных боев.", "ru"),
        # a war or battle named by its length
        ("Azerbaijani forces entered the Aghdam district on Friday after the month-long battle.",
         "en"),
        ("После пятидневных боев азербайджанские войска вошли в Агдамский район в пятницу.", "ru"),
    )  # fmt: skip
    for text, language in ended:
        claims = extractor().extract("w", text, date(2021, 6, 17), language=language)
        assert not any(c.type_code.startswith("clash.") for c in claims), text
    clash = "Armenian and Azerbaijani troops clashed again near Sotk on Tuesday."
    claims = extractor().extract("w", clash, date(2021, 6, 17), language="en")
    assert [c.type_code for c in claims] == ["clash.armed"]
