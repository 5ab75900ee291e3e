"""Appointment reminders in a campaign: the recipients' appointments it is planned by, and which patients
each of its releases reminds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from desktop.core.appointments import MIN_NOTICE, Appointment, reminder_time
from desktop.core.campaign import Campaign
from desktop.core.schedule import Holidays, PlanInputs
from desktop.core.template import Purpose
from desktop.store.cohorts import APPOINTMENT

TOO_LATE = "Appointment too soon for a reminder, or passed"


def is_reminders(campaign: Campaign) -> bool:
    return campaign.purpose is Purpose.APPOINTMENT_REMINDER


def appointments_of(rows: Sequence[dict[str, str]]) -> dict[Appointment | None, int]:
    """How many of the recipients `rows` have each appointment (None: those without one, not reminded)."""
    by_text = Counter(row.get(APPOINTMENT) for row in rows)
    return {Appointment.from_text(text) if text else None: count for text, count in by_text.items()}


def patients_of_release(
    rows: Sequence[dict[str, str]], inputs: PlanInputs, planned_at: datetime, now: datetime
) -> tuple[list[dict[str, str]], dict[str, int]]:
    """Of the recipients not yet texted, those the release planned at `planned_at` reminds (worked out as
    the plan was), and how many are left out because their appointment is too soon now."""
    assert inputs.reminder_days_before is not None
    holidays = Holidays(inputs.region)
    when: dict[str, datetime | None] = {}
    chosen, too_late = [], 0
    for row in rows:
        text = row.get(APPOINTMENT)
        if not text:
            continue
        if text not in when:
            when[text] = reminder_time(
                Appointment.from_text(text), inputs.reminder_days_before, inputs.window, holidays, inputs.start
            )
        if when[text] != planned_at:
            continue
        if Appointment.from_text(text).starts - MIN_NOTICE < now:  # sent late, by hand: never after
            too_late += 1
        else:
            chosen.append(row)
    left_out = {TOO_LATE: too_late} if too_late else {}
    return chosen, left_out
