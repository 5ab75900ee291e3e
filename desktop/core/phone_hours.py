"""The practice's phones by the hour: when they are open, how many extra calls an hour reception can
take, and how the calls a release causes arrive over the following hours and days.

A text with a call to action brings calls within hours, and a practice's phones are busiest first
thing: 100 calls "a day" that all arrive between 09:00 and 11:00 swamp four lines. So expected
calls are spread over the open hours after a release by a response curve, and each hour is held
against that hour's spare capacity. Calls that would fall while the phones are closed arrive when
they open, so the curve is walked over open hours only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from desktop.core.clock import UK

WEEKDAYS = range(5)  # Monday to Friday
# The default shape: few spare calls in the morning rush, most in the early afternoon (per hour, from 08:00).
DEFAULT_SHAPE: dict[int, int] = {8: 2, 9: 2, 10: 5, 11: 6, 12: 8, 13: 10, 14: 10, 15: 10, 16: 6, 17: 4}


class PhoneHoursError(ValueError):
    """Phone hours or a response curve that cannot be right; the message says why."""


@dataclass(frozen=True)
class PhoneHours:
    """Extra calls an hour reception can take, by weekday (Monday 0) and hour of the day; an hour
    not listed is closed. `closed_days` are whole days the phones are shut (training, Christmas Eve)."""

    capacity: Mapping[int, Mapping[int, int]] = field(
        default_factory=lambda: {day: dict(DEFAULT_SHAPE) for day in WEEKDAYS}
    )
    closed_days: frozenset[date] = frozenset()
    closed_hours: Mapping[date, frozenset[int]] = field(default_factory=dict)  # a training afternoon

    def __post_init__(self) -> None:
        for day, hours in self.capacity.items():
            if day not in range(7) or any(hour not in range(24) for hour in hours):
                raise PhoneHoursError("Phone hours are given by weekday (Monday to Sunday) and hour (0 to 23).")
            if any(calls < 0 for calls in hours.values()):
                raise PhoneHoursError("The extra calls an hour cannot be negative.")

    def open_hours(self, day: date) -> list[int]:
        """The hours of `day` the phones are open, in order."""
        if day in self.closed_days:
            return []
        shut = self.closed_hours.get(day, frozenset())
        return sorted(hour for hour in self.capacity.get(day.weekday(), {}) if hour not in shut)

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(UK)
        return local.hour in self.open_hours(local.date())

    def spare(self, hour: datetime) -> int:
        """Extra calls reception can take in the hour starting at `hour` (UK time)."""
        local = hour.astimezone(UK)
        if local.date() in self.closed_days or local.hour in self.closed_hours.get(local.date(), ()):
            return 0
        return self.capacity.get(local.weekday(), {}).get(local.hour, 0)

    def hours_from(self, moment: datetime, days: int) -> list[list[datetime]]:
        """The open hours from `moment` on, grouped by day, for `days` days that have any (two years at most).

        The first group starts at the hour holding `moment` (or the next open one)."""
        local = moment.astimezone(UK)
        start = local.replace(minute=0, second=0, microsecond=0)
        found: list[list[datetime]] = []
        day = local.date()
        for _ in range(730):
            hours = [
                datetime.combine(day, time(hour), UK)
                for hour in self.open_hours(day)
                if datetime.combine(day, time(hour), UK) >= start
            ]
            if hours:
                found.append(hours)
                if len(found) == days:
                    break
            day += timedelta(days=1)
        return found


@dataclass(frozen=True)
class ResponseCurve:
    """What share of the calls a release causes arrive: in the first open hour, the next two, the rest
    of that day, the next open day, and the one after (counted over open hours only)."""

    first_hour: Decimal = Decimal("0.35")
    next_two_hours: Decimal = Decimal("0.25")
    rest_of_day: Decimal = Decimal("0.20")
    next_day: Decimal = Decimal("0.12")
    day_after: Decimal = Decimal("0.08")

    def __post_init__(self) -> None:
        shares = self.shares
        if any(share < 0 for share in shares) or sum(shares) != 1:
            raise PhoneHoursError("The response curve's shares must be zero or more and add up to 100%.")

    @property
    def shares(self) -> tuple[Decimal, ...]:
        return (self.first_hour, self.next_two_hours, self.rest_of_day, self.next_day, self.day_after)

    def describe(self) -> str:
        parts = ("in the first hour", "in the next two", "later that day", "the next open day", "the day after")
        return ", ".join(f"{share * 100:.0f}% {words}" for share, words in zip(self.shares, parts, strict=True))

    def spread(self, calls: Decimal, released_at: datetime, hours: PhoneHours) -> dict[datetime, Decimal]:
        """The `calls` a release causes, by the open hour they arrive in."""
        by_hour: dict[datetime, Decimal] = defaultdict(Decimal)
        for share, landing in zip(self.shares, self.landing(released_at, hours), strict=False):
            if not share:
                continue
            each = calls * share / len(landing)
            for hour in landing:
                by_hour[hour] += each
        return dict(by_hour)

    def landing(self, released_at: datetime, hours: PhoneHours) -> list[list[datetime]]:
        """For each share, the open hours its calls arrive in, evenly (none at all when the phones never open).

        A share whose own hours do not exist (the day ends first) moves on to the next that do; a share
        with none after it arrives in the last hour there is."""
        days = hours.hours_from(released_at, 3)
        if not days:
            return []
        first_day = days[0]
        groups = [first_day[:1], first_day[1:3], first_day[3:], *(days[1:3])]
        groups += [[]] * (5 - len(groups))
        found = [next((g for g in groups[k:] if g), []) for k in range(5)]
        last = max(hour for group in groups for hour in group)
        return [group or [last] for group in found]


def calls_by_hour(
    releases: Iterable[tuple[datetime, int]], rate: Decimal, curve: ResponseCurve, hours: PhoneHours
) -> dict[datetime, Decimal]:
    """Expected calls in each open hour from releases of (time, messages) at a response rate."""
    total: dict[datetime, Decimal] = defaultdict(Decimal)
    for released_at, size in releases:
        for hour, calls in curve.spread(size * rate, released_at, hours).items():
            total[hour] += calls
    return dict(sorted(total.items()))


@dataclass(frozen=True)
class HourLoad:
    hour: datetime
    expected: Decimal
    capacity: int

    @property
    def over(self) -> bool:
        return self.expected > self.capacity


def hourly_load(calls: Mapping[datetime, Decimal], hours: PhoneHours) -> list[HourLoad]:
    """Each open hour of the days the calls fall on, with its expected calls against its capacity."""
    days = sorted({hour.astimezone(UK).date() for hour in calls})
    loads = []
    for day in days:
        for hour in hours.open_hours(day):
            start = datetime.combine(day, time(hour), UK)
            loads.append(HourLoad(start, calls.get(start, Decimal(0)), hours.spare(start)))
    return loads
