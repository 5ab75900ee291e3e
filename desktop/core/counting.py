"""Which rules count and price a text: GOV.UK Notify's, or the GSM 03.38 standard other suppliers bill by.

With Notify, a text is counted as Notify will send it (desktop.core.notify_rules), after the
service's name if the service adds it, with Notify's 918-character limit; its price per fragment
is Notify's on the day the text goes (prices change each April), and a number in Guernsey, Jersey
or the Isle of Man is billed at twice the rate. Exported texts go through the practice's own
supplier: counted as typed, at the price set in Settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import partial

from desktop.core.notify_rules import (
    forces_unicode,
    is_plain,
    is_question_mark,
    notify_measurement,
    sanitise,
    sent_as_question_marks,
)
from desktop.core.sms import GSM_BASIC, GSM_EXTENSION, MAX_CHARACTERS, Measurement, measure

QUESTION_MARK, UNICODE = "question mark", "unicode"  # what a character in the editor is marked for
_GSM = frozenset(GSM_BASIC + GSM_EXTENSION)


class Gateway(StrEnum):
    NOTIFY = "notify"
    STANDARD = "standard"  # GSM 03.38 as typed: exports for the practice's own messaging product

    @property
    def label(self) -> str:
        return "GOV.UK Notify" if self is Gateway.NOTIFY else "Export for upload (your supplier's rules)"


# GOV.UK Notify's price of a text message fragment in pence before VAT, from each date (no free
# allowance for GP surgeries). A block is priced on the day it is released.
NOTIFY_PRICES: tuple[tuple[date, Decimal], ...] = (
    (date(2025, 4, 1), Decimal("2.33")),
    (date(2026, 4, 1), Decimal("2.4")),
)
CROWN_DEPENDENCY_MULTIPLIER = 2  # Notify bills Guernsey, Jersey and Isle of Man numbers as international


def notify_price_on(day: date) -> Decimal:
    """Notify's price per fragment (pence, before VAT) on `day`: the latest that had started by then."""
    price = NOTIFY_PRICES[0][1]
    for start, pence in NOTIFY_PRICES:
        if day >= start:
            price = pence
    return price


@dataclass(frozen=True)
class Counting:
    """The rules for one gateway; `prefix` is the service name Notify adds ("Riverside Surgery"), if it does."""

    gateway: Gateway = Gateway.NOTIFY
    prefix: str = ""

    @property
    def is_notify(self) -> bool:
        return self.gateway is Gateway.NOTIFY

    def measure(self, text: str) -> Measurement:
        return self.measurer()(text)

    def measurer(self) -> Callable[[str], Measurement]:
        """The measuring function itself, for a loop over a whole cohort."""
        if not self.is_notify:
            return measure
        return partial(notify_measurement, prefix=f"{self.prefix}: ") if self.prefix else notify_measurement

    def plain_prefix_length(self) -> int | None:
        """With Notify, the billed length of the prefix if it is plain (0 with none); None otherwise."""
        if not self.is_notify:
            return None
        prefix = f"{self.prefix}: " if self.prefix else ""
        return len(prefix) if is_plain(prefix.strip()) or not prefix else None

    def sent_text(self, text: str) -> str:
        """What arrives on the patient's phone (without the prefix)."""
        return sanitise(text) if self.is_notify else text

    def question_marks(self, text: str) -> tuple[str, ...]:
        """Characters that would arrive as "?" (only Notify replaces them)."""
        return sent_as_question_marks(text) if self.is_notify else ()

    def flag(self, character: str) -> str | None:
        """QUESTION_MARK if the character arrives as "?", UNICODE if it makes the text Unicode, else None."""
        if self.is_notify:
            if forces_unicode(character):
                return UNICODE
            return QUESTION_MARK if character not in _GSM and is_question_mark(character) else None
        return UNICODE if character not in _GSM else None

    def limit(self, measurement: Measurement) -> str:
        """The length limit that applies, in words."""
        if self.is_notify:
            return "918 characters (GOV.UK Notify's limit)"
        return f"{MAX_CHARACTERS[measurement.encoding]} characters (6 texts)"
