"""Appointment reminders: each patient's appointment as the list gives it, and when its reminder goes.

A reminder goes a chosen number of days before the appointment, at the start of the sending hours;
when that day is not a sending day (a weekend, a bank holiday) it goes on the sending day before.
One whose moment has passed when the plan is made goes at the next sending moment, if that is still
at least an hour before the appointment; otherwise it does not go at all: never after, and never so
late that the patient cannot act on it. Reminders bring cancellations rather than bookings, so they
are timed by appointment, not paced by the phones' spare capacity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from desktop.core.clock import UK, format_day
from desktop.core.moments import read_day, read_moment, read_time
from desktop.core.schedule import (
    Block,
    Holidays,
    PlanError,
    PlanInputs,
    ReleasePlan,
    SendingWindow,
    next_sending_moment,
)
from desktop.core.words import counted

APPOINTMENT_PLACEHOLDERS = ("appointment_date", "appointment_time")
MIN_NOTICE = timedelta(hours=1)  # the least time between a reminder and its appointment
LONGEST_LEAD = 28  # days: a reminder a month ahead is forgotten by the day


class InvalidAppointment(ValueError):
    """An appointment that cannot be read; the message says what."""


@dataclass(frozen=True, order=True)
class Appointment:
    day: date
    at: time | None = None  # None: the list gives only the day

    @property
    def starts(self) -> datetime:
        """When it starts, in UK time (the day's start when its time is not known)."""
        return datetime.combine(self.day, self.at or time(0), UK)

    def to_text(self) -> str:
        return f"{self.day.isoformat()}T{self.at:%H:%M}" if self.at else self.day.isoformat()

    @classmethod
    def from_text(cls, text: str) -> Appointment:
        day, _, at = text.partition("T")
        return cls(date.fromisoformat(day), time.fromisoformat(at) if at else None)

    def placeholders(self) -> dict[str, str]:
        """((appointment_date)) as "Thursday 10 December", ((appointment_time)) as "10:30"."""
        return {
            "appointment_date": f"{self.day:%A} {self.day.day} {self.day:%B}",
            "appointment_time": f"{self.at:%H:%M}" if self.at else "",
        }

    def describe(self) -> str:
        return format_day(self.day) + (f" {self.at:%H:%M}" if self.at else "")


def read_appointment(day_cell: object, time_cell: object) -> Appointment | None:
    """The appointment in a row: its date (perhaps with its time) and, when the list has one, its time
    column. None for a blank date; InvalidAppointment for what cannot be read. One that has passed is
    read as any other: the plan does not remind of it."""
    if day_cell is None or (isinstance(day_cell, str) and not day_cell.strip()):
        return None
    moment = read_moment(day_cell)
    day = moment.date() if moment else read_day(day_cell)
    if day is None:
        raise InvalidAppointment(
            f'Appointment "{_shown(day_cell)}" is not a date that can be read (e.g. 10/12/2026 or 10/12/2026 10:30).'
        )
    at = moment.time().replace(second=0, microsecond=0) if moment and moment.time() != time(0) else None
    if time_cell is not None and not (isinstance(time_cell, str) and not time_cell.strip()):
        clock = read_time(time_cell)
        if clock is None:
            raise InvalidAppointment(f'Appointment time "{_shown(time_cell)}" is not a time that can be read.')
        at = clock.replace(second=0, microsecond=0)
    return Appointment(day, at)


def _shown(cell: object) -> str:
    return " ".join(str(cell).split())


def reminder_time(
    appointment: Appointment, days_before: int, window: SendingWindow, holidays: Holidays, not_before: datetime
) -> datetime | None:
    """When the reminder for `appointment` goes, or None when it is too late to send one."""
    day = appointment.day - timedelta(days=days_before)
    for _ in range(LONGEST_LEAD):  # back to a sending day
        if day.weekday() in window.days and day not in holidays:
            break
        day -= timedelta(days=1)
    moment = datetime.combine(day, window.start, UK)
    if moment < not_before:
        moment = next_sending_moment(not_before, window, holidays)
    return moment if moment <= appointment.starts - MIN_NOTICE else None


def plan_reminders(inputs: PlanInputs, appointments: Mapping[Appointment, int]) -> ReleasePlan:
    """One release for each moment reminders go, holding the patients whose appointments it reminds of
    (`appointments`: how many recipients have each appointment)."""
    days_before = inputs.reminder_days_before
    if days_before is None or not 0 <= days_before <= LONGEST_LEAD:
        raise PlanError(f"Reminders go between 0 and {LONGEST_LEAD} days before the appointment.")
    holidays = Holidays(inputs.region)
    by_moment: Counter[datetime] = Counter()
    too_late = 0
    for appointment, patients in appointments.items():
        moment = reminder_time(appointment, days_before, inputs.window, holidays, inputs.start)
        if moment is None:
            too_late += patients
        else:
            by_moment[moment] += patients
    blocks, sent = [], 0
    for number, moment in enumerate(sorted(by_moment), start=1):
        size = by_moment[moment]
        sent += size
        blocks.append(Block(number, size, moment, size * inputs.response_rate, sent, size * inputs.cost_per_message))
    notes = []
    if too_late:
        notes.append(
            f"{counted(too_late, 'patient')} not reminded: the appointment is too soon (or has passed) for a "
            f"reminder at least {counted(int(MIN_NOTICE.total_seconds() // 3600), 'hour')} before it."
        )
    return ReleasePlan(replace(inputs, cohort_size=sent), tuple(blocks), tuple(notes))
