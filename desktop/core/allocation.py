"""The practice's messaging allocation from its commissioner (an ICB in England): an amount or a number of
fragments for each registered patient each financial year, and how much of it a campaign would use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from desktop.core.cost import format_pounds


class AllocationError(ValueError):
    """An allocation that cannot be right; the message says why."""


class AllocationKind(StrEnum):
    PENCE = "pence"  # an amount a patient, compared with costs including VAT
    FRAGMENTS = "fragments"  # a number of fragments a patient

    @property
    def label(self) -> str:
        return "An amount a patient" if self is AllocationKind.PENCE else "Fragments a patient"


@dataclass(frozen=True)
class Allocation:
    kind: AllocationKind = AllocationKind.PENCE
    per_patient: Decimal = Decimal(0)  # pence, or fragments; 0 when the practice has none
    list_size: int = 0  # registered patients
    year_start: tuple[int, int] = (4, 1)  # month and day the financial year starts (1 April)
    spent_outside: Decimal = Decimal(0)  # this year, outside this application: pence or fragments

    def __post_init__(self) -> None:
        if self.per_patient < 0 or self.list_size < 0 or self.spent_outside < 0:
            raise AllocationError("The allocation, the list size and the spend so far cannot be negative.")
        month, day = self.year_start
        try:
            date(2025, month, day)  # not a leap year: 29 February cannot start every year
        except ValueError as error:
            raise AllocationError("The financial year must start on a real day of the year, e.g. 1 April.") from error

    @property
    def is_set(self) -> bool:
        return self.per_patient > 0 and self.list_size > 0

    @property
    def total(self) -> Decimal:
        return self.per_patient * self.list_size

    def year_of(self, day: date) -> tuple[date, date]:
        """The financial year holding `day`: its first day and the first day of the next."""
        month, first = self.year_start
        start = date(day.year, month, first)
        if day < start:
            start = date(day.year - 1, month, first)
        return start, date(start.year + 1, month, first)

    def amount(self, value: Decimal) -> str:
        """An amount in the allocation's unit, as people read it."""
        return format_pounds(value) if self.kind is AllocationKind.PENCE else f"{value:,.0f} fragments"


@dataclass(frozen=True)
class AllocationUse:
    """A campaign against what is left of this financial year's allocation."""

    allocation: Allocation
    year: tuple[date, date]
    spent_here: Decimal  # sent by this application this year
    committed: Decimal  # still to go this year in other approved campaigns
    campaign: Decimal

    @property
    def left(self) -> Decimal:
        a = self.allocation
        return a.total - a.spent_outside - self.spent_here - self.committed

    @property
    def overspend(self) -> Decimal:
        return max(self.campaign - self.left, Decimal(0))

    def describe(self) -> str:
        a, (start, end) = self.allocation, self.year
        year = f"{start:%Y}/{end:%y}"
        spent = a.spent_outside + self.spent_here + self.committed
        text = (
            f"Allocation {year}: {a.amount(a.total)} ({a.amount(a.per_patient)} for each of {a.list_size:,} patients); "
            f"{a.amount(spent)} spent or planned, {a.amount(max(self.left, Decimal(0)))} left. "
            f"This campaign: {a.amount(self.campaign)}"
        )
        if self.overspend:
            return text + f", {a.amount(self.overspend)} more than is left."
        return text + f", leaving {a.amount(self.left - self.campaign)}."
