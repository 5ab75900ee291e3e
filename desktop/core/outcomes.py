"""A campaign's outcome measured: uptake or missed appointments among those texted, against the
baseline the practice gave and, where a share was held back, against those not texted, with how sure
the difference is, in plain words; and missed appointments by how far ahead they were booked.

A share's 95 % interval is Wilson's; a difference of two shares is Newcombe's (his method 10, built
from the two Wilson intervals), which stays honest for small groups and shares near 0 or 100 %.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from desktop.core.follow_up import FollowUp, Result

Z95 = 1.959964


class Measure(StrEnum):
    """What is counted: uptake (the call to action answered) or missed appointments (DNA rate)."""

    UPTAKE = "uptake"
    DNA_RATE = "dna_rate"

    @property
    def label(self) -> str:
        return "uptake" if self is Measure.UPTAKE else "missed appointments"


@dataclass(frozen=True)
class Share:
    """`count` of `total`, with Wilson's 95 % interval."""

    count: int
    total: int

    @property
    def rate(self) -> float:
        return self.count / self.total if self.total else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        n, p = self.total, self.rate
        if n == 0:
            return (0.0, 1.0)
        z2 = Z95 * Z95
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
        return (max(centre - half, 0.0), min(centre + half, 1.0))

    def describe(self) -> str:
        return f"{percent(self.rate)} ({self.count:,} of {self.total:,})"


def difference_interval(first: Share, second: Share) -> tuple[float, float]:
    """Newcombe's 95 % interval for first.rate - second.rate."""
    (l1, u1), (l2, u2) = first.interval, second.interval
    p1, p2 = first.rate, second.rate
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return (max(low, -1.0), min(high, 1.0))


def percent(rate: float) -> str:
    return f"{rate * 100:.0f}%"


def points(value: float) -> str:
    """A difference of shares in percentage points, whole (never "-0")."""
    return str(round(value * 100))


def measure_for(rows: Iterable[FollowUp]) -> Measure:
    """Missed appointments when the list speaks of attending, otherwise uptake."""
    attendance = {Result.ATTENDED, Result.DNA}
    return Measure.DNA_RATE if any(row.result in attendance for row in rows) else Measure.UPTAKE


def share_of(patients: Iterable[str], outcomes: Mapping[str, FollowUp], measure: Measure) -> Share:
    """Of `patients` (NHS numbers), how many did it (uptake: listed as done) or missed their appointment
    (of those whose attendance is known; a cancelled appointment is neither)."""
    if measure is Measure.UPTAKE:
        group = list(patients)
        done = sum(1 for nhs in group if (row := outcomes.get(nhs)) is not None and row.result is Result.DONE)
        return Share(done, len(group))
    known = [outcomes[nhs].result for nhs in patients if nhs in outcomes]
    dna = known.count(Result.DNA)
    return Share(dna, dna + known.count(Result.ATTENDED))


@dataclass(frozen=True)
class Comparison:
    measure: Measure
    texted: Share
    held_back: Share

    @property
    def difference(self) -> tuple[float, float]:
        return difference_interval(self.texted, self.held_back)

    def describe(self) -> str:
        """ "uptake 71% vs 62%; the difference is probably between 4 and 14 points"."""
        low, high = self.difference
        said = (
            f"{self.measure.label} {percent(self.texted.rate)} among those texted vs {percent(self.held_back.rate)} "
            f"among those held back; the difference is probably between {points(low)} and {points(high)} points"
        )
        if low > 0 or high < 0:
            better = (low > 0) is (self.measure is Measure.UPTAKE)
            return said + (" (better with the text)." if better else " (worse with the text).")
        return said + " (no clear difference yet)."


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def baseline_rate(text: str) -> Decimal | None:
    """The first percentage in the baseline the practice typed ("12% DNA rate in 2025" -> 0.12)."""
    found = _PERCENT.search(text)
    return Decimal(found.group(1)) / 100 if found else None


def against_baseline(share: Share, baseline: Decimal | None, measure: Measure) -> str:
    """The measured share beside the baseline, in words."""
    said = f"{measure.label.capitalize()} among those texted: {share.describe()}"
    low, high = share.interval
    said += f", probably between {percent(low)} and {percent(high)}"
    if baseline is None:
        return said + "."
    base = float(baseline)
    if low > base:
        verdict = "above"
    elif high < base:
        verdict = "below"
    else:
        verdict = "not clearly different from"
    return f"{said}: {verdict} the baseline of {percent(base)}."


LEAD_TIMES = ("same day", "1 to 7 days", "over a week")


def lead_time(row: FollowUp) -> str | None:
    """How far ahead the appointment was booked, as the buckets reminders are judged by."""
    if row.booked is None or row.appointment is None:
        return None
    days = (row.appointment - row.booked).days
    if days < 0:
        return None  # booked after it: a typing error in the list
    return LEAD_TIMES[0] if days == 0 else LEAD_TIMES[1] if days <= 7 else LEAD_TIMES[2]


def dna_by_lead_time(patients: Iterable[str], outcomes: Mapping[str, FollowUp]) -> dict[str, Share]:
    """Missed appointments of `patients` by how far ahead each was booked (those with both dates known)."""
    counts = {bucket: [0, 0] for bucket in LEAD_TIMES}
    for nhs in patients:
        row = outcomes.get(nhs)
        if row is None or row.result not in (Result.ATTENDED, Result.DNA):
            continue
        bucket = lead_time(row)
        if bucket is None:
            continue
        counts[bucket][1] += 1
        counts[bucket][0] += row.result is Result.DNA
    return {bucket: Share(dna, total) for bucket, (dna, total) in counts.items()}
