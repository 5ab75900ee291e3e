"""The staged release plan: a cohort released in growing blocks, never more expected calls a day than
the practice can answer, only in sending hours, never on weekends or bank holidays."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, Decimal
from itertools import islice
from typing import Any

from desktop.core.bank_holidays import Region, bank_holidays
from desktop.core.clock import UK
from desktop.core.phone_hours import ResponseCurve

MAX_RELEASES = 500
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class PlanError(ValueError):
    """Inputs no plan can satisfy; the message says which and why."""


@dataclass(frozen=True)
class SendingWindow:
    days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday is 0
    start: time = time(9, 0)
    end: time = time(16, 0)

    def describe(self) -> str:
        days = ", ".join(DAY_NAMES[d] for d in sorted(self.days)) or "no days"
        return f"{days}, {self.start:%H:%M} to {self.end:%H:%M}"


@dataclass(frozen=True)
class PlanInputs:
    cohort_size: int
    start: datetime  # the earliest first release, timezone-aware
    first_block: int = 500
    growth: Decimal = Decimal("1.5")  # each block this many times the last
    max_block: int = 2000
    interval: timedelta = timedelta(days=1)  # between one release and the next
    window: SendingWindow = field(default_factory=SendingWindow)
    region: Region = Region.ENGLAND_AND_WALES
    response_rate: Decimal = Decimal("0.05")  # share of recipients who phone
    daily_capacity: int = 100  # extra calls a day the practice can answer
    cost_per_message: Decimal = Decimal(0)  # pence, with VAT
    # Paced by the phones' spare capacity hour by hour (Settings), each day's block split into
    # releases across the sending window; otherwise one block a day within `daily_capacity`.
    by_hour: bool = False
    curve: ResponseCurve = field(default_factory=ResponseCurve)  # how the calls arrive, learned as blocks go
    # Appointment reminders: each goes this many days before its patient's appointment (not paced by calls).
    reminder_days_before: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "cohort_size": self.cohort_size,
            "start": self.start.isoformat(),
            "first_block": self.first_block,
            "growth": str(self.growth),
            "max_block": self.max_block,
            "interval_hours": self.interval.total_seconds() / 3600,
            "window": {
                "days": list(self.window.days),
                "start": self.window.start.isoformat("minutes"),
                "end": self.window.end.isoformat("minutes"),
            },
            "region": self.region.value,
            "response_rate": str(self.response_rate),
            "daily_capacity": self.daily_capacity,
            "cost_per_message": str(self.cost_per_message),
            "by_hour": self.by_hour,
            "curve": [str(share) for share in self.curve.shares],
            "reminder_days_before": self.reminder_days_before,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanInputs:
        window = data["window"]
        return cls(
            cohort_size=int(data["cohort_size"]),
            start=datetime.fromisoformat(data["start"]),
            first_block=int(data["first_block"]),
            growth=Decimal(data["growth"]),
            max_block=int(data["max_block"]),
            interval=timedelta(hours=float(data["interval_hours"])),
            window=SendingWindow(
                tuple(window["days"]), time.fromisoformat(window["start"]), time.fromisoformat(window["end"])
            ),
            region=Region(data["region"]),
            response_rate=Decimal(data["response_rate"]),
            daily_capacity=int(data["daily_capacity"]),
            cost_per_message=Decimal(data["cost_per_message"]),
            by_hour=bool(data.get("by_hour", False)),  # plans saved before hourly pacing were daily
            curve=ResponseCurve(*map(Decimal, data["curve"])) if "curve" in data else ResponseCurve(),
            reminder_days_before=data.get("reminder_days_before"),
        )


@dataclass(frozen=True)
class Block:
    number: int
    size: int
    release_at: datetime  # UK time
    expected_calls: Decimal
    cumulative: int
    cost: Decimal  # pence, with VAT


@dataclass(frozen=True)
class ReleasePlan:
    inputs: PlanInputs
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = ()

    @property
    def total_messages(self) -> int:
        return self.blocks[-1].cumulative if self.blocks else 0

    @property
    def total_cost(self) -> Decimal:
        return sum((b.cost for b in self.blocks), Decimal(0))

    @property
    def last_release(self) -> datetime | None:
        return self.blocks[-1].release_at if self.blocks else None

    def calls_by_day(self) -> dict[date, Decimal]:
        days: dict[date, Decimal] = defaultdict(Decimal)
        for block in self.blocks:
            days[block.release_at.date()] += block.expected_calls
        return dict(days)


class Holidays:
    """A region's bank holidays, each year loaded when a plan first reaches it."""

    def __init__(self, region: Region) -> None:
        self._region = region
        self._years: dict[int, dict[date, str]] = {}

    def __contains__(self, day: date) -> bool:
        if day.year not in self._years:
            self._years[day.year] = bank_holidays(self._region, [day.year])
        return day in self._years[day.year]


def plan_release(inputs: PlanInputs, already_sent: Mapping[date, int] | None = None) -> ReleasePlan:
    """Split the cohort into blocks at planned times; shrink blocks that would overload the phones.

    `already_sent` counts messages released on days the plan may share (when planning again
    after some blocks went out), so those days' calls are not counted twice.
    """
    check_inputs(inputs)
    per_day = _messages_a_day(inputs)
    holidays = Holidays(inputs.region)
    sent_on: dict[date, int] = defaultdict(int, already_sent or {})
    notes: list[str] = []
    blocks: list[Block] = []
    remaining, targets = inputs.cohort_size, block_targets(inputs)
    target = next(targets)
    if inputs.cohort_size < inputs.first_block:
        notes.append(f"The cohort ({inputs.cohort_size:,}) is smaller than the first block: one release.")
    slot = next_sending_moment(_local(inputs.start), inputs.window, holidays)
    while remaining > 0:
        if len(blocks) >= MAX_RELEASES:
            raise PlanError(
                f"This plan would need more than {MAX_RELEASES} releases. Make the first block larger, "
                "let blocks grow faster, or raise the capacity for calls."
            )
        room = per_day - sent_on[slot.date()]
        if room <= 0:  # the day's calls are used up: the next working day
            slot = next_sending_moment(
                datetime.combine(slot.date() + timedelta(days=1), time(0), UK), inputs.window, holidays
            )
            continue
        wanted = min(target, remaining)
        size = min(wanted, room)
        if size < wanted:
            notes.append(
                f"Block {len(blocks) + 1} reduced from {wanted:,} to {size:,} so expected calls on "
                f"{slot:%a %d %b} stay within {inputs.daily_capacity:,} a day."
            )
        remaining -= size
        sent_on[slot.date()] += size
        blocks.append(
            Block(
                number=len(blocks) + 1,
                size=size,
                release_at=slot,
                expected_calls=size * inputs.response_rate,
                cumulative=inputs.cohort_size - remaining,
                cost=size * inputs.cost_per_message,
            )
        )
        target = next(targets)  # a block cut to fit a day does not slow the growth of the next
        slot = next_sending_moment(_add_wall_time(slot, inputs.interval), inputs.window, holidays)
    return ReleasePlan(inputs, tuple(blocks), tuple(notes))


def observed_rate(sizes_and_calls: list[tuple[int, int]]) -> Decimal | None:
    """Calls per message actually seen in the blocks released so far."""
    sent = sum(size for size, _ in sizes_and_calls)
    if sent == 0:
        return None
    return (Decimal(sum(calls for _, calls in sizes_and_calls)) / sent).quantize(Decimal("0.0001"))


def replan(plan: ReleasePlan, released: int, calls: list[tuple[int, int]], after: datetime) -> ReleasePlan:
    """The rest of the cohort planned again at the response rate seen so far.

    The first `released` blocks of `plan` have gone (`plan` may itself be a re-plan, numbered on
    from earlier blocks); `calls` holds (size, calls) for every released block with calls
    recorded. The next release is no sooner than `after`, nor one interval after the last.
    """
    done = plan.blocks[:released]
    if done:
        after = max(after, _add_wall_time(done[-1].release_at, plan.inputs.interval))
    left = plan.inputs.cohort_size - sum(b.size for b in done)
    rate = observed_rate(calls)
    inputs = plan.inputs
    # The rest starts from the size the next block was aiming at (it may have been cut to fit a day).
    next_target = next(islice(block_targets(inputs), released, None))
    changed = replace(
        inputs,
        cohort_size=left,
        start=after,
        first_block=next_target,
        response_rate=rate if rate is not None else inputs.response_rate,
    )
    if left <= 0:
        return ReleasePlan(changed, ())
    sent_on: dict[date, int] = defaultdict(int)
    for block in done:
        sent_on[block.release_at.date()] += block.size
    rest = plan_release(changed, sent_on)
    first = plan.blocks[0]
    last_number = done[-1].number if done else first.number - 1
    sent_before = done[-1].cumulative if done else first.cumulative - first.size
    renumbered = tuple(
        replace(b, number=b.number + last_number, cumulative=b.cumulative + sent_before) for b in rest.blocks
    )
    return ReleasePlan(changed, renumbered, rest.notes)


def block_targets(inputs: PlanInputs) -> Iterator[int]:
    """The sizes blocks aim at: the first block, then each the last times the growth (rounded up), capped."""
    target = min(inputs.first_block, inputs.max_block)
    while True:
        yield target
        target = min(inputs.max_block, int((target * inputs.growth).to_integral_value(ROUND_CEILING)))


def check_inputs(inputs: PlanInputs) -> None:
    if inputs.cohort_size < 0:
        raise PlanError("The cohort size cannot be negative.")
    if inputs.daily_capacity <= 0 and not inputs.by_hour:  # an hourly plan uses the phones' hours instead
        raise PlanError(
            "The spare capacity for extra calls must be more than zero: with no capacity, no release can go out. "
            "Enter how many extra calls a day the reception team can answer."
        )
    if not inputs.window.days:
        raise PlanError("Choose at least one day of the week for sending.")
    if inputs.window.start >= inputs.window.end:
        raise PlanError("The sending hours must start before they end.")
    if inputs.first_block < 1 or inputs.max_block < 1:
        raise PlanError("Blocks must hold at least one message.")
    if inputs.growth < 1:
        raise PlanError("Blocks should stay the same size or grow (a growth of 1 or more).")
    if inputs.interval <= timedelta(0):
        raise PlanError("The interval between releases must be more than zero.")
    if not Decimal(0) <= inputs.response_rate <= Decimal(1):
        raise PlanError("The response rate must be between 0% and 100%.")
    if inputs.start.tzinfo is None:
        raise PlanError("The start time needs a time zone.")


def _messages_a_day(inputs: PlanInputs) -> int:
    """How many messages a day keep expected calls within capacity."""
    if inputs.response_rate == 0:
        return 10**12
    return math.floor(Decimal(inputs.daily_capacity) / inputs.response_rate)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(UK)


def _add_wall_time(moment: datetime, interval: timedelta) -> datetime:
    """Add in UK wall-clock time, so 09:00 plus a day is 09:00 even across the clock change."""
    naive = moment.replace(tzinfo=None) + interval
    return naive.replace(tzinfo=UK)


def next_sending_moment(candidate: datetime, window: SendingWindow, holidays: Holidays) -> datetime:
    """The first moment at or after `candidate` inside the sending window on a working day."""
    local = _local(candidate)
    day, moment = local.date(), local.time().replace(tzinfo=None)
    for _ in range(800):  # two years of days is always enough for at least one allowed weekday
        if day.weekday() in window.days and day not in holidays:
            if moment < window.start:
                return datetime.combine(day, window.start, UK)
            if moment < window.end:
                return datetime.combine(day, moment, UK)
        day, moment = day + timedelta(days=1), time(0)
    raise PlanError("No sending day could be found in the next two years.")
