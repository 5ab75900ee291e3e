"""A cohort's patients, validated row by row with reasons a receptionist understands."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from desktop.core.columns import ColumnMapping, Field
from desktop.core.consent import BlankConsent, ConsentMeaning, Reading, read_value
from desktop.core.dates import InvalidDate, parse_date_of_birth
from desktop.core.nhs_number import InvalidNhsNumber
from desktop.core.nhs_number import normalise as normalise_nhs_number
from desktop.core.phone import InvalidMobile, normalise_mobile_fast


class PatientStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    DUPLICATE = "duplicate"
    OPTED_OUT = "opted_out"

    @property
    def label(self) -> str:
        return {"valid": "Valid", "invalid": "Not accepted", "duplicate": "Duplicate", "opted_out": "Declined SMS"}[
            self.value
        ]


class MappingError(ValueError):
    """The column mapping cannot work, e.g. no mobile number column."""


class Cancelled(Exception):
    """The user cancelled; nothing was stored."""


@dataclass(slots=True)
class Patient:
    source_row: int
    status: PatientStatus = PatientStatus.VALID
    nhs_number: str | None = None
    title: str = ""
    first_name: str = ""
    surname: str = ""
    date_of_birth: date | None = None
    mobile: str | None = None
    problem: str | None = None
    shares_mobile: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    consent_recorded: bool = True  # False: the list has a consent column, blank for this patient

    def message_values(self) -> dict[str, str]:
        return placeholder_values(self.fields, self.title, self.first_name, self.surname)


def placeholder_values(fields: dict[str, str], title: str, first_name: str, surname: str) -> dict[str, str]:
    """The values a template is rendered with: the extra columns, title and names.

    One definition for a patient just checked and one read back from the store, so the longest
    values kept at import are the ones the stored patients give.
    """
    return {**fields, "title": title, "first_name": first_name, "surname": surname}


@dataclass(frozen=True)
class CohortCounts:
    rows_read: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    opted_out: int = 0
    shared_numbers: int = 0
    no_preference: int = 0  # accepted with nothing recorded in the consent column


@dataclass(frozen=True)
class RejectedRow:
    """A row as it was in the file, for a problems report the user can fix and re-import."""

    source_row: int
    cells: Sequence[Any]
    reason: str


@dataclass
class ValidatedCohort:
    headers: list[str]
    patients: list[Patient]
    counts: CohortCounts
    rejected: list[RejectedRow]


PROGRESS_EVERY = 2_000
DECLINED = "Declined text messages."
NO_PREFERENCE = "No SMS preference recorded."
LEFT_OUT = "No SMS preference recorded: left out, as chosen."
_NEUTRALISED = frozenset("=+-@")


def cell_text(value: object) -> str:
    """A cell as the text a template would show: UK dates, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        if text[:1] == "'" and text[1:2] in _NEUTRALISED:
            return text[1:]  # undo the apostrophe our own exports put before = + - @
        return text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}" if value.time() != time(0) else f"{value:%d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return str(value).strip()


def validate_rows(
    rows: Iterable[tuple[int, Sequence[Any]]],
    headers: Sequence[object],
    mapping: ColumnMapping,
    today: date,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    blank_consent: BlankConsent = BlankConsent.INCLUDE,
) -> ValidatedCohort:
    """Check every row; raises MappingError before starting, Cancelled when asked to stop.

    A recorded refusal in any consent column keeps the patient from being texted; a value no
    one can read as consent or refusal keeps the row out, with that value in the reason.
    """
    mobile_col = mapping.column(Field.MOBILE)
    if mobile_col is None:
        raise MappingError("No column is chosen for mobile numbers: choose the column that holds them.")
    nhs_col = mapping.column(Field.NHS_NUMBER)
    consent_cols = list(mapping.consent_columns().items())
    title_col, first_col, surname_col = (mapping.column(f) for f in (Field.TITLE, Field.FIRST_NAME, Field.SURNAME))
    dob_col = mapping.column(Field.DATE_OF_BIRTH)
    extra_names, extra_cols = list(mapping.extras), list(mapping.extras.values())

    # Rows are cut or padded to the header's width plus one blank cell, which stands in
    # for any field the file does not have, so the loop indexes without checks.
    width = len(headers)
    blank_row: tuple[Any, ...] = ("",) * (width + 1)
    mobile_at, nhs_at, dob_at, title_at, first_at, surname_at = (
        width if col is None else col for col in (mobile_col, nhs_col, dob_col, title_col, first_col, surname_col)
    )
    dates: dict[object, date | str | None] = {}  # date cells repeat; parse each text once
    readings: dict[tuple[object, ConsentMeaning], Reading] = {}  # a consent column holds a handful of values

    patients: list[Patient] = []
    originals: list[Sequence[Any]] = []
    for count, (row_number, cells) in enumerate(rows, start=1):
        if count % PROGRESS_EVERY == 0:
            if cancelled is not None and cancelled():
                raise Cancelled
            if progress is not None:
                progress(count)
        original = cells
        cells = [*cells[:width], *blank_row[min(len(cells), width) :]]
        problems: list[str] = []
        mobile = nhs_number = date_of_birth = None
        try:
            mobile = normalise_mobile_fast(cells[mobile_at])
        except InvalidMobile as error:
            problems.append(str(error))
        if nhs_col is not None:
            try:
                nhs_number = normalise_nhs_number(cells[nhs_at])
            except InvalidNhsNumber as error:
                problems.append(str(error))
        if dob_col is not None:
            found = _date_or_reason(dates, cells[dob_at], today)
            if isinstance(found, str):
                problems.append(found)
            else:
                date_of_birth = found
        declined = recorded = False
        for col, means in consent_cols:
            reading = _reading(readings, cells[col], means)
            declined |= reading is Reading.DECLINED
            recorded |= reading is not Reading.BLANK
            if reading is Reading.NOT_UNDERSTOOD:
                problems.insert(0, f'SMS consent "{cell_text(cells[col])}" not understood.')
        blank = bool(consent_cols) and not recorded
        problem: str | None
        if declined:
            status, problem = PatientStatus.OPTED_OUT, DECLINED
        elif problems:
            status, problem = PatientStatus.INVALID, " ".join(problems)
        elif blank and blank_consent is BlankConsent.EXCLUDE:
            status, problem = PatientStatus.INVALID, LEFT_OUT
        else:
            status, problem = PatientStatus.VALID, NO_PREFERENCE if blank else None
        patients.append(
            Patient(
                row_number,
                status,
                nhs_number,
                cell_text(cells[title_at]),
                cell_text(cells[first_at]),
                cell_text(cells[surname_at]),
                date_of_birth,
                mobile,
                problem,
                False,
                dict(zip(extra_names, [cell_text(cells[col]) for col in extra_cols], strict=True)),
                not blank,
            )
        )
        originals.append(original)

    _mark_opted_out_everywhere(patients)
    _mark_duplicates(patients)
    shared = _mark_shared_mobiles(patients)
    rejected = [
        RejectedRow(p.source_row, originals[i], p.problem or "")
        for i, p in enumerate(patients)
        if p.status in (PatientStatus.INVALID, PatientStatus.DUPLICATE)
    ]
    by_status = {status: 0 for status in PatientStatus}
    for p in patients:
        by_status[p.status] += 1
    counts = CohortCounts(
        rows_read=len(patients),
        accepted=by_status[PatientStatus.VALID],
        rejected=by_status[PatientStatus.INVALID],
        duplicates=by_status[PatientStatus.DUPLICATE],
        opted_out=by_status[PatientStatus.OPTED_OUT],
        shared_numbers=shared,
        no_preference=sum(p.status is PatientStatus.VALID and not p.consent_recorded for p in patients),
    )
    return ValidatedCohort([cell_text(h) for h in headers], patients, counts, rejected)


def _reading(cache: dict[tuple[object, ConsentMeaning], Reading], value: object, means: ConsentMeaning) -> Reading:
    key = (value, means)
    if key not in cache:
        cache[key] = read_value(value, means)
    return cache[key]


def _date_or_reason(cache: dict[object, date | str | None], value: object, today: date) -> date | str | None:
    """The date of birth, or why it is not one; each distinct cell value is parsed once."""
    if value in cache:
        return cache[value]
    try:
        found: date | str | None = parse_date_of_birth(value, today)
    except InvalidDate as error:
        found = str(error)
    cache[value] = found
    return found


def _mark_opted_out_everywhere(patients: list[Patient]) -> None:
    """A patient who declined on one row is not texted from another row of the same list."""
    declined = {p.nhs_number: p.source_row for p in patients if p.status is PatientStatus.OPTED_OUT and p.nhs_number}
    for p in patients:
        if p.status is not PatientStatus.OPTED_OUT and p.nhs_number in declined:
            p.status = PatientStatus.OPTED_OUT
            p.problem = f"Declined text messages (row {declined[p.nhs_number]})."


def _mark_duplicates(patients: list[Patient]) -> None:
    first_row: dict[str, int] = {}
    for p in patients:
        if p.status is not PatientStatus.VALID or p.nhs_number is None:
            continue
        if p.nhs_number in first_row:
            p.status = PatientStatus.DUPLICATE
            p.problem = f"Same NHS number as row {first_row[p.nhs_number]}."
        else:
            first_row[p.nhs_number] = p.source_row


def _mark_shared_mobiles(patients: list[Patient]) -> int:
    """Flag valid patients whose mobile another valid patient has too; returns how many numbers are shared."""
    by_mobile: dict[str, list[Patient]] = {}
    for p in patients:
        if p.status is PatientStatus.VALID and p.mobile:
            by_mobile.setdefault(p.mobile, []).append(p)
    shared = 0
    for group in by_mobile.values():
        if len(group) > 1:
            shared += 1
            for p in group:
                p.shares_mobile = True
    return shared
