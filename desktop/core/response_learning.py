"""How many patients a campaign's texts really made phone, and when: learned from the calls recorded.

From a block's total calls (the calls staff counted as caused by it) the rate is calls over texts,
with a Wilson 95 % interval. Calls counted hour by hour are matched to the texts' expected pattern:
each share of the response curve lands on known hours after each release, so an hour's extra calls
are a sum of the shares times the texts landing there, and the shares (never below zero) are those
that match best; releases a few hours apart overlap, and this untangles them. The extra calls are
those staff counted as about the campaign, or, from the phone system's count of every inbound call,
what is left after the practice's usual calls: each hour's baseline is the mean of the same weekday
and hour on days without a release (nor a release's calls still arriving). The interval counts the
randomness of the calls and of the baseline.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import combinations
from statistics import fmean, variance

from desktop.core.clock import UK
from desktop.core.phone_hours import PhoneHours, ResponseCurve
from desktop.core.words import counted

Z95 = 1.959964
SHARES = 5
PLACES = Decimal("0.0001")
# Fewer extra calls than this leave a curve's five shares mostly noise: the campaign keeps its curve.
MIN_CALLS_FOR_CURVE = 40


class LearningError(ValueError):
    """Calls that cannot tell the rate; the message says what is missing."""


@dataclass(frozen=True)
class RateEstimate:
    rate: Decimal
    low: Decimal  # the 95 % interval
    high: Decimal
    texts: int
    extra_calls: Decimal  # over the usual calls, in the hours looked at
    curve: ResponseCurve | None = None  # learned from hourly counts, when every share could be seen well
    hours_used: int = 0
    baseline_days: int = 0

    def describe(self) -> str:
        if self.baseline_days:
            basis = (
                f"from {counted(self.hours_used, 'hour')} of calls against the usual calls of "
                f"{counted(self.baseline_days, 'day')} without a release"
            )
        elif self.hours_used:
            basis = f"from the calls about the campaign in {counted(self.hours_used, 'hour')}"
        else:
            basis = "from the calls recorded"
        return (
            f"{_percent(self.rate)} of patients phoned (95% interval {_percent(self.low)} to {_percent(self.high)}), "
            f"{basis}: {counted(int(self.extra_calls.to_integral_value()), 'call')} after "
            f"{counted(self.texts, 'text')}."
        )


def rate_from_totals(blocks: Sequence[tuple[int, int]]) -> RateEstimate:
    """(texts, calls) of each block with its calls counted: the rate with a Wilson interval. More calls than
    texts (patients who phoned twice) count as everyone phoning: a plan's rate is at most 100 %."""
    texts = sum(size for size, _ in blocks)
    calls = sum(count for _, count in blocks)
    if texts <= 0:
        raise LearningError("No texts have gone out with their calls counted.")
    p = min(calls / texts, 1.0)
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * texts)) / (1 + z2 / texts)
    half = Z95 * math.sqrt(p * (1 - p) / texts + z2 / (4 * texts * texts)) / (1 + z2 / texts)
    return RateEstimate(_dec(p), _dec(max(centre - half, 0.0)), _dec(min(centre + half, 1.0)), texts, Decimal(calls))


def rate_from_hours(
    releases: Sequence[tuple[datetime, int]],
    counts: Mapping[datetime, int],
    release_days: Collection[date],
    hours: PhoneHours,
    curve: ResponseCurve,
) -> RateEstimate:
    """The campaign's `releases` (time, texts) against every inbound call counted by the hour (`counts`,
    keyed by each hour's start); `release_days` are days any campaign released on: they, and the two open
    days after each (its calls still arriving), are left out of the baseline."""
    baseline = _baseline(counts, _touched(release_days, hours))
    design = _design(releases, hours, curve)
    observed = {
        hour: (counts[hour] - usual.mean, max(counts[hour], 0) + usual.variance)
        for hour in design
        if hour in counts and (usual := baseline.get(_slot(hour))) is not None
    }
    if not observed:
        raise LearningError(
            "The calls counted do not cover the hours after the releases, or there is no day without a release "
            "at the same hours to compare them with: import or type the calls of more days."
        )
    return _estimate(releases, design, observed, curve, len(baseline.days))


def rate_from_caused(
    releases: Sequence[tuple[datetime, int]], caused: Mapping[datetime, int], hours: PhoneHours, curve: ResponseCurve
) -> RateEstimate:
    """The campaign's `releases` (time, texts) against the calls about it that staff counted in some hours
    (`caused`, keyed by each hour's start): no baseline to take away; hours not given are not known."""
    design = _design(releases, hours, curve)
    observed = {hour: (float(calls), float(calls)) for hour, calls in caused.items() if hour in design}
    if not observed:
        raise LearningError(
            "None of the hours given is one in which the releases' calls arrive: enter the calls of the hours "
            "after the release."
        )
    return _estimate(releases, design, observed, curve, 0)


def _design(
    releases: Sequence[tuple[datetime, int]], hours: PhoneHours, curve: ResponseCurve
) -> dict[datetime, list[float]]:
    """For each open hour the releases' calls reach, the texts whose calls of each share land in it."""
    design: dict[datetime, list[float]] = defaultdict(lambda: [0.0] * SHARES)
    for released_at, texts in releases:
        for share, landing in enumerate(curve.landing(released_at, hours)):
            for hour in landing:
                design[hour][share] += texts / len(landing)
    return design


def _estimate(
    releases: Sequence[tuple[datetime, int]],
    design: Mapping[datetime, list[float]],
    observed: Mapping[datetime, tuple[float, float]],
    curve: ResponseCurve,
    baseline_days: int,
) -> RateEstimate:
    """The rate (and, from enough calls, the curve) that best explain the extra calls `observed` in each
    hour, as (calls, their variance)."""
    rows = sorted(observed)
    extra = [observed[hour][0] for hour in rows]
    columns = [[design[hour][k] for hour in rows] for k in range(SHARES)]
    learned: ResponseCurve | None = None
    if all(any(column) for column in columns) and sum(extra) >= MIN_CALLS_FOR_CURVE:
        theta = _non_negative_fit(columns, extra)
        total = sum(theta)
        if total > 0:
            learned = _curve([t / total for t in theta])
    prior = [float(share) for share in (learned or curve).shares]
    per_unit = sum(prior[k] * columns[k][i] for k in range(SHARES) for i in range(len(rows)))  # calls at 100 %
    extra_total = sum(extra)
    spread = math.sqrt(sum(observed[hour][1] for hour in rows))
    if per_unit <= 0:  # only hours the curve sends no calls to
        raise LearningError("The hours given are not ones in which the campaign's calls are expected to arrive.")
    return RateEstimate(
        _dec(_within(extra_total / per_unit)),
        _dec(_within((extra_total - Z95 * spread) / per_unit)),
        _dec(_within((extra_total + Z95 * spread) / per_unit)),
        sum(texts for _, texts in releases),
        Decimal(f"{extra_total:.1f}"),
        learned,
        len(rows),
        baseline_days,
    )


def _within(rate: float) -> float:
    """A share of patients: between none and all of them."""
    return min(max(rate, 0.0), 1.0)


@dataclass(frozen=True)
class _Usual:
    mean: float
    variance: float  # of the mean


class _Baseline(dict[tuple[int, int], _Usual]):
    days: frozenset[date] = frozenset()


def _baseline(counts: Mapping[datetime, int], release_days: Collection[date]) -> _Baseline:
    """Each weekday-hour's usual calls: the mean over days without a release, and that mean's variance."""
    by_slot: dict[tuple[int, int], list[int]] = defaultdict(list)
    days: set[date] = set()
    for hour, count in counts.items():
        day = hour.astimezone(UK).date()
        if day in release_days:
            continue
        days.add(day)
        by_slot[_slot(hour)].append(count)
    found = _Baseline()
    for slot, values in by_slot.items():
        mean = fmean(values)
        # one day's figure: its own Poisson variance stands in for the spread between days
        spread = variance(values) if len(values) > 1 else mean
        found[slot] = _Usual(mean, spread / len(values))
    found.days = frozenset(days)
    return found


def _touched(release_days: Collection[date], hours: PhoneHours) -> set[date]:
    touched: set[date] = set()
    for day in release_days:
        touched.add(day)
        for open_day in hours.hours_from(datetime.combine(day, datetime.min.time(), UK), 3):
            touched.add(open_day[0].date())
    return touched


def _slot(hour: datetime) -> tuple[int, int]:
    local = hour.astimezone(UK)
    return local.weekday(), local.hour


def _non_negative_fit(columns: list[list[float]], target: list[float]) -> list[float]:
    """Least squares with every coefficient zero or more: the best of the fits on each set of columns
    whose own solution has no negative (five columns: 31 small solves)."""
    best: tuple[float, list[float]] = (math.inf, [0.0] * len(columns))
    for size in range(1, len(columns) + 1):
        for chosen in combinations(range(len(columns)), size):
            solved = _least_squares([columns[k] for k in chosen], target)
            if solved is None or any(value < 0 for value in solved):
                continue
            theta = [0.0] * len(columns)
            for k, value in zip(chosen, solved, strict=True):
                theta[k] = value
            fitted = [sum(theta[k] * columns[k][i] for k in chosen) for i in range(len(target))]
            residual = sum((t - f) ** 2 for t, f in zip(target, fitted, strict=True))
            if residual < best[0] - 1e-12:
                best = (residual, theta)
    return best[1]


def _least_squares(columns: list[list[float]], target: list[float]) -> list[float] | None:
    """The normal equations solved by Gaussian elimination; None when the columns are not independent."""
    n = len(columns)
    a = [[sum(x * y for x, y in zip(columns[i], columns[j], strict=True)) for j in range(n)] for i in range(n)]
    b = [sum(x * t for x, t in zip(columns[i], target, strict=True)) for i in range(n)]
    for i in range(n):
        pivot = max(range(i, n), key=lambda r: abs(a[r][i]))
        if abs(a[pivot][i]) < 1e-9:
            return None
        a[i], a[pivot], b[i], b[pivot] = a[pivot], a[i], b[pivot], b[i]
        for r in range(i + 1, n):
            factor = a[r][i] / a[i][i]
            a[r] = [x - factor * y for x, y in zip(a[r], a[i], strict=True)]
            b[r] -= factor * b[i]
    solved = [0.0] * n
    for i in reversed(range(n)):
        solved[i] = (b[i] - sum(a[i][j] * solved[j] for j in range(i + 1, n))) / a[i][i]
    return solved


def _curve(shares: Iterable[float]) -> ResponseCurve:
    """Shares rounded to whole percent-hundredths, the last taking the rounding so they add up to one."""
    rounded = [Decimal(f"{share:.4f}") for share in shares]
    rounded[-1] = Decimal(1) - sum(rounded[:-1])
    if rounded[-1] < 0:  # rounding pushed the others over: take it from the largest
        largest = max(range(SHARES - 1), key=lambda k: rounded[k])
        rounded[largest] += rounded[-1]
        rounded[-1] = Decimal(0)
    return ResponseCurve(*rounded)


def _dec(value: float) -> Decimal:
    return Decimal(f"{value:.6f}").quantize(PLACES)


def _percent(rate: Decimal) -> str:
    return f"{rate * 100:.1f}%"
