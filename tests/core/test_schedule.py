from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.bank_holidays import Region, bank_holidays
from desktop.core.clock import UK
from desktop.core.quickcheck import QUESTIONS, QuickCheck
from desktop.core.schedule import (
    PlanError,
    PlanInputs,
    SendingWindow,
    observed_rate,
    plan_release,
    replan,
)

START = datetime(2026, 12, 1, 9, 0, tzinfo=UK)  # a Tuesday


def inputs(**changes: object) -> PlanInputs:
    base = PlanInputs(
        cohort_size=10_000,
        start=START,
        first_block=500,
        growth=Decimal(2),
        max_block=2000,
        daily_capacity=150,
        cost_per_message=Decimal("3.168"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_guidance_example_starts_small_and_grows_to_blocks_of_2000() -> None:
    plan = plan_release(inputs())
    assert [b.size for b in plan.blocks] == [500, 1000, 2000, 2000, 2000, 2000, 500]
    assert [b.release_at.strftime("%a %d") for b in plan.blocks] == [
        "Tue 01",
        "Wed 02",
        "Thu 03",
        "Fri 04",
        "Mon 07",
        "Tue 08",
        "Wed 09",
    ]
    assert plan.total_messages == 10_000
    assert plan.blocks[0].expected_calls == Decimal(25)
    assert plan.total_cost == Decimal("31680.000")
    assert plan.notes == ()


def test_a_cohort_smaller_than_the_first_block_is_one_release() -> None:
    plan = plan_release(inputs(cohort_size=120))
    assert [b.size for b in plan.blocks] == [120]
    assert "smaller than the first block" in plan.notes[0]


def test_an_empty_cohort_has_no_releases() -> None:
    assert plan_release(inputs(cohort_size=0)).blocks == ()


def test_zero_capacity_is_a_clear_error() -> None:
    with pytest.raises(PlanError, match="capacity for extra calls must be more than zero"):
        plan_release(inputs(daily_capacity=0))


def test_a_window_with_no_sending_days_is_a_clear_error() -> None:
    with pytest.raises(PlanError, match="at least one day"):
        plan_release(inputs(window=SendingWindow(days=())))


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"window": SendingWindow(start=time(16), end=time(9))}, "start before they end"),
        ({"growth": Decimal("0.5")}, "growth of 1 or more"),
        ({"response_rate": Decimal("1.5")}, "between 0% and 100%"),
        ({"first_block": 0}, "at least one message"),
        ({"interval": timedelta(0)}, "more than zero"),
        ({"first_block": 1, "growth": Decimal(1), "daily_capacity": 10_000}, "more than 500 releases"),
    ],
)
def test_impossible_inputs_say_why(changes: dict[str, object], reason: str) -> None:
    with pytest.raises(PlanError, match=reason):
        plan_release(inputs(**changes))


def test_blocks_shrink_to_keep_calls_within_capacity_and_say_so() -> None:
    plan = plan_release(inputs(daily_capacity=60))  # 60 calls at 5% is 1,200 messages a day
    assert max(b.size for b in plan.blocks) == 1200
    assert all(calls <= 60 for calls in plan.calls_by_day().values())
    assert any("reduced from 2,000 to 1,200" in note for note in plan.notes)


def test_several_releases_a_day_share_the_days_capacity() -> None:
    plan = plan_release(inputs(interval=timedelta(hours=2), first_block=300, growth=Decimal(1), daily_capacity=50))
    first_day = [b for b in plan.blocks if b.release_at.date() == date(2026, 12, 1)]
    assert [b.release_at.strftime("%H:%M") for b in first_day] == ["09:00", "11:00", "13:00", "15:00"]
    assert sum(b.size for b in first_day) == 1000  # 50 calls at 5%, the last block cut to fit
    assert all(calls <= 50 for calls in plan.calls_by_day().values())


def test_christmas_new_year_easter_and_the_clock_change_are_respected() -> None:
    plan = plan_release(
        inputs(
            cohort_size=80_000,
            start=datetime(2026, 12, 23, 9, tzinfo=UK),
            first_block=1000,
            growth=Decimal(1),
            max_block=1000,
            daily_capacity=50,
        )
    )
    days = [b.release_at.date() for b in plan.blocks]
    holidays = bank_holidays(Region.ENGLAND_AND_WALES, [2026, 2027])
    assert date(2026, 12, 25) not in days and date(2026, 12, 28) not in days and date(2027, 1, 1) not in days
    assert date(2027, 3, 26) not in days and date(2027, 3, 29) not in days  # Good Friday, Easter Monday
    assert not any(d in holidays or d.weekday() >= 5 for d in days)
    before, after = (
        next(b for b in plan.blocks if b.release_at.date() == d) for d in (date(2027, 3, 25), date(2027, 3, 30))
    )
    assert before.release_at.hour == after.release_at.hour == 9  # 09:00 UK time on both sides of 28 March
    assert before.release_at.astimezone(UTC).hour == 9 and after.release_at.astimezone(UTC).hour == 8


def test_scottish_bank_holidays_follow_the_region() -> None:
    start = datetime(2026, 11, 27, 9, tzinfo=UK)  # Friday before St Andrew's Day (Mon 30 Nov)
    scotland = plan_release(inputs(start=start, region=Region.SCOTLAND, cohort_size=1000))
    england = plan_release(inputs(start=start, cohort_size=1000))
    assert scotland.blocks[1].release_at.date() == date(2026, 12, 1)
    assert england.blocks[1].release_at.date() == date(2026, 11, 30)


def test_a_start_outside_hours_waits_for_the_window() -> None:
    plan = plan_release(inputs(start=datetime(2026, 12, 4, 17, 30, tzinfo=UK), cohort_size=100))  # Fri evening
    assert plan.blocks[0].release_at == datetime(2026, 12, 7, 9, 0, tzinfo=UK)


def test_a_100_000_patient_cohort_is_planned_in_blocks_within_capacity() -> None:
    plan = plan_release(inputs(cohort_size=100_000, daily_capacity=100))  # timed in benchmarks/bench_plan.py
    assert plan.total_messages == 100_000
    assert max(b.size for b in plan.blocks) == 2000
    assert all(calls <= 100 for calls in plan.calls_by_day().values())


def test_learning_from_responses_slows_the_rest_when_more_patients_call() -> None:
    plan = plan_release(inputs())
    assert observed_rate([(500, 60)]) == Decimal("0.12")
    again = replan(plan, released=1, calls=[(500, 60)], after=plan.blocks[0].release_at + timedelta(hours=1))
    assert again.inputs.response_rate == Decimal("0.12")
    assert again.blocks[0].number == 2
    assert sum(b.size for b in again.blocks) == 9_500
    assert again.blocks[-1].cumulative == 10_000
    assert all(calls <= 150 for calls in again.calls_by_day().values())
    assert max(b.size for b in again.blocks) == 1250  # 150 calls at 12%
    assert again.last_release > plan.last_release  # slower than planned


def test_inputs_survive_a_round_trip_through_json() -> None:
    original = inputs(window=SendingWindow((0, 2, 4), time(10), time(15, 30)), interval=timedelta(hours=36))
    assert PlanInputs.from_json(original.to_json()) == original


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(0, 30_000),
    first=st.integers(1, 3000),
    growth=st.sampled_from([Decimal(1), Decimal("1.5"), Decimal(2)]),
    capacity=st.integers(20, 500),
    rate=st.sampled_from([Decimal("0.01"), Decimal("0.05"), Decimal("0.1")]),
    days=st.sets(st.integers(0, 6), min_size=1),
    start_day=st.integers(0, 400),
)
def test_every_plan_keeps_its_promises(
    size: int, first: int, growth: Decimal, capacity: int, rate: Decimal, days: set[int], start_day: int
) -> None:
    window = SendingWindow(tuple(sorted(days)), time(9), time(16))
    plan_inputs = inputs(
        cohort_size=size,
        first_block=first,
        growth=growth,
        daily_capacity=capacity,
        response_rate=rate,
        window=window,
        start=START + timedelta(days=start_day),
    )
    try:
        plan = plan_release(plan_inputs)
    except PlanError as error:
        assert "releases" in str(error)  # only the release-count guard may refuse these inputs
        return
    assert sum(b.size for b in plan.blocks) == size
    assert all(1 <= b.size <= 2000 for b in plan.blocks)
    assert all(calls <= capacity for calls in plan.calls_by_day().values())
    holidays = bank_holidays(Region.ENGLAND_AND_WALES, range(2026, 2035))
    for block in plan.blocks:
        local = block.release_at.astimezone(UK)
        assert local.weekday() in days and local.date() not in holidays
        assert time(9) <= local.time() < time(16)
    times = [b.release_at for b in plan.blocks]
    assert times == sorted(times) and len(set(times)) == len(times)


def test_quick_check_concerns_and_gaps() -> None:
    check = QuickCheck({key: True for key, _, _ in QUESTIONS} | {"costs_understood": False}, "Fewer DNAs", "12%")
    assert check.is_complete
    [concern] = check.concerns()
    assert "costs fully understood? No." in concern and "monthly budget" in concern
    assert QuickCheck.from_json(check.to_json()) == check
    assert not QuickCheck().is_complete and len(QuickCheck().missing()) == 5
