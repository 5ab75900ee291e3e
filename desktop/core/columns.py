"""Which column is which: guessing from header names, and the mapping the user confirms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from desktop.core.consent import ConsentMeaning, header_meaning


class Field(StrEnum):
    """The columns the product understands. Everything else is a personalisation field."""

    NHS_NUMBER = "nhs_number"
    TITLE = "title"
    FIRST_NAME = "first_name"
    SURNAME = "surname"
    DATE_OF_BIRTH = "date_of_birth"
    MOBILE = "mobile"
    CONSENT = "consent"
    APPOINTMENT = "appointment"  # its date, or its date and time (appointment reminders)
    APPOINTMENT_TIME = "appointment_time"  # its time, when in a column of its own

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Field.NHS_NUMBER: "NHS number",
    Field.TITLE: "Title",
    Field.FIRST_NAME: "First name",
    Field.SURNAME: "Surname",
    Field.DATE_OF_BIRTH: "Date of birth",
    Field.MOBILE: "Mobile number",
    Field.CONSENT: "SMS consent / opt-out",
    Field.APPOINTMENT: "Appointment date",
    Field.APPOINTMENT_TIME: "Appointment time",
}
# An appointment's columns are read for when reminders go, and stay personalisation fields too.
APPOINTMENT_FIELDS = frozenset({Field.APPOINTMENT, Field.APPOINTMENT_TIME})

# Header names seen in EMIS Web and SystmOne exports and hand-made lists, compared
# after normalise_header (lower case, letters and digits only).
_EXACT: dict[Field, tuple[str, ...]] = {
    Field.NHS_NUMBER: ("nhsnumber", "nhsno", "nhs", "nhsnum", "nhsid", "patientnhsnumber"),
    Field.TITLE: ("title", "salutation", "patienttitle"),
    Field.FIRST_NAME: (
        "firstname",
        "forename",
        "forenames",
        "givenname",
        "givennames",
        "firstnames",
        "christianname",
        "patientforename",
        "patientfirstname",
        "callingname",
    ),
    Field.SURNAME: ("surname", "lastname", "familyname", "patientsurname", "patientlastname"),
    Field.DATE_OF_BIRTH: ("dob", "dateofbirth", "birthdate", "datebirth", "patientdob", "patientdateofbirth"),
    Field.MOBILE: (
        "mobile",
        "mobiletelephone",
        "mobilenumber",
        "mobileno",
        "mobilephone",
        "mobiletel",
        "contactnumber",
        "mobilephonenumber",
        "mobiletelephonenumber",
        "smsnumber",
        "cellphone",
        "telephonemobile",
        "phonemobile",
        "mobilecontact",
        "patientmobile",
        "mob",
        "mobno",
    ),
    Field.APPOINTMENT: (
        "appointment",
        "appointmentdate",
        "appointmentdatetime",
        "appointmentday",
        "apptdate",
        "apptdatetime",
        "appt",
        "dateofappointment",
        "appointmentstart",
        "slotdate",
        "sessiondate",
        "bookeddate",
    ),
    Field.APPOINTMENT_TIME: ("appointmenttime", "appttime", "slottime", "starttime", "appointmentstarttime", "time"),
}
# Words that settle a header when no exact name matches, most telling first.
_CONTAINS: tuple[tuple[Field, str], ...] = (
    (Field.NHS_NUMBER, "nhs"),
    (Field.MOBILE, "mobile"),
    (Field.DATE_OF_BIRTH, "birth"),
    (Field.FIRST_NAME, "forename"),
    (Field.FIRST_NAME, "firstname"),
    (Field.FIRST_NAME, "givenname"),
    (Field.SURNAME, "surname"),
    (Field.SURNAME, "lastname"),
    (Field.APPOINTMENT_TIME, "appointmenttime"),
    (Field.APPOINTMENT_TIME, "appttime"),
    (Field.APPOINTMENT, "appointmentdate"),
    (Field.APPOINTMENT, "apptdate"),
)
KNOWN_HEADERS = frozenset(name for names in _EXACT.values() for name in names)  # and consent, by its words
# Columns our own problems report adds; they are not personalisation fields on re-import.
_REPORT_COLUMNS = frozenset({"row_in_original_file", "problem"})
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def normalise_header(value: object) -> str:
    return _NOT_LETTERS.sub("", str(value or "").lower())


def placeholder_name(header: object) -> str:
    """A template placeholder for a column: 'Appointment Time' -> appointment_time."""
    return _NOT_LETTERS.sub("_", str(header or "").lower()).strip("_")


@dataclass(frozen=True)
class ColumnMapping:
    """Field -> column index, and the personalisation fields: placeholder -> column index.

    The consent field's column says what "yes" means there (`consent_means`); other columns that
    speak of SMS consent are read too (`more_consent`), since a refusal in any of them wins.
    """

    fields: dict[Field, int] = field(default_factory=dict)
    extras: dict[str, int] = field(default_factory=dict)
    consent_means: ConsentMeaning = ConsentMeaning.CONSENTS
    more_consent: dict[int, ConsentMeaning] = field(default_factory=dict)

    def column(self, which: Field) -> int | None:
        return self.fields.get(which)

    def with_field(self, which: Field, column: int | None, headers: Sequence[object]) -> ColumnMapping:
        """The mapping with `which` moved to `column` (or unmapped), extras recomputed.

        Choosing a consent column reads its meaning from its header (consent unless it says opt-out);
        choosing none means the list records no consent, so no other column is read for it either.
        """
        fields = {f: c for f, c in self.fields.items() if f != which and c != column}
        if column is not None:
            fields[which] = column
        means, more = self.consent_means, {c: m for c, m in self.more_consent.items() if c != column}
        if which is Field.CONSENT and column is not None:
            means = header_meaning(headers[column]) or ConsentMeaning.CONSENTS
        elif which is Field.CONSENT:
            more = {}
        return ColumnMapping(fields, _extras(headers, fields, more), means, more)

    def with_consent_means(self, means: ConsentMeaning) -> ColumnMapping:
        return replace(self, consent_means=means)

    def consent_columns(self) -> dict[int, ConsentMeaning]:
        """Every column read for SMS consent, with what "yes" means in it."""
        primary = self.column(Field.CONSENT)
        return ({primary: self.consent_means} if primary is not None else {}) | self.more_consent

    def to_json(self) -> dict[str, object]:
        return {
            "fields": {f.value: c for f, c in self.fields.items()},
            "extras": dict(self.extras),
            "consent_means": self.consent_means.value,
            "more_consent": {str(c): m.value for c, m in self.more_consent.items()},
        }


def guess_mapping(headers: Sequence[object]) -> ColumnMapping:
    """Guess each field's column from the header names; each column serves one field at most.

    Names first; then every column whose header speaks of SMS consent (the first is the consent
    field, the rest are read for refusals too); then the words that settle the other fields.
    """
    names = [normalise_header(h) for h in headers]
    fields: dict[Field, int] = {}
    for which, exact in _EXACT.items():
        for column, name in enumerate(names):
            if name in exact and column not in fields.values():
                fields[which] = column
                break
    consent = {
        column: meaning
        for column, header in enumerate(headers)
        if column not in fields.values() and (meaning := header_meaning(header)) is not None
    }
    if consent:
        primary = next(iter(consent))
        fields[Field.CONSENT] = primary
    for which, word in _CONTAINS:
        if which in fields:
            continue
        for column, name in enumerate(names):
            if word in name and column not in fields.values() and column not in consent:
                fields[which] = column
                break
    if Field.APPOINTMENT not in fields:
        fields.pop(Field.APPOINTMENT_TIME, None)  # a time without its day says nothing of when
    means = consent.pop(fields[Field.CONSENT]) if consent else ConsentMeaning.CONSENTS
    return ColumnMapping(fields, _extras(headers, fields, consent), means, consent)


_RESERVED = _REPORT_COLUMNS | {f.value for f in Field if f not in APPOINTMENT_FIELDS}


def _extras(headers: Sequence[object], fields: dict[Field, int], consent: dict[int, ConsentMeaning]) -> dict[str, int]:
    extras: dict[str, int] = {}
    used = {column for which, column in fields.items() if which not in APPOINTMENT_FIELDS} | set(consent)
    for column, header in enumerate(headers):
        name = placeholder_name(header)
        if column in used or not name or name in extras or name in _RESERVED:
            continue
        extras[name] = column
    return extras
