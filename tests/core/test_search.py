from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.search import (
    SearchTerms,
    fold,
    mobile_key,
    name_token_column,
    name_tokens,
    number_token_column,
    number_tokens,
    parse_search,
)


@pytest.mark.parametrize(
    ("written", "folded"),
    [("Siân", "sian"), ("ZOË", "zoe"), ("Chloé", "chloe"), ("Tomás", "tomas"), ("Smith", "smith"), ("", "")],
)
def test_fold_drops_case_and_accents(written: str, folded: str) -> None:
    assert fold(written) == folded


@pytest.mark.parametrize(
    ("first", "surname", "tokens"),
    [
        ("Margaret", "Smith", "margaret smith"),
        ("Siân", "O'Brien", "sian o brien obrien"),
        ("Mary Ann", "Fitzgerald-Hughes", "mary ann maryann fitzgerald hughes fitzgeraldhughes"),
        ("", None, ""),
        ("Jo", "Jo", "jo"),  # each token once
    ],
)
def test_names_are_found_by_each_part_and_by_the_whole(first: str, surname: str | None, tokens: str) -> None:
    assert name_tokens(first, surname) == tokens


def test_numbers_are_the_nhs_number_and_the_mobiles_national_number() -> None:
    assert mobile_key("+447911123456") == "7911123456"
    assert mobile_key(None) == ""
    assert number_tokens("9434765919", "+447911123456") == "9434765919 7911123456"
    assert number_tokens(None, "+447911123456") == "7911123456"
    assert number_tokens("9434765919", None) == "9434765919"


_NAMES = st.text(alphabet="Jo Siân-O'Brien.", max_size=12)
Number = str | None
_NUMBERS = st.one_of(st.none(), st.sampled_from(["9434765919", "+447911123456", "+15551234567", "447911"]))


@given(st.lists(st.tuples(_NAMES, _NAMES, _NUMBERS, _NUMBERS), min_size=1, max_size=8))
def test_a_whole_list_gets_the_tokens_each_patient_gets(patients: list[tuple[str, str, Number, Number]]) -> None:
    """Imports make the tokens a column at a time; searching relies on them being the same."""
    firsts, surnames, nhs_numbers, mobiles = (list(column) for column in zip(*patients, strict=True))
    assert name_token_column(firsts, surnames) == [name_tokens(f, s) for f, s in zip(firsts, surnames, strict=True)]
    assert number_token_column(nhs_numbers, mobiles) == [
        number_tokens(n, m) for n, m in zip(nhs_numbers, mobiles, strict=True)
    ]


@pytest.mark.parametrize(
    ("typed", "numbers"),
    [
        ("07700 900", ("07700900", "7700900")),  # as written on a letter
        ("07700900", ("07700900", "7700900")),
        ("+447700900", ("447700900", "7700900")),  # as a mobile phone shows it
        ("+44 (0)7700 900", ("4407700900",)),  # not a mobile's form: as typed only
        ("0044 7700 900", ("00447700900", "7700900")),
        ("7700 900", ("7700900",)),  # lost its leading zero
        ("943 476 5919", ("9434765919",)),  # an NHS number, spaced as printed
        ("4401", ("4401",)),  # the start of an NHS number, not of a +44 mobile: no 7 follows
        ("0", ("0",)),
    ],
)
def test_digits_match_the_start_of_an_nhs_number_or_a_mobile_in_any_written_form(
    typed: str, numbers: tuple[str, ...]
) -> None:
    assert parse_search(typed) == SearchTerms(numbers=(numbers,))


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("smi", ("smi",)),
        ("  Siân ", ("sian",)),
        ("o'b", ("ob",)),  # matches the whole of O'Brien
        ("Mar Smi", ("mar", "smi")),  # both must match
        ("smith smith", ("smith",)),
    ],
)
def test_words_match_the_start_of_a_forename_or_surname_ignoring_case_and_accents(
    typed: str, names: tuple[str, ...]
) -> None:
    assert parse_search(typed) == SearchTerms(names=names)


def test_a_name_and_a_number_together_must_both_match() -> None:
    assert parse_search("smith 07911") == SearchTerms(names=("smith",), numbers=(("07911", "7911"),))


@pytest.mark.parametrize("typed", ["", "   ", "+", "()", "''", "-"])
def test_nothing_searchable_is_no_search(typed: str) -> None:
    assert not parse_search(typed)


def test_a_number_from_abroad_is_found_by_its_digits() -> None:
    assert mobile_key("+33612345678") == "33612345678"


def test_digits_typed_with_dashes_beside_a_name_are_one_number() -> None:
    assert parse_search("smith 07911-123") == SearchTerms(names=("smith",), numbers=(("07911123", "7911123"),))


def test_a_name_after_a_number_still_counts() -> None:
    assert parse_search("07911 smith") == SearchTerms(names=("smith",), numbers=(("07911", "7911"),))
