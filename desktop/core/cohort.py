"""A cohort's patients, validated row by row with reasons a receptionist understands."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from functools import cached_property, partial
from itertools import compress, islice, zip_longest
from operator import itemgetter
from typing import Any

from desktop.core.appointments import APPOINTMENT_PLACEHOLDERS, Appointment, InvalidAppointment, read_appointment
from desktop.core.columns import ColumnMapping, Field
from desktop.core.consent import BlankConsent, Reading, read_value
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
    appointment: Appointment | None = None

    def message_values(self) -> dict[str, str]:
        return placeholder_values(self.fields, self.title, self.first_name, self.surname, self.appointment)


def placeholder_values(
    fields: dict[str, str], title: str, first_name: str, surname: str, appointment: Appointment | None = None
) -> dict[str, str]:
    """The values a template is rendered with: the extra columns, title and names, and the appointment
    as ((appointment_date)) and ((appointment_time)).

    One definition for a patient just checked and one read back from the store, so the longest
    values kept at import are the ones the stored patients give.
    """
    values = {**fields, "title": title, "first_name": first_name, "surname": surname}
    return values | appointment.placeholders() if appointment is not None else values


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
class PatientColumns:
    """Checked patients held column by column, in file order.

    A large list is checked and stored a column at a time (one call over 100,000 cells, not
    100,000 objects), so importing costs little more than reading the file and writing the rows.
    """

    field_names: list[str] = field(default_factory=list)  # the extra columns, as placeholders name them
    source_rows: list[int] = field(default_factory=list)
    statuses: list[PatientStatus] = field(default_factory=list)
    nhs_numbers: list[str | None] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    first_names: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)
    dates_of_birth: list[date | None] = field(default_factory=list)
    mobiles: list[str | None] = field(default_factory=list)
    problems: list[str | None] = field(default_factory=list)
    shares_mobile: list[bool] = field(default_factory=list)
    consent_recorded: list[bool] = field(default_factory=list)
    field_values: list[list[str]] = field(default_factory=list)  # one list per extra column
    appointments: list[Appointment | None] = field(default_factory=list)  # empty: the list has none

    def __len__(self) -> int:
        return len(self.source_rows)

    def patient(self, index: int) -> Patient:
        return Patient(
            self.source_rows[index],
            self.statuses[index],
            self.nhs_numbers[index],
            self.titles[index],
            self.first_names[index],
            self.surnames[index],
            self.dates_of_birth[index],
            self.mobiles[index],
            self.problems[index],
            self.shares_mobile[index],
            {name: values[index] for name, values in zip(self.field_names, self.field_values, strict=True)},
            self.consent_recorded[index],
            self.appointments[index] if self.appointments else None,
        )

    def placeholder_columns(self, status: PatientStatus = PatientStatus.VALID) -> dict[str, list[str]]:
        """Each placeholder's values for the patients of `status`, in file order, named as
        placeholder_values() names them (none at all when no patient has that status)."""
        keep = [s is status for s in self.statuses]
        if not any(keep):
            return {}
        named = zip(self.field_names, self.field_values, strict=True)
        columns = {name: list(compress(values, keep)) for name, values in named}
        columns |= {
            "title": list(compress(self.titles, keep)),
            "first_name": list(compress(self.first_names, keep)),
            "surname": list(compress(self.surnames, keep)),
        }
        if self.appointments:
            told = [a.placeholders() if a else {} for a in compress(self.appointments, keep)]
            columns |= {name: [values.get(name, "") for values in told] for name in APPOINTMENT_PLACEHOLDERS}
        return columns

    @classmethod
    def of(cls, patients: Sequence[Patient]) -> PatientColumns:
        """Patients made one by one (samples, tests) as columns; a field a patient lacks is blank."""
        names = list(dict.fromkeys(name for p in patients for name in p.fields))
        return cls(
            names,
            [p.source_row for p in patients],
            [p.status for p in patients],
            [p.nhs_number for p in patients],
            [p.title for p in patients],
            [p.first_name for p in patients],
            [p.surname for p in patients],
            [p.date_of_birth for p in patients],
            [p.mobile for p in patients],
            [p.problem for p in patients],
            [p.shares_mobile for p in patients],
            [p.consent_recorded for p in patients],
            [[p.fields.get(name, "") for p in patients] for name in names],
            [p.appointment for p in patients] if any(p.appointment for p in patients) else [],
        )


@dataclass
class ValidatedCohort:
    headers: list[str]
    columns: PatientColumns
    counts: CohortCounts
    rejected: list[RejectedRow]

    @cached_property
    def patients(self) -> list[Patient]:
        """Every patient as an object: for looking at a few, not for storing 100,000."""
        return [self.columns.patient(i) for i in range(len(self.columns))]


PROGRESS_EVERY = 2_000  # rows checked at a time, between reports of progress
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
    Rows are checked PROGRESS_EVERY at a time, a column at a time.
    """
    if mapping.column(Field.MOBILE) is None:
        raise MappingError("No column is chosen for mobile numbers: choose the column that holds them.")
    checks = _RowChecks(mapping, today, blank_consent)
    checked = PatientColumns(list(mapping.extras), field_values=[[] for _ in mapping.extras])
    originals: list[Sequence[Any]] = []
    pending = iter(rows)
    while chunk := list(islice(pending, PROGRESS_EVERY)):
        if cancelled is not None and cancelled():
            raise Cancelled
        numbers, cells = zip(*chunk, strict=True)
        checks.add(numbers, cells, checked)
        originals += cells
        if progress is not None:
            progress(len(originals))

    repeated = _repeated(checked.nhs_numbers)
    _mark_opted_out_everywhere(checked, repeated)
    _mark_duplicates(checked, repeated)
    shared = _mark_shared_mobiles(checked)
    statuses, problems = checked.statuses, checked.problems
    not_accepted = sorted(_positions(statuses, PatientStatus.INVALID) + _positions(statuses, PatientStatus.DUPLICATE))
    rejected = [RejectedRow(checked.source_rows[i], originals[i], problems[i] or "") for i in not_accepted]
    counts = CohortCounts(
        rows_read=len(statuses),
        accepted=statuses.count(PatientStatus.VALID),
        rejected=statuses.count(PatientStatus.INVALID),
        duplicates=statuses.count(PatientStatus.DUPLICATE),
        opted_out=statuses.count(PatientStatus.OPTED_OUT),
        shared_numbers=shared,
        no_preference=sum(statuses[i] is PatientStatus.VALID for i in _positions(checked.consent_recorded, False)),
    )
    return ValidatedCohort([cell_text(h) for h in headers], checked, counts, rejected)


class _Reason(str):
    """Why a cell is not what its column needs, told apart from a good value by its type."""


def _or_reason(check: Callable[[Any], Any], refused: type[ValueError]) -> Callable[[Any], Any]:
    """`check`, answering with the _Reason it refused a value for rather than raising it."""

    def checked(value: Any) -> Any:
        try:
            return check(value)
        except refused as error:
            return _Reason(error)

    return checked


class _Known(dict[str, Any]):
    """Each distinct text worked out once: names, dates and consent words repeat down a list."""

    def __init__(self, work: Callable[[Any], Any]) -> None:
        super().__init__()
        self.work = work

    def __missing__(self, text: str) -> Any:
        self[text] = found = self.work(text)
        return found

    def each(self, column: Sequence[Any]) -> list[Any]:
        # Only text is kept: a cell of True and one of 1 are equal as keys, but not as cells.
        work = self.work
        return [self[cell] if cell.__class__ is str else work(cell) for cell in column]


_check_mobile = _or_reason(normalise_mobile_fast, InvalidMobile)
_check_nhs_number = _or_reason(normalise_nhs_number, InvalidNhsNumber)


class _RowChecks:
    """The checks of one mapping, applied a batch of rows at a time, a column at a time."""

    def __init__(self, mapping: ColumnMapping, today: date, blank_consent: BlankConsent) -> None:
        self.mobile_col = mapping.column(Field.MOBILE)
        self.nhs_col = mapping.column(Field.NHS_NUMBER)
        self.dob_col = mapping.column(Field.DATE_OF_BIRTH)
        self.name_cols = [mapping.column(f) for f in (Field.TITLE, Field.FIRST_NAME, Field.SURNAME)]
        self.extra_cols = list(mapping.extras.values())
        self.appointment_cols = (mapping.column(Field.APPOINTMENT), mapping.column(Field.APPOINTMENT_TIME))
        read = [self.mobile_col, self.nhs_col, self.dob_col, *self.name_cols, *self.extra_cols, *self.appointment_cols]
        self.last_col = max([col for col in read if col is not None] + list(mapping.consent_columns()))
        self.consent = [
            (col, _Known(partial(read_value, means=means))) for col, means in mapping.consent_columns().items()
        ]
        self.exclude_blank = blank_consent is BlankConsent.EXCLUDE
        self.texts = _Known(cell_text)
        self.dates = _Known(_or_reason(partial(parse_date_of_birth, today=today), InvalidDate))
        self.appointments: dict[tuple[object, ...], Appointment | _Reason | None] = {}

    def appointment(self, day: object, at: object) -> Appointment | _Reason | None:
        """Each distinct date and time read once (a clinic's days and slots repeat down a list); told apart
        by type too, since a cell of True and one of 1 are equal as keys."""
        key = (day.__class__, day, at.__class__, at)
        if key not in self.appointments:
            try:
                self.appointments[key] = read_appointment(day, at)
            except InvalidAppointment as error:
                self.appointments[key] = _Reason(error)
        return self.appointments[key]

    def add(self, numbers: Sequence[int], rows: Sequence[Sequence[Any]], into: PatientColumns) -> None:
        count = len(rows)
        blank = ("",) * count
        if min(map(len, rows)) > self.last_col:
            by_column: Sequence[Sequence[Any]] | None = None  # every row reaches every column read
        else:
            by_column = list(zip_longest(*rows))  # short rows: empty cells (None) where they stop

        def column(col: int | None) -> Sequence[Any]:
            if col is None:
                return blank
            if by_column is None:
                return list(map(itemgetter(col), rows))
            return by_column[col] if col < len(by_column) else blank

        mobiles = list(map(_check_mobile, column(self.mobile_col)))
        nhs_numbers = list(map(_check_nhs_number, column(self.nhs_col))) if self.nhs_col is not None else [None] * count
        dates = self.dates.each(column(self.dob_col))  # no column: all blank, so no date
        day_col, time_col = self.appointment_cols
        appointments: list[Any] = (
            list(map(self.appointment, column(day_col), column(time_col))) if day_col is not None else []
        )
        consent = [(column(col), known) for col, known in self.consent]
        readings = [known.each(cells) for cells, known in consent]
        recorded = [not readings] * count  # with no consent column, nothing is missing from it
        for values in readings:
            recorded = [seen or r is not Reading.BLANK for seen, r in zip(recorded, values, strict=True)]

        # Only the rows with something to say are looked at one by one; they are found by
        # list.index, a scan in C, since in a usual list they are few.
        reasons: dict[int, list[str]] = {}
        for (cells, _), values in zip(reversed(consent), reversed(readings), strict=True):
            for i in _positions(values, Reading.NOT_UNDERSTOOD):  # the last column's reason leads
                reasons.setdefault(i, []).append(f'SMS consent "{cell_text(cells[i])}" not understood.')
        for values in (mobiles, nhs_numbers, dates, appointments):
            for i in _positions(list(map(type, values)), _Reason):
                reasons.setdefault(i, []).append(values[i])
                values[i] = None
        declined = {i for values in readings for i in _positions(values, Reading.DECLINED)}
        statuses = [PatientStatus.VALID] * count
        problems: list[str | None] = [None] * count
        for i in sorted(declined | reasons.keys() | set(_positions(recorded, False))):
            if i in declined:
                statuses[i], problems[i] = PatientStatus.OPTED_OUT, DECLINED
            elif i in reasons:
                statuses[i], problems[i] = PatientStatus.INVALID, " ".join(reasons[i])
            elif self.exclude_blank:
                statuses[i], problems[i] = PatientStatus.INVALID, LEFT_OUT
            else:
                problems[i] = NO_PREFERENCE

        into.source_rows += numbers
        into.statuses += statuses
        into.nhs_numbers += nhs_numbers
        into.dates_of_birth += dates
        into.mobiles += mobiles
        into.problems += problems
        into.shares_mobile += [False] * count
        into.consent_recorded += recorded
        into.appointments += appointments
        texts = self.texts.each
        for names, col in zip((into.titles, into.first_names, into.surnames), self.name_cols, strict=True):
            names += texts(column(col))
        for values, col in zip(into.field_values, self.extra_cols, strict=True):
            values += texts(column(col))


def _positions(values: list[Any], wanted: object) -> list[int]:
    """Where `wanted` is in `values`."""
    found: list[int] = []
    try:
        while True:
            found.append(values.index(wanted, found[-1] + 1 if found else 0))
    except ValueError:
        return found


def _repeated(nhs_numbers: list[str | None]) -> set[str]:
    """The NHS numbers on more than one row: only their rows can be duplicates or declined elsewhere."""
    distinct = set(nhs_numbers)
    if len(distinct) + nhs_numbers.count(None) - (None in distinct) == len(nhs_numbers):
        return set()  # the usual list: every number once
    return {number for number, rows in Counter(nhs_numbers).items() if rows > 1 and number is not None}


def _mark_opted_out_everywhere(checked: PatientColumns, repeated: set[str]) -> None:
    """A patient who declined on one row is not texted from another row of the same list."""
    statuses, nhs_numbers = checked.statuses, checked.nhs_numbers
    rows = [i for i, number in enumerate(nhs_numbers) if number in repeated] if repeated else []
    declined: dict[str, int] = {}
    for i in rows:
        number = nhs_numbers[i]
        if statuses[i] is PatientStatus.OPTED_OUT and number is not None:
            declined[number] = checked.source_rows[i]
    for i in rows:
        number = nhs_numbers[i]
        if number in declined and statuses[i] is not PatientStatus.OPTED_OUT:
            statuses[i] = PatientStatus.OPTED_OUT
            checked.problems[i] = f"Declined text messages (row {declined[number]})."


def _mark_duplicates(checked: PatientColumns, repeated: set[str]) -> None:
    statuses, nhs_numbers = checked.statuses, checked.nhs_numbers
    first_row: dict[str, int] = {}
    for i in [i for i, number in enumerate(nhs_numbers) if number in repeated] if repeated else []:
        number = nhs_numbers[i]
        if number is None or statuses[i] is not PatientStatus.VALID:
            continue
        if number in first_row:
            statuses[i] = PatientStatus.DUPLICATE
            checked.problems[i] = f"Same NHS number as row {first_row[number]}."
        else:
            first_row[number] = checked.source_rows[i]


def _mark_shared_mobiles(checked: PatientColumns) -> int:
    """Flag valid patients whose mobile another valid patient has too; returns how many numbers are shared."""
    valid = PatientStatus.VALID
    uses = Counter(m for s, m in zip(checked.statuses, checked.mobiles, strict=True) if s is valid and m)
    shared = {mobile for mobile, count in uses.items() if count > 1}
    if shared:
        checked.shares_mobile = [
            s is valid and m in shared for s, m in zip(checked.statuses, checked.mobiles, strict=True)
        ]
    return len(shared)
