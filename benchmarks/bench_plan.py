"""Plan the release of a 100,000-patient cohort, by the day and by the hour (every hour of the phones
within its spare capacity, the default morning-light shape), reminders for 100,000 appointments, and
learning the response from a year of hourly calls. Target: under 0.5 s median on a 2-core machine.

Run: .venv/bin/python benchmarks/bench_plan.py [--repeats R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time as clock
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.core.appointments import Appointment, plan_reminders
from desktop.core.clock import UK
from desktop.core.hourly_plan import plan_by_hour
from desktop.core.phone_hours import PhoneHours, ResponseCurve
from desktop.core.response_learning import rate_from_hours
from desktop.core.schedule import PlanInputs, plan_release

TARGET_SECONDS = 0.5
CASES = {
    "guidance ramp (500 x1.5 to 2,000, 150 calls a day)": PlanInputs(
        cohort_size=100_000,
        start=datetime(2026, 12, 1, 9, tzinfo=UK),
        first_block=500,
        growth=Decimal("1.5"),
        max_block=2000,
        daily_capacity=150,
        cost_per_message=Decimal("3.168"),
    ),
    "releases every 2 hours, shrunk to 100 calls a day": PlanInputs(
        cohort_size=100_000,
        start=datetime(2026, 12, 1, 9, tzinfo=UK),
        first_block=250,
        growth=Decimal(2),
        max_block=1000,
        interval=timedelta(hours=2),
        daily_capacity=100,
        cost_per_message=Decimal("3.168"),
    ),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    worst = 0.0
    for name, inputs in CASES.items():
        times = []
        for _ in range(args.repeats):
            start = clock.perf_counter()
            plan = plan_release(inputs)
            times.append(clock.perf_counter() - start)
        median = statistics.median(times)
        worst = max(worst, median)
        print(
            f"{name}: {len(plan.blocks)} releases to {plan.blocks[-1].release_at:%d %b %Y}; "
            f"median {median * 1000:.1f} ms (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
        )
    hours, curve = PhoneHours(), ResponseCurve()
    for name, inputs in CASES.items():
        times = []
        for _ in range(args.repeats):
            start = clock.perf_counter()
            hourly = plan_by_hour(inputs, hours, curve)
            times.append(clock.perf_counter() - start)
        median = statistics.median(times)
        worst = max(worst, median)
        print(
            f"by the hour, {name}: {len(hourly.releases)} releases to {hourly.releases[-1].at:%d %b %Y}; "
            f"median {median * 1000:.1f} ms (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
        )
    worst = max(worst, _timed("reminders for 100,000 appointments over 13 weeks", args.repeats, _reminders()))
    worst = max(worst, _timed("learning from a year of hourly calls after 50 releases", args.repeats, _learning()))
    verdict = "PASS" if worst < TARGET_SECONDS else "FAIL"
    print(f"target: under {TARGET_SECONDS} s -> {verdict} (slowest case {worst / TARGET_SECONDS:.1%} of target)")
    return 0 if verdict == "PASS" else 1


def _timed(name: str, repeats: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = clock.perf_counter()
        work()
        times.append(clock.perf_counter() - start)
    median = statistics.median(times)
    print(f"{name}: median {median * 1000:.1f} ms (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")
    return median


def _reminders() -> Callable[[], object]:
    """100,000 patients booked in 10-minute slots, 08:00 to 18:00 on weekdays, over 13 weeks."""
    first = date(2026, 12, 7)
    slots: Counter[Appointment] = Counter()
    for patient in range(100_000):
        day = first + timedelta(days=patient % 91)
        if day.weekday() >= 5:
            day += timedelta(days=2)
        slots[Appointment(day, time(8 + (patient // 91) % 10, 10 * ((patient // 910) % 6)))] += 1
    inputs = PlanInputs(100_000, datetime(2026, 12, 3, 9, tzinfo=UK), reminder_days_before=2)
    return lambda: plan_reminders(inputs, slots)


def _learning() -> Callable[[], object]:
    """A year of every open hour's inbound calls, and a campaign of 50 releases in its last weeks."""
    hours, start = PhoneHours(), date(2025, 12, 1)
    counts = {
        datetime.combine(start + timedelta(days=d), time(h), UK): 20 + (d * 7 + h) % 9
        for d in range(365)
        for h in hours.open_hours(start + timedelta(days=d))
    }
    releases = [
        (datetime.combine(date(2026, 11, 2) + timedelta(days=7 * (k // 5) + k % 5), time(9 + k % 6), UK), 2_000)
        for k in range(50)
    ]
    days = {at.date() for at, _ in releases}
    return lambda: rate_from_hours(releases, counts, days, hours, ResponseCurve())


if __name__ == "__main__":
    sys.exit(main())
