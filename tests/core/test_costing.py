from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.cohort import Cancelled
from desktop.core.cost import Tariff
from desktop.core.costing import cost_cohort, longest_values, realistic_longest, typical_value
from desktop.core.sms import measure
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


HELLO = CompiledTemplate.compile("Hello ((first_name)), ((note))", DEFAULT_FOOTER)


def test_progress_every_5000_patients_and_a_cancel_is_heard_there() -> None:
    rows = [{"first_name": "Ann", "note": "ok"}] * 12_000
    seen: list[int] = []
    costing = cost_cohort(HELLO, rows, TARIFF, progress=seen.append)
    assert seen == [5_000, 10_000] and costing.estimate.messages == 12_000
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(len(asked))
        return True

    with pytest.raises(Cancelled):
        cost_cohort(HELLO, rows, TARIFF, progress=seen.append, cancelled=cancelled)
    assert asked == [0]  # asked once, at the first 5,000


def test_a_patient_without_a_value_is_counted_and_the_rest_still_costed() -> None:
    rows = [
        {"first_name": "Ann", "note": "ok"},
        {"first_name": "", "note": "ok"},
        {"first_name": "Bob", "note": ""},
        {"first_name": "", "note": ""},
        {"first_name": "Cy", "note": "ok"},
    ]
    costing = cost_cohort(HELLO, rows, TARIFF)
    assert costing.estimate.messages == 2
    assert costing.missing == {"first_name": 2, "note": 2}


def test_with_no_values_at_all_the_typical_message_is_empty() -> None:
    costing = cost_cohort(HELLO, [{"first_name": "", "note": ""}] * 3, TARIFF)
    assert costing.typical == measure("") and costing.estimate.messages == 0 and costing.impacts == []


def test_only_placeholders_that_push_a_message_over_are_named_biggest_first() -> None:
    # The typical message is one fragment (93 characters); a long name makes one two, long notes three.
    body = "Dear ((first_name)), " + "x" * 80 + " ((note))"
    template = CompiledTemplate.compile(body, "")
    typical = [{"first_name": "Ann", "note": "ok"}] * 20
    long_name = [{"first_name": "Bartholomew-Christopher" * 4, "note": "ok"}]  # 182 characters: 1 extra
    long_notes = [{"first_name": "Ann", "note": "n" * 300}, {"first_name": "Ann", "note": "m" * 300}]  # 2 extra
    costing = cost_cohort(template, typical + long_name + long_notes, TARIFF)
    assert [(i.name, i.messages, i.extra_fragments) for i in costing.impacts] == [("note", 2, 4), ("first_name", 1, 1)]
    assert costing.impacts[0].example == "n" * 300  # the longest; the first of equal length


def test_a_message_no_longer_than_the_typical_one_is_not_counted_as_pushed_over() -> None:
    # Typical: 165 characters, two fragments. The odd row is two fragments too, though with a
    # typical ((a)) it would fit in one: it is not over the typical message, so nothing is blamed.
    template = CompiledTemplate.compile("((a)) ((b)) " + "x" * 149, "")
    rows = [{"a": "aaaa", "b": "bbbbbbbbbb"}] * 20 + [{"a": "a" * 12, "b": "b"}]
    costing = cost_cohort(template, rows, TARIFF)
    assert costing.typical.fragments == 2 and costing.estimate.by_fragments == {2: 21}
    assert costing.impacts == []


def test_longest_values_take_their_names_from_the_first_row_and_count_absent_ones_as_blank() -> None:
    rows = [{"first_name": "Jo", "surname": "Li"}] * 100 + [{"first_name": "Jo"}] * 5
    assert longest_values(rows) == {"first_name": "Jo", "surname": "Li"}
    assert longest_values([]) == {}
    assert longest_values([{"surname": "Li"}]) == {"surname": "Li"}  # one patient: the names are still the first's


def test_a_patient_without_the_column_at_all_has_no_value_for_the_typical_message() -> None:
    rows = [{"first_name": "Ann"}] * 3 + [{"first_name": "Ann", "note": "ok"}] * 2
    costing = cost_cohort(HELLO, rows, TARIFF)
    assert costing.typical == measure(HELLO.render({"first_name": "Ann", "note": "ok"}))
