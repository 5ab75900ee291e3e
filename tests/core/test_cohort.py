from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from desktop.core.cohort import (
    PROGRESS_EVERY,
    Cancelled,
    MappingError,
    PatientColumns,
    PatientStatus,
    ValidatedCohort,
    cell_text,
    validate_rows,
)
from desktop.core.columns import ColumnMapping, Field, guess_mapping

TODAY = date(2026, 11, 24)
HEADERS = ["NHS Number", "Forename", "Surname", "DOB", "Mobile", "SMS Consent", "Clinic"]


def check(rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS) -> ValidatedCohort:
    numbered = [(index + 2, row) for index, row in enumerate(rows)]
    return validate_rows(numbered, headers, guess_mapping(headers), TODAY)


def row(
    nhs: object = "9434765919", mobile: object = "07911123456", consent: object = "Y", **kw: object
) -> list[object]:
    return [
        nhs,
        kw.get("first", "Ann"),
        kw.get("surname", "Smith"),
        kw.get("dob", "01/02/1950"),
        mobile,
        consent,
        kw.get("clinic", "Flu"),
    ]


def test_a_good_row_becomes_a_valid_patient() -> None:
    result = check([row()])
    patient = result.patients[0]
    assert patient.status is PatientStatus.VALID
    assert (patient.nhs_number, patient.mobile, patient.date_of_birth) == (
        "9434765919",
        "+447911123456",
        date(1950, 2, 1),
    )
    assert (patient.first_name, patient.surname, patient.fields) == ("Ann", "Smith", {"clinic": "Flu"})
    assert patient.source_row == 2
    assert result.counts.accepted == 1 and result.rejected == []


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (row(mobile="01132434567"), "landline"),
        (row(mobile=""), "blank"),
        (row(nhs="9434765918"), "last digit does not match"),
        (row(nhs=""), "NHS number is blank"),
        (row(dob="31/02/1950"), "date of birth is not a date"),
    ],
)
def test_bad_rows_are_rejected_with_the_reason(bad_row: list[object], reason: str) -> None:
    result = check([bad_row])
    assert result.patients[0].status is PatientStatus.INVALID
    assert reason in (result.patients[0].problem or "")
    assert result.counts.rejected == 1
    assert result.rejected[0].source_row == 2 and result.rejected[0].cells == bad_row


def test_every_problem_of_a_row_is_listed() -> None:
    problem = check([row(nhs="123", mobile="0113 243 4567")]).patients[0].problem or ""
    assert "landline" in problem and "10 digits" in problem


@pytest.mark.parametrize("value", ["N", "No", "no ", "Dissent", "DECLINED", "Opted out", "false"])
def test_declined_values_in_a_consent_column(value: str) -> None:
    result = check([row(consent=value)])
    assert result.patients[0].status is PatientStatus.OPTED_OUT
    assert result.counts.opted_out == 1 and result.counts.accepted == 0


def test_declined_wins_even_over_a_bad_number() -> None:
    assert check([row(mobile="nope", consent="Dissent")]).patients[0].status is PatientStatus.OPTED_OUT


def test_duplicates_keep_the_first_and_flag_the_rest() -> None:
    result = check([row(), row(first="Annie"), row(nhs="9434765870")])
    statuses = [p.status for p in result.patients]
    assert statuses == [PatientStatus.VALID, PatientStatus.DUPLICATE, PatientStatus.VALID]
    assert result.patients[1].problem == "Same NHS number as row 2."
    assert result.counts.duplicates == 1


def test_an_invalid_first_row_does_not_hide_a_valid_later_one() -> None:
    result = check([row(mobile="0113 243 4567"), row()])
    assert [p.status for p in result.patients] == [PatientStatus.INVALID, PatientStatus.VALID]


def test_a_patient_who_declined_on_one_row_is_not_texted_from_another() -> None:
    result = check([row(consent="Y"), row(consent="N")])
    assert [p.status for p in result.patients] == [PatientStatus.OPTED_OUT, PatientStatus.OPTED_OUT]
    assert result.patients[0].problem == "Declined text messages (row 3)."


def test_shared_mobiles_are_flagged_and_counted() -> None:
    result = check([row(), row(nhs="9434765870"), row(nhs="4010232137", mobile="07400123456")])
    assert [p.shares_mobile for p in result.patients] == [True, True, False]
    assert result.counts.shared_numbers == 1


def test_counts_add_up() -> None:
    result = check([row(), row(), row(nhs="9434765870", consent="N"), row(nhs="4010232137", mobile="x")])
    c = result.counts
    assert (c.rows_read, c.accepted, c.duplicates, c.opted_out, c.rejected) == (4, 1, 1, 1, 1)
    assert c.accepted + c.rejected + c.duplicates + c.opted_out == c.rows_read


def test_without_an_nhs_number_column_rows_are_still_checked() -> None:
    result = check([["Ann", "07911123456"], ["Bob", "07911123456"]], ["Name", "Mobile"])
    assert [p.status for p in result.patients] == [PatientStatus.VALID, PatientStatus.VALID]
    assert result.counts.shared_numbers == 1


def test_short_rows_are_read_as_blanks() -> None:
    result = check([["9434765919", "Ann"]])
    assert "mobile number is blank" in (result.patients[0].problem or "")


def test_no_mobile_column_is_a_mapping_error() -> None:
    with pytest.raises(MappingError, match="mobile numbers"):
        validate_rows([], ["NHS Number", "Name"], guess_mapping(["NHS Number", "Name"]), TODAY)


def test_cancel_stops_the_check() -> None:
    rows = [(n, row()) for n in range(10_000)]
    with pytest.raises(Cancelled):
        validate_rows(rows, HEADERS, guess_mapping(HEADERS), TODAY, cancelled=lambda: True)


def test_progress_is_reported() -> None:
    seen: list[int] = []
    rows = [(n, row(nhs=None)) for n in range(5_000)]
    validate_rows(rows, HEADERS, guess_mapping(HEADERS), TODAY, progress=seen.append)
    assert seen == [2_000, 4_000, 5_000]  # after each batch of rows, the last one too


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (" Ann ", "Ann"),
        (10.0, "10"),
        (date(2026, 1, 2), "02/01/2026"),
        ("'+44 7911", "+44 7911"),
        ("'quoted", "'quoted"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_cells_beyond_the_header_are_never_read_as_a_missing_field() -> None:
    headers = ["Mobile", "Surname"]  # no title column
    result = check([["07911123456", "Smith", "Stray value"]], headers)
    assert result.patients[0].title == ""
    assert result.rejected == [] and result.patients[0].surname == "Smith"


# --- consent: every header and value the importer knows, through validate_rows --------------
# The words are written out here, not taken from the code, so a word dropped there is seen.

CONSENT_HEADERS = ["SMS Consent", "Consent to text", "Text consent", "SMS opt-in", "SMS status", "Mobile consent"]
OPT_OUT_HEADERS = ["SMS opt-out", "Opt out of texts", "SMS Dissent", "Declined SMS", "Declines texts", "Text refused"]
YES = ["Y", "yes", "YES", "True", "t", "1", " Yes "]
NO = ["N", "no", "No", "FALSE", "f", "0"]
ALWAYS_DECLINED = [
    "Dissent",
    "dissented",
    "Declined",
    "decline",
    "Refused",
    "Opted out",
    "opt-out",
    "Withdrawn",
    "Not consented",
    "No consent",
    "Consent withdrawn",
    "Do not SMS",
    "No SMS",
]


def status_under(header: str, value: object) -> PatientStatus:
    headers = ["Mobile", header]
    mapping = ColumnMapping().with_field(Field.MOBILE, 0, headers).with_field(Field.CONSENT, 1, headers)
    return validate_rows([(2, ["07911123456", value])], headers, mapping, TODAY).patients[0].status


@pytest.mark.parametrize("header", CONSENT_HEADERS)
def test_a_consent_column_texts_those_who_said_yes_and_not_those_who_said_no(header: str) -> None:
    for value in [*YES, "", None]:
        assert status_under(header, value) is PatientStatus.VALID, (header, value)
    for value in NO + ALWAYS_DECLINED:
        assert status_under(header, value) is PatientStatus.OPTED_OUT, (header, value)


@pytest.mark.parametrize("header", OPT_OUT_HEADERS)
def test_an_opt_out_column_never_texts_those_marked_yes(header: str) -> None:
    for value in YES + ALWAYS_DECLINED:
        assert status_under(header, value) is PatientStatus.OPTED_OUT, (header, value)
    for value in [*NO, "", None]:
        assert status_under(header, value) is PatientStatus.VALID, (header, value)


def test_the_same_consent_value_means_the_same_on_every_row() -> None:
    headers = ["Mobile", "SMS opt-out"]
    rows = [(n, [f"0791112345{n % 10}", "Yes" if n % 2 else "No"]) for n in range(2, 12)]
    result = validate_rows(rows, headers, guess_mapping(headers), TODAY)
    assert [p.status is PatientStatus.OPTED_OUT for p in result.patients] == [n % 2 == 1 for n in range(2, 12)]


def test_a_repeated_date_of_birth_is_read_for_every_patient() -> None:
    result = check([row(), row(nhs="9434765870"), row(nhs="4010232137")])
    assert [p.date_of_birth for p in result.patients] == [date(1950, 2, 1)] * 3


def test_every_reason_a_row_is_not_accepted_is_given_in_one_sentence_each() -> None:
    result = check([row(nhs="9434765918", mobile="0113 243 4567", dob="31/02/1950")])
    problem = result.patients[0].problem
    assert problem == (
        "This is a landline, not a mobile: texts cannot be sent to it. "
        "The NHS number is not valid: its last digit does not match. Check for a typing error. "
        "The date of birth is not a date that can be read (use day/month/year, e.g. 01/02/1950)."
    )
    assert result.rejected[0].reason == problem


def test_names_and_title_are_kept_and_are_what_a_template_is_filled_with() -> None:
    headers = ["Title", "Forename", "Surname", "Mobile", "Clinic"]
    result = check([["Mrs", " Siân ", "O'Brien", "07911123456", "Flu"]], headers)
    patient = result.patients[0]
    assert (patient.title, patient.first_name, patient.surname) == ("Mrs", "Siân", "O'Brien")
    assert patient.message_values() == {"clinic": "Flu", "title": "Mrs", "first_name": "Siân", "surname": "O'Brien"}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2026, 3, 4, 10, 30), "04/03/2026 10:30"),
        (datetime(2026, 3, 4, 0, 0), "04/03/2026"),
        (datetime(2026, 3, 4, 1, 0), "04/03/2026 01:00"),
        (time(9, 5), "09:05"),
        (Decimal("12.50"), "12.50"),
        (7, "7"),
        (True, "True"),
    ],
)
def test_cell_text_of_excel_dates_times_and_numbers(value: object, text: str) -> None:
    assert cell_text(value) == text


# --- a list is checked in batches, a column at a time: what that must not change --------------


def test_every_batch_adds_to_every_column() -> None:
    """A list longer than a batch: the patients of the first and the last batch keep all they had."""
    count = PROGRESS_EVERY * 2 + 7
    rows = [
        row(nhs=None, mobile=f"07400 {n:06d}", consent="" if n % 2 else "Y", dob=f"01/02/{1940 + n % 50}")
        for n in range(count)
    ]
    result = check(rows, ["Ref", "Forename", "Surname", "DOB", "Mobile", "SMS Consent", "Clinic"])
    assert len(result.patients) == count
    for index in (0, 1, count - 2, count - 1):
        patient = result.patients[index]
        assert patient.date_of_birth == date(1940 + index % 50, 2, 1)
        assert patient.consent_recorded is (index % 2 == 0)
        assert patient.shares_mobile is False  # no number is shared in this list
        assert patient.mobile == f"+447400{index:06d}"
    assert result.counts.no_preference == count // 2


def test_a_list_where_no_number_is_shared_marks_nobody_as_sharing() -> None:
    result = check([row(), row(nhs="4010232137", mobile="07400123456")])
    assert [p.shares_mobile for p in result.patients] == [False, False]
    assert result.counts.shared_numbers == 0


def test_what_a_rejected_row_had_wrong_is_left_empty_not_blank_text() -> None:
    patient = check([row(nhs="123", mobile="01132434567", dob="31/02/1950")]).patients[0]
    assert patient.status is PatientStatus.INVALID
    assert (patient.nhs_number, patient.mobile, patient.date_of_birth) == (None, None, None)


def test_a_later_copy_is_a_duplicate_of_the_first_valid_row_even_after_a_rejected_one() -> None:
    rows = [row(mobile="01132434567"), row(mobile="07400123456"), row(mobile="07534123456")]
    result = check(rows)
    assert [p.status for p in result.patients] == [PatientStatus.INVALID, PatientStatus.VALID, PatientStatus.DUPLICATE]
    assert result.patients[2].problem == "Same NHS number as row 3."


def test_rows_shorter_than_the_header_read_blank_where_they_stop() -> None:
    """CSV rows can stop early: the fields they lack are blank, never taken from another row."""
    headers = ["Mobile", "Forename", "Surname", "Clinic"]
    rows = [["07911123456", "Ann", "Smith", "Flu"], ["07400123456", "Bob"], ["07534123456"], []]
    result = check(rows, headers)
    assert [(p.first_name, p.surname, p.fields["clinic"]) for p in result.patients] == [
        ("Ann", "Smith", "Flu"),
        ("Bob", "", ""),
        ("", "", ""),
        ("", "", ""),
    ]
    assert result.patients[3].problem == "The mobile number is blank."


def test_rows_just_long_enough_for_the_columns_read() -> None:
    headers = ["Mobile", "Forename", "Notes"]  # Notes is never read... but kept as an extra field
    mapping = guess_mapping(headers).with_field(Field.FIRST_NAME, 1, headers)
    result = validate_rows([(2, ["07911123456", "Ann"])], headers, mapping, TODAY)
    assert result.patients[0].first_name == "Ann"


def test_cells_that_are_not_text_are_shown_as_written_and_never_mixed_up() -> None:
    """Excel cells: a number, a date, and True beside 1 (equal as Python keys, not as cells)."""
    headers = ["Mobile", "Forename", "Clinic"]
    rows = [
        ["07911123456", 12.0, True],
        ["07400123456", "Ann", 1],
        ["07534123456", datetime(2026, 1, 2), 1.0],
        ["07534123457", "Ann", True],
    ]
    result = check(rows, headers)
    assert [(p.first_name, p.fields["clinic"]) for p in result.patients] == [
        ("12", "True"),
        ("Ann", "1"),
        ("02/01/2026", "1"),
        ("Ann", "True"),
    ]


def test_patients_made_one_by_one_become_columns_and_back() -> None:
    blank_consent = check([row(consent="")]).patients[0]
    assert blank_consent.consent_recorded is False
    other = check([row(nhs="4010232137", mobile="07400123456")]).patients[0]
    other.fields = {"room": "2"}  # a field the first patient lacks
    columns = PatientColumns.of([blank_consent, other])
    back = [columns.patient(0), columns.patient(1)]
    assert back[0].consent_recorded is False and back[1].consent_recorded is True
    assert back[0].fields == {"clinic": "Flu", "room": ""} and back[1].fields == {"clinic": "", "room": "2"}
    other.fields = {"clinic": "", "room": "2"}
    assert back[1] == other  # all else as it was


APPOINTMENT_HEADERS = ["Mobile", "Forename", "Appointment date", "Appointment time"]


def appointments(rows: Sequence[Sequence[object]], headers: Sequence[str] = APPOINTMENT_HEADERS) -> ValidatedCohort:
    return check(rows, headers)


def test_each_patients_appointment_is_read_from_its_date_and_time() -> None:
    from desktop.core.appointments import Appointment

    result = appointments(
        [
            ["07911123456", "Ann", "10/12/2026", "09:30"],
            ["07911123457", "Bob", datetime(2026, 12, 10), time(14, 5)],
            ["07911123458", "Cat", "10/12/2026", ""],
            ["07911123459", "Dan", "", "10:00"],
        ]
    )
    found = [p.appointment for p in result.patients]
    assert found == [
        Appointment(date(2026, 12, 10), time(9, 30)),
        Appointment(date(2026, 12, 10), time(14, 5)),
        Appointment(date(2026, 12, 10)),
        None,  # no appointment: accepted, not reminded
    ]
    assert [p.status for p in result.patients] == [PatientStatus.VALID] * 4
    values = result.patients[0].message_values()
    assert (values["appointment_date"], values["appointment_time"]) == ("Thursday 10 December", "09:30")
    assert result.patients[3].message_values()["appointment_date"] == ""  # the list's own column, blank
    columns = result.columns.placeholder_columns()
    assert columns["appointment_date"] == ["Thursday 10 December"] * 3 + [""]
    assert columns["appointment_time"] == ["09:30", "14:05", "", ""]


def test_an_appointment_that_cannot_be_read_keeps_the_row_out_with_the_reason() -> None:
    result = appointments(
        [
            ["07911123456", "Ann", "tbc", "09:30"],
            ["07911123457", "Bob", "10/12/2026", "half nine"],
            ["not a number", "Cat", "soon", ""],
            ["07911123458", "Dan", "10/12/2026", "09:30"],
        ]
    )
    assert [p.status for p in result.patients] == [PatientStatus.INVALID] * 3 + [PatientStatus.VALID]
    assert result.rejected[0].reason.startswith('Appointment "tbc" is not a date that can be read')
    assert result.rejected[1].reason == 'Appointment time "half nine" is not a time that can be read.'
    assert result.rejected[2].reason.startswith(
        "The mobile number"
    )  # the mobile's reason first, then the appointment's
    assert 'Appointment "soon"' in result.rejected[2].reason
    assert [p.appointment for p in result.patients][:3] == [None, None, None]


def test_the_same_date_and_time_is_read_once_but_true_is_not_one() -> None:
    from desktop.core.appointments import Appointment

    result = appointments(
        [["07911123456", "Ann", "10/12/2026", "09:30"], ["07911123457", "Bob", "10/12/2026", "09:30"],
         ["07911123458", "Cat", True, ""], ["07911123459", "Dan", 1, ""]],
    )  # fmt: skip
    assert (
        result.patients[0].appointment == result.patients[1].appointment == Appointment(date(2026, 12, 10), time(9, 30))
    )
    assert [p.status for p in result.patients][2:] == [PatientStatus.INVALID] * 2
    assert (
        result.rejected[0].reason
        == 'Appointment "True" is not a date that can be read (e.g. 10/12/2026 or 10/12/2026 10:30).'
    )
    assert result.rejected[1].reason.startswith('Appointment "1" is not a date')


def test_a_list_without_an_appointment_column_has_no_appointments() -> None:
    result = check([row()])
    assert result.columns.appointments == [] and result.patients[0].appointment is None
    assert "appointment_date" not in result.columns.placeholder_columns()
    with_time_only = appointments([["07911123456", "Ann", "09:30"]], ["Mobile", "Forename", "Appointment time"])
    assert with_time_only.patients[0].appointment is None
    assert with_time_only.patients[0].fields == {"appointment_time": "09:30"}


def test_patients_made_one_by_one_keep_their_appointments() -> None:
    from desktop.core.appointments import Appointment
    from desktop.core.cohort import Patient

    booked = Appointment(date(2026, 12, 10), time(9, 30))
    columns = PatientColumns.of([Patient(2, appointment=booked), Patient(3)])
    assert columns.appointments == [booked, None] and columns.patient(0).appointment == booked
    assert PatientColumns.of([Patient(2), Patient(3)]).appointments == []


def test_appointments_are_kept_for_every_batch_of_rows() -> None:
    from desktop.core.appointments import Appointment

    rows = [[f"079111{n:05d}", "Ann", "10/12/2026", "09:30"] for n in range(PROGRESS_EVERY + 3)]
    result = appointments(rows)
    assert len(result.columns.appointments) == PROGRESS_EVERY + 3
    assert result.patients[-1].appointment == Appointment(date(2026, 12, 10), time(9, 30))
    columns = result.columns.placeholder_columns()
    assert set(columns) >= {"first_name", "surname", "title", "appointment_date", "appointment_time"}
