"""Phone hours written as a person reads them, for the settings file and the command line.

Capacity: days and their hours' extra calls, e.g. "Mon-Fri: 8=2 9=2 10=5; Sat: 9=1" (a day not
written has its phones closed; an hour written with 0 is open with no spare capacity).
Closures: "24/12/2026" (the whole day) or "10/03/2027 13-18" (closed from 13:00 until 18:00).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from desktop.core.phone_hours import PhoneHours, PhoneHoursError
from desktop.core.schedule import DAY_NAMES

_DAY = {name.lower(): number for number, name in enumerate(DAY_NAMES)}
_CLOSURE = re.compile(r"^(\d{1,2}/\d{1,2}/\d{4})(?:\s+(\d{1,2})\s*-\s*(\d{1,2}))?$")


def format_capacity(capacity: Mapping[int, Mapping[int, int]]) -> str:
    """Days with the same hours grouped: "Mon-Fri: 8=2 9=2 ..."."""
    groups: list[tuple[list[int], str]] = []
    for day in sorted(capacity):
        hours = " ".join(f"{hour}={calls}" for hour, calls in sorted(capacity[day].items()))
        if not hours:
            continue
        if groups and groups[-1][1] == hours and groups[-1][0][-1] == day - 1:
            groups[-1][0].append(day)
        else:
            groups.append(([day], hours))
    return "; ".join(f"{_days(days)}: {hours}" for days, hours in groups)


def parse_capacity(text: str) -> dict[int, dict[int, int]]:
    """The capacity written by `format_capacity` (or by a person, in the same form)."""
    capacity: dict[int, dict[int, int]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        days_text, colon, hours_text = part.partition(":")
        if not colon:
            raise PhoneHoursError(f'"{part}": write the days, a colon, then each hour=calls, e.g. "Mon-Fri: 9=2 10=5".')
        hours: dict[int, int] = {}
        for pair in hours_text.split():
            hour, equals, calls = pair.partition("=")
            if not (equals and hour.isdigit() and calls.isdigit()):
                raise PhoneHoursError(f'"{pair}": write each hour and its extra calls as hour=calls, e.g. 9=2.')
            hours[int(hour)] = int(calls)
        for day in _parse_days(days_text):
            capacity[day] = dict(hours)
    PhoneHours(capacity)  # checks hours and calls
    return capacity


def format_closures(hours: PhoneHours) -> list[str]:
    days = [(day, f"{day:%d/%m/%Y}") for day in hours.closed_days]
    for day, shut in hours.closed_hours.items():
        days.append((day, f"{day:%d/%m/%Y} {min(shut)}-{max(shut) + 1}"))
    return [text for _, text in sorted(days)]


def parse_closures(lines: Iterable[str]) -> tuple[frozenset[date], dict[date, frozenset[int]]]:
    """Whole days and part days the phones are shut, from lines such as "24/12/2026" or "10/03/2027 13-18"."""
    whole: set[date] = set()
    part: dict[date, frozenset[int]] = {}
    for line in filter(None, (line.strip() for line in lines)):
        found = _CLOSURE.match(line)
        if not found:
            raise PhoneHoursError(f'"{line}": write a closure as a date, e.g. 24/12/2026, or a date and hours, 13-18.')
        try:
            day = datetime.strptime(found[1], "%d/%m/%Y").date()
        except ValueError as error:
            raise PhoneHoursError(f'"{line}": {found[1]} is not a date.') from error
        if found[2] is None:
            whole.add(day)
            continue
        start, end = int(found[2]), int(found[3])
        if not 0 <= start < end <= 24:
            raise PhoneHoursError(f'"{line}": the hours closed must run forwards within the day, e.g. 13-18.')
        part[day] = part.get(day, frozenset()) | frozenset(range(start, end))
    return frozenset(whole), part


def _days(days: list[int]) -> str:
    return DAY_NAMES[days[0]] if len(days) == 1 else f"{DAY_NAMES[days[0]]}-{DAY_NAMES[days[-1]]}"


def _parse_days(text: str) -> list[int]:
    days: list[int] = []
    for piece in filter(None, (p.strip().lower() for p in text.split(","))):
        first, dash, last = (part.strip()[:3] for part in piece.partition("-"))
        if first not in _DAY or (dash and (last not in _DAY or _DAY[last] < _DAY[first])):
            raise PhoneHoursError(f'"{piece}": name days as Mon, Tue, Wed, Thu, Fri, Sat, Sun, or a range: Mon-Fri.')
        days.extend(range(_DAY[first], _DAY[last] + 1) if dash else [_DAY[first]])
    if not days:
        raise PhoneHoursError("Say which days each set of phone hours is for, e.g. Mon-Fri.")
    return days
