"""Days and times as spreadsheets and exports hold them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from desktop.core.clock import UK
from desktop.core.moments import read_day, read_moment, read_time


@pytest.mark.parametrize(
    "cell",
    ["10/12/2026", "10/12/26", "2026-12-10", "10-12-2026", "10.12.2026", "10 Dec 2026", "10-Dec-2026",
     "10 December 2026", " 10/12/2026 ", date(2026, 12, 10), datetime(2026, 12, 10, 9, 30)],
)  # fmt: skip
def test_a_day_is_read_however_it_is_written(cell: object) -> None:
    assert read_day(cell) == date(2026, 12, 10)


@pytest.mark.parametrize("cell", ["", "31/02/2026", "tomorrow", "10/12", None, 46000, 3.5])
def test_what_is_not_a_day_is_none(cell: object) -> None:
    assert read_day(cell) is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("09.30", time(9, 30)),
        ("10.30am", time(10, 30)),
        ("9:30", time(9, 30)),
        ("09:30:15", time(9, 30, 15)),
        ("09:30:15.250", time(9, 30, 15)),
        ("9:30 am", time(9, 30)),
        ("9:30am", time(9, 30)),
        ("9:30 PM", time(21, 30)),
        ("12:15 pm", time(12, 15)),
        ("9 am", time(9)),
        ("9am", time(9)),
        ("09.30", time(9, 30)),
        ("10.30am", time(10, 30)),
        (time(9, 30), time(9, 30)),
        (time(9, 30, tzinfo=UTC), time(9, 30)),
        (datetime(1899, 12, 30, 9, 30), time(9, 30)),
    ],
)
def test_a_time_is_read_however_it_is_written(cell: object, expected: time) -> None:
    assert read_time(cell) == expected


@pytest.mark.parametrize("cell", ["", "25:00", "9:75", "noon", None, 0.5, "13:00 pm"])
def test_what_is_not_a_time_is_none(cell: object) -> None:
    assert read_time(cell) is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("10/12/2026 09:30", datetime(2026, 12, 10, 9, 30, tzinfo=UK)),
        ("1 Dec 2026 9:30 am", datetime(2026, 12, 1, 9, 30, tzinfo=UK)),
        ("10/12/2026 9am", datetime(2026, 12, 10, 9, tzinfo=UK)),
        ("2026-07-01T08:30:00Z", datetime(2026, 7, 1, 9, 30, tzinfo=UK)),
        ("2026-07-01 09:30", datetime(2026, 7, 1, 9, 30, tzinfo=UK)),
        (datetime(2026, 7, 1, 9, 30), datetime(2026, 7, 1, 9, 30, tzinfo=UK)),
        (datetime(2026, 7, 1, 8, 30, tzinfo=UTC), datetime(2026, 7, 1, 9, 30, tzinfo=UK)),
    ],
)
def test_a_date_and_time_in_one_cell_is_a_moment_in_uk_time(cell: object, expected: datetime) -> None:
    found = read_moment(cell)
    assert found == expected and found is not None and found.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("cell", ["10/12/2026", "2026-12-10", "09:30", "10/12/2026 later", "soon 09:30", None, 3])
def test_a_date_or_a_time_alone_is_no_moment(cell: object) -> None:
    assert read_moment(cell) is None


def test_a_date_and_an_hour_in_capitals_is_a_moment() -> None:
    assert read_moment("10/12/2026 9 AM") == datetime(2026, 12, 10, 9, tzinfo=UK)
    assert read_moment("10/12/2026 9PM") == datetime(2026, 12, 10, 21, tzinfo=UK)
