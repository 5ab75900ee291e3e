"""The SNOMED CT concept a practice records a campaign's texts with, and the retention period."""

from __future__ import annotations

import pytest

from desktop.core.records import MAX_RETENTION_DAYS, Coding, RecordsError, check_coding, check_retention


@pytest.mark.parametrize(
    ("concept", "term"),
    [("22298006", "Myocardial infarction"), ("1239511000000100", "SMS text message sent"), (" 22298006 ", "  a  b ")],
)
def test_a_concept_with_its_term_is_kept_tidied(concept: str, term: str) -> None:
    found = check_coding(Coding(concept, term))
    assert found.concept == concept.strip() and found.term == " ".join(term.split()) and found.is_set


@pytest.mark.parametrize(
    ("concept", "term", "reason"),
    [
        ("12345", "x", "6 to 18 digits"),
        ("1234567890123456789", "x", "6 to 18 digits"),
        ("22298O06", "x", "6 to 18 digits"),
        ("22298007", "x", "its last digit does not match"),
        ("1239511000000116", "x", "not a concept"),  # a valid check digit, but a description's partition (11)
        ("22298006", "", "Enter the concept's term"),
        ("", "A term alone", "Enter the SNOMED CT concept ID"),
    ],
)
def test_a_concept_that_cannot_be_right_is_refused(concept: str, term: str, reason: str) -> None:
    with pytest.raises(RecordsError, match=reason):
        check_coding(Coding(concept, term))


def test_no_concept_is_allowed_until_one_is_chosen() -> None:
    assert check_coding(Coding()) == Coding() and not Coding().is_set
    assert len(check_coding(Coding("22298006", "x" * 300)).term) == 255


def test_the_retention_period_is_between_a_day_and_three_years() -> None:
    assert check_retention(90) == 90 and check_retention(1) == 1 and check_retention(MAX_RETENTION_DAYS)
    for bad in (0, -5, MAX_RETENTION_DAYS + 1):
        with pytest.raises(RecordsError, match="between 1 and 1,095 days"):
            check_retention(bad)
