"""Days and times as spreadsheets and exports hold them: real date and time cells, day-first text, ISO
8601 (with or without its offset), 12- or 24-hour clocks. Times without an offset are UK time."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache

from desktop.core.clock import UK

_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d-%b-%Y", "%d %B %Y")
_TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "%I %p", "%H.%M", "%I.%M %p")


def read_day(cell: object) -> date | None:
    """The day a cell holds (a date, or the date of a date and time), or None."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    return _day_of(" ".join(cell.split())) if isinstance(cell, str) else None


def read_time(cell: object) -> time | None:
    """The time of day a cell holds, or None; a date and time cell gives its time."""
    if isinstance(cell, datetime):
        return cell.time()
    if isinstance(cell, time):
        return cell.replace(tzinfo=None)
    return _time_of(" ".join(cell.split()).upper()) if isinstance(cell, str) else None


def read_moment(cell: object) -> datetime | None:
    """A date and time in one cell, in UK time (the clock of the system that wrote it, unless the text
    gives its offset); None for anything else, a date alone included."""
    if isinstance(cell, datetime):
        return cell.replace(tzinfo=UK) if cell.tzinfo is None else cell.astimezone(UK)
    if not isinstance(cell, str):
        return None
    text = " ".join(cell.split())
    if ":" not in text and not re.search(r"\d\s?[ap]m$", text, re.IGNORECASE):
        return None  # a date alone says nothing of the hour
    try:
        found = datetime.fromisoformat(text)  # 2026-12-01T09:14:03Z, 2026-12-01 09:14+00:00
    except ValueError:
        # "01/12/2026 09:14", "1 Dec 2026 9:14 am": the date, then the time, split at one of the spaces
        for split in (m.start() for m in re.finditer(" ", text)):
            day, clock = read_day(text[:split]), read_time(text[split + 1 :])
            if day and clock:
                return datetime.combine(day, clock, UK)
        return None
    return found.replace(tzinfo=UK) if found.tzinfo is None else found.astimezone(UK)


@lru_cache(maxsize=4096)  # a log's days repeat on every row
def _day_of(text: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@lru_cache(maxsize=4096)
def _time_of(text: str) -> time | None:
    text = text.split(".")[0] if text.count(":") == 2 else text  # 09:14:03.250: the seconds are enough
    text = re.sub(r"(\d)([AP]M)$", r"\1 \2", text)  # 9:14am
    for pattern in _TIME_FORMATS:
        try:
            return datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    return None
