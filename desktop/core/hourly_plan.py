"""A release plan that follows the phones hour by hour.

Each sending day aims at a block (starting small, growing day by day as the daily plan does), and
the block is split into releases across the sending window, every half hour, so that the calls
they are expected to cause (spread by the response curve over the open hours after each) keep
every hour within its spare capacity, counting the calls still arriving from earlier days. Nothing
goes while the phones are shut: patients who phone at once would find no one to answer (a day
they are shut throughout is not a sending day). A release is as large as the tightest hour it
touches allows; the plan says which days fell short of their block, and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from desktop.core.clock import UK
from desktop.core.phone_hours import PhoneHours, ResponseCurve
from desktop.core.schedule import Block, Holidays, PlanError, PlanInputs, ReleasePlan, block_targets, check_inputs

SLOT = timedelta(minutes=30)
MAX_DAYS = 730  # a plan that cannot finish in two years of sending days is not a plan


@dataclass(frozen=True)
class HourlyRelease:
    at: datetime
    size: int
    expected_calls: Decimal


@dataclass(frozen=True)
class HourlyPlan:
    releases: tuple[HourlyRelease, ...]
    calls: dict[datetime, Decimal] = field(default_factory=dict)  # expected calls by open hour
    notes: tuple[str, ...] = ()

    def by_day(self) -> dict[date, int]:
        days: dict[date, int] = defaultdict(int)
        for release in self.releases:
            days[release.at.date()] += release.size  # made in UK time
        return dict(days)


def plan_by_hour(
    inputs: PlanInputs, hours: PhoneHours, curve: ResponseCurve, earlier: Iterable[tuple[datetime, int]] = ()
) -> HourlyPlan:
    """Split `inputs.cohort_size` messages into releases that keep every hour within its capacity.

    `earlier` holds (time, messages) of releases already gone: their calls still arriving count
    against the hours they reach, and what went on a day the plan shares counts towards its block.
    """
    check_inputs(inputs)
    holidays = Holidays(inputs.region)
    load: dict[datetime, Decimal] = defaultdict(Decimal)
    sent_before: dict[date, int] = defaultdict(int)
    for released_at, size in earlier:
        sent_before[released_at.astimezone(UK).date()] += size
        for hour, calls in curve.spread(size * inputs.response_rate, released_at, hours).items():
            load[hour] += calls
    releases: list[HourlyRelease] = []
    notes: list[str] = []
    remaining = inputs.cohort_size
    targets = block_targets(inputs)
    aim, held = 0, False
    day = inputs.start.astimezone(UK).date()
    for _ in range(MAX_DAYS * 2):
        if remaining <= 0:
            break
        if day.weekday() not in inputs.window.days or day in holidays:
            day += timedelta(days=1)
            continue
        slots = [slot for slot in _slots(day, inputs) if hours.is_open(slot)]
        if not slots:  # the plan starts after this day's sending hours, or the phones are shut through them
            day += timedelta(days=1)
            continue
        aim = aim if held else next(targets)  # a day that sent nothing does not grow the next block
        target = min(aim - sent_before[day], remaining)
        if target <= 0:  # the day's block went before this plan was made
            day += timedelta(days=1)
            continue
        sent = 0
        for slot in slots:
            if sent >= target:
                break
            size = min(target - sent, _room(slot, inputs.response_rate, curve, hours, load))
            if size <= 0:
                continue
            expected = size * inputs.response_rate
            for hour, calls in curve.spread(expected, slot, hours).items():
                load[hour] += calls
            releases.append(HourlyRelease(slot, size, expected))
            sent += size
        if 0 < sent < target:
            notes.append(
                f"{day:%a %d %b}: {sent:,} of {target:,} messages, so that no hour's expected calls go over "
                "what reception can take."
            )
        elif sent == 0:
            notes.append(f"{day:%a %d %b}: nothing released: the phones have no spare capacity left that day.")
        held = sent == 0
        remaining -= sent
        day += timedelta(days=1)
    if remaining > 0:
        raise PlanError(
            "The phones' spare capacity is too small to release this cohort within two years. Raise the extra "
            "calls an hour reception can take, or lower the expected response rate."
        )
    return HourlyPlan(tuple(releases), dict(sorted(load.items())), tuple(notes))


def _slots(day: date, inputs: PlanInputs) -> Iterator[datetime]:
    """Every half hour of the sending window on `day`, from its start (not before the plan's start)."""
    moment = datetime.combine(day, inputs.window.start, UK)
    end = datetime.combine(day, inputs.window.end, UK)
    while moment < end:
        if moment >= inputs.start:
            yield moment
        moment += SLOT  # wall-clock time: the clock change does not move the half hours


def _room(slot: datetime, rate: Decimal, curve: ResponseCurve, hours: PhoneHours, load: dict[datetime, Decimal]) -> int:
    """The most messages a release at `slot` can hold with every hour its calls reach within capacity."""
    if rate == 0:
        return 10**12
    weights = curve.spread(Decimal(1), slot, hours)  # each hour's share of one expected call
    if not weights:
        return 0
    room: Decimal | None = None
    for hour, weight in weights.items():
        if weight <= 0:
            continue
        spare = Decimal(hours.spare(hour)) - load.get(hour, Decimal(0))
        allowed = spare / (rate * weight)
        room = allowed if room is None else min(room, allowed)
    return max(int(room), 0) if room is not None else 0


def hourly_release_plan(
    inputs: PlanInputs, hours: PhoneHours, earlier: Iterable[tuple[datetime, int]] = ()
) -> ReleasePlan:
    """The hourly plan as numbered releases, each priced like a daily block, at the campaign's own curve."""
    hourly = plan_by_hour(inputs, hours, inputs.curve, earlier)
    blocks, sent = [], 0
    for number, release in enumerate(hourly.releases, start=1):
        sent += release.size
        blocks.append(
            Block(
                number, release.size, release.at, release.expected_calls, sent, release.size * inputs.cost_per_message
            )
        )
    return ReleasePlan(inputs, tuple(blocks), hourly.notes)
