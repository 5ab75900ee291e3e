"""Plan the release of a 100,000-patient cohort, by the day and by the hour (every hour of the phones
within its spare capacity, the default morning-light shape). Target: under 0.5 s median on a 2-core machine.

Run: .venv/bin/python benchmarks/bench_plan.py [--repeats R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.core.clock import UK
from desktop.core.hourly_plan import plan_by_hour
from desktop.core.phone_hours import PhoneHours, ResponseCurve
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
            start = time.perf_counter()
            plan = plan_release(inputs)
            times.append(time.perf_counter() - start)
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
            start = time.perf_counter()
            hourly = plan_by_hour(inputs, hours, curve)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        worst = max(worst, median)
        print(
            f"by the hour, {name}: {len(hourly.releases)} releases to {hourly.releases[-1].at:%d %b %Y}; "
            f"median {median * 1000:.1f} ms (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
        )
    verdict = "PASS" if worst < TARGET_SECONDS else "FAIL"
    print(f"target: under {TARGET_SECONDS} s -> {verdict} (slowest case {worst / TARGET_SECONDS:.1%} of target)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
