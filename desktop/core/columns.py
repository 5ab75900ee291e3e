"""Which column is which: guessing from header names, and the mapping the user confirms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Field(StrEnum):
    """The columns the product understands. Everything else is a personalisation field."""

    NHS_NUMBER = "nhs_number"
    TITLE = "title"
    FIRST_NAME = "first_name"
    SURNAME = "surname"
    DATE_OF_BIRTH = "date_of_birth"
    MOBILE = "mobile"
    CONSENT = "consent"

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
}

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
    Field.CONSENT: (
        "smsconsent",
        "consent",
        "textconsent",
        "smsoptout",
        "optout",
        "textoptout",
        "smsdissent",
        "dissent",
        "consenttosms",
        "consenttotext",
        "mobileconsent",
        "smsstatus",
        "declinedsms",
        "smsoptin",
        "consenttexts",
    ),
}
# Words that settle a header when no exact name matches, most telling first.
_CONTAINS: tuple[tuple[Field, str], ...] = (
    (Field.NHS_NUMBER, "nhs"),
    (Field.CONSENT, "consent"),
    (Field.CONSENT, "optout"),
    (Field.CONSENT, "dissent"),
    (Field.MOBILE, "mobile"),
    (Field.DATE_OF_BIRTH, "birth"),
    (Field.FIRST_NAME, "forename"),
    (Field.FIRST_NAME, "firstname"),
    (Field.FIRST_NAME, "givenname"),
    (Field.SURNAME, "surname"),
    (Field.SURNAME, "lastname"),
)
KNOWN_HEADERS = frozenset(name for names in _EXACT.values() for name in names)
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
    """Field -> column index, and the personalisation fields: placeholder -> column index."""

    fields: dict[Field, int] = field(default_factory=dict)
    extras: dict[str, int] = field(default_factory=dict)

    def column(self, which: Field) -> int | None:
        return self.fields.get(which)

    def with_field(self, which: Field, column: int | None, headers: Sequence[object]) -> ColumnMapping:
        """The mapping with `which` moved to `column` (or unmapped), extras recomputed."""
        fields = {f: c for f, c in self.fields.items() if f != which and c != column}
        if column is not None:
            fields[which] = column
        return ColumnMapping(fields, _extras(headers, fields))

    def to_json(self) -> dict[str, object]:
        return {"fields": {f.value: c for f, c in self.fields.items()}, "extras": dict(self.extras)}


def guess_mapping(headers: Sequence[object]) -> ColumnMapping:
    """Guess each field's column from the header names; each column serves one field at most."""
    names = [normalise_header(h) for h in headers]
    fields: dict[Field, int] = {}
    for which, exact in _EXACT.items():
        for column, name in enumerate(names):
            if name in exact and column not in fields.values():
                fields[which] = column
                break
    for which, word in _CONTAINS:
        if which in fields:
            continue
        for column, name in enumerate(names):
            if word in name and column not in fields.values():
                fields[which] = column
                break
    return ColumnMapping(fields, _extras(headers, fields))


_RESERVED = _REPORT_COLUMNS | {f.value for f in Field}


def _extras(headers: Sequence[object], fields: dict[Field, int]) -> dict[str, int]:
    extras: dict[str, int] = {}
    used = set(fields.values())
    for column, header in enumerate(headers):
        name = placeholder_name(header)
        if column in used or not name or name in extras or name in _RESERVED:
            continue
        extras[name] = column
    return extras


def is_opt_out_column(header: object) -> bool:
    """An opt-out column says Yes for patients who declined; a consent column says No."""
    name = normalise_header(header)
    return any(word in name for word in ("optout", "dissent", "declin", "refus"))
