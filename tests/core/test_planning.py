"""A campaign's plan, paced by the day or by the hour, and made again from the calls seen."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.clock import UK
from desktop.core.hourly_plan import SLOT, plan_by_hour
from desktop.core.phone_hours import PhoneHours, ResponseCurve, calls_by_hour
from desktop.core.planning import plan_campaign, replan_campaign
from desktop.core.schedule import PlanError, PlanInputs, ReleasePlan, observed_rate, plan_release, replan

HOURS = PhoneHours()
MONDAY = datetime(2026, 11, 30, tzinfo=UK)
HOURLY = PlanInputs(
    cohort_size=10_000,
    start=MONDAY,
    first_block=500,
    growth=Decimal(2),
    response_rate=Decimal("0.02"),
    cost_per_message=Decimal("2.88"),
    by_hour=True,
)
TINY = Decimal("1e-18")


def every_hour_within(plan: ReleasePlan, earlier: list[tuple[datetime, int]], hours: PhoneHours) -> bool:
    """No hour over its capacity, but for what releases already gone bring at the rate seen now: the
    plan cannot take those back, and adds nothing to an hour they fill."""
    rate, curve = plan.inputs.response_rate, plan.inputs.curve
    gone = calls_by_hour(earlier, rate, curve, hours)
    calls = calls_by_hour([*earlier, *((b.release_at, b.size) for b in plan.blocks)], rate, curve, hours)
    return all(
        expected <= max(Decimal(hours.spare(hour)), gone.get(hour, Decimal(0))) + TINY
        for hour, expected in calls.items()
    )


def test_an_hourly_plan_becomes_numbered_priced_releases() -> None:
    plan = plan_campaign(HOURLY, HOURS)
    hourly = plan_by_hour(HOURLY, HOURS, HOURLY.curve)
    assert [(b.release_at, b.size) for b in plan.blocks] == [(r.at, r.size) for r in hourly.releases]
    assert [b.number for b in plan.blocks] == list(range(1, len(plan.blocks) + 1))
    assert plan.total_messages == 10_000 and plan.blocks[-1].cumulative == 10_000
    assert all(b.cost == b.size * Decimal("2.88") for b in plan.blocks)
    assert plan.notes == hourly.notes and plan.inputs == HOURLY


def test_a_daily_plan_counts_what_went_earlier_on_its_days() -> None:
    daily = replace(HOURLY, by_hour=False, cohort_size=3_000)
    earlier = [(MONDAY.replace(hour=9), 1_500), (MONDAY.replace(hour=11), 400)]
    assert plan_campaign(daily, HOURS, earlier) == plan_release(daily, {MONDAY.date(): 1_900})


def test_calls_still_arriving_from_earlier_releases_count_against_the_hours_they_reach() -> None:
    earlier = [(MONDAY.replace(hour=13), 400)]  # 8 calls, most of them that afternoon
    plan = plan_campaign(replace(HOURLY, start=MONDAY.replace(hour=14)), HOURS, earlier)
    fresh = plan_campaign(replace(HOURLY, start=MONDAY.replace(hour=14)), HOURS)
    assert every_hour_within(plan, earlier, HOURS)
    assert plan.blocks[0].size < fresh.blocks[0].size
    monday = sum(b.size for b in plan.blocks if b.release_at.date() == MONDAY.date())
    assert monday <= 500 - 400  # the day's block had mostly gone


def test_a_day_whose_block_already_went_is_passed_over_without_a_note() -> None:
    plan = plan_campaign(replace(HOURLY, start=MONDAY.replace(hour=12)), HOURS, [(MONDAY.replace(hour=9), 500)])
    assert plan.blocks[0].release_at.date() == date(2026, 12, 1)
    assert not any("Mon 30 Nov" in note for note in plan.notes)


def test_a_daily_plan_is_made_again_as_before() -> None:
    daily = replace(HOURLY, by_hour=False)
    plan = plan_campaign(daily, HOURS)
    after = plan.blocks[1].release_at + timedelta(hours=3)
    assert replan_campaign(plan, 2, Decimal("0.06"), after, HOURS) == replan(plan, 2, [(500, 30)], after)


def test_an_hourly_plan_is_made_again_at_the_rate_seen_within_every_hour() -> None:
    plan = plan_campaign(HOURLY, HOURS)
    done = [b for b in plan.blocks if b.release_at.date() == MONDAY.date()]
    seen = [(b.size, b.size // 20) for b in done]  # one in twenty phoned, not one in fifty
    recorded_at = MONDAY.replace(hour=15)
    again = replan_campaign(plan, len(done), observed_rate(seen), recorded_at, HOURS)
    assert again.inputs.response_rate == observed_rate(seen) > Decimal("0.04")
    assert again.blocks[0].number == len(done) + 1 and again.blocks[0].release_at >= recorded_at
    assert again.blocks[-1].cumulative == 10_000 and sum(b.size for b in again.blocks) == 10_000 - done[-1].cumulative
    assert every_hour_within(again, [(b.release_at, b.size) for b in done], HOURS)
    assert again.blocks[-1].release_at > plan.blocks[-1].release_at  # slower: smaller releases


def test_the_next_day_grows_from_the_days_already_sent() -> None:
    plan = plan_campaign(HOURLY, HOURS)
    monday = [b for b in plan.blocks if b.release_at.date() == MONDAY.date()]
    seen = [(b.size, round(b.size * HOURLY.response_rate)) for b in monday]
    again = replan_campaign(plan, len(monday), observed_rate(seen), MONDAY + timedelta(days=1), HOURS)
    assert again.inputs.first_block == 1_000  # Tuesday's block, as first planned
    assert sum(b.size for b in again.blocks if b.release_at.date() == date(2026, 12, 1)) == 1_000
    later_same_day = replan_campaign(plan, 1, observed_rate(seen[:1]), monday[0].release_at, HOURS)
    assert later_same_day.inputs.first_block == 500  # Monday's block continues
    assert later_same_day.blocks[0].release_at >= monday[0].release_at + SLOT


def test_a_learned_curve_is_kept_for_the_rest() -> None:
    plan = plan_campaign(HOURLY, HOURS)
    curve = ResponseCurve(*map(Decimal, ("0.6", "0.2", "0.1", "0.05", "0.05")))
    again = replan_campaign(plan, 1, None, MONDAY.replace(hour=10), HOURS, curve)
    assert again.inputs.curve == curve
    assert every_hour_within(again, [(plan.blocks[0].release_at, plan.blocks[0].size)], HOURS)


def test_nothing_left_makes_an_empty_plan() -> None:
    plan = plan_campaign(replace(HOURLY, cohort_size=100), HOURS)
    assert replan_campaign(plan, len(plan.blocks), Decimal("0.02"), MONDAY.replace(hour=12), HOURS).blocks == ()


@settings(max_examples=40, deadline=None)
@given(
    released=st.integers(1, 20),
    rate=st.sampled_from([Decimal("0.01"), Decimal("0.03"), Decimal("0.08")]),
    hours_later=st.integers(0, 50),
)
def test_any_replan_sends_the_whole_cohort_within_every_hour(released: int, rate: Decimal, hours_later: int) -> None:
    plan = plan_campaign(replace(HOURLY, cohort_size=4_000), HOURS)
    released = min(released, len(plan.blocks))
    done = plan.blocks[:released]
    seen = [(b.size, round(b.size * rate)) for b in done]
    after = done[-1].release_at + timedelta(hours=hours_later)
    again = replan_campaign(plan, released, observed_rate(seen), after, HOURS)
    assert done[-1].cumulative + sum(b.size for b in again.blocks) == 4_000
    assert all(b.release_at >= after for b in again.blocks)
    assert every_hour_within(again, [(b.release_at, b.size) for b in done], HOURS)
    by_day: dict[date, int] = defaultdict(int)
    for b in (*done, *again.blocks):
        by_day[b.release_at.date()] += b.size
    assert max(by_day.values()) <= 2_000


def test_an_hourly_plan_needs_no_daily_figure_but_a_daily_plan_does() -> None:
    assert plan_campaign(replace(HOURLY, daily_capacity=0), HOURS).total_messages == 10_000
    with pytest.raises(PlanError, match="capacity for extra calls must be more than zero"):
        plan_campaign(replace(HOURLY, daily_capacity=0, by_hour=False), HOURS)


DAILY = replace(HOURLY, by_hour=False, cohort_size=1_000, first_block=100, growth=Decimal(1), daily_capacity=10)


def test_a_daily_plan_counts_every_release_already_gone_on_a_day_it_shares() -> None:
    earlier = [(MONDAY.replace(hour=9), 200), (MONDAY.replace(hour=11), 250)]  # 450 texts at 2%: 9 of 10 calls
    plan = plan_campaign(DAILY, HOURS, earlier)
    assert plan.blocks[0].release_at.date() == MONDAY.date() and plan.blocks[0].size == 50  # 1 call left
    assert plan.blocks[1].size == 100


def test_an_earlier_release_counts_on_its_uk_day() -> None:
    from datetime import UTC

    summer = datetime(2026, 7, 6, tzinfo=UK)  # a Monday
    late = datetime(2026, 7, 5, 23, 30, tzinfo=UTC)  # 00:30 on Monday in the UK
    daily = replace(DAILY, start=summer, window=replace(DAILY.window, start=datetime.min.time()))
    assert plan_campaign(daily, HOURS, [(late, 450)]).blocks[0].size == 50  # 9 of Monday's 10 calls used


def test_a_replan_never_goes_before_half_an_hour_after_the_last_release() -> None:
    plan = plan_campaign(HOURLY, HOURS)
    last = plan.blocks[2].release_at
    again = replan_campaign(plan, 3, None, last - timedelta(hours=2), HOURS)
    assert again.blocks[0].release_at >= last + SLOT


def test_the_days_done_are_counted_in_uk_time() -> None:
    from datetime import UTC

    summer = datetime(2026, 7, 6, tzinfo=UK)  # a Monday
    night = PhoneHours({day: {0: 50, 1: 50, 8: 50} for day in range(5)})
    window = replace(HOURLY.window, start=datetime.min.time())
    plan = plan_campaign(replace(HOURLY, start=summer, window=window, first_block=100), night)
    first_day = [b for b in plan.blocks if b.release_at.astimezone(UK).date() == summer.date()]
    assert first_day and first_day[0].release_at.astimezone(UK).hour == 0
    # recorded at 23:30 UTC on Monday: 00:30 on Tuesday in the UK, a new day that grows the block
    after = datetime(2026, 7, 6, 23, 30, tzinfo=UTC)
    again = replan_campaign(plan, len(first_day), None, after, night)
    assert again.inputs.first_block == 200


def test_one_message_left_is_still_planned_and_none_left_is_no_plan() -> None:
    first = plan_campaign(HOURLY, HOURS).blocks[:3]
    sent = first[-1].cumulative
    for left, sizes in ((1, [1]), (0, [])):
        plan = ReleasePlan(replace(HOURLY, cohort_size=sent + left), first)
        again = replan_campaign(plan, 3, None, first[-1].release_at + SLOT, HOURS)
        assert [b.size for b in again.blocks] == sizes
        assert all(b.cumulative == sent + 1 for b in again.blocks)


def test_a_replan_of_a_replan_numbers_on_and_keeps_its_notes() -> None:
    tight = PhoneHours({day: {9: 1, 10: 1} for day in range(5)})
    plan = plan_campaign(replace(HOURLY, cohort_size=600, first_block=100), tight)
    again = replan_campaign(plan, 2, None, plan.blocks[1].release_at + SLOT, tight)
    first = again.blocks[0]
    assert first.number == 3 and first.cumulative == plan.blocks[1].cumulative + first.size
    same = replan_campaign(again, 0, None, first.release_at, tight)  # nothing more went
    assert same.blocks[0].number == 3 and same.blocks[0].cumulative == plan.blocks[1].cumulative + same.blocks[0].size
    assert same.blocks[-1].cumulative == 600
    assert same.notes and again.notes  # the days that fall short still say why
