"""Learning the response rate and curve from the calls recorded: a Wilson interval from totals, and from
calls counted hour by hour, the extra calls over the usual calls of the same hours on days without a
release, untangled between releases and spread by the curve."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from desktop.core.clock import UK
from desktop.core.phone_hours import PhoneHours, ResponseCurve, calls_by_hour
from desktop.core.response_learning import (
    MIN_CALLS_FOR_CURVE,
    LearningError,
    RateEstimate,
    rate_from_caused,
    rate_from_hours,
    rate_from_totals,
)

HOURS = PhoneHours()  # Monday to Friday, 08:00 to 18:00
CURVE = ResponseCurve()
TUESDAY = date(2026, 12, 8)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UK)


def usual(hour: datetime) -> int:
    """The practice's own calls: busy first thing; one more or one fewer from week to week before December's
    second week (so days differ), and the weeks' average after."""
    week = hour.isocalendar().week
    return (40 if hour.hour < 10 else 15) + (0 if week >= 50 else 1 if week % 2 else -1)


def flat(hour: datetime) -> int:
    return 20


def weekdays(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def calls_seen(
    releases: list[tuple[datetime, int]],
    rate: Decimal,
    days: Iterable[date],
    curve: ResponseCurve = CURVE,
    usual: Callable[[datetime], int] = usual,
) -> dict[datetime, int]:
    """Every open hour's calls: the usual, plus what the releases bring (whole calls, as the data is made)."""
    extra = calls_by_hour(releases, rate, curve, HOURS)
    counts = {}
    for day in days:
        for hour in HOURS.open_hours(day):
            start = at(day, hour)
            caused = extra.get(start, Decimal(0))
            assert caused == caused.to_integral_value(), "the test's numbers must make whole calls"
            counts[start] = usual(start) + int(caused)
    return counts


# 60,000 texts at 5 % is 3,000 calls: 1,050 in the first hour, 375 in each of the next two, 200 in each of
# the three hours left of the day, 36 in each hour of the next day and 24 the day after.
RELEASE = [(at(TUESDAY, 12), 60_000)]
FOUR_WEEKS = list(weekdays(TUESDAY - timedelta(days=29), TUESDAY + timedelta(days=2)))  # and the release's week
RELEASE_DAYS = {TUESDAY}


def test_a_rate_from_totals_has_a_wilson_interval() -> None:
    found = rate_from_totals([(1000, 50)])
    assert (found.rate, found.low, found.high) == (Decimal("0.05"), Decimal("0.0381"), Decimal("0.0653"))
    assert (found.texts, found.extra_calls, found.curve, found.hours_used) == (1000, 50, None, 0)
    assert rate_from_totals([(400, 20), (600, 30)]) == found  # blocks add up
    none = rate_from_totals([(10, 0)])
    assert (none.rate, none.low, none.high) == (0, 0, Decimal("0.2775"))
    everyone = rate_from_totals([(10, 10)])
    assert (everyone.rate, everyone.low, everyone.high) == (1, Decimal("0.7225"), 1)


def test_more_calls_than_texts_count_as_everyone_phoning() -> None:
    found = rate_from_totals([(10, 14)])
    assert (found.rate, found.high, found.extra_calls) == (1, 1, 14)


def test_totals_without_texts_cannot_tell_a_rate() -> None:
    with pytest.raises(LearningError, match="No texts have gone out"):
        rate_from_totals([])
    with pytest.raises(LearningError, match="No texts have gone out"):
        rate_from_totals([(0, 3)])


def test_the_estimate_is_described_in_plain_words() -> None:
    assert rate_from_totals([(1000, 50)]).describe() == (
        "5.0% of patients phoned (95% interval 3.8% to 6.5%), from the calls recorded: 50 calls after 1,000 texts."
    )
    hourly = RateEstimate(Decimal("0.041"), Decimal("0.03"), Decimal("0.053"), 2000, Decimal("82.4"), None, 30, 19)
    assert hourly.describe() == (
        "4.1% of patients phoned (95% interval 3.0% to 5.3%), from 30 hours of calls against the usual calls of "
        "19 days without a release: 82 calls after 2,000 texts."
    )


def test_hourly_calls_give_the_rate_and_curve_against_days_without_a_release() -> None:
    counts = calls_seen(RELEASE, Decimal("0.05"), FOUR_WEEKS)
    found = rate_from_hours(RELEASE, counts, RELEASE_DAYS, HOURS, CURVE)
    assert found.rate == Decimal("0.05") and found.extra_calls == 3000 and found.texts == 60_000
    assert found.curve == CURVE  # every share seen: learned, and here exactly the one that made the calls
    assert found.low < Decimal("0.05") < found.high
    # Tuesday afternoon and all of Wednesday and Thursday: 6 + 10 + 10 hours, against the other 21 weekdays
    assert (found.hours_used, found.baseline_days) == (26, 21)


def test_a_different_curve_is_learned_from_the_hours_the_calls_fell_in() -> None:
    quick = ResponseCurve(*map(Decimal, ("0.5", "0.3", "0.15", "0.05", "0")))
    release = [(at(TUESDAY, 9), 6_000)]  # 600 calls: 300, 90 and 90, 15 an hour for 6 hours, 3 an hour next day
    counts = calls_seen(release, Decimal("0.1"), FOUR_WEEKS, quick)
    found = rate_from_hours(release, counts, RELEASE_DAYS, HOURS, CURVE)
    assert found.curve == quick and found.rate == Decimal("0.1")


def test_releases_hours_apart_are_untangled() -> None:
    releases = [(at(TUESDAY, 12), 30_000), (at(TUESDAY, 12, 30), 30_000)]
    counts = calls_seen(releases, Decimal("0.05"), FOUR_WEEKS)
    found = rate_from_hours(releases, counts, RELEASE_DAYS, HOURS, CURVE)
    assert found.rate == Decimal("0.05") and found.curve == CURVE


def test_the_days_a_release_calls_still_arrive_on_are_not_usual_days() -> None:
    counts = calls_seen(RELEASE, Decimal("0.05"), FOUR_WEEKS, usual=flat)
    # Not only the release day: Wednesday's and Thursday's extra calls would raise the "usual".
    found = rate_from_hours(RELEASE, counts, RELEASE_DAYS, HOURS, CURVE)
    assert found.baseline_days == len(FOUR_WEEKS) - 3 and found.rate == Decimal("0.05")
    # Another campaign's release day is no usual day either.
    other = TUESDAY - timedelta(days=7)
    busier = {hour: calls + (500 if hour.date() == other else 0) for hour, calls in counts.items()}
    assert rate_from_hours(RELEASE, busier, {TUESDAY, other}, HOURS, CURVE).rate == Decimal("0.05")
    assert rate_from_hours(RELEASE, busier, RELEASE_DAYS, HOURS, CURVE).rate < Decimal("0.05")


def test_a_release_before_a_weekend_leaves_its_calls_days_out_of_the_baseline() -> None:
    friday = TUESDAY + timedelta(days=3)
    release = [(at(friday, 12), 60_000)]
    days = list(weekdays(friday - timedelta(days=32), friday + timedelta(days=4)))
    counts = calls_seen(release, Decimal("0.05"), days)
    found = rate_from_hours(release, counts, {friday}, HOURS, CURVE)
    assert found.rate == Decimal("0.05") and found.baseline_days == len(days) - 3  # Friday, Monday, Tuesday


def test_hours_not_counted_are_left_out_and_the_rate_still_found() -> None:
    counts = calls_seen(RELEASE, Decimal("0.05"), FOUR_WEEKS)
    # Only the release day's calls were typed in: two shares of the curve cannot be seen.
    later = {TUESDAY + timedelta(days=1), TUESDAY + timedelta(days=2)}
    partial = {hour: calls for hour, calls in counts.items() if hour.date() not in later}
    found = rate_from_hours(RELEASE, partial, RELEASE_DAYS, HOURS, CURVE)
    assert found.rate == Decimal("0.05") and found.curve is None and found.hours_used == 6
    assert found.extra_calls == 2400  # what the campaign's curve expects in those hours: 80 % of 3,000


def test_a_curve_is_learned_only_from_enough_calls() -> None:
    release = [(at(TUESDAY, 12), 1_000)]
    counts = {hour: usual(hour) for day in FOUR_WEEKS for hour in (at(day, h) for h in HOURS.open_hours(day))}
    counts[at(TUESDAY, 12)] += MIN_CALLS_FOR_CURVE - 1  # all in the first hour: 39 calls
    found = rate_from_hours(release, counts, RELEASE_DAYS, HOURS, CURVE)
    assert found.curve is None and found.extra_calls == MIN_CALLS_FOR_CURVE - 1
    counts[at(TUESDAY, 12)] += 1
    learned = rate_from_hours(release, counts, RELEASE_DAYS, HOURS, CURVE).curve
    assert learned is not None and learned.first_hour == 1


def test_fewer_calls_than_usual_is_no_response_not_a_negative_one() -> None:
    counts = calls_seen(RELEASE, Decimal(0), FOUR_WEEKS)
    quiet = {hour: calls - (5 if hour.date() == TUESDAY else 0) for hour, calls in counts.items()}
    found = rate_from_hours(RELEASE, quiet, RELEASE_DAYS, HOURS, CURVE)
    assert found.rate == 0 and found.low == 0 and found.high >= 0 and found.curve is None


def test_the_interval_narrows_with_more_days_to_compare_with() -> None:
    counts = calls_seen(RELEASE, Decimal("0.05"), FOUR_WEEKS)
    last_week = {h: c for h, c in counts.items() if h.date() >= TUESDAY - timedelta(days=8)}
    wide = rate_from_hours(RELEASE, last_week, RELEASE_DAYS, HOURS, CURVE)
    narrow = rate_from_hours(RELEASE, counts, RELEASE_DAYS, HOURS, CURVE)
    assert wide.baseline_days < narrow.baseline_days
    assert narrow.high - narrow.low < wide.high - wide.low


def test_one_usual_day_stands_in_for_the_spread_between_days() -> None:
    counts = calls_seen(RELEASE, Decimal("0.05"), FOUR_WEEKS, usual=flat)
    # Of the days before, only the Tuesday a week earlier: only the release day's hours have a baseline
    one_day = {h: c for h, c in counts.items() if h.date() >= TUESDAY - timedelta(days=7)}
    one_day = {h: c for h, c in one_day.items() if h.date() not in {TUESDAY - timedelta(days=d) for d in (1, 4, 5, 6)}}
    found = rate_from_hours(RELEASE, one_day, RELEASE_DAYS, HOURS, CURVE)
    assert found.baseline_days == 1 and found.rate == Decimal("0.05") and found.low < found.high


def test_without_a_day_to_compare_with_nothing_can_be_learned() -> None:
    counts = calls_seen(RELEASE, Decimal("0.05"), [TUESDAY, TUESDAY + timedelta(days=1)])
    with pytest.raises(LearningError, match="no day without a release at the same hours"):
        rate_from_hours(RELEASE, counts, RELEASE_DAYS, HOURS, CURVE)
    with pytest.raises(LearningError, match="do not cover the hours after the releases"):
        rate_from_hours(RELEASE, {}, RELEASE_DAYS, HOURS, CURVE)


def test_a_usual_day_at_other_hours_is_no_baseline_for_these() -> None:
    counts = calls_seen(RELEASE, Decimal("0.05"), [TUESDAY])
    counts[at(TUESDAY - timedelta(days=7), 9)] = 40  # a Tuesday, but only its 09:00 hour
    with pytest.raises(LearningError):
        rate_from_hours(RELEASE, counts, RELEASE_DAYS, HOURS, CURVE)


def test_calls_counted_as_about_the_campaign_need_no_baseline() -> None:
    extra = calls_by_hour(RELEASE, Decimal("0.05"), CURVE, HOURS)
    caused = {hour: int(calls) for hour, calls in extra.items()}
    found = rate_from_caused(RELEASE, caused, HOURS, CURVE)
    assert found.rate == Decimal("0.05") and found.curve == CURVE and found.baseline_days == 0
    assert found.hours_used == 26 and found.low < Decimal("0.05") < found.high
    assert found.describe().endswith("from the calls about the campaign in 26 hours: 3,000 calls after 60,000 texts.")
    first_hour = {at(TUESDAY, 12): 1050}  # only the first hour known: 35 % of the calls land there
    assert rate_from_caused(RELEASE, first_hour, HOURS, CURVE).rate == Decimal("0.05")


def test_calls_typed_outside_the_releases_hours_are_not_counted() -> None:
    caused = {at(TUESDAY, 11): 50, at(TUESDAY, 12): 1050, at(TUESDAY + timedelta(days=7), 12): 70}
    found = rate_from_caused(RELEASE, caused, HOURS, CURVE)
    assert found.hours_used == 1 and found.rate == Decimal("0.05")
    with pytest.raises(LearningError, match="enter the calls of the hours after the release"):
        rate_from_caused(RELEASE, {at(TUESDAY, 11): 50}, HOURS, CURVE)


def test_hours_the_curve_sends_no_calls_to_cannot_tell_a_rate() -> None:
    no_day_after = ResponseCurve(*map(Decimal, ("0.5", "0.3", "0.1", "0.1", "0")))
    thursday = {at(TUESDAY + timedelta(days=2), hour): 3 for hour in range(8, 18)}
    with pytest.raises(LearningError, match="not ones in which the campaign's calls are expected"):
        rate_from_caused(RELEASE, thursday, HOURS, no_day_after)


def test_a_rate_from_hours_is_never_over_everyone() -> None:
    caused = {at(TUESDAY, 12): 100}
    found = rate_from_caused([(at(TUESDAY, 12), 10)], caused, HOURS, CURVE)
    assert (found.rate, found.high) == (1, 1) and found.low <= 1


def test_one_text_is_enough_to_tell_a_rate() -> None:
    assert rate_from_totals([(1, 0)]).rate == 0 and rate_from_totals([(1, 1)]).rate == 1
    assert rate_from_caused([(at(TUESDAY, 12), 1)], {at(TUESDAY, 12): 1}, HOURS, CURVE).rate == 1


def test_the_interval_counts_each_hours_calls_and_the_baselines_spread_exactly() -> None:
    import math

    # Two usual Tuesdays with 4 and 6 calls at 12:00 (mean 5, variance of the mean 2 / 2 = 1), and the
    # release Tuesday with 15: 10 extra calls in the first hour, which holds 35% of the curve.
    release = [(at(TUESDAY, 12), 100)]
    counts = {at(TUESDAY - timedelta(days=14), 12): 4, at(TUESDAY - timedelta(days=7), 12): 6, at(TUESDAY, 12): 15}
    found = rate_from_hours(release, counts, RELEASE_DAYS, HOURS, CURVE)
    per_unit = 100 * 0.35
    spread = math.sqrt(15 + 1)
    assert found.rate == Decimal(f"{10 / per_unit:.4f}")
    assert found.low == Decimal(f"{(10 - 1.959964 * spread) / per_unit:.4f}")
    assert found.high == Decimal(f"{(10 + 1.959964 * spread) / per_unit:.4f}")
    assert (found.hours_used, found.baseline_days) == (1, 2)


def test_an_hour_with_no_calls_adds_nothing_to_the_spread() -> None:
    import math

    release = [(at(TUESDAY, 12), 100)]
    counts = {at(TUESDAY - timedelta(days=7), hour): 0 for hour in (12, 13)}
    counts |= {at(TUESDAY, 12): 7, at(TUESDAY, 13): 0}
    found = rate_from_hours(release, counts, RELEASE_DAYS, HOURS, CURVE)
    per_unit = 100 * (0.35 + 0.25 / 2)
    assert found.high == Decimal(f"{(7 + 1.959964 * math.sqrt(7)) / per_unit:.4f}")  # the 0 at 13:00: no spread


def test_a_day_with_one_open_hour_is_left_out_with_the_days_after_a_release() -> None:
    one_hour = PhoneHours({day: {12: 5} for day in range(5)})
    release = [(at(TUESDAY, 12), 100)]
    counts = {at(day, 12): 3 for day in weekdays(TUESDAY - timedelta(days=14), TUESDAY + timedelta(days=2))}
    counts[at(TUESDAY, 12)] += 20
    found = rate_from_hours(release, counts, RELEASE_DAYS, one_hour, CURVE)
    assert found.baseline_days == 13 - 3  # of 13 weekdays, the Tuesday, Wednesday and Thursday are not usual
    assert found.extra_calls == 20


def test_the_usual_calls_follow_the_uk_clock_across_its_change() -> None:
    # The release is on Tuesday 3 November (GMT); the usual Tuesdays before it are 20 and 27 October,
    # the first in BST. Every usual hour has 20 calls but 13:00 has 50: matched in UTC, October's 14:00
    # would be taken for 13:00.
    tuesday = date(2026, 11, 3)
    release = [(datetime.combine(tuesday, time(12), UK), 1000)]
    counts = {}
    for day in (date(2026, 10, 20), date(2026, 10, 27), tuesday):
        for hour in HOURS.open_hours(day):
            counts[datetime.combine(day, time(hour), UK)] = 50 if hour == 13 else 20
    counts[datetime.combine(tuesday, time(12), UK)] += 35
    found = rate_from_hours(release, counts, {tuesday}, HOURS, CURVE)
    # only the release day was counted: its hours hold 80% of the curve
    assert found.extra_calls == 35 and found.rate == Decimal("0.0438")


def test_least_squares_pivots_and_knows_dependent_columns() -> None:
    from desktop.core.response_learning import _least_squares

    # y = 2a + 3b - c, with a first column whose normal-equation pivot is smaller than the next row's
    a, b, c = [1.0, 0.0, 0.0, 1.0], [0.0, 5.0, 0.0, 1.0], [0.0, 1.0, 3.0, 0.0]
    target = [2 * x + 3 * y - z for x, y, z in zip(a, b, c, strict=True)]
    solved = _least_squares([a, b, c], target)
    assert solved is not None and [round(v, 9) for v in solved] == [2.0, 3.0, -1.0]
    assert _least_squares([a, [2 * x for x in a]], target) is None
    assert _least_squares([a], [0.5 * x for x in a]) == [0.5]


def test_the_fit_keeps_every_share_zero_or_more_and_picks_the_closest() -> None:
    from desktop.core.response_learning import _non_negative_fit

    a, b = [1.0, 0.0, 1.0], [0.0, 1.0, 1.0]
    assert [round(v, 9) for v in _non_negative_fit([a, b], [2.0, 1.0, 3.0])] == [2.0, 1.0]
    # unconstrained, the best is 1.5a - 0.5b: with no share below zero, the closest is a alone
    fit = _non_negative_fit([a, b], [1.5, -0.5, 1.0])
    assert fit[1] == 0 and round(fit[0], 9) == round(2.5 / 2, 9)
    # b alone fits better than a alone, and both together fit worse than b with a at zero
    assert [round(v, 9) for v in _non_negative_fit([a, b], [0.0, 0.3, 0.3])] == [0.0, 0.3]
    assert _non_negative_fit([a, b], [-1.0, -1.0, -1.0]) == [0.0, 0.0]


def test_a_learned_curve_is_rounded_to_shares_adding_up_to_all_the_calls() -> None:
    from desktop.core.response_learning import _curve

    # each rounds up to 0.3334: the 0.0002 over is taken from the largest share (the first of equals)
    assert _curve([0.33336, 0.33336, 0.33336, 0.0, 0.0]).shares == tuple(
        map(Decimal, ("0.3332", "0.3334", "0.3334", "0", "0"))
    )
    assert _curve([0.2, 0.2, 0.2, 0.2, 0.2]).shares == tuple(map(Decimal, ("0.2",) * 5))
    assert _curve([0.1, 0.2, 0.3, 0.25, 0.15]).day_after == Decimal("0.15")  # the last takes what is left
