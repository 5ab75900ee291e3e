"""A campaign's outcome measured: shares with Wilson's interval, differences with Newcombe's, the
baseline typed at the quick check, and missed appointments by lead time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop.core.follow_up import FollowUp, Result
from desktop.core.outcomes import (
    LEAD_TIMES,
    Comparison,
    Measure,
    Share,
    against_baseline,
    baseline_rate,
    difference_interval,
    dna_by_lead_time,
    lead_time,
    measure_for,
    percent,
    points,
    share_of,
)


def approx(pair: tuple[float, float]) -> tuple[float, float]:
    return (round(pair[0], 4), round(pair[1], 4))


def test_shares_have_wilsons_interval() -> None:
    assert approx(Share(81, 263).interval) == (0.2553, 0.3662)  # Newcombe (1998), his first example
    assert approx(Share(0, 10).interval) == (0.0, 0.2775)
    assert approx(Share(10, 10).interval) == (0.7225, 1.0)
    assert Share(0, 0).interval == (0.0, 1.0) and Share(0, 0).rate == 0
    assert Share(71, 100).describe() == "71% (71 of 100)"


def test_a_difference_of_shares_has_newcombes_interval() -> None:
    assert approx(difference_interval(Share(56, 70), Share(48, 80))) == (0.0524, 0.3339)  # his table II, (a)
    assert approx(difference_interval(Share(9, 10), Share(3, 10))) == (0.1705, 0.809)  # (e)
    low, high = difference_interval(Share(10, 10), Share(0, 10))
    assert low > 0.5 and high == 1.0


def test_a_comparison_is_said_in_plain_words() -> None:
    better = Comparison(Measure.UPTAKE, Share(710, 1000), Share(62, 100))
    assert better.describe() == (
        "uptake 71% among those texted vs 62% among those held back; the difference is probably between 0 and "
        "19 points (no clear difference yet)."
    )
    clear = Comparison(Measure.UPTAKE, Share(7100, 10000), Share(620, 1000))
    assert clear.describe().endswith("between 6 and 12 points (better with the text).")
    fewer_dna = Comparison(Measure.DNA_RATE, Share(50, 1000), Share(100, 1000))
    assert fewer_dna.describe().startswith("missed appointments 5% among those texted vs 10%")
    assert fewer_dna.describe().endswith("(better with the text).")
    worse = Comparison(Measure.UPTAKE, Share(500, 1000), Share(700, 1000))
    assert worse.describe().endswith("(worse with the text).")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12% DNA rate in 2025", Decimal("0.12")), ("uptake 62.5 %", Decimal("0.625")), ("about half", None), ("", None)],
)
def test_the_baseline_is_the_first_percentage_typed(text: str, expected: Decimal | None) -> None:
    assert baseline_rate(text) == expected


def test_the_outcome_is_set_against_the_baseline() -> None:
    share = Share(710, 1000)
    assert against_baseline(share, Decimal("0.62"), Measure.UPTAKE) == (
        "Uptake among those texted: 71% (710 of 1,000), probably between 68% and 74%: above the baseline of 62%."
    )
    assert against_baseline(share, Decimal("0.80"), Measure.UPTAKE).endswith("below the baseline of 80%.")
    assert against_baseline(share, Decimal("0.70"), Measure.UPTAKE).endswith(
        "not clearly different from the baseline of 70%."
    )
    assert against_baseline(share, None, Measure.DNA_RATE) == (
        "Missed appointments among those texted: 71% (710 of 1,000), probably between 68% and 74%."
    )


def outcomes(*rows: tuple[str, Result, date | None, date | None]) -> dict[str, FollowUp]:
    return {nhs: FollowUp(nhs, result, None, booked, appointment) for nhs, result, booked, appointment in rows}


def test_uptake_counts_those_listed_as_done_of_everyone_in_the_group() -> None:
    found = outcomes(("a", Result.DONE, None, None), ("b", Result.NOT_DONE, None, None), ("z", Result.DONE, None, None))
    assert measure_for(found.values()) is Measure.UPTAKE
    assert share_of(["a", "b", "c", "d"], found, Measure.UPTAKE) == Share(1, 4)  # c and d not listed: not done


def test_missed_appointments_count_only_those_whose_attendance_is_known() -> None:
    found = outcomes(
        ("a", Result.ATTENDED, None, None),
        ("b", Result.DNA, None, None),
        ("c", Result.CANCELLED, None, None),
        ("d", Result.ATTENDED, None, None),
    )
    assert measure_for(found.values()) is Measure.DNA_RATE
    assert share_of(["a", "b", "c", "d", "e"], found, Measure.DNA_RATE) == Share(1, 3)


def test_missed_appointments_by_how_far_ahead_they_were_booked() -> None:
    day = date(2026, 12, 10)
    found = outcomes(
        ("same", Result.DNA, day, day),
        ("week", Result.ATTENDED, date(2026, 12, 3), day),  # 7 days: within a week
        ("week2", Result.DNA, date(2026, 12, 9), day),
        ("far", Result.DNA, date(2026, 11, 30), day),
        ("far2", Result.ATTENDED, date(2026, 11, 1), day),
        ("unknown", Result.DNA, None, day),
        ("cancelled", Result.CANCELLED, date(2026, 11, 1), day),
        ("typo", Result.DNA, date(2026, 12, 11), day),  # booked after it
    )
    assert lead_time(found["week"]) == "1 to 7 days" and lead_time(found["typo"]) is None
    assert dna_by_lead_time([*found, "not listed"], found) == {
        "same day": Share(1, 1),
        "1 to 7 days": Share(1, 2),
        "over a week": Share(1, 2),
    }
    assert LEAD_TIMES == ("same day", "1 to 7 days", "over a week")


def test_percent_and_labels() -> None:
    assert percent(0.715) == "72%" and percent(0.0) == "0%"
    assert Measure.UPTAKE.label == "uptake" and Measure.DNA_RATE.label == "missed appointments"


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(0, "same day"), (1, "1 to 7 days"), (7, "1 to 7 days"), (8, "over a week"), (-1, None)],
)
def test_lead_time_buckets_at_their_edges(days: int, bucket: str | None) -> None:
    appointment = date(2026, 12, 10)
    booked = date.fromordinal(appointment.toordinal() - days)
    assert lead_time(FollowUp("a", Result.DNA, None, booked, appointment)) == bucket
    assert lead_time(FollowUp("a", Result.DNA, None, None, appointment)) is None
    assert lead_time(FollowUp("a", Result.DNA, None, booked, None)) is None


def test_patients_without_a_known_lead_time_are_passed_over_not_the_end_of_the_count() -> None:
    day = date(2026, 12, 10)
    found = outcomes(
        ("cancelled", Result.CANCELLED, day, day),
        ("unknown", Result.DNA, None, day),
        ("same", Result.ATTENDED, day, day),
    )
    assert dna_by_lead_time(["not listed", "cancelled", "unknown", "same"], found)["same day"] == Share(0, 1)


def test_a_baseline_at_the_edge_of_the_interval_is_not_clearly_different() -> None:
    share = Share(710, 1000)
    low, high = share.interval
    assert against_baseline(share, Decimal(repr(low)), Measure.UPTAKE).endswith(
        f"not clearly different from the baseline of {percent(low)}."
    )
    assert against_baseline(share, Decimal(repr(high)), Measure.UPTAKE).endswith(
        f"not clearly different from the baseline of {percent(high)}."
    )


class _Interval(Comparison):
    """A comparison whose interval is given, to try describe() at its edges."""

    def __init__(self, measure: Measure, low: float, high: float) -> None:
        super().__init__(measure, Share(1, 2), Share(1, 2))
        object.__setattr__(self, "_edges", (low, high))

    @property
    def difference(self) -> tuple[float, float]:
        return self._edges  # type: ignore[attr-defined, no-any-return]


def test_an_interval_that_touches_zero_is_no_clear_difference() -> None:
    assert _Interval(Measure.UPTAKE, 0.0, 0.2).describe().endswith("(no clear difference yet).")
    assert _Interval(Measure.UPTAKE, -0.2, 0.0).describe().endswith("(no clear difference yet).")
    assert _Interval(Measure.UPTAKE, 0.001, 0.2).describe().endswith("(better with the text).")
    assert _Interval(Measure.DNA_RATE, 0.001, 0.2).describe().endswith("(worse with the text).")
    assert _Interval(Measure.UPTAKE, -0.2, -0.001).describe().endswith("(worse with the text).")


def test_points_are_whole_percentage_points() -> None:
    assert [points(v) for v in (0.6, -0.04, 0.0, 1.0)] == ["60", "-4", "0", "100"]
