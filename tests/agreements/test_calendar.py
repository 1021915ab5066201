from __future__ import annotations

from datetime import date

from ceasewatch.agreements.bundled import bundled
from ceasewatch.agreements.calendar import Due, add_months, agreement_calendar
from ceasewatch.agreements.summary import agreement_json


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert add_months(date(2025, 11, 10), -6) == date(2025, 5, 10)
    assert add_months(date(2020, 2, 29), 12) == date(2021, 2, 28)


def test_karabakh_term_and_notice_as_of_2025() -> None:
    data = agreement_json(bundled("karabakh-2020"), date(2025, 1, 1))
    mission = data["missions"][0]
    assert mission["term"]["term_end"] == "2025-11-10"
    assert mission["term"]["last_notice_date"] == "2025-05-10"
    assert mission["term"]["next_periods"][0] == ["2025-11-10", "2030-11-10"]
    assert mission["strength"] == {
        "personnel": 1960,
        "armoured_personnel_carriers": 90,
        "vehicles_and_special_equipment": 380,
    }


def test_after_the_first_term_the_extension_counts() -> None:
    cal = agreement_calendar(bundled("karabakh-2020"), date(2026, 1, 1))
    term = cal.missions[0]
    assert (term.period_start, term.period_end, term.last_notice) == (
        date(2025, 11, 10),
        date(2030, 11, 10),
        date(2030, 5, 10),
    )


def test_handover_deadlines_and_the_kalbajar_postponement() -> None:
    cal = agreement_calendar(bundled("karabakh-2020"), date(2020, 11, 18))
    items = {i.obligation: i for i in cal.items}
    assert items["2.1"].deadline == date(2020, 11, 20) and items["2.1"].status is Due.DUE
    assert items["2.1"].days_left == 2
    kalbajar = items["6.kalbajar"]
    assert (kalbajar.original_deadline, kalbajar.deadline) == (
        date(2020, 11, 15),
        date(2020, 11, 25),
    )
    assert kalbajar.status is Due.DUE
    assert items["6.lachin"].deadline == date(2020, 12, 1)
    assert items["1.1"].status is Due.IN_FORCE
    assert items["6.route"].deadline == date(2023, 11, 10)


def test_done_obligations_and_overdue_ones() -> None:
    a = bundled("karabakh-2020")
    cal = agreement_calendar(a, date(2021, 1, 1), done={"2.1": date(2020, 11, 20)})
    items = {i.obligation: i for i in cal.items}
    assert items["2.1"].status is Due.DONE
    assert items["6.lachin"].status is Due.OVERDUE


def test_before_the_ceasefire_nothing_is_due_yet() -> None:
    cal = agreement_calendar(bundled("karabakh-2020"), date(2020, 11, 9))
    assert cal.effective == date(2020, 11, 10)
    assert {i.status for i in cal.items} == {Due.NOT_YET_DUE}


def test_second_agreement_counts_deadlines_from_deadlines() -> None:
    a = bundled("minsk-2015")
    cal = agreement_calendar(a, date(2015, 2, 16))
    items = {i.obligation: i for i in cal.items}
    # the pull-back starts by day 2 after the ceasefire of 15 February and ends 14 days later
    assert items["2.1"].start == date(2015, 2, 17) and items["2.1"].deadline == date(2015, 3, 3)
    assert items["2.1"].status is Due.NOT_YET_DUE
    # the exchange is due five days after the pull-back's deadline
    assert items["6.1"].deadline == date(2015, 3, 8)
    assert items["1.1"].status is Due.IN_FORCE
    term = cal.missions[0]
    assert not term.automatic_extension and term.period_end == date(2014, 9, 21)
    assert term.expired and term.last_notice is None
    later = {i.obligation: i for i in agreement_calendar(a, date(2015, 3, 5)).items}
    assert later["2.1"].status is Due.OVERDUE and later["6.1"].status is Due.DUE


def test_corridor_is_about_five_km_wide() -> None:
    data = agreement_json(bundled("karabakh-2020"), date(2025, 1, 1))
    corridor = next(z for z in data["zones"] if z["id"] == "lachin-corridor")
    assert corridor["polygon"]["type"] == "Polygon"
    width = corridor["area_km2"] / corridor["length_km"]
    assert 4.9 < width < 5.1
