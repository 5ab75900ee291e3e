"""What sending costs: a tariff per fragment and the estimate for a set of messages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from desktop.core.sms import Measurement, measure

PENNY = Decimal("0.01")


class TariffError(ValueError):
    """A tariff value that cannot be right."""


@dataclass(frozen=True)
class Tariff:
    """Prices in pence before VAT. The free allowance counts fragments per year, as gateways bill them."""

    pence_per_fragment: Decimal = Decimal("2.4")  # GOV.UK Notify's from 1 April 2026 (VAT is added)
    vat_rate: Decimal = Decimal("0.20")
    annual_free_allowance: int = 0
    allowance_used: int = 0

    def __post_init__(self) -> None:
        for name in ("pence_per_fragment", "vat_rate"):
            value = getattr(self, name)
            if not isinstance(value, Decimal):
                object.__setattr__(self, name, Decimal(str(value)))
        if self.pence_per_fragment < 0:
            raise TariffError("The price per text cannot be negative.")
        if not Decimal(0) <= self.vat_rate <= Decimal(1):
            raise TariffError("The VAT rate must be between 0% and 100%.")
        if self.annual_free_allowance < 0 or self.allowance_used < 0:
            raise TariffError("The free allowance and the amount used cannot be negative.")

    @property
    def allowance_left(self) -> int:
        return max(self.annual_free_allowance - self.allowance_used, 0)


@dataclass(frozen=True)
class Estimate:
    """The cost of a set of messages. Money is in pence, exact; round only to show it."""

    messages: int
    fragments: int
    by_fragments: Mapping[int, int] = field(default_factory=dict)  # fragments per message -> messages
    unicode_messages: int = 0
    too_long_messages: int = 0
    free_fragments: int = 0
    billable_fragments: int = 0
    # Texts to Guernsey, Jersey or the Isle of Man, which Notify bills at twice the rate, and the
    # fragments that adds to the bill.
    crown_dependency_messages: int = 0
    extra_fragments: int = 0
    cost_before_vat: Decimal = Decimal(0)
    vat: Decimal = Decimal(0)
    cost_after_vat: Decimal = Decimal(0)


def estimate(
    messages: Iterable[str | Measurement], tariff: Tariff, crown_dependency: tuple[int, int] = (0, 0)
) -> Estimate:
    """Cost rendered messages (or their measurements) at a tariff.

    `crown_dependency` is (messages, their fragments) sent to numbers billed at twice the rate.
    """
    by_fragments: Counter[int] = Counter()
    unicode_messages = too_long = 0
    for message in messages:
        m = message if isinstance(message, Measurement) else measure(message)
        by_fragments[m.fragments] += 1
        if m.is_unicode:
            unicode_messages += 1
        if m.too_long:
            too_long += 1
    count = sum(by_fragments.values())
    fragments = sum(size * n for size, n in by_fragments.items())
    crown_messages, extra = crown_dependency
    free = min(fragments + extra, tariff.allowance_left)
    billable = fragments + extra - free
    before_vat = billable * tariff.pence_per_fragment
    vat = before_vat * tariff.vat_rate
    return Estimate(
        messages=count,
        fragments=fragments,
        by_fragments=dict(sorted(by_fragments.items())),
        unicode_messages=unicode_messages,
        too_long_messages=too_long,
        free_fragments=free,
        billable_fragments=billable,
        crown_dependency_messages=crown_messages,
        extra_fragments=extra,
        cost_before_vat=before_vat,
        vat=vat,
        cost_after_vat=before_vat + vat,
    )


def format_pounds(pence: Decimal | int) -> str:
    """£1,234.57 from pence, rounded half up to the penny as an invoice would be."""
    pounds = (Decimal(pence) / 100).quantize(PENNY, rounding=ROUND_HALF_UP)
    return f"£{pounds:,.2f}"


def format_percent(rate: Decimal) -> str:
    """20% from 0.20, 17.5% from 0.175: no trailing zeros, no exponent."""
    text = f"{rate * 100:f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"
