"""The phones by the hour: capacity, and how a release's calls arrive over the open hours after it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.clock import UK
from desktop.core.phone_hours import (
    DEFAULT_SHAPE,
    PhoneHours,
    PhoneHoursError,
    ResponseCurve,
    calls_by_hour,
    hourly_load,
)

HOURS = PhoneHours()
CURVE = ResponseCurve()
MONDAY = date(2026, 11, 30)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UK)


def test_the_default_shape_is_a_working_week_busiest_first_thing() -> None:
    assert HOURS.open_hours(MONDAY) == list(range(8, 18))
    assert HOURS.open_hours(MONDAY + timedelta(days=5)) == []  # Saturday
    assert HOURS.spare(at(MONDAY, 8)) == 2 < HOURS.spare(at(MONDAY, 14)) == 10
    assert HOURS.spare(at(MONDAY, 19)) == 0
    closed = PhoneHours(closed_days=frozenset({MONDAY}))
    assert closed.open_hours(MONDAY) == [] and closed.spare(at(MONDAY, 14)) == 0


@pytest.mark.parametrize(
    ("capacity", "words"),
    [({7: {9: 1}}, "by weekday"), ({0: {24: 1}}, "by weekday"), ({0: {9: -1}}, "cannot be negative")],
)
def test_impossible_phone_hours_are_refused(capacity: dict[int, dict[int, int]], words: str) -> None:
    with pytest.raises(PhoneHoursError, match=words):
        PhoneHours(capacity)


def test_a_curve_must_share_out_every_call() -> None:
    with pytest.raises(PhoneHoursError, match="add up to 100%"):
        ResponseCurve(first_hour=Decimal("0.5"))
    with pytest.raises(PhoneHoursError, match="zero or more"):
        ResponseCurve(first_hour=Decimal("0.55"), day_after=Decimal("-0.12"))
    assert CURVE.describe().startswith("35% in the first hour, 25% in the next two")


def test_a_mornings_release_brings_most_calls_within_hours() -> None:
    spread = CURVE.spread(Decimal(100), at(MONDAY, 9, 30), HOURS)
    assert spread[at(MONDAY, 9)] == Decimal(35)
    assert spread[at(MONDAY, 10)] == spread[at(MONDAY, 11)] == Decimal("12.5")
    assert spread[at(MONDAY, 12)] == Decimal(20) / 6  # the six hours left that day
    assert spread[at(MONDAY + timedelta(days=1), 8)] == Decimal("1.2")  # 12% over the next day's ten hours
    assert spread[at(MONDAY + timedelta(days=2), 17)] == Decimal("0.8")
    assert round(sum(spread.values()), 12) == 100  # to the precision of a Decimal sum of thirds


def test_calls_that_would_fall_while_the_phones_are_closed_arrive_when_they_open() -> None:
    friday = MONDAY + timedelta(days=4)
    late = CURVE.spread(Decimal(100), at(friday, 17, 30), HOURS)
    assert late[at(friday, 17)] == 35  # the first hour; nothing is left of Friday for the rest
    assert sum(v for h, v in late.items() if h.date() == MONDAY + timedelta(days=7)) == 57
    evening = CURVE.spread(Decimal(100), at(MONDAY, 19), HOURS)
    assert min(evening) == at(MONDAY + timedelta(days=1), 8) and evening[min(evening)] == 35


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 14 * 24 * 4 - 1), st.integers(1, 5_000))
def test_every_call_arrives_in_an_open_hour(quarter: int, calls: int) -> None:
    released = at(MONDAY, 0) + timedelta(minutes=15 * quarter)
    spread = CURVE.spread(Decimal(calls), released, HOURS)
    assert round(sum(spread.values()), 12) == calls
    assert all(HOURS.spare(hour) > 0 and hour >= released.replace(minute=0) for hour in spread)


def test_releases_add_up_hour_by_hour_and_overloaded_hours_are_found() -> None:
    calls = calls_by_hour([(at(MONDAY, 9), 1000), (at(MONDAY, 13), 1000)], Decimal("0.05"), CURVE, HOURS)
    assert calls[at(MONDAY, 9)] == Decimal("17.5")
    load = hourly_load(calls, HOURS)
    assert [entry.hour.hour for entry in load if entry.hour.date() == MONDAY] == list(range(8, 18))
    nine = next(entry for entry in load if entry.hour == at(MONDAY, 9))
    assert nine.over and nine.capacity == DEFAULT_SHAPE[9]
    assert not next(entry for entry in load if entry.hour == at(MONDAY, 8)).over  # no calls before a release


def test_hours_are_the_phones_own_in_uk_time_whatever_zone_a_moment_is_in() -> None:
    from datetime import UTC

    summer = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # 10:00 in London
    assert HOURS.spare(summer) == DEFAULT_SHAPE[10]
    assert HOURS.hours_from(summer, 1)[0][0] == datetime(2026, 6, 1, 10, 0, tzinfo=UK)
    assert hourly_load({summer: Decimal(1)}, HOURS)[0].hour.date() == date(2026, 6, 1)
    assert HOURS.spare(at(MONDAY + timedelta(days=5), 10)) == 0  # a Saturday


def test_a_release_part_way_through_an_hour_counts_that_hour_first() -> None:
    spread = CURVE.spread(Decimal(100), datetime.combine(MONDAY, time(9, 30, 15, 500), UK), HOURS)
    assert min(spread) == at(MONDAY, 9) and spread[at(MONDAY, 9)] == 35


def test_when_the_phones_open_on_too_few_days_the_last_share_arrives_in_their_last_hour() -> None:
    mondays_only = PhoneHours(
        {0: {h: 5 for h in range(8, 18)}},
        closed_days=frozenset(MONDAY + timedelta(weeks=k) for k in range(2, 110)),
    )
    spread = CURVE.spread(Decimal(100), at(MONDAY, 9), mondays_only)
    next_monday = MONDAY + timedelta(weeks=1)
    assert spread[at(next_monday, 16)] == Decimal("1.2")
    assert spread[at(next_monday, 17)] == Decimal("1.2") + 8  # the day after never comes
    assert round(sum(spread.values()), 12) == 100


def test_calls_from_several_releases_in_one_hour_add_up() -> None:
    first, second = (CURVE.spread(Decimal(50), at(MONDAY, hour), HOURS) for hour in (9, 13))
    calls = calls_by_hour([(at(MONDAY, 9), 1000), (at(MONDAY, 13), 1000)], Decimal("0.05"), CURVE, HOURS)
    assert calls[at(MONDAY, 14)] == first[at(MONDAY, 14)] + second[at(MONDAY, 14)]


def test_whether_the_phones_are_open_is_judged_in_uk_time() -> None:
    from datetime import UTC

    nine_only = PhoneHours({2: {9: 1}})  # Wednesdays 09:00-10:00
    summer = datetime(2026, 7, 1, 8, 30, tzinfo=UTC)  # 09:30 in the UK
    assert nine_only.is_open(summer) and not nine_only.is_open(summer + timedelta(hours=1))


def test_a_release_when_the_phones_never_open_brings_no_calls_anywhere() -> None:
    never = PhoneHours({})
    assert CURVE.spread(Decimal(10), at(MONDAY, 9), never) == {}
    assert CURVE.landing(at(MONDAY, 9), never) == []
