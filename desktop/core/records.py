"""Recording a campaign's texts in the patient record, and how long its personal data is kept.

For each purpose the practice chooses the SNOMED CT concept (and its term) its clinical system codes
the contact with; the export of the patients a text was delivered to carries them, so the practice
records the contact in one bulk step. A concept ID is 6 to 18 digits whose last is a Verhoeff check
digit and whose two before it say it is a concept (00, or 10 for a national extension such as the UK's).
"""

from __future__ import annotations

from dataclasses import dataclass

from stdnum import verhoeff

DEFAULT_RETENTION_DAYS = 90  # after a campaign completes, its patients' personal data is deleted
MAX_RETENTION_DAYS = 3 * 365


class RecordsError(ValueError):
    """A concept or a retention period that cannot be right; the message says why."""


@dataclass(frozen=True)
class Coding:
    concept: str = ""
    term: str = ""

    @property
    def is_set(self) -> bool:
        return bool(self.concept)


def check_coding(coding: Coding) -> Coding:
    """The coding tidied, or RecordsError with the reason; blank is allowed (not chosen yet)."""
    concept = "".join(coding.concept.split())
    term = " ".join(coding.term.split())
    if not concept:
        if term:
            raise RecordsError("Enter the SNOMED CT concept ID for the term, or clear the term.")
        return Coding()
    if not concept.isdigit() or not 6 <= len(concept) <= 18:
        raise RecordsError("A SNOMED CT concept ID is 6 to 18 digits, such as 1239511000000100.")
    if not verhoeff.is_valid(concept):
        raise RecordsError("That SNOMED CT concept ID is not valid: its last digit does not match. Check it.")
    if concept[-3:-1] not in ("00", "10"):
        raise RecordsError("That SNOMED CT ID is not a concept's (it is a description's or a relationship's).")
    if not term:
        raise RecordsError("Enter the concept's term as the clinical system shows it.")
    return Coding(concept, term[:255])


def check_retention(days: int) -> int:
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise RecordsError(f"Keep a campaign's personal data between 1 and {MAX_RETENTION_DAYS:,} days after it ends.")
    return days
