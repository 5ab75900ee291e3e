"""A campaign's release plan, paced by the day or by the phones hour by hour, first made or made again
from the response seen so far."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from desktop.core.appointments import Appointment, plan_reminders
from desktop.core.clock import UK
from desktop.core.hourly_plan import SLOT, hourly_release_plan
from desktop.core.phone_hours import PhoneHours, ResponseCurve
from desktop.core.schedule import PlanInputs, ReleasePlan, block_targets, plan_release, replan


def plan_campaign(
    inputs: PlanInputs,
    hours: PhoneHours,
    earlier: Sequence[tuple[datetime, int]] = (),
    appointments: Mapping[Appointment, int] | None = None,
) -> ReleasePlan:
    """The plan for `inputs.cohort_size` messages after the releases of `earlier` (time, messages); for
    appointment reminders, one release for each moment the recipients' `appointments` are reminded at."""
    if inputs.reminder_days_before is not None:
        return plan_reminders(inputs, appointments or {})
    if inputs.by_hour:
        return hourly_release_plan(inputs, hours, earlier)
    sent_on: dict[date, int] = defaultdict(int)
    for released_at, size in earlier:
        sent_on[released_at.astimezone(UK).date()] += size
    return plan_release(inputs, sent_on)


def replan_campaign(
    plan: ReleasePlan,
    released: int,
    rate: Decimal | None,
    after: datetime,
    hours: PhoneHours,
    curve: ResponseCurve | None = None,
) -> ReleasePlan:
    """The rest of the cohort planned again at the response rate (and curve) learned so far, if any.

    The first `released` releases of `plan` have gone. The next release is no sooner than `after`.
    """
    inputs = replace(
        plan.inputs,
        curve=curve or plan.inputs.curve,
        response_rate=plan.inputs.response_rate if rate is None else rate,
    )
    if not inputs.by_hour:
        return replan(replace(plan, inputs=inputs), released, [], after)  # no calls: the rate given stands
    done = plan.blocks[:released]
    if done:
        after = max(after, done[-1].release_at + SLOT)
    days = {b.release_at.astimezone(UK).date() for b in done}
    # the day the last release went keeps its aim (the plan counts what it already sent); a later day grows
    days_done = len(days) - (1 if days and max(days) >= after.astimezone(UK).date() else 0)
    changed = replace(
        inputs,
        cohort_size=inputs.cohort_size - sum(b.size for b in done),
        start=after,
        first_block=next(islice(block_targets(inputs), days_done, None)),
    )
    if changed.cohort_size <= 0:
        return ReleasePlan(changed, ())
    rest = hourly_release_plan(changed, hours, [(b.release_at, b.size) for b in done])
    last_number = done[-1].number if done else plan.blocks[0].number - 1
    sent_before = done[-1].cumulative if done else plan.blocks[0].cumulative - plan.blocks[0].size
    renumbered = tuple(
        replace(b, number=b.number + last_number, cumulative=b.cumulative + sent_before) for b in rest.blocks
    )
    return ReleasePlan(changed, renumbered, rest.notes)
