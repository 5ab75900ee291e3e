"""A phone system's call log counted into inbound calls per hour: the columns guessed from the headings,
every usual way of writing a call's time, outbound calls and unreadable rows left out."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from desktop.core.call_log import CallColumns, CallLogError, CountedCalls, count_calls, guess_columns, heading_words
from desktop.core.clock import UK


def uk(day: int, hour: int, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UK)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Caller", "Date/Time", "Duration"], CallColumns(1)),
        (["Caller ID", "Call Date", "Call Time", "Duration"], CallColumns(1, 2)),
        (["Date", "Time", "Wait time", "Talk time"], CallColumns(0, 1)),
        (["DateTime", "CLI"], CallColumns(0)),
        (["Timestamp", "From"], CallColumns(0)),
        (["Number", "Time received"], CallColumns(1)),
        (["Ring time", "Start time", "End time"], CallColumns(1)),
        (["Direction", "Date", "Time", "Number"], CallColumns(1, 2, direction=0)),
        (["Call type", "Started", "Caller"], CallColumns(1, direction=0)),
        (["Number", "Duration", "Queue"], None),
        (["Date", "Number"], None),  # a date alone cannot say which hour
        ([], None),
    ],
)
def test_the_time_columns_are_guessed_from_the_headings(headers: list[str], expected: CallColumns | None) -> None:
    assert guess_columns(headers) == expected


def test_heading_words_ignore_case_and_marks() -> None:
    assert heading_words("Call Date/Time") == ["call", "date", "time"]
    assert heading_words(None) == [] and heading_words(2026) == []


@pytest.mark.parametrize(
    "cell",
    [
        "01/12/2026 09:14",
        "01/12/26 09:14:59",
        "2026-12-01 09:14:03",
        "2026-12-01T09:14:03",
        "2026-12-01T09:14:03.250",
        "01-12-2026 09:14",
        "01.12.2026 9:14",
        "1 Dec 2026 09:14",
        "01-Dec-2026 09:14",
        "1 December 2026 9:14 am",
        "01/12/2026 9:14:03 AM",
        "  01/12/2026   09:14  ",
        datetime(2026, 12, 1, 9, 14),
        datetime(2026, 12, 1, 9, 14, tzinfo=UK),
        datetime(2026, 12, 1, 9, 14, tzinfo=UTC),  # December: UTC is UK time
    ],
)
def test_a_call_time_in_one_column_is_read_however_it_is_written(cell: object) -> None:
    counted = count_calls([["x", cell]], CallColumns(1))
    assert counted.by_hour == {uk(1, 9): 1} and counted.unreadable == 0


def test_a_time_with_its_offset_is_put_into_uk_time() -> None:
    summer = count_calls([["2026-07-01T08:14:00Z"], ["2026-07-01T09:14:00+01:00"]], CallColumns(0))
    assert summer.by_hour == {uk(1, 9, month=7): 2}
    aware = count_calls([[datetime(2026, 7, 1, 8, 14, tzinfo=UTC)]], CallColumns(0))
    assert aware.by_hour == {uk(1, 9, month=7): 1}
    naive = count_calls([[datetime(2026, 7, 1, 9, 14)], ["2026-07-01 09:59"]], CallColumns(0))
    assert naive.by_hour == {uk(1, 9, month=7): 2}  # the phone system's own clock: UK time


@pytest.mark.parametrize(
    ("day", "clock"),
    [
        ("01/12/2026", "09:14"),
        ("2026-12-01", "09:14:03"),
        ("1 Dec 2026", "9:14 AM"),
        ("01/12/2026", "09:14:03.5"),
        (date(2026, 12, 1), time(9, 14)),
        (datetime(2026, 12, 1, 0, 0), datetime(1899, 12, 30, 9, 14)),  # a spreadsheet's date cell and time cell
        (datetime(2026, 12, 1), time(9, 14, tzinfo=UTC)),
    ],
)
def test_a_date_column_and_a_time_column_are_put_together(day: object, clock: object) -> None:
    counted = count_calls([[day, clock]], CallColumns(0, 1))
    assert counted.by_hour == {uk(1, 9): 1}


def test_calls_are_counted_by_the_hour_they_started_in() -> None:
    rows = [
        ["01/12/2026 08:59:59"],
        ["01/12/2026 09:00:00"],
        ["01/12/2026 09:59"],
        ["01/12/2026 10:00"],
        ["02/12/2026 09:30"],
    ]
    counted = count_calls(rows, CallColumns(0))
    assert counted.by_hour == {uk(1, 8): 1, uk(1, 9): 2, uk(1, 10): 1, uk(2, 9): 1}
    assert list(counted.by_hour) == sorted(counted.by_hour)
    assert counted.calls == 5 and counted.first == uk(1, 8) and counted.last == uk(2, 9)


@pytest.mark.parametrize(
    "cell",
    ["", None, "Total", "01/12/2026", "2026-12-01", "09:14", "31/02/2026 09:14", "01/12/2026 25:00", 45627.4, 3],
)
def test_a_row_without_a_readable_moment_is_counted_as_unreadable(cell: object) -> None:
    counted = count_calls([["01/12/2026 09:14"], [cell]], CallColumns(0))
    assert (counted.calls, counted.unreadable) == (1, 1)


def test_a_date_without_its_time_or_a_time_without_its_date_is_unreadable() -> None:
    rows = [["01/12/2026", "09:14"], ["01/12/2026", ""], ["", "09:14"], ["nonsense", "09:14"], ["01/12/2026", "later"]]
    counted = count_calls(rows, CallColumns(0, 1))
    assert (counted.calls, counted.unreadable) == (1, 4)


def test_short_rows_do_not_break_the_count() -> None:
    counted = count_calls([["01/12/2026", "09:14"], ["01/12/2026"], []], CallColumns(0, 1))
    assert (counted.calls, counted.unreadable) == (1, 2)
    assert count_calls([["x"], ["x", "01/12/2026 09:14"]], CallColumns(1)).unreadable == 1


@pytest.mark.parametrize("word", ["Outbound", "outgoing", "OUT", "Dialled", "Internal", "Call made"])
def test_calls_the_practice_made_are_not_counted(word: str) -> None:
    rows = [["Inbound", "01/12/2026 09:14"], [word, "01/12/2026 09:20"], ["Incoming", "01/12/2026 09:40"], ["", "x"]]
    counted = count_calls(rows, CallColumns(1, direction=0))
    assert counted == CountedCalls({uk(1, 9): 2}, 2, 1, 1)


def test_without_a_direction_column_every_row_is_a_call() -> None:
    rows = [["Outbound", "01/12/2026 09:14"]]
    assert count_calls(rows, CallColumns(1)).calls == 1


def test_a_log_with_no_time_that_can_be_read_is_refused_in_plain_words() -> None:
    with pytest.raises(CallLogError, match="No call times could be read in the chosen column"):
        count_calls([["07700 900123"], ["07700 900456"]], CallColumns(0))
    with pytest.raises(CallLogError, match="No call times"):
        count_calls([], CallColumns(0))
    empty = CountedCalls({}, 0, 0)
    assert empty.first is None and empty.last is None


def test_a_direction_column_is_found_beside_a_date_and_time_column() -> None:
    assert guess_columns(["Direction", "Date/Time"]) == CallColumns(1, direction=0)


def test_every_outbound_call_is_counted_as_not_counted() -> None:
    rows = [["Outbound", "01/12/2026 09:14"], ["Outbound", "01/12/2026 09:15"], ["Inbound", "01/12/2026 09:16"]]
    assert count_calls(rows, CallColumns(1, direction=0)).outbound == 2
