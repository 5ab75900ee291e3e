from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.cost import Tariff, TariffError, estimate, format_percent, format_pounds
from desktop.core.sms import measure

TARIFF = Tariff(pence_per_fragment=Decimal("2.64"), vat_rate=Decimal("0.20"))


def test_estimate_counts_fragments_and_prices_them_exactly() -> None:
    messages = ["a" * 100] * 9 + ["a" * 200] + ["Café ’ok’"]
    result = estimate(messages, TARIFF)
    assert result.messages == 11
    assert result.fragments == 9 + 2 + 1
    assert result.by_fragments == {1: 10, 2: 1}
    assert result.unicode_messages == 1
    assert result.billable_fragments == 12
    assert result.cost_before_vat == Decimal("31.68")
    assert result.vat == Decimal("6.336")
    assert result.cost_after_vat == Decimal("38.016")
    assert format_pounds(result.cost_after_vat) == "£0.38"


def test_free_allowance_covers_what_is_left_of_it() -> None:
    tariff = Tariff(Decimal("2"), Decimal("0.2"), annual_free_allowance=1000, allowance_used=995)
    result = estimate(["a" * 200] * 5, tariff)  # 10 fragments
    assert (result.free_fragments, result.billable_fragments) == (5, 5)
    assert result.cost_before_vat == Decimal("10")
    assert result.cost_after_vat == Decimal("12.0")


def test_allowance_used_up_covers_nothing() -> None:
    tariff = Tariff(Decimal("2"), Decimal("0"), annual_free_allowance=100, allowance_used=150)
    assert tariff.allowance_left == 0
    assert estimate(["hi"], tariff).billable_fragments == 1


def test_measurements_can_be_costed_without_measuring_again() -> None:
    assert estimate([measure("a" * 161)], TARIFF).fragments == 2


def test_empty_list_costs_nothing() -> None:
    result = estimate([], TARIFF)
    assert (result.messages, result.fragments, result.cost_after_vat) == (0, 0, Decimal(0))


def test_messages_over_the_limit_are_counted() -> None:
    assert estimate(["a" * 1000, "ok"], TARIFF).too_long_messages == 1


def test_ten_thousand_texts_with_one_smart_quote_cost_double() -> None:
    plain = estimate(["It's your flu jab. " + "x" * 130] * 10_000, TARIFF)
    curly = estimate(["It’s your flu jab. " + "x" * 130] * 10_000, TARIFF)
    assert curly.cost_after_vat == 3 * plain.cost_after_vat
    assert format_pounds(plain.cost_after_vat) == "£316.80"


@pytest.mark.parametrize(
    "kwargs",
    [{"pence_per_fragment": Decimal("-1")}, {"vat_rate": Decimal("1.5")}, {"annual_free_allowance": -1}],
)
def test_impossible_tariffs_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(TariffError):
        Tariff(**kwargs)  # type: ignore[arg-type]


def test_tariff_accepts_text_figures_as_decimals() -> None:
    assert Tariff(pence_per_fragment="1.58").pence_per_fragment == Decimal("1.58")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("pence", "shown"),
    [(Decimal("0.5"), "£0.01"), (Decimal("0.49"), "£0.00"), (123456, "£1,234.56"), (Decimal("38.016"), "£0.38")],
)
def test_format_pounds_rounds_half_up(pence: Decimal, shown: str) -> None:
    assert format_pounds(pence) == shown


@pytest.mark.parametrize(("rate", "shown"), [("0.20", "20%"), ("0.175", "17.5%"), ("0", "0%"), ("1", "100%")])
def test_format_percent(rate: str, shown: str) -> None:
    assert format_percent(Decimal(rate)) == shown


@given(st.lists(st.text(max_size=400), max_size=30), st.integers(0, 50), st.integers(0, 50))
def test_costs_add_up(messages: list[str], allowance: int, used: int) -> None:
    tariff = Tariff(Decimal("2.64"), Decimal("0.2"), annual_free_allowance=allowance, allowance_used=used)
    result = estimate(messages, tariff)
    assert result.free_fragments + result.billable_fragments == result.fragments
    assert sum(result.by_fragments.values()) == len(messages)
    assert result.cost_before_vat == result.billable_fragments * Decimal("2.64")
    assert result.cost_after_vat == result.cost_before_vat + result.vat
    assert isinstance(result.cost_after_vat, Decimal)


def test_a_free_or_fractional_price_is_allowed_but_not_a_negative_one() -> None:
    assert Tariff(Decimal(0)).pence_per_fragment == 0
    assert Tariff(Decimal("0.5")).pence_per_fragment == Decimal("0.5")
    with pytest.raises(TariffError) as refused:
        Tariff(Decimal("-0.01"))
    assert str(refused.value) == "The price per text cannot be negative."


def test_vat_may_be_anything_from_nothing_to_all_of_it() -> None:
    assert Tariff(Decimal(2), Decimal(1)).vat_rate == 1
    with pytest.raises(TariffError) as refused:
        Tariff(Decimal(2), Decimal("1.01"))
    assert str(refused.value) == "The VAT rate must be between 0% and 100%."


def test_a_negative_allowance_is_refused_plainly() -> None:
    with pytest.raises(TariffError) as refused:
        Tariff(Decimal(2), Decimal("0.2"), annual_free_allowance=-1)
    assert str(refused.value) == "The free allowance and the amount used cannot be negative."


def test_every_message_too_long_to_send_is_counted() -> None:
    long = "x" * 919
    assert estimate([long, "short", long], Tariff(Decimal(2))).too_long_messages == 2
