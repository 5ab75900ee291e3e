from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.cost import Tariff
from desktop.core.costing import cost_cohort, realistic_longest, typical_value
from desktop.core.template import DEFAULT_FOOTER, CompiledTemplate

TARIFF = Tariff(Decimal("2"), Decimal("0.2"))
# 131 characters plus the surname: one fragment for short surnames, two past 29 characters
BODY = "Dear Mr ((surname)), " + "x" * (160 - 21 - 1 - len(DEFAULT_FOOTER) - 8)


def test_split_by_fragments_and_what_pushes_messages_over() -> None:
    template = CompiledTemplate.compile(BODY, DEFAULT_FOOTER)
    rows = [{"surname": "Smith"}] * 90 + [{"surname": "Fitzgerald-Hughes-Llewellyn"}] * 8 + [{"surname": "Siân"}] * 2
    costing = cost_cohort(template, rows, TARIFF)
    assert costing.estimate.messages == 100
    assert costing.estimate.by_fragments == {1: 90, 2: 8, 3: 2}  # Siân makes it UCS-2: 67 a fragment
    assert costing.estimate.unicode_messages == 2
    assert costing.typical.fragments == 1
    [impact] = costing.impacts
    assert (impact.name, impact.messages, impact.extra_fragments) == ("surname", 10, 8 * 1 + 2 * 2)
    assert impact.example == "Fitzgerald-Hughes-Llewellyn"
    assert impact.saving(TARIFF) == Decimal("28.8")  # 12 fragments x 2p + 20% VAT


def test_patients_without_a_value_are_counted_not_costed() -> None:
    template = CompiledTemplate.compile("Dear ((title)) ((surname))", DEFAULT_FOOTER)
    costing = cost_cohort(template, [{"title": "Mrs", "surname": "Smith"}, {"title": "", "surname": "Jones"}], TARIFF)
    assert costing.estimate.messages == 1
    assert costing.missing == {"title": 1}


def test_realistic_longest_ignores_the_odd_outlier() -> None:
    values = ["Smith"] * 200 + ["Brown-Jones"] * 3 + ["A" * 60]
    assert realistic_longest(values) == "Brown-Jones"
    assert realistic_longest([]) == ""
    assert typical_value(["a", "bbb", "cc"]) == "cc"


@given(st.lists(st.text(alphabet="ab -", max_size=6), max_size=60))
def test_longest_and_typical_values_are_where_a_sort_by_length_puts_them(values: list[str]) -> None:
    """The same as sorting every value by length (stable), which is what these are defined as."""
    ranked = sorted((v for v in values if v), key=len)
    assert realistic_longest(values) == (ranked[min(int(len(ranked) * 0.99), len(ranked) - 1)] if ranked else "")
    assert typical_value(values) == (ranked[len(ranked) // 2] if ranked else "")
