from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.nhs_number import InvalidNhsNumber, check_digit, format_nhs_number, is_valid, normalise


@pytest.mark.parametrize(
    "raw", ["9434765919", "943 476 5919", "943-476-5919", " 9434765919 ", 9434765919, 9434765919.0]
)
def test_valid_numbers_in_the_ways_people_write_them(raw: object) -> None:
    assert is_valid(raw)
    assert normalise(raw) == "9434765919"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("9434765918", "last digit does not match"),
        ("943476591", "10 digits, not 9"),
        ("94347659190", "10 digits, not 11"),
        ("943476591X", "only digits"),
        ("", "blank"),
        (None, "blank"),
        ("１２３４５６７８９０", "only digits"),  # full-width digits pass isdigit() but are not an NHS number
    ],
)
def test_invalid_numbers_say_why(raw: object, reason: str) -> None:
    assert not is_valid(raw)
    with pytest.raises(InvalidNhsNumber, match=reason):
        normalise(raw)


def test_a_check_digit_of_ten_means_no_valid_number() -> None:
    # 10 x 1 + 9 x 0 ... chosen so 11 - (sum mod 11) == 10
    nine = next(f"{n:09d}" for n in range(100_000_000, 100_100_000) if check_digit(f"{n:09d}") is None)
    assert not any(is_valid(nine + str(d)) for d in range(10))


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_one_or_no_last_digit_is_valid(first_nine: str) -> None:
    valid = [d for d in range(10) if is_valid(first_nine + str(d))]
    assert valid == ([] if check_digit(first_nine) is None else [check_digit(first_nine)])


def test_format() -> None:
    assert format_nhs_number("9434765919") == "943 476 5919"
