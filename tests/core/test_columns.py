from __future__ import annotations

import pytest

from desktop.core.columns import Field, guess_mapping, normalise_header, placeholder_name
from desktop.core.consent import ConsentMeaning


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NHS Number", Field.NHS_NUMBER),
        ("NHS No.", Field.NHS_NUMBER),
        ("nhs_number", Field.NHS_NUMBER),
        ("Mobile Telephone", Field.MOBILE),
        ("Mobile No.", Field.MOBILE),
        ("Contact number", Field.MOBILE),
        ("MOBILE  NUMBER", Field.MOBILE),
        ("Patient Mobile Number (preferred)", Field.MOBILE),
        ("Forename", Field.FIRST_NAME),
        ("Given name", Field.FIRST_NAME),
        ("First Name", Field.FIRST_NAME),
        ("Surname", Field.SURNAME),
        ("Family name", Field.SURNAME),
        ("DOB", Field.DATE_OF_BIRTH),
        ("Date of Birth", Field.DATE_OF_BIRTH),
        ("D.O.B.", Field.DATE_OF_BIRTH),
        ("Title", Field.TITLE),
        ("SMS Consent", Field.CONSENT),
        ("SMS opt-out", Field.CONSENT),
        ("Dissent from SMS", Field.CONSENT),
    ],
)
def test_common_header_names_are_recognised(header: str, field: Field) -> None:
    mapping = guess_mapping(["Usual GP", header, "Notes"])
    assert mapping.column(field) == 1


def test_every_other_column_is_a_personalisation_field() -> None:
    mapping = guess_mapping(["NHS Number", "Mobile", "Appointment Time", "Usual GP", "", "Appointment Time"])
    assert mapping.extras == {"appointment_time": 2, "usual_gp": 3}


def test_a_column_serves_one_field_and_home_phone_is_not_mobile() -> None:
    mapping = guess_mapping(["Home Telephone", "Mobile", "Work Telephone"])
    assert mapping.column(Field.MOBILE) == 1
    assert set(mapping.extras) == {"home_telephone", "work_telephone"}


def test_exact_names_win_over_partial_ones() -> None:
    mapping = guess_mapping(["Mobile consent given", "Mobile"])
    assert mapping.column(Field.MOBILE) == 1
    assert mapping.column(Field.CONSENT) == 0


def test_user_can_move_or_clear_a_field() -> None:
    headers = ["Phone", "Mobile", "Name"]
    mapping = guess_mapping(headers).with_field(Field.MOBILE, 0, headers)
    assert mapping.column(Field.MOBILE) == 0
    assert mapping.extras == {"name": 2}  # a spare "Mobile" column would clash with ((mobile))
    cleared = mapping.with_field(Field.MOBILE, None, headers)
    assert cleared.column(Field.MOBILE) is None and "phone" in cleared.extras


def test_columns_our_problems_report_adds_are_not_fields() -> None:
    mapping = guess_mapping(["Row in original file", "Problem", "Mobile", "Clinic"])
    assert mapping.extras == {"clinic": 3}


@pytest.mark.parametrize(
    ("header", "means"),
    [
        ("SMS Consent", ConsentMeaning.CONSENTS),
        ("SMS opt-out", ConsentMeaning.OPTED_OUT),
        ("Dissent", ConsentMeaning.OPTED_OUT),
        ("Receive SMS", ConsentMeaning.CONSENTS),
    ],
)
def test_a_consent_column_is_found_with_what_yes_means(header: str, means: ConsentMeaning) -> None:
    mapping = guess_mapping(["NHS Number", "Mobile", header])
    assert mapping.column(Field.CONSENT) == 2 and mapping.consent_means is means
    assert mapping.consent_columns() == {2: means}


def test_every_column_that_speaks_of_sms_consent_is_read() -> None:
    headers = ["Mobile", "Receive SMS", "Housebound", "SMS dissent", "Mobile messaging preference"]
    mapping = guess_mapping(headers)
    assert mapping.column(Field.CONSENT) == 1 and mapping.column(Field.MOBILE) == 0
    assert mapping.consent_columns() == {
        1: ConsentMeaning.CONSENTS,
        3: ConsentMeaning.OPTED_OUT,
        4: ConsentMeaning.CONSENTS,
    }
    assert mapping.extras == {"housebound": 2}


def test_choosing_the_consent_column_reads_its_meaning_and_choosing_none_reads_none() -> None:
    headers = ["Mobile", "Housebound", "SMS dissent", "Text consent"]
    mapping = guess_mapping(headers)
    assert mapping.column(Field.CONSENT) == 2 and mapping.more_consent == {3: ConsentMeaning.CONSENTS}
    chosen = mapping.with_field(Field.CONSENT, 1, headers)  # a header that says nothing: consent, until told
    assert chosen.consent_columns() == {1: ConsentMeaning.CONSENTS, 3: ConsentMeaning.CONSENTS}
    assert chosen.with_consent_means(ConsentMeaning.OPTED_OUT).consent_columns()[1] is ConsentMeaning.OPTED_OUT
    assert "sms_dissent" in chosen.extras  # no longer read for consent: kept for messages
    none = chosen.with_field(Field.CONSENT, None, headers)
    assert none.consent_columns() == {} and set(none.extras) == {"housebound", "sms_dissent", "text_consent"}


def test_placeholder_names() -> None:
    assert placeholder_name(" Appointment Time ") == "appointment_time"
    assert placeholder_name("Clinic (site)") == "clinic_site"


def test_a_blank_header_has_no_name() -> None:
    assert normalise_header(None) == "" and normalise_header("") == "" and placeholder_name(None) == ""


def test_moving_one_field_keeps_the_others_and_frees_the_column_it_takes() -> None:
    headers = ["NHS Number", "Forename", "Surname", "Mobile", "Clinic", "Other phone"]
    mapping = guess_mapping(headers)
    moved = mapping.with_field(Field.MOBILE, 5, headers)
    assert moved.fields == {Field.NHS_NUMBER: 0, Field.FIRST_NAME: 1, Field.SURNAME: 2, Field.MOBILE: 5}
    assert moved.extras == {"clinic": 4}  # the old mobile column is not a placeholder: ((mobile)) is reserved
    taken = moved.with_field(Field.SURNAME, 1, headers)  # the forename's column: the forename is unmapped
    assert taken.fields == {Field.NHS_NUMBER: 0, Field.SURNAME: 1, Field.MOBILE: 5}
    unmapped = taken.with_field(Field.NHS_NUMBER, None, headers)
    assert unmapped.fields == {Field.SURNAME: 1, Field.MOBILE: 5}


def test_a_mapping_saves_as_its_fields_and_extras() -> None:
    headers = ["NHS Number", "Mobile", "Appointment Time", "SMS opt-out", "Receive SMS"]
    assert guess_mapping(headers).to_json() == {
        "fields": {"nhs_number": 0, "mobile": 1, "consent": 3},
        "extras": {"appointment_time": 2},
        "consent_means": "opted-out",
        "more_consent": {"4": "consents"},
    }


def test_a_field_found_by_a_word_in_its_header_after_another_was_found_by_name() -> None:
    mapping = guess_mapping(["NHS Number", "Patient's mobile phone (personal)"])
    assert mapping.column(Field.NHS_NUMBER) == 0 and mapping.column(Field.MOBILE) == 1


@pytest.mark.parametrize(
    ("headers", "day", "clock"),
    [
        (["Mobile", "Appointment date", "Appointment time"], 1, 2),
        (["Mobile", "Appt date", "Appt time"], 1, 2),
        (["Mobile", "Appointment", "Time"], 1, 2),
        (["Mobile", "Date of appointment", "Start time"], 1, 2),
        (["Mobile", "Appointment Date/Time"], 1, None),
        (["Mobile", "Session date", "Slot time"], 1, 2),
        (["Mobile", "Appointment date (booked)", "Appointment time (24h)"], 1, 2),
        (["Mobile", "Appointment Time"], None, None),  # a time without its day says nothing of when
        (["Mobile", "Appointment type", "Appointment clinician"], None, None),
    ],
)
def test_an_appointments_columns_are_found_and_stay_personalisation_fields(
    headers: list[str], day: int | None, clock: int | None
) -> None:
    mapping = guess_mapping(headers)
    assert mapping.column(Field.APPOINTMENT) == day and mapping.column(Field.APPOINTMENT_TIME) == clock
    assert set(mapping.extras.values()) == set(range(1, len(headers)))  # every column but the mobile's


def test_an_appointment_column_chosen_by_hand_stays_a_personalisation_field() -> None:
    headers = ["Mobile", "When", "Clinic"]
    mapping = guess_mapping(headers).with_field(Field.APPOINTMENT, 1, headers)
    assert mapping.column(Field.APPOINTMENT) == 1 and mapping.extras == {"when": 1, "clinic": 2}
    assert Field.APPOINTMENT.label == "Appointment date" and Field.APPOINTMENT_TIME.label == "Appointment time"
