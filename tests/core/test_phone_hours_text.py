"""Phone hours as a person writes them: capacity by days and hours, closures by date and hours."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.clock import UK
from desktop.core.phone_hours import DEFAULT_SHAPE, PhoneHours, PhoneHoursError
from desktop.core.phone_hours_text import format_capacity, format_closures, parse_capacity, parse_closures


def test_the_default_shape_reads_as_one_line_for_the_working_week() -> None:
    text = format_capacity(PhoneHours().capacity)
    assert text == "Mon-Fri: 8=2 9=2 10=5 11=6 12=8 13=10 14=10 15=10 16=6 17=4"
    assert parse_capacity(text) == {day: DEFAULT_SHAPE for day in range(5)}


def test_days_with_different_hours_are_written_apart_and_a_gap_breaks_a_range() -> None:
    capacity = {0: {9: 2}, 1: {9: 2}, 3: {9: 2}, 5: {10: 0, 11: 1}}
    assert format_capacity(capacity) == "Mon-Tue: 9=2; Thu: 9=2; Sat: 10=0 11=1"
    assert format_capacity({0: {}, 1: {9: 1}}) == "Tue: 9=1"  # a day with no hours is closed


def test_days_may_be_listed_with_commas_and_named_in_full() -> None:
    assert parse_capacity("monday, Wednesday-Thursday: 9=3") == {0: {9: 3}, 2: {9: 3}, 3: {9: 3}}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Mon-Fri 9=2", "write the days, a colon"),
        ("Mon: 9-2", "hour=calls"),
        ("Mon: 9=x", "hour=calls"),
        ("Mun: 9=2", "name days as Mon"),
        ("Fri-Mon: 9=2", "name days as Mon"),
        (": 9=2", "Say which days"),
        ("Mon: 25=2", r"hour \(0 to 23\)"),
    ],
)
def test_capacity_that_cannot_be_read_says_how_to_write_it(text: str, says: str) -> None:
    with pytest.raises(PhoneHoursError, match=says):
        parse_capacity(text)


@given(
    st.dictionaries(st.integers(0, 6), st.dictionaries(st.integers(0, 23), st.integers(0, 500), min_size=1), max_size=7)
)
def test_any_capacity_survives_writing_and_reading(capacity: dict[int, dict[int, int]]) -> None:
    assert parse_capacity(format_capacity(capacity)) == capacity


def test_closures_are_whole_days_or_hours_of_a_day() -> None:
    whole, part = parse_closures(["24/12/2026", " 10/03/2027 13-18 ", "", "10/03/2027 8-9"])
    assert whole == {date(2026, 12, 24)}
    assert part == {date(2027, 3, 10): frozenset({8, 13, 14, 15, 16, 17})}
    hours = PhoneHours(closed_days=whole, closed_hours={date(2027, 3, 10): frozenset(range(13, 18))})
    assert format_closures(hours) == ["24/12/2026", "10/03/2027 13-18"]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("Christmas Eve", "write a closure as a date"),
        ("31/02/2027", "is not a date"),
        ("10/03/2027 18-13", "run forwards"),
        ("10/03/2027 13-25", "run forwards"),
    ],
)
def test_a_closure_that_cannot_be_read_says_how_to_write_it(line: str, says: str) -> None:
    with pytest.raises(PhoneHoursError, match=says):
        parse_closures([line])


def test_a_part_day_closure_shuts_those_hours_only() -> None:
    wednesday = date(2027, 3, 10)
    hours = PhoneHours(closed_hours={wednesday: frozenset(range(13, 18))})
    assert hours.open_hours(wednesday) == [8, 9, 10, 11, 12]
    assert hours.spare(datetime(2027, 3, 10, 14, tzinfo=UK)) == 0
    assert hours.spare(datetime(2027, 3, 10, 12, tzinfo=UK)) == 8
    assert hours.spare(datetime(2027, 3, 11, 14, tzinfo=UK)) == 10


def test_days_listed_without_spaces_and_a_range_of_one_day() -> None:
    assert parse_capacity("Mon,Wed: 9=1") == {0: {9: 1}, 2: {9: 1}}
    assert parse_capacity("Tue-Tue: 9=1") == {1: {9: 1}}
    with pytest.raises(PhoneHoursError, match="name days as Mon"):
        parse_capacity("Wed-Mon: 9=1")


@pytest.mark.parametrize(("hours", "shut"), [("0-5", range(0, 5)), ("23-24", range(23, 24)), ("0-24", range(24))])
def test_part_days_may_run_from_midnight_to_midnight(hours: str, shut: range) -> None:
    assert parse_closures([f"10/03/2027 {hours}"]) == (frozenset(), {date(2027, 3, 10): frozenset(shut)})


@pytest.mark.parametrize("hours", ["5-5", "18-13", "0-25", "24-24"])
def test_part_days_that_do_not_run_forwards_within_the_day_are_refused(hours: str) -> None:
    with pytest.raises(PhoneHoursError, match="must run forwards within the day"):
        parse_closures([f"10/03/2027 {hours}"])
