"""Time at the edges: stored in UTC, shown in UK time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_store(moment: datetime) -> str:
    """ISO 8601 in UTC, the only form times take in the database."""
    if moment.tzinfo is None:
        raise ValueError("A time without a time zone cannot be stored unambiguously.")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_store(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def to_uk(moment: datetime) -> datetime:
    return moment.astimezone(UK)


def format_day(day: date) -> str:
    """Fri 25 Dec 2026 (without strftime's %-d, which Windows lacks)."""
    return f"{day:%a} {day.day} {day:%b %Y}"
