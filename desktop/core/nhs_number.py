"""NHS numbers: ten digits whose last is a modulus-11 check digit."""

from __future__ import annotations

import re
from operator import mul

_SEPARATORS = re.compile(r"[\s\-]")
_WEIGHTS = range(10, 1, -1)  # 10 for the first digit down to 2 for the ninth


class InvalidNhsNumber(ValueError):
    """The value is not a valid NHS number."""


_ZERO_WEIGHTED = ord("0") * sum(_WEIGHTS)


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine ASCII digits, or None where no valid number can end them."""
    # Weighting the characters' codes and taking away what the code of "0" adds is the
    # weighted sum of the digits, without making nine ints: it is done for every patient.
    total = sum(map(mul, first_nine.encode("ascii"), _WEIGHTS)) - _ZERO_WEIGHTED
    digit = 11 - total % 11
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def normalise(raw: object) -> str:
    """Return the NHS number as ten digits, or raise InvalidNhsNumber."""
    if raw is None:
        raise InvalidNhsNumber("The NHS number is blank.")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    digits = raw if isinstance(raw, str) and raw.isdigit() else _SEPARATORS.sub("", str(raw))
    if not digits:
        raise InvalidNhsNumber("The NHS number is blank.")
    if not digits.isdigit() or not digits.isascii():
        raise InvalidNhsNumber("The NHS number should contain only digits.")
    if len(digits) != 10:
        raise InvalidNhsNumber(f"The NHS number should have 10 digits, not {len(digits)}.")
    if check_digit(digits[:9]) != int(digits[9]):
        raise InvalidNhsNumber("The NHS number is not valid: its last digit does not match. Check for a typing error.")
    return digits


def is_valid(raw: object) -> bool:
    try:
        normalise(raw)
    except InvalidNhsNumber:
        return False
    return True


def format_nhs_number(digits: str) -> str:
    """Show ten digits the NHS way: 943 476 5919."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
