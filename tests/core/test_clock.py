"""Times are stored in UTC and shown in UK time whatever time zone the computer is set to."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from desktop.core.clock import UK, format_day, from_store, to_store, to_uk


@pytest.fixture(params=["America/New_York", "Europe/London", "Asia/Kolkata"])
def computer_time_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The practice PC's own zone (a UK PC is an hour off UTC all summer)."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_a_time_is_stored_in_utc(computer_time_zone: str) -> None:
    summer_morning = datetime(2026, 6, 1, 9, 30, tzinfo=UK)
    assert to_store(summer_morning) == "2026-06-01T08:30:00+00:00"


def test_a_stored_time_comes_back_in_utc(computer_time_zone: str) -> None:
    back = from_store("2026-06-01T08:30:00+00:00")
    assert back == datetime(2026, 6, 1, 8, 30, tzinfo=UTC) and back.utcoffset() is not None
    assert back.tzinfo is UTC


def test_a_time_is_shown_in_uk_time(computer_time_zone: str) -> None:
    shown = to_uk(datetime(2026, 6, 1, 8, 30, tzinfo=UTC))
    assert (shown.hour, shown.tzinfo) == (9, UK)


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError) as refused:
        to_store(datetime(2026, 6, 1, 9, 30))
    assert str(refused.value) == "A time without a time zone cannot be stored unambiguously."


def test_a_day_is_written_the_uk_way() -> None:
    assert format_day(date(2026, 12, 5)) == "Sat 5 Dec 2026"
