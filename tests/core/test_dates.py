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


# --- the edges of what a date of birth can be ---------------------------------------------
EDGE_TODAY = date(2026, 11, 24)


def test_a_blank_cell_is_no_date_not_a_wrong_one() -> None:
    assert parse_date_of_birth("", EDGE_TODAY) is None
    assert parse_date_of_birth(None, EDGE_TODAY) is None


def test_a_baby_born_today_has_a_date_of_birth_but_not_one_born_tomorrow() -> None:
    assert parse_date_of_birth("24/11/2026", EDGE_TODAY) == EDGE_TODAY
    assert parse_date_of_birth(EDGE_TODAY, EDGE_TODAY) == EDGE_TODAY
    with pytest.raises(InvalidDate, match="in the future"):
        parse_date_of_birth("25/11/2026", EDGE_TODAY)


def test_the_first_of_january_1900_is_the_earliest_date_of_birth() -> None:
    assert parse_date_of_birth("01/01/1900", EDGE_TODAY) == date(1900, 1, 1)
    with pytest.raises(InvalidDate, match="before 1900"):
        parse_date_of_birth("31/12/1899", EDGE_TODAY)


def test_a_two_digit_year_of_today_is_this_century() -> None:
    assert parse_date_of_birth("24/11/26", EDGE_TODAY) == EDGE_TODAY
    assert parse_date_of_birth("25/11/26", EDGE_TODAY) == date(1926, 11, 25)


@pytest.mark.parametrize(
    ("serial", "reason"),
    [
        (1, "The date of birth is before 1900."),  # Excel's 31/12/1899
        (0, "The date of birth is a number, not a date."),
        (2_958_465, "The date of birth is in the future."),  # Excel's last day, 31/12/9999
        (2_958_466, "The date of birth is a number, not a date."),  # past Excel's calendar
        (30000.5, "The date of birth is a number, not a date."),
    ],
)
def test_excel_serial_numbers_at_the_ends_of_excels_calendar(serial: float, reason: str) -> None:
    with pytest.raises(InvalidDate) as refused:
        parse_date_of_birth(serial, EDGE_TODAY)
    assert str(refused.value) == reason
    assert parse_date_of_birth(2, EDGE_TODAY) == date(1900, 1, 1)


@pytest.mark.parametrize("text", ["31/02/1950", "1950-02-31"])
def test_a_day_that_does_not_exist_is_not_a_date(text: str) -> None:
    with pytest.raises(InvalidDate, match="not a date that can be read"):
        parse_date_of_birth(text, EDGE_TODAY)
