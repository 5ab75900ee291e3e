"""The commissioner's allocation: its financial year, what is left, and a campaign that would go over it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop.core.allocation import Allocation, AllocationError, AllocationKind, AllocationUse

THIRTY_PENCE = Allocation(AllocationKind.PENCE, Decimal(30), 10_000, (4, 1), Decimal(20_000))  # £3,000 a year


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 12, 1), (date(2026, 4, 1), date(2027, 4, 1))),
        (date(2027, 3, 31), (date(2026, 4, 1), date(2027, 4, 1))),
        (date(2027, 4, 1), (date(2027, 4, 1), date(2028, 4, 1))),
        (date(2026, 1, 1), (date(2025, 4, 1), date(2026, 4, 1))),
    ],
)
def test_the_financial_year_runs_from_its_start_to_the_day_before_the_next(day: date, year: tuple[date, date]) -> None:
    assert THIRTY_PENCE.year_of(day) == year


def test_a_calendar_year_allocation() -> None:
    assert Allocation(year_start=(1, 1)).year_of(date(2027, 1, 1)) == (date(2027, 1, 1), date(2028, 1, 1))


def test_an_allocation_needs_both_an_amount_and_a_list_size() -> None:
    assert THIRTY_PENCE.is_set and THIRTY_PENCE.total == Decimal(300_000)
    assert not Allocation().is_set
    assert not Allocation(per_patient=Decimal(30)).is_set and not Allocation(list_size=9_000).is_set


@pytest.mark.parametrize(
    "changes",
    [
        {"per_patient": Decimal(-1)},
        {"list_size": -1},
        {"spent_outside": Decimal(-1)},
        {"year_start": (2, 30)},
        {"year_start": (2, 29)},  # not every year has one
        {"year_start": (13, 1)},
    ],
)
def test_an_allocation_that_cannot_be_right_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(AllocationError):
        Allocation(**changes)  # type: ignore[arg-type]


def test_a_campaign_within_what_is_left_says_what_it_leaves() -> None:
    use = AllocationUse(THIRTY_PENCE, THIRTY_PENCE.year_of(date(2026, 12, 1)), Decimal(150_000), Decimal(50_000),
                        Decimal(40_000))  # fmt: skip
    assert use.left == Decimal(80_000) and use.overspend == 0
    assert use.describe() == (
        "Allocation 2026/27: £3,000.00 (£0.30 for each of 10,000 patients); £2,200.00 spent or planned, "
        "£800.00 left. This campaign: £400.00, leaving £400.00."
    )


def test_a_campaign_beyond_what_is_left_says_by_how_much() -> None:
    use = AllocationUse(THIRTY_PENCE, THIRTY_PENCE.year_of(date(2026, 12, 1)), Decimal(270_000), Decimal(0),
                        Decimal(40_000))  # fmt: skip
    assert use.overspend == Decimal(30_000)
    assert use.describe().endswith("£100.00 left. This campaign: £400.00, £300.00 more than is left.")
    overspent = AllocationUse(THIRTY_PENCE, use.year, Decimal(290_000), Decimal(0), Decimal(1))
    assert overspent.left == Decimal(-10_000) and "£0.00 left" in overspent.describe()
    assert overspent.overspend == Decimal(10_001)


def test_an_allocation_in_fragments_counts_fragments() -> None:
    fragments = Allocation(AllocationKind.FRAGMENTS, Decimal(10), 8_000)
    use = AllocationUse(fragments, fragments.year_of(date(2026, 12, 1)), Decimal(70_000), Decimal(0), Decimal(12_000))
    assert use.overspend == Decimal(2_000)
    assert use.describe() == (
        "Allocation 2026/27: 80,000 fragments (10 fragments for each of 8,000 patients); 70,000 fragments spent "
        "or planned, 10,000 fragments left. This campaign: 12,000 fragments, 2,000 fragments more than is left."
    )


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"per_patient": Decimal(-1)}, "The allocation, the list size and the spend so far cannot be negative."),
        ({"list_size": -1}, "The allocation, the list size and the spend so far cannot be negative."),
        ({"year_start": (2, 29)}, "The financial year must start on a real day of the year, e.g. 1 April."),
        ({"year_start": (13, 1)}, "The financial year must start on a real day of the year, e.g. 1 April."),
    ],
)
def test_an_allocation_that_cannot_be_right_says_why(changes: dict[str, object], reason: str) -> None:
    with pytest.raises(AllocationError) as refused:
        Allocation(**changes)  # type: ignore[arg-type]
    assert str(refused.value) == reason
