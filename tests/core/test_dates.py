from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.core.dates import InvalidDate, parse_date_of_birth

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    "value",
    [
        "01/02/1950",
        "1/2/1950",
        "1950-02-01",
        "01-Feb-1950",
        "1 Feb 1950",
        "01.02.1950",
        "1 February 1950",
        "01/02/50",
        "1950-02-01 00:00:00",
        datetime(1950, 2, 1),
        date(1950, 2, 1),
        18295,  # an Excel serial number left unformatted
        18295.0,
    ],
)
def test_ways_a_date_of_birth_is_written(value: object) -> None:
    assert parse_date_of_birth(value, TODAY) == date(1950, 2, 1)


def test_day_comes_first() -> None:
    assert parse_date_of_birth("03/04/1960", TODAY) == date(1960, 4, 3)


def test_two_digit_years_in_this_century_when_not_in_the_future() -> None:
    assert parse_date_of_birth("01/02/20", TODAY) == date(2020, 2, 1)
    assert parse_date_of_birth("01/02/30", TODAY) == date(1930, 2, 1)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_is_no_date(value: object) -> None:
    assert parse_date_of_birth(value, TODAY) is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31/02/1950", "not a date that can be read"),
        ("02/13/1950", "not a date that can be read"),
        ("yesterday", "not a date that can be read"),
        ("01/01/2030", "in the future"),
        (date(1850, 1, 1), "before 1900"),
        (18295.5, "a number, not a date"),
        (-3, "a number, not a date"),
    ],
)
def test_unreadable_or_impossible_dates_say_why(value: object, reason: str) -> None:
    with pytest.raises(InvalidDate, match=reason):
        parse_date_of_birth(value, TODAY)
