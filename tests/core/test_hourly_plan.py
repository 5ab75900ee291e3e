"""Release plans that follow the phones hour by hour: every hour within its capacity, the whole cohort sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.clock import UK
from desktop.core.hourly_plan import plan_by_hour
from desktop.core.phone_hours import PhoneHours, ResponseCurve, calls_by_hour
from desktop.core.schedule import PlanError, PlanInputs, SendingWindow

CURVE = ResponseCurve()
MORNING_HEAVY = PhoneHours()  # 2 spare calls an hour at 08:00-10:00, up to 10 in the early afternoon
MONDAY = datetime(2026, 11, 30, tzinfo=UK)
# The guidance's example: 10,000 patients, blocks of about 2,000, slowly at first.
GUIDANCE = PlanInputs(
    cohort_size=10_000,
    start=MONDAY,
    first_block=500,
    growth=Decimal(2),
    max_block=2000,
    window=SendingWindow(start=time(9, 0), end=time(16, 0)),
    response_rate=Decimal("0.02"),
)
TINY = Decimal("1e-18")  # Decimal sums of thirds


def within_capacity(plan_calls: dict[datetime, Decimal], hours: PhoneHours) -> bool:
    return all(calls <= hours.spare(hour) + TINY for hour, calls in plan_calls.items())


def test_the_guidance_example_keeps_every_hour_within_its_capacity() -> None:
    plan = plan_by_hour(GUIDANCE, MORNING_HEAVY, CURVE)
    assert sum(r.size for r in plan.releases) == 10_000
    recomputed = calls_by_hour(((r.at, r.size) for r in plan.releases), GUIDANCE.response_rate, CURVE, MORNING_HEAVY)
    assert within_capacity(recomputed, MORNING_HEAVY)
    days = list(plan.by_day().values())
    assert days[:6] == [500, 1000, 2000, 2000, 2000, 2000]  # growing from the first day; the rest last
    assert len({r.at.date() for r in plan.releases}) < len(plan.releases)  # blocks are split within the day
    assert all(time(9) <= r.at.astimezone(UK).time() < time(16) and r.at.weekday() < 5 for r in plan.releases)


def test_a_day_that_falls_short_says_why() -> None:
    plan = plan_by_hour(replace(GUIDANCE, response_rate=Decimal("0.05")), MORNING_HEAVY, CURVE)  # 100 calls a day
    assert plan.by_day()[MONDAY.date() + timedelta(days=2)] == 998
    assert (
        plan.notes[0]
        == "Wed 02 Dec: 998 of 2,000 messages, so that no hour's expected calls go over what reception can take."
    )
    assert within_capacity(plan.calls, MORNING_HEAVY) and any(
        "so that no hour's expected calls go over what reception can take" in note for note in plan.notes
    )


def test_with_no_calls_expected_each_day_goes_in_one_release_at_the_start() -> None:
    free = plan_by_hour(
        PlanInputs(cohort_size=700, start=MONDAY, first_block=300, response_rate=Decimal(0)), MORNING_HEAVY, CURVE
    )
    assert [(r.at.astimezone(UK).hour, r.size) for r in free.releases] == [(9, 300), (9, 400)]


def test_phones_with_no_spare_capacity_cannot_be_planned_for() -> None:
    closed = PhoneHours({day: {9: 0} for day in range(5)})
    with pytest.raises(PlanError, match="spare capacity is too small"):
        plan_by_hour(GUIDANCE, closed, CURVE)


@settings(max_examples=60, deadline=None)
@given(
    cohort=st.integers(1, 6_000),
    first=st.integers(50, 1_000),
    growth=st.sampled_from([Decimal(1), Decimal("1.5"), Decimal(2)]),
    rate=st.sampled_from([Decimal("0.005"), Decimal("0.02"), Decimal("0.05")]),
    morning=st.integers(1, 6),
    afternoon=st.integers(4, 20),
    start_hour=st.integers(0, 23),
)
def test_any_plan_sends_everyone_within_the_window_and_every_hours_capacity(
    cohort: int, first: int, growth: Decimal, rate: Decimal, morning: int, afternoon: int, start_hour: int
) -> None:
    hours = PhoneHours({day: {h: (morning if h < 12 else afternoon) for h in range(8, 18)} for day in range(5)})
    inputs = PlanInputs(
        cohort_size=cohort,
        start=MONDAY + timedelta(hours=start_hour),
        first_block=first,
        growth=growth,
        max_block=2_000,
        response_rate=rate,
    )
    plan = plan_by_hour(inputs, hours, CURVE)
    assert sum(r.size for r in plan.releases) == cohort and all(r.size > 0 for r in plan.releases)
    assert all(r.at >= inputs.start for r in plan.releases)
    assert all(r.at.weekday() < 5 and time(9) <= r.at.astimezone(UK).time() < time(16) for r in plan.releases)
    recomputed = calls_by_hour(((r.at, r.size) for r in plan.releases), rate, CURVE, hours)
    assert within_capacity(recomputed, hours)
    days = list(plan.by_day().values())
    assert days[0] <= first  # slowly at first


def test_a_plan_with_room_to_spare_has_nothing_to_explain_and_each_release_its_calls() -> None:
    plan = plan_by_hour(GUIDANCE, MORNING_HEAVY, CURVE)
    assert plan.notes == ()
    assert all(r.expected_calls == r.size * GUIDANCE.response_rate for r in plan.releases)


@pytest.mark.parametrize(
    ("start", "first"),
    [
        (MONDAY + timedelta(hours=9), MONDAY + timedelta(hours=9)),  # at the window's start: then
        (MONDAY - timedelta(days=1), MONDAY + timedelta(hours=9)),  # a Sunday: the Monday
        (MONDAY + timedelta(hours=17), MONDAY + timedelta(days=1, hours=9)),  # after the window: the next day
    ],
)
def test_the_first_release_is_the_first_half_hour_of_the_window_from_the_start(
    start: datetime, first: datetime
) -> None:
    plan = plan_by_hour(replace(GUIDANCE, start=start), MORNING_HEAVY, CURVE)
    assert plan.releases[0].at == first


def test_a_day_that_could_send_nothing_does_not_grow_the_next_block() -> None:
    # Tuesday's phones have no spare capacity: Monday's calls would reach it, and Tuesday's too.
    hours = PhoneHours({day: {h: (0 if day == 1 else 100) for h in range(9, 17)} for day in range(5)})
    plan = plan_by_hour(replace(GUIDANCE, cohort_size=1_000, first_block=100), hours, CURVE)
    assert next(iter(plan.by_day().items())) == ((MONDAY + timedelta(days=2)).date(), 100)
    assert plan.notes[0] == "Mon 30 Nov: nothing released: the phones have no spare capacity left that day."


def test_phones_that_never_open_cannot_be_planned_for() -> None:
    with pytest.raises(PlanError, match="spare capacity is too small"):
        plan_by_hour(GUIDANCE, PhoneHours({}), CURVE)


def test_a_curve_with_an_empty_share_still_keeps_every_hour_within_capacity() -> None:
    curve = ResponseCurve(
        first_hour=Decimal("0.6"), next_two_hours=Decimal(0), rest_of_day=Decimal("0.2"), next_day=Decimal("0.2"),
        day_after=Decimal(0),
    )  # fmt: skip
    plan = plan_by_hour(GUIDANCE, MORNING_HEAVY, curve)
    recomputed = calls_by_hour(((r.at, r.size) for r in plan.releases), GUIDANCE.response_rate, curve, MORNING_HEAVY)
    assert sum(r.size for r in plan.releases) == 10_000 and within_capacity(recomputed, MORNING_HEAVY)
    assert curve.describe().startswith("60% in the first hour, 0% in the next two")


def test_releases_go_every_half_hour_inside_the_window_never_at_its_end() -> None:
    from desktop.core.hourly_plan import _slots

    slots = list(_slots(MONDAY.date(), GUIDANCE))
    assert slots[0] == MONDAY + timedelta(hours=9) and slots[-1] == MONDAY + timedelta(hours=15, minutes=30)
    assert len(slots) == 14


def test_a_release_is_held_to_its_tightest_hour_even_the_next_day() -> None:
    from desktop.core.hourly_plan import _room

    curve = ResponseCurve(
        first_hour=Decimal("0.6"), next_two_hours=Decimal(0), rest_of_day=Decimal("0.2"), next_day=Decimal("0.2"),
        day_after=Decimal(0),
    )  # fmt: skip
    hours = PhoneHours({0: {h: 100 for h in range(9, 17)}, 1: {h: 1 for h in range(9, 17)}})
    # Tuesday takes 20% over its eight hours: 2.5% of the calls an hour, 1 call at most, so 800 messages at 5%.
    assert _room(MONDAY + timedelta(hours=9), Decimal("0.05"), curve, hours, {}) == 800


def test_nothing_goes_while_the_phones_are_shut_and_a_shut_day_is_passed_over_quietly() -> None:
    afternoons = PhoneHours({day: {13: 10, 14: 10, 15: 10} for day in range(5)}, frozenset({MONDAY.date()}))
    plan = plan_by_hour(GUIDANCE, afternoons, CURVE)
    assert all(afternoons.is_open(r.at) and r.at.hour >= 13 for r in plan.releases)
    assert plan.releases[0].at.date() == MONDAY.date() + timedelta(days=1)
    assert plan.by_day()[MONDAY.date() + timedelta(days=1)] == 500  # the closed Monday did not use the first block
    assert not any("Mon 30 Nov" in note for note in plan.notes)
    assert not afternoons.is_open(MONDAY.replace(hour=13)) and afternoons.is_open(
        MONDAY.replace(day=1, month=12, hour=13, minute=59)
    )


def test_a_release_already_gone_counts_towards_its_uk_days_block() -> None:
    from datetime import UTC

    night = PhoneHours({day: {0: 100, 1: 100} for day in range(5)})
    summer = datetime(2026, 7, 6, tzinfo=UK)  # a Monday
    inputs = replace(GUIDANCE, start=summer, window=SendingWindow(start=time(0), end=time(2)), first_block=100)
    late = datetime(2026, 7, 5, 23, 30, tzinfo=UTC)  # 00:30 on Monday in the UK
    plan = plan_by_hour(inputs, night, CURVE, [(late, 60)])
    assert plan.by_day()[summer.date()] == 40


def test_no_release_on_a_day_outside_the_sending_window_even_if_the_phones_are_open() -> None:
    every_day = PhoneHours({day: dict.fromkeys(range(8, 18), 10) for day in range(7)})
    plan = plan_by_hour(replace(GUIDANCE, cohort_size=3_000), every_day, CURVE)
    assert {r.at.weekday() for r in plan.releases} <= set(range(5))


ONE_A_DAY = PhoneHours({day: {9: 1} for day in range(5)})  # one call in one hour a weekday
FIRST_HOUR = ResponseCurve(*map(Decimal, ("0.6", "0.1", "0.1", "0.1", "0.1")))  # a release's calls mostly at once
SLOW = replace(GUIDANCE, window=SendingWindow(start=time(9), end=time(10)), response_rate=Decimal(1))


def test_a_day_that_sends_a_single_message_of_its_block_says_so() -> None:
    plan = plan_by_hour(replace(SLOW, cohort_size=3), ONE_A_DAY, FIRST_HOUR)
    assert [r.size for r in plan.releases] == [1, 1, 1]
    assert (
        plan.notes[0]
        == "Mon 30 Nov: 1 of 3 messages, so that no hour's expected calls go over what reception can take."
    )


def test_a_cohort_one_message_too_large_for_the_planning_horizon_is_refused() -> None:
    """One message a sending day fits: as many messages as the horizon (730 x 2 days) has sending days
    are planned; one more is refused, never left out."""
    from desktop.core.bank_holidays import Region
    from desktop.core.hourly_plan import MAX_DAYS
    from desktop.core.schedule import Holidays

    one = replace(SLOW, first_block=1, max_block=1, growth=Decimal(1))
    holidays = Holidays(Region.ENGLAND_AND_WALES)
    days = [MONDAY.date() + timedelta(days=n) for n in range(MAX_DAYS * 2)]
    sending = sum(1 for day in days if day.weekday() < 5 and day not in holidays)
    plan = plan_by_hour(replace(one, cohort_size=sending), ONE_A_DAY, FIRST_HOUR)
    assert len(plan.releases) == sending and {r.size for r in plan.releases} == {1}
    with pytest.raises(PlanError, match="too small to release this cohort within two years"):
        plan_by_hour(replace(one, cohort_size=sending + 1), ONE_A_DAY, FIRST_HOUR)


def test_an_hourly_plan_keeps_the_reasons_days_fell_short() -> None:
    from desktop.core.hourly_plan import hourly_release_plan

    inputs = replace(SLOW, cohort_size=3, curve=FIRST_HOUR)
    assert hourly_release_plan(inputs, ONE_A_DAY).notes == plan_by_hour(inputs, ONE_A_DAY, FIRST_HOUR).notes != ()
