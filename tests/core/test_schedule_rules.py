"""The promises of a release plan, for any inputs, and at each boundary.

Whatever is asked: the whole cohort goes out, never more expected calls on a day than the
practice can answer (counting what already went out that day), only on sending days inside the
sending hours, blocks starting small and growing, cut only where a day's calls are used up.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, Decimal
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.bank_holidays import Region, bank_holidays
from desktop.core.clock import UK
from desktop.core.phone_hours import ResponseCurve
from desktop.core.schedule import (
    MAX_RELEASES,
    PlanError,
    PlanInputs,
    ReleasePlan,
    SendingWindow,
    observed_rate,
    plan_release,
    replan,
)

MONDAY = datetime(2026, 11, 30, 0, 0, tzinfo=UK)
INTERVALS = [timedelta(minutes=30), timedelta(hours=1), timedelta(hours=2), timedelta(hours=5), timedelta(days=1)]
INTERVALS += [timedelta(hours=36), timedelta(days=3)]
RATES = [Decimal(0), Decimal("0.01"), Decimal("0.05"), Decimal("0.1"), Decimal("0.33"), Decimal(1)]
GROWTHS = [Decimal(1), Decimal("1.3"), Decimal("1.5"), Decimal(2), Decimal("3.7")]


@st.composite
def plan_inputs(draw: st.DrawFn) -> PlanInputs:
    opens = draw(st.integers(6 * 60, 13 * 60))
    closes = draw(st.integers(opens + 1, 21 * 60))
    rate = draw(st.sampled_from(RATES))
    return PlanInputs(
        cohort_size=draw(st.integers(0, 20_000)),
        start=MONDAY + timedelta(days=draw(st.integers(0, 500)), minutes=draw(st.integers(0, 24 * 60 - 1))),
        first_block=draw(st.integers(1, 3_000)),
        growth=draw(st.sampled_from(GROWTHS)),
        max_block=draw(st.integers(1, 4_000)),
        interval=draw(st.sampled_from(INTERVALS)),
        window=SendingWindow(
            tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1)))),
            time(opens // 60, opens % 60),
            time(closes // 60, closes % 60),
        ),
        region=draw(st.sampled_from(list(Region))),
        response_rate=rate,
        # A capacity below one call a day at this rate could never release anything.
        daily_capacity=draw(st.integers(max(1, math.ceil(rate)), 400)),
        cost_per_message=draw(st.sampled_from([Decimal(0), Decimal("3.168"), Decimal("6.336")])),
    )


def messages_a_day(inputs: PlanInputs) -> float:
    """What keeps a day's expected calls within its capacity."""
    return math.inf if inputs.response_rate == 0 else math.floor(inputs.daily_capacity / inputs.response_rate)


def targets(inputs: PlanInputs, count: int) -> list[int]:
    """The sizes the blocks aim at: the first block, each the last times the growth (rounded up), capped."""
    found = [min(inputs.first_block, inputs.max_block)][:count]
    while len(found) < count:
        grown = int((found[-1] * inputs.growth).to_integral_value(ROUND_CEILING))
        found.append(min(inputs.max_block, grown))
    return found


def wall(moment: datetime) -> datetime:
    return moment.astimezone(UK).replace(tzinfo=None)


def assert_keeps_its_promises(plan: ReleasePlan, already: dict[date, int] | None = None) -> None:
    inputs, blocks = plan.inputs, plan.blocks
    already = already or {}
    holidays = bank_holidays(inputs.region, range(inputs.start.year, inputs.start.year + 4))
    # The whole cohort, each patient once, in numbered blocks.
    assert sum(b.size for b in blocks) == inputs.cohort_size
    assert all(b.size >= 1 for b in blocks)
    running = 0
    for block in blocks:
        running += block.size
        assert block.cumulative == running
        assert block.expected_calls == block.size * inputs.response_rate
        assert block.cost == block.size * inputs.cost_per_message
    # Only on sending days, inside the sending hours, never before the start; an interval apart.
    for block in blocks:
        local = block.release_at.astimezone(UK)
        assert local.weekday() in inputs.window.days and local.date() not in holidays
        assert inputs.window.start <= local.time() < inputs.window.end
    if blocks:
        assert blocks[0].release_at >= inputs.start
    for earlier, later in pairwise(blocks):
        assert wall(later.release_at) >= wall(earlier.release_at) + inputs.interval
    # Never more calls on a day than the practice can answer, counting what went out already.
    sent_on: dict[date, int] = defaultdict(int, already)
    for block in blocks:
        sent_on[block.release_at.astimezone(UK).date()] += block.size
    for day, calls in plan.calls_by_day().items():
        assert calls == sum(b.expected_calls for b in blocks if b.release_at.date() == day)
        assert sent_on[day] * inputs.response_rate <= inputs.daily_capacity
    # Blocks start small and grow; one is cut only to the end of the cohort or a full day.
    per_day = messages_a_day(inputs)
    for block, target in zip(blocks, targets(inputs, len(blocks)), strict=True):
        left_before = inputs.cohort_size - block.cumulative + block.size
        if block.size < min(target, left_before):
            assert sent_on[block.release_at.astimezone(UK).date()] == per_day, "cut, but the day had room"
            assert any(f"Block {block.number} reduced" in note for note in plan.notes)
        else:
            assert block.size == min(target, left_before)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    inputs=plan_inputs(),
    already=st.dictionaries(st.dates(date(2026, 11, 30), date(2028, 6, 30)), st.integers(0, 3_000), max_size=5),
)
def test_every_plan_keeps_its_promises_whatever_the_inputs(inputs: PlanInputs, already: dict[date, int]) -> None:
    try:
        plan = plan_release(inputs, already)
    except PlanError as error:
        assert f"more than {MAX_RELEASES} releases" in str(error)
        return
    assert plan.inputs == inputs
    assert [b.number for b in plan.blocks] == list(range(1, len(plan.blocks) + 1))
    assert_keeps_its_promises(plan, already)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs=plan_inputs(), data=st.data())
def test_a_replan_releases_the_rest_and_keeps_the_same_promises(inputs: PlanInputs, data: st.DataObject) -> None:
    try:
        plan = plan_release(inputs)
        if data.draw(st.booleans(), "planned again before") and len(plan.blocks) > 1:
            plan = replan(plan, 1, [(plan.blocks[0].size, 0)], plan.blocks[0].release_at)  # numbered from 2
    except PlanError:
        return
    released = data.draw(st.integers(0, len(plan.blocks)), "blocks released")
    done = plan.blocks[:released]
    calls = [(b.size, data.draw(st.integers(0, b.size), f"calls {b.number}")) for b in done]
    after = plan.inputs.start + timedelta(hours=data.draw(st.integers(0, 24 * 60), "hours later"))
    try:
        again = replan(plan, released, calls, after)
    except PlanError as error:
        assert "releases" in str(error)
        return
    rate = observed_rate(calls)
    assert again.inputs.response_rate == (rate if rate is not None else plan.inputs.response_rate)
    assert again.inputs.cohort_size == plan.inputs.cohort_size - sum(b.size for b in done)
    # The rest grows on from what the next block aimed at, even if it had been cut to fit a day.
    assert again.inputs.first_block == targets(plan.inputs, released + 1)[released]
    if not again.blocks:
        assert again.inputs.cohort_size == 0
        return
    first_number = done[-1].number + 1 if done else plan.blocks[0].number
    assert [b.number for b in again.blocks] == list(range(first_number, first_number + len(again.blocks)))
    assert again.blocks[-1].cumulative == plan.blocks[-1].cumulative  # the same patients in all
    assert again.blocks[0].release_at >= after
    if done:
        assert wall(again.blocks[0].release_at) >= wall(done[-1].release_at) + plan.inputs.interval
    sent_before: dict[date, int] = {}
    for block in done:
        day = block.release_at.astimezone(UK).date()
        sent_before[day] = sent_before.get(day, 0) + block.size
    restarted = ReleasePlan(
        again.inputs,
        tuple(
            replace(b, number=i + 1, cumulative=b.cumulative - (again.blocks[0].cumulative - again.blocks[0].size))
            for i, b in enumerate(again.blocks)
        ),
        again.notes,
    )
    assert_keeps_its_promises(restarted, sent_before)


# --- the boundaries ----------------------------------------------------------------------

TUESDAY = datetime(2026, 12, 1, tzinfo=UK)


def one_release(start: datetime, **changes: object) -> datetime:
    inputs = replace(PlanInputs(cohort_size=10, start=start), **changes)  # type: ignore[arg-type]
    return plan_release(inputs).blocks[0].release_at


@pytest.mark.parametrize(
    ("asked", "released"),
    [
        (time(8, 59), datetime(2026, 12, 1, 9, 0, tzinfo=UK)),  # waits for the window
        (time(9, 0), datetime(2026, 12, 1, 9, 0, tzinfo=UK)),  # the window's first minute
        (time(15, 59), datetime(2026, 12, 1, 15, 59, tzinfo=UK)),  # its last minute
        (time(16, 0), datetime(2026, 12, 2, 9, 0, tzinfo=UK)),  # closed at 16:00 exactly: the next day
        (time(23, 59), datetime(2026, 12, 2, 9, 0, tzinfo=UK)),
    ],
)
def test_releases_go_out_only_inside_the_sending_hours(asked: time, released: datetime) -> None:
    assert one_release(datetime.combine(TUESDAY.date(), asked, UK)) == released


def test_a_day_filled_exactly_moves_the_next_release_to_the_next_day() -> None:
    # 5 calls at 5% is 100 messages a day: two blocks of 50 fill Tuesday exactly, so the third
    # (due at 11:00) waits for Wednesday 09:00 rather than going out as an empty release.
    plan = plan_release(
        PlanInputs(
            cohort_size=150,
            start=TUESDAY,
            first_block=50,
            growth=Decimal(1),
            interval=timedelta(hours=1),
            daily_capacity=5,
        )
    )
    assert [(b.size, f"{b.release_at:%a %H:%M}") for b in plan.blocks] == [
        (50, "Tue 09:00"),
        (50, "Tue 10:00"),
        (50, "Wed 09:00"),
    ]
    assert not plan.notes  # nothing was cut: each block fitted


def test_one_message_of_room_is_still_used() -> None:
    plan = plan_release(
        PlanInputs(
            cohort_size=200,
            start=TUESDAY,
            first_block=99,
            growth=Decimal(1),
            interval=timedelta(hours=1),
            daily_capacity=5,
        )
    )
    assert [b.size for b in plan.blocks][:3] == [99, 1, 99]  # the second fills Tuesday's last place
    assert plan.blocks[1].release_at.date() == TUESDAY.date()
    assert plan.notes == ("Block 2 reduced from 99 to 1 so expected calls on Tue 01 Dec stay within 5 a day.",)


def test_growth_rounds_up_to_a_whole_message() -> None:
    plan = plan_release(PlanInputs(cohort_size=20, start=TUESDAY, first_block=3, growth=Decimal("1.5")))
    assert [b.size for b in plan.blocks] == [3, 5, 8, 4]  # 4.5 -> 5, 7.5 -> 8


def test_a_cohort_the_size_of_the_first_block_needs_no_note() -> None:
    plan = plan_release(PlanInputs(cohort_size=500, start=TUESDAY, first_block=500))
    assert [b.size for b in plan.blocks] == [500] and plan.notes == ()
    smaller = plan_release(PlanInputs(cohort_size=499, start=TUESDAY, first_block=500))
    assert smaller.notes == ("The cohort (499) is smaller than the first block: one release.",)


def test_five_hundred_releases_are_allowed_and_one_more_is_not() -> None:
    base = PlanInputs(
        cohort_size=MAX_RELEASES,
        start=TUESDAY,
        first_block=1,
        growth=Decimal(1),
        max_block=1,
        interval=timedelta(minutes=1),
        window=SendingWindow(tuple(range(7)), time(0), time(23, 59)),
        daily_capacity=10_000,
    )
    assert len(plan_release(base).blocks) == MAX_RELEASES
    with pytest.raises(PlanError, match=f"more than {MAX_RELEASES} releases"):
        plan_release(replace(base, cohort_size=MAX_RELEASES + 1))


def test_the_rate_seen_counts_every_block_and_none_before_any() -> None:
    assert observed_rate([]) is None
    assert observed_rate([(0, 0)]) is None
    assert observed_rate([(1, 1)]) == Decimal(1)
    assert observed_rate([(500, 20), (1500, 80)]) == Decimal("0.05")


def test_replanning_when_every_block_has_gone_leaves_nothing() -> None:
    plan = plan_release(PlanInputs(cohort_size=600, start=TUESDAY, first_block=300, growth=Decimal(1)))
    done = replan(plan, 2, [(300, 3), (300, 9)], TUESDAY + timedelta(days=3))
    assert done.blocks == () and done.inputs.cohort_size == 0
    assert done.inputs.response_rate == Decimal("0.02")


def test_the_sending_window_describes_itself_for_the_plan_command() -> None:
    assert SendingWindow((4, 0, 2), time(10), time(15, 30)).describe() == "Mon, Wed, Fri, 10:00 to 15:30"
    assert SendingWindow((), time(9), time(16)).describe() == "no days, 09:00 to 16:00"


def test_inputs_keep_every_setting_through_json() -> None:
    """Each field differs from its default, so a field dropped on the way is seen."""
    original = PlanInputs(
        cohort_size=12_345,
        start=datetime(2027, 3, 2, 10, 30, tzinfo=UK),
        first_block=250,
        growth=Decimal("1.7"),
        max_block=1_500,
        interval=timedelta(hours=36),
        window=SendingWindow((1, 3), time(10), time(14, 45)),
        region=Region.SCOTLAND,
        response_rate=Decimal("0.07"),
        daily_capacity=80,
        cost_per_message=Decimal("6.336"),
        by_hour=True,
        curve=ResponseCurve(*map(Decimal, ("0.5", "0.2", "0.1", "0.1", "0.1"))),
        reminder_days_before=3,
    )
    assert PlanInputs.from_json(original.to_json()) == original
    assert all(
        getattr(original, f) != getattr(PlanInputs(0, original.start), f) for f in vars(original) if f != "start"
    )


def test_inputs_saved_before_hourly_pacing_read_as_a_daily_plan_at_the_default_curve() -> None:
    saved = PlanInputs(10, MONDAY, by_hour=True).to_json()
    del saved["by_hour"], saved["curve"], saved["reminder_days_before"]
    assert PlanInputs.from_json(saved) == PlanInputs(10, MONDAY)


def test_a_moved_release_goes_out_as_the_next_sending_day_opens() -> None:
    """A window from midnight, in summer time: moved by a full day, or by the weekend, at 00:00."""
    night = SendingWindow((0, 1, 2, 3, 4), time(0), time(6))
    full = plan_release(
        PlanInputs(
            cohort_size=200,
            start=datetime(2027, 7, 6, 0, 0, tzinfo=UK),  # a Tuesday
            first_block=100,
            growth=Decimal(1),
            interval=timedelta(hours=1),
            window=night,
            daily_capacity=5,
        )
    )
    assert [f"{b.release_at:%a %H:%M}" for b in full.blocks] == ["Tue 00:00", "Wed 00:00"]
    assert one_release(datetime(2027, 7, 10, 12, 0, tzinfo=UK), window=night) == datetime(2027, 7, 12, 0, 0, tzinfo=UK)


def test_a_replan_counts_what_went_out_earlier_the_same_day() -> None:
    """Two blocks of 40 went out on Tuesday morning (100 a day at 5%): only 20 more fit that day,
    and the blocks after it are 40 again."""
    plan = plan_release(
        PlanInputs(
            cohort_size=400,
            start=TUESDAY.replace(hour=9),
            first_block=40,
            growth=Decimal(1),
            interval=timedelta(hours=1),
            daily_capacity=5,
        )
    )
    again = replan(plan, 2, [(40, 2), (40, 2)], TUESDAY.replace(hour=10, minute=30))
    assert [(b.number, b.size, f"{b.release_at:%a %H:%M}") for b in again.blocks[:3]] == [
        (3, 20, "Tue 11:00"),
        (4, 40, "Wed 09:00"),
        (5, 40, "Wed 10:00"),
    ]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"cohort_size": -1}, "The cohort size cannot be negative."),
        ({"start": datetime(2026, 12, 1, 9, 0)}, "The start time needs a time zone."),
        ({"window": SendingWindow(start=time(9), end=time(9))}, "The sending hours must start before they end."),
    ],
)
def test_inputs_no_plan_can_meet_are_refused_with_the_reason(changes: dict[str, object], reason: str) -> None:
    with pytest.raises(PlanError) as refused:
        plan_release(replace(PlanInputs(cohort_size=10, start=TUESDAY), **changes))  # type: ignore[arg-type]
    assert str(refused.value) == reason


def test_a_replan_releases_the_last_patient_too() -> None:
    plan = plan_release(PlanInputs(cohort_size=501, start=TUESDAY, first_block=500, growth=Decimal(1), max_block=500))
    assert [b.size for b in plan.blocks] == [500, 1]
    again = replan(plan, 1, [(500, 10)], TUESDAY + timedelta(hours=1))
    assert [(b.number, b.size, b.cumulative) for b in again.blocks] == [(2, 1, 501)]


def test_a_window_with_no_sending_day_is_refused_in_plain_words() -> None:
    from desktop.core.bank_holidays import Region
    from desktop.core.schedule import Holidays, next_sending_moment

    with pytest.raises(PlanError) as refused:
        next_sending_moment(TUESDAY, SendingWindow(days=()), Holidays(Region.ENGLAND_AND_WALES))
    assert str(refused.value) == "No sending day could be found in the next two years."
