"""A phone system's call log (one row per call) counted into inbound calls per hour.

Only the time of each call (and, where the log has one, whether it was inbound) is read: callers'
numbers and every other column are never looked at, let alone kept. The time may sit in one column
("01/12/2026 09:14") or in a date column and a time column, as spreadsheet cells or text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.core.clock import UK
from desktop.core.moments import read_day, read_moment, read_time

_BOTH_WORDS = frozenset({"datetime", "timestamp", "when"})
_DATE_WORDS = frozenset({"date", "day"})
_TIME_WORDS = frozenset({"time", "start", "started", "received", "answered", "arrived"})
_NOT_A_MOMENT = frozenset({"duration", "length", "wait", "waiting", "talk", "ring", "hold", "queue", "end", "ended"})
_DIRECTION_WORDS = frozenset({"direction", "type", "inbound", "outbound"})
_OUTBOUND = frozenset({"out", "outbound", "outgoing", "dialled", "dialed", "made", "internal"})


class CallLogError(ValueError):
    """A call log that cannot be counted; the message says why in plain words."""


@dataclass(frozen=True)
class CallColumns:
    when: int  # the column with the call's date (and its time, when `time_of_day` is None)
    time_of_day: int | None = None  # a separate column with the time
    direction: int | None = None  # "Inbound" / "Outbound", where the log has both


@dataclass(frozen=True)
class CountedCalls:
    by_hour: dict[datetime, int]  # each hour's start (UK time) and the inbound calls in it
    calls: int
    unreadable: int  # rows whose time could not be read (not counted)
    outbound: int = 0  # rows of calls the practice made (not counted)

    @property
    def first(self) -> datetime | None:
        return min(self.by_hour) if self.by_hour else None

    @property
    def last(self) -> datetime | None:
        return max(self.by_hour) if self.by_hour else None


def heading_words(heading: object) -> list[str]:
    """ "Call Date/Time" -> ["call", "date", "time"]."""
    return re.findall(r"[a-z]+", str(heading or "").lower())


def guess_columns(headers: Sequence[object]) -> CallColumns | None:
    """The date-and-time column, or a date column and a time column, from the headings; and a
    direction column if there is one."""
    words = [set(heading_words(h)) for h in headers]
    moments = [i for i, w in enumerate(words) if not w & _NOT_A_MOMENT]
    both = [i for i in moments if words[i] & _BOTH_WORDS or (words[i] & _DATE_WORDS and words[i] & _TIME_WORDS)]
    dates = [i for i in moments if words[i] & _DATE_WORDS and i not in both]
    times = [i for i in moments if words[i] & _TIME_WORDS and i not in both]
    chosen = {*both, *dates, *times}
    direction = next((i for i, w in enumerate(words) if w & _DIRECTION_WORDS and i not in chosen), None)
    if both:
        return CallColumns(both[0], direction=direction)
    if dates and times:
        return CallColumns(dates[0], times[0], direction)
    if times:
        return CallColumns(times[0], direction=direction)
    return None


def count_calls(rows: Iterable[Sequence[Any]], columns: CallColumns) -> CountedCalls:
    """Inbound calls per hour from the data rows (below the heading)."""
    hours: Counter[datetime] = Counter()
    unreadable = outbound = 0
    for row in rows:
        if columns.direction is not None and _is_outbound(_cell(row, columns.direction)):
            outbound += 1
            continue
        moment = _moment(row, columns)
        if moment is None:
            unreadable += 1
            continue
        hours[moment.replace(minute=0, second=0, microsecond=0)] += 1
    counted = sum(hours.values())
    if not counted:
        raise CallLogError(
            "No call times could be read in the chosen column. Choose the column with each call's date and time "
            '(e.g. "01/12/2026 09:14"), or its date column and its time column.'
        )
    return CountedCalls(dict(sorted(hours.items())), counted, unreadable, outbound)


def _cell(row: Sequence[Any], index: int | None) -> object:
    return row[index] if index is not None and index < len(row) else None


def _is_outbound(cell: object) -> bool:
    return bool(set(heading_words(cell)) & _OUTBOUND)


def _moment(row: Sequence[Any], columns: CallColumns) -> datetime | None:
    cell = _cell(row, columns.when)
    if columns.time_of_day is None:
        return read_moment(cell)
    day, clock = read_day(cell), read_time(_cell(row, columns.time_of_day))
    return datetime.combine(day, clock, UK) if day and clock else None
