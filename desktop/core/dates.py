"""Dates of birth as UK spreadsheets hold them: real Excel dates, day-first text, serial numbers."""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, timedelta

_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, allowing for its 1900 leap-year bug
_EARLIEST = date(1900, 1, 1)
_FORMATS = (
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%d-%b-%Y",
    "%d %b %Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %B %Y",
    "%d-%B-%Y",
    "%Y/%m/%d",
    "%d/%m/%y",
    "%d-%b-%y",
)
_TIME_SUFFIX = re.compile(r"[ T]00:00(?::00(?:\.0+)?)?$")


class InvalidDate(ValueError):
    """A date of birth that cannot be read or cannot be right."""


def parse_date_of_birth(value: object, today: date) -> date | None:
    """The date, None for a blank cell, or InvalidDate with a reason."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        found = _from_serial(float(value))
    else:
        text = _from_text(str(value).strip(), today)
        if text is None:
            return None
        found = text
    if found > today:
        raise InvalidDate("The date of birth is in the future.")
    if found < _EARLIEST:
        raise InvalidDate("The date of birth is before 1900.")
    return found


def _from_serial(serial: float) -> date:
    if not 1 <= serial < 2_958_466 or not serial.is_integer():
        raise InvalidDate("The date of birth is a number, not a date.")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _from_text(text: str, today: date) -> date | None:
    if not text:
        return None
    # The two shapes nearly every export uses, without strptime's cost (100,000 rows add up).
    if found := _DAY_FIRST.fullmatch(text):
        day, month, year = found.groups()
        with contextlib.suppress(ValueError):
            return date(int(year), int(month), int(day))
    elif found := _ISO.fullmatch(text):
        year, month, day = found.groups()
        with contextlib.suppress(ValueError):
            return date(int(year), int(month), int(day))
    text = _TIME_SUFFIX.sub("", text)
    for pattern in _FORMATS:
        try:
            parsed = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if pattern.endswith("%y") and parsed > today:
            parsed = parsed.replace(year=parsed.year - 100)  # 01/02/50 is 1950 for a date of birth
        return parsed
    raise InvalidDate("The date of birth is not a date that can be read (use day/month/year, e.g. 01/02/1950).")
