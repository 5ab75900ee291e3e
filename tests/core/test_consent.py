"""SMS consent: recognised from the words of a header, read cell by cell, a refusal always honoured."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from desktop.core.cohort import LEFT_OUT, NO_PREFERENCE, PatientStatus, ValidatedCohort, validate_rows
from desktop.core.columns import guess_mapping
from desktop.core.consent import (
    BlankConsent,
    ConsentMeaning,
    Reading,
    header_meaning,
    looks_like_consent,
    read_value,
)

CONSENTS, OPTED_OUT = ConsentMeaning.CONSENTS, ConsentMeaning.OPTED_OUT


@pytest.mark.parametrize(
    ("header", "means"),
    [
        ("Receive SMS", CONSENTS),  # SystmOne
        ("SMS Consent", CONSENTS),
        ("Consent to text", CONSENTS),
        ("Text message consent", CONSENTS),
        ("Mobile messaging preference", CONSENTS),
        ("Contact by SMS allowed", CONSENTS),
        ("Allow SMS", CONSENTS),
        ("SMS opt in", CONSENTS),
        ("Patient happy to receive texts", CONSENTS),
        ("SMS status", CONSENTS),
        ("Consent", CONSENTS),  # a list for texting: consent to it
        ("SMS opt-out", OPTED_OUT),
        ("Opted out of SMS", OPTED_OUT),
        ("Dissent from SMS", OPTED_OUT),
        ("Declines texts", OPTED_OUT),
        ("Text refused", OPTED_OUT),
        ("Do not text", OPTED_OUT),
        ("No SMS", OPTED_OUT),
        ("Dissent", OPTED_OUT),
        ("SMS consent withdrawn", OPTED_OUT),
    ],
)
def test_a_header_about_texts_and_a_choice_is_a_consent_column(header: str, means: ConsentMeaning) -> None:
    assert header_meaning(header) is means


@pytest.mark.parametrize(
    "header",
    [
        "Mobile",
        "Mobile number",
        "SMS number",
        "Contact by SMS",  # about texts, but no choice named: offered by its values instead
        "Consent to share records",  # a choice about something else
        "Data sharing dissent",
        "Housebound",
        "Patient Mobile Number (preferred)",
        "Status",
        "",
        None,
    ],
)
def test_other_headers_are_not_consent_columns(header: object) -> None:
    assert header_meaning(header) is None


@pytest.mark.parametrize(
    ("value", "in_consent_column", "in_opt_out_column"),
    [
        ("Y", Reading.MAY_TEXT, Reading.DECLINED),
        ("Yes", Reading.MAY_TEXT, Reading.DECLINED),
        (" YES ", Reading.MAY_TEXT, Reading.DECLINED),
        ("True", Reading.MAY_TEXT, Reading.DECLINED),
        (1, Reading.MAY_TEXT, Reading.DECLINED),
        (True, Reading.MAY_TEXT, Reading.DECLINED),
        ("N", Reading.DECLINED, Reading.MAY_TEXT),
        ("no", Reading.DECLINED, Reading.MAY_TEXT),
        ("False", Reading.DECLINED, Reading.MAY_TEXT),
        (0, Reading.DECLINED, Reading.MAY_TEXT),
        ("Consent given", Reading.MAY_TEXT, Reading.MAY_TEXT),  # words that say it whatever the column
        ("Consented", Reading.MAY_TEXT, Reading.MAY_TEXT),
        ("Allowed", Reading.MAY_TEXT, Reading.MAY_TEXT),
        ("Opted in", Reading.MAY_TEXT, Reading.MAY_TEXT),
        ("Dissent", Reading.DECLINED, Reading.DECLINED),
        ("Declined", Reading.DECLINED, Reading.DECLINED),
        ("Opted out", Reading.DECLINED, Reading.DECLINED),
        ("Opt-out", Reading.DECLINED, Reading.DECLINED),
        ("Not allowed", Reading.DECLINED, Reading.DECLINED),
        ("Consent withdrawn", Reading.DECLINED, Reading.DECLINED),
        ("Refused", Reading.DECLINED, Reading.DECLINED),
        ("", Reading.BLANK, Reading.BLANK),
        ("  ", Reading.BLANK, Reading.BLANK),
        (None, Reading.BLANK, Reading.BLANK),
        ("Maybe", Reading.NOT_UNDERSTOOD, Reading.NOT_UNDERSTOOD),
        ("Y?", Reading.NOT_UNDERSTOOD, Reading.NOT_UNDERSTOOD),  # a question, not an answer
        ("Ask", Reading.NOT_UNDERSTOOD, Reading.NOT_UNDERSTOOD),
        ("2", Reading.NOT_UNDERSTOOD, Reading.NOT_UNDERSTOOD),
    ],
)
def test_each_cell_says_may_text_declined_blank_or_not_understood(
    value: object, in_consent_column: Reading, in_opt_out_column: Reading
) -> None:
    assert read_value(value, CONSENTS) is in_consent_column
    assert read_value(value, OPTED_OUT) is in_opt_out_column


def test_a_column_looks_like_consent_when_95_in_100_filled_cells_are_consent_words() -> None:
    assert looks_like_consent(["Y"] * 19 + ["Maybe"] + [""] * 30)
    assert looks_like_consent(["", None, "Y", "N"])  # blanks first are passed over, not the end
    assert looks_like_consent(["Y"])
    assert not looks_like_consent(["Y"] * 18 + ["Maybe", "Ask"])
    assert looks_like_consent(["Consented", "Dissent", None, "Opted out", "Allowed", "Not allowed"])
    assert not looks_like_consent(["", None, "  "])  # nothing filled in says nothing
    assert not looks_like_consent(["07911123456", "07400123456"])


# --- through validate_rows -----------------------------------------------------------------

TODAY = date(2026, 11, 24)


def check(
    headers: Sequence[str], rows: Sequence[Sequence[object]], blank: BlankConsent = BlankConsent.INCLUDE
) -> ValidatedCohort:
    numbered = [(n + 2, row) for n, row in enumerate(rows)]
    return validate_rows(numbered, headers, guess_mapping(headers), TODAY, blank_consent=blank)


def test_a_consent_value_not_understood_is_the_first_reason_given() -> None:
    result = check(["Mobile", "Receive SMS"], [["0113 243 4567", "Maybe"]])
    assert result.patients[0].problem == (
        'SMS consent "Maybe" not understood. This is a landline, not a mobile: texts cannot be sent to it.'
    )


def test_a_value_not_understood_is_never_taken_as_consent() -> None:
    result = check(["Mobile", "Receive SMS"], [["07911123456", "Maybe"], ["07400123456", "Yes"]])
    first, second = result.patients
    assert first.status is PatientStatus.INVALID and first.problem == 'SMS consent "Maybe" not understood.'
    assert second.status is PatientStatus.VALID
    assert result.rejected[0].reason == 'SMS consent "Maybe" not understood.'


def test_a_refusal_in_any_consent_column_wins() -> None:
    headers = ["Mobile", "Receive SMS", "SMS dissent"]
    rows = [
        ["07911123456", "Yes", "Dissent"],
        ["07400123456", "Yes", ""],
        ["07534123456", "", "Y"],
        ["07797123456", "No", ""],  # a refusal in the first column, nothing in the second
    ]
    patients = check(headers, rows).patients
    assert [p.status for p in patients] == [
        PatientStatus.OPTED_OUT,
        PatientStatus.VALID,
        PatientStatus.OPTED_OUT,
        PatientStatus.OPTED_OUT,
    ]
    assert patients[1].problem is None and patients[1].consent_recorded  # recorded in one column is recorded


def test_nothing_recorded_is_accepted_and_counted_unless_left_out() -> None:
    headers = ["Mobile", "SMS Consent"]
    rows = [["07911123456", ""], ["07400123456", "Y"], ["07534123456", None], ["07700900000", "N"]]
    included = check(headers, rows)
    assert [p.status for p in included.patients[:3]] == [PatientStatus.VALID] * 3
    assert [p.problem for p in included.patients[:3]] == [NO_PREFERENCE, None, NO_PREFERENCE]
    assert (included.counts.accepted, included.counts.no_preference, included.counts.opted_out) == (3, 2, 1)
    excluded = check(headers, rows, BlankConsent.EXCLUDE)
    invalid, valid = PatientStatus.INVALID, PatientStatus.VALID
    assert [p.status for p in excluded.patients[:3]] == [invalid, valid, invalid]
    assert excluded.patients[0].problem == LEFT_OUT
    assert (excluded.counts.accepted, excluded.counts.no_preference, excluded.counts.rejected) == (1, 0, 2)


def test_a_list_without_a_consent_column_has_no_preferences_to_count() -> None:
    result = check(["Mobile", "Housebound"], [["07911123456", "Y"]])
    assert result.patients[0].status is PatientStatus.VALID and result.patients[0].problem is None
    assert result.counts.no_preference == 0
