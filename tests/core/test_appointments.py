"""Appointment reminders: each appointment read from the list, and its reminder timed before it, never after."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.appointments import (
    LONGEST_LEAD,
    MIN_NOTICE,
    Appointment,
    InvalidAppointment,
    plan_reminders,
    read_appointment,
    reminder_time,
)
from desktop.core.bank_holidays import Region
from desktop.core.clock import UK
from desktop.core.schedule import Holidays, PlanError, PlanInputs, SendingWindow

TODAY = date(2026, 12, 3)  # a Thursday
WINDOW = SendingWindow()  # Monday to Friday, 09:00 to 16:00
HOLIDAYS = Holidays(Region.ENGLAND_AND_WALES)
NOW = datetime(2026, 12, 3, 8, tzinfo=UK)
INPUTS = PlanInputs(cohort_size=0, start=NOW, cost_per_message=Decimal("2.88"), reminder_days_before=2)


def uk(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UK)


@pytest.mark.parametrize(
    ("day", "clock", "expected"),
    [
        ("10/12/2026", "10:30", Appointment(date(2026, 12, 10), time(10, 30))),
        ("10/12/2026 10:30", None, Appointment(date(2026, 12, 10), time(10, 30))),
        ("2026-12-10T10:30:00", None, Appointment(date(2026, 12, 10), time(10, 30))),
        (datetime(2026, 12, 10, 10, 30), None, Appointment(date(2026, 12, 10), time(10, 30))),
        (datetime(2026, 12, 10), time(10, 30, 45), Appointment(date(2026, 12, 10), time(10, 30))),
        (date(2026, 12, 10), "10.30am", Appointment(date(2026, 12, 10), time(10, 30))),
        ("10/12/2026", None, Appointment(date(2026, 12, 10))),
        ("10/12/2026", "", Appointment(date(2026, 12, 10))),
        (datetime(2026, 12, 10), None, Appointment(date(2026, 12, 10))),
        ("03/12/2026", "07:00", Appointment(TODAY, time(7))),  # whether it is too late is the plan's to say
        ("02/12/2026", "10:30", Appointment(date(2026, 12, 2), time(10, 30))),
    ],
)
def test_an_appointment_is_read_from_its_date_and_time(day: object, clock: object, expected: Appointment) -> None:
    assert read_appointment(day, clock) == expected


@pytest.mark.parametrize("day", [None, "", "   "])
def test_a_blank_appointment_is_none(day: object) -> None:
    assert read_appointment(day, "10:30") is None


@pytest.mark.parametrize(
    ("day", "clock", "reason"),
    [
        ("next week", None, r'Appointment "next week" is not a date that can be read \(e.g. 10/12/2026'),
        ("31/02/2027", None, 'Appointment "31/02/2027" is not a date'),
        ("10/12/2026", "half past ten", 'Appointment time "half past ten" is not a time that can be read.'),
        ("10/12/2026", 10.5, 'Appointment time "10.5" is not a time'),
    ],
)
def test_an_appointment_that_cannot_be_read_says_why(day: object, clock: object, reason: str) -> None:
    with pytest.raises(InvalidAppointment, match=reason):
        read_appointment(day, clock)


def test_an_appointment_is_kept_as_text_and_read_back() -> None:
    timed = Appointment(date(2026, 12, 10), time(10, 30))
    assert timed.to_text() == "2026-12-10T10:30" and Appointment.from_text("2026-12-10T10:30") == timed
    day_only = Appointment(date(2026, 12, 10))
    assert day_only.to_text() == "2026-12-10" and Appointment.from_text("2026-12-10") == day_only
    assert timed.placeholders() == {"appointment_date": "Thursday 10 December", "appointment_time": "10:30"}
    assert day_only.placeholders() == {"appointment_date": "Thursday 10 December", "appointment_time": ""}
    assert timed.starts == uk(date(2026, 12, 10), 10, 30) and day_only.starts == uk(date(2026, 12, 10), 0)
    assert timed.describe() == "Thu 10 Dec 2026 10:30" and day_only.describe() == "Thu 10 Dec 2026"


def test_a_reminder_goes_the_chosen_days_before_at_the_start_of_the_sending_hours() -> None:
    thursday = Appointment(date(2026, 12, 10), time(10, 30))
    assert reminder_time(thursday, 2, WINDOW, HOLIDAYS, NOW) == uk(date(2026, 12, 8), 9)
    assert reminder_time(thursday, 0, WINDOW, HOLIDAYS, NOW) == uk(date(2026, 12, 10), 9)
    late_window = replace(WINDOW, start=time(10))
    assert reminder_time(thursday, 0, late_window, HOLIDAYS, NOW) is None  # 10:00 is not an hour before 10:30
    assert reminder_time(replace(thursday, at=time(11)), 0, late_window, HOLIDAYS, NOW) == uk(thursday.day, 10)


def test_a_reminder_due_on_a_weekend_or_bank_holiday_goes_on_the_sending_day_before() -> None:
    monday = Appointment(date(2026, 12, 14), time(9, 30))
    assert reminder_time(monday, 2, WINDOW, HOLIDAYS, NOW) == uk(date(2026, 12, 11), 9)  # Saturday: Friday
    after_christmas = Appointment(date(2026, 12, 30), time(14))  # two days before: Monday 28th, a bank holiday
    assert reminder_time(after_christmas, 2, WINDOW, HOLIDAYS, NOW) == uk(date(2026, 12, 24), 9)


def test_a_reminder_whose_time_has_passed_goes_at_once_if_there_is_still_time() -> None:
    tomorrow = Appointment(date(2026, 12, 4), time(15))
    at_ten = datetime(2026, 12, 3, 10, 12, tzinfo=UK)
    assert reminder_time(tomorrow, 2, WINDOW, HOLIDAYS, at_ten) == at_ten
    evening = datetime(2026, 12, 3, 18, tzinfo=UK)
    assert reminder_time(tomorrow, 2, WINDOW, HOLIDAYS, evening) == uk(date(2026, 12, 4), 9)  # the next morning
    early = Appointment(date(2026, 12, 4), time(9, 45))
    assert reminder_time(early, 2, WINDOW, HOLIDAYS, evening) is None  # 09:00 is under an hour before
    just = Appointment(date(2026, 12, 4), time(10))
    assert reminder_time(just, 2, WINDOW, HOLIDAYS, evening) == uk(date(2026, 12, 4), 9)  # exactly an hour
    day_only = Appointment(date(2026, 12, 4))
    assert reminder_time(day_only, 2, WINDOW, HOLIDAYS, evening) is None  # the day itself: no time to say


def test_the_plan_has_one_release_a_moment_shown_by_day() -> None:
    appointments = {
        Appointment(date(2026, 12, 10), time(10, 30)): 40,
        Appointment(date(2026, 12, 10), time(14)): 25,
        Appointment(date(2026, 12, 14), time(9, 30)): 30,  # Monday: Friday's release
        Appointment(date(2026, 12, 11), time(9)): 12,
        Appointment(date(2026, 12, 3), time(8, 30)): 5,  # too soon
    }
    plan = plan_reminders(INPUTS, appointments)
    assert [(b.number, b.release_at, b.size, b.cumulative) for b in plan.blocks] == [
        (1, uk(date(2026, 12, 8), 9), 65, 65),
        (2, uk(date(2026, 12, 9), 9), 12, 77),
        (3, uk(date(2026, 12, 11), 9), 30, 107),
    ]
    assert plan.inputs.cohort_size == plan.total_messages == 107
    assert plan.blocks[0].cost == Decimal("187.20") and plan.blocks[0].expected_calls == Decimal("3.25")
    assert plan.notes == (
        "5 patients not reminded: the appointment is too soon (or has passed) for a reminder at least 1 hour before "
        "it.",
    )
    assert plan.calls_by_day() == {date(2026, 12, 8): Decimal("3.25"), date(2026, 12, 9): Decimal("0.60"),
                                   date(2026, 12, 11): Decimal("1.50")}  # fmt: skip


def test_a_plan_of_no_appointments_or_an_impossible_lead_is_explained() -> None:
    assert plan_reminders(INPUTS, {}).blocks == ()
    one = plan_reminders(INPUTS, {Appointment(date(2026, 12, 3), time(8, 30)): 1})
    assert one.blocks == () and one.notes[0].startswith("1 patient not reminded")
    for lead in (None, -1, LONGEST_LEAD + 1):
        with pytest.raises(PlanError, match="between 0 and 28 days before"):
            plan_reminders(replace(INPUTS, reminder_days_before=lead), {})
    assert plan_reminders(replace(INPUTS, reminder_days_before=LONGEST_LEAD), {}).blocks == ()


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(date(2026, 12, 3), date(2027, 6, 30)),
    minutes=st.integers(0, 24 * 60 - 1) | st.none(),
    lead=st.integers(0, LONGEST_LEAD),
    hours_later=st.integers(0, 24 * 30),
)
def test_a_reminder_never_goes_after_its_appointment_nor_outside_the_sending_hours(
    day: date, minutes: int | None, lead: int, hours_later: int
) -> None:
    appointment = Appointment(day, None if minutes is None else time(minutes // 60, minutes % 60))
    not_before = NOW + timedelta(hours=hours_later)
    moment = reminder_time(appointment, lead, WINDOW, HOLIDAYS, not_before)
    if moment is None:
        return
    assert not_before <= moment <= appointment.starts - MIN_NOTICE
    assert moment.weekday() in WINDOW.days and moment.date() not in HOLIDAYS
    assert WINDOW.start <= moment.time() < WINDOW.end
    assert moment.date() <= day - timedelta(days=lead) or moment == not_before or moment.time() == WINDOW.start


@pytest.mark.parametrize(
    ("day", "clock"),
    [
        ("10/12/2026 10:30:45", None),
        (datetime(2026, 12, 10, 10, 30, 15, 500), None),
        ("10/12/2026", time(10, 30, 0, 5)),
        ("10/12/2026", "10:30:59"),
    ],
)
def test_an_appointments_time_is_kept_to_the_minute(day: object, clock: object) -> None:
    assert read_appointment(day, clock) == Appointment(date(2026, 12, 10), time(10, 30))
