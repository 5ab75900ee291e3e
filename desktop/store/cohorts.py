"""Cohorts and their patients in the store."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from itertools import repeat
from typing import Any

from sqlite_utils import Database

from desktop.core.appointments import APPOINTMENT_PLACEHOLDERS, Appointment
from desktop.core.clock import from_store, to_store, utc_now
from desktop.core.cohort import Cancelled, CohortCounts, Patient, PatientColumns, PatientStatus, placeholder_values
from desktop.core.columns import Field
from desktop.core.search import SearchTerms, name_token_column, number_token_column, parse_search

_CHUNK = 5_000
_FIELDS_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_STATUS_TEXT = {status: status.value for status in PatientStatus}


class CohortInUse(Exception):
    """A cohort that a campaign uses cannot be deleted."""


@dataclass(frozen=True)
class CohortSummary:
    id: int
    name: str
    source_file: str | None
    source_sheet: str | None
    imported_at: datetime
    imported_by: str
    counts: CohortCounts
    is_sample: bool


@dataclass(frozen=True)
class NewCohort:
    name: str
    source_file: str | None
    source_sheet: str | None
    imported_by: str
    mapping: dict[str, Any]
    counts: CohortCounts
    is_sample: bool = False
    longest_values: Mapping[str, str] | None = None  # each placeholder's longest realistic value


def insert_cohort(
    db: Database,
    cohort: NewCohort,
    patients: PatientColumns | Sequence[Patient],
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Store the cohort and all its patients in one transaction: all of it, or none of it."""
    checked = patients if isinstance(patients, PatientColumns) else PatientColumns.of(patients)
    c = cohort.counts
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO cohorts (name, source_file, source_sheet, imported_at, imported_by, mapping, rows_read, "
            "accepted, rejected, duplicates, opted_out, shared_numbers, no_preference, is_sample, longest_values) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                cohort.name,
                cohort.source_file,
                cohort.source_sheet,
                to_store(utc_now()),
                cohort.imported_by,
                json.dumps(cohort.mapping),
                c.rows_read,
                c.accepted,
                c.rejected,
                c.duplicates,
                c.opted_out,
                c.shared_numbers,
                c.no_preference,
                int(cohort.is_sample),
                None if cohort.longest_values is None else json.dumps(cohort.longest_values, ensure_ascii=False),
            ],
        )
        cohort_id = int(cursor.lastrowid or 0)
        # Ids are given here (this transaction is the only writer) so the search index is filled
        # in the same pass, not by reading every patient back.
        first_id = int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM patients").fetchone()[0])
        token = _cohort_token(cohort_id)
        # Whole columns are turned into what is stored, then written a chunk at a time.
        ids = range(first_id, first_id + len(checked))
        dates = _iso_dates(checked.dates_of_birth)
        statuses = list(map(_STATUS_TEXT.__getitem__, checked.statuses))
        shares = list(map(int, checked.shares_mobile))
        fields = _fields_json(checked.field_names, checked.field_values, len(checked))
        appointments = [a.to_text() if a else None for a in checked.appointments] or [None] * len(checked)
        names = name_token_column(checked.first_names, checked.surnames)
        numbers = number_token_column(checked.nhs_numbers, checked.mobiles)
        for start in range(0, len(checked), _CHUNK):
            if cancelled is not None and cancelled():
                raise Cancelled  # atomic() rolls the cohort and its patients back
            part = slice(start, start + _CHUNK)
            db.conn.executemany(
                "INSERT INTO patients (id, cohort_id, source_row, nhs_number, title, first_name, surname, "
                "date_of_birth, mobile, status, problem, shares_mobile, fields, appointment) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                zip(
                    ids[part],
                    repeat(cohort_id),
                    checked.source_rows[part],
                    checked.nhs_numbers[part],
                    checked.titles[part],
                    checked.first_names[part],
                    checked.surnames[part],
                    dates[part],
                    checked.mobiles[part],
                    statuses[part],
                    checked.problems[part],
                    shares[part],
                    fields[part],
                    appointments[part],
                ),
            )
            db.conn.executemany(
                "INSERT INTO patient_search (rowid, cohort, names, numbers) VALUES (?, ?, ?, ?)",
                zip(ids[part], repeat(token), names[part], numbers[part]),
            )
            if progress is not None:
                progress(min(start + _CHUNK, len(checked)))
    return cohort_id


def _iso_dates(dates: Sequence[date | None]) -> list[str | None]:
    iso = {day: day.isoformat() for day in set(dates) if day is not None}  # birthdays repeat
    return list(map(iso.get, dates))  # type: ignore[arg-type]  # iso.get(None) is None


class _EncodedField(dict[str, str]):
    """One extra column's `"name":"value"` JSON members, each distinct value encoded once."""

    def __init__(self, name: str, before: str, after: str) -> None:
        super().__init__()
        self.start, self.after = before + _FIELDS_JSON(name) + ":", after

    def __missing__(self, value: str) -> str:
        self[value] = member = self.start + _FIELDS_JSON(value) + self.after
        return member


def _fields_json(names: Sequence[str], columns: Sequence[Sequence[str]], count: int) -> list[str]:
    """Each patient's extra fields as the JSON object {name: value}, in column order."""
    if not names:
        return ["{}"] * count
    last = len(names) - 1
    members = [
        list(map(_EncodedField(name, "{" if k == 0 else "", "}" if k == last else "").__getitem__, values))
        for k, (name, values) in enumerate(zip(names, columns, strict=True))
    ]
    return list(map(",".join, zip(*members, strict=True)))


def _cohort_token(cohort_id: int) -> str:
    return f"c{cohort_id}"


def list_cohorts(db: Database) -> list[CohortSummary]:
    return [_summary(row) for row in db.query("SELECT * FROM cohorts ORDER BY imported_at DESC, id DESC")]


def get_cohort(db: Database, cohort_id: int) -> CohortSummary | None:
    rows = list(db.query("SELECT * FROM cohorts WHERE id = ?", [cohort_id]))
    return _summary(rows[0]) if rows else None


def delete_cohort(db: Database, cohort_id: int) -> None:
    with db.atomic():
        used = db.execute("SELECT name FROM campaigns WHERE cohort_id = ? LIMIT 1", [cohort_id]).fetchone()
        if used:
            raise CohortInUse(f"This cohort is used by the campaign '{used[0]}', so it cannot be deleted.")
        db.execute(
            "DELETE FROM patient_search WHERE rowid IN (SELECT id FROM patients WHERE cohort_id = ?)", [cohort_id]
        )
        db.execute("DELETE FROM patients WHERE cohort_id = ?", [cohort_id])
        db.execute("DELETE FROM cohorts WHERE id = ?", [cohort_id])


class PatientOrder(Enum):
    """The orders the patient list can be shown in, each ending with the row in the file."""

    ROW = ("source_row",)
    STATUS = ("status", "source_row")  # duplicates, not accepted, declined, valid: problems first (indexed)
    NHS_NUMBER = ("coalesce(nhs_number, '')", "source_row")
    NAME = ("coalesce(surname, '') COLLATE NOCASE", "coalesce(first_name, '') COLLATE NOCASE", "source_row")
    DATE_OF_BIRTH = ("coalesce(date_of_birth, '')", "source_row")
    MOBILE = ("coalesce(mobile, '')", "source_row")
    NOTE = ("coalesce(problem, '')", "source_row")


_PATIENT_COLUMNS = (
    "source_row, status, nhs_number, title, first_name, surname, date_of_birth, mobile, problem, shares_mobile, fields"
)


def _where(cohort_id: int, status: PatientStatus | None, search: str) -> tuple[str, list[Any]]:
    terms = parse_search(search)
    # Searching, the few patients found lead (by id); the unary + keeps SQLite from scanning the
    # whole cohort by its index instead and testing each patient against what was found.
    plus = "+" if terms else ""
    clauses: list[str] = [f"{plus}cohort_id = ?"]
    params: list[Any] = [cohort_id]
    if status is not None:
        clauses.append(f"{plus}status = ?")
        params.append(status.value)
    if terms:
        clauses.append("id IN (SELECT rowid FROM patient_search WHERE patient_search MATCH ?)")
        params.append(_match(cohort_id, terms))
    return " AND ".join(clauses), params


def _match(cohort_id: int, terms: SearchTerms) -> str:
    """An FTS5 query: the cohort, and the start of a name token per name term, of a number per number term."""
    parts = [f'cohort:"{_cohort_token(cohort_id)}"']
    parts += [f'names:"{term}"*' for term in terms.names]
    for alternatives in terms.numbers:
        either = " OR ".join(f'numbers:"{digits}"*' for digits in alternatives)
        parts.append(f"({either})")
    return " AND ".join(parts)


def count_patients(db: Database, cohort_id: int, status: PatientStatus | None = None, search: str = "") -> int:
    where, params = _where(cohort_id, status, search)
    return int(db.execute(f"SELECT count(*) FROM patients WHERE {where}", params).fetchone()[0])


@dataclass(frozen=True)
class PatientPage:
    patients: list[Patient]
    after: tuple[Any, ...] | None  # the last patient's place in the order, to fetch the next page from


def fetch_patients(
    db: Database,
    cohort_id: int,
    status: PatientStatus | None = None,
    search: str = "",
    order: PatientOrder = PatientOrder.ROW,
    descending: bool = False,
    after: tuple[Any, ...] | None = None,
    limit: int = 500,
) -> PatientPage:
    """A page of patients in `order`, starting after the place `after` (from the previous page).

    Pages continue from the last row's sort values rather than an OFFSET, so the thousandth page
    costs what the first does.
    """
    where, params = _where(cohort_id, status, search)
    keys = order.value
    ordered = ", ".join(key + (" DESC" if descending else "") for key in keys)
    if after is not None:
        where += f" AND ({', '.join(keys)}) {'<' if descending else '>'} ({', '.join('?' * len(keys))})"
        params += list(after)
    # The page's ids are found first: sorting narrow (id, keys) records, not whole patients, is
    # what keeps an unindexed order quick.
    rows = db.execute(
        f"SELECT {_PATIENT_COLUMNS}, {', '.join(keys)} FROM patients WHERE id IN "
        f"(SELECT id FROM patients WHERE {where} ORDER BY {ordered} LIMIT ?) ORDER BY {ordered}",
        [*params, limit],
    ).fetchall()
    patients = [
        Patient(
            source_row=r[0],
            status=PatientStatus(r[1]),
            nhs_number=r[2],
            title=r[3] or "",
            first_name=r[4] or "",
            surname=r[5] or "",
            date_of_birth=date.fromisoformat(r[6]) if r[6] else None,
            mobile=r[7],
            problem=r[8],
            shares_mobile=bool(r[9]),
            fields=json.loads(r[10]),
        )
        for r in rows
    ]
    return PatientPage(patients, tuple(rows[-1][11:]) if rows else after)


def _summary(row: dict[str, Any]) -> CohortSummary:
    return CohortSummary(
        id=row["id"],
        name=row["name"],
        source_file=row["source_file"],
        source_sheet=row["source_sheet"],
        imported_at=from_store(row["imported_at"]),
        imported_by=row["imported_by"],
        counts=CohortCounts(
            rows_read=row["rows_read"],
            accepted=row["accepted"],
            rejected=row["rejected"],
            duplicates=row["duplicates"],
            opted_out=row["opted_out"],
            shared_numbers=row["shared_numbers"],
            no_preference=row["no_preference"],
        ),
        is_sample=bool(row["is_sample"]),
    )


def field_names(db: Database, cohort_id: int) -> list[str]:
    """The cohort's personalisation fields (its extra columns, and its appointments'), as placeholders name them."""
    row = db.execute("SELECT mapping FROM cohorts WHERE id = ?", [cohort_id]).fetchone()
    if not row:
        return []
    mapping = json.loads(row[0])
    names = list(mapping.get("extras", {}))
    if Field.APPOINTMENT.value in mapping.get("fields", {}):
        names += [name for name in APPOINTMENT_PLACEHOLDERS if name not in names]
    return names


def stored_longest_values(db: Database, cohort_id: int) -> dict[str, str] | None:
    """The cohort's longest realistic values, if they have been worked out (at import, or since)."""
    row = db.execute("SELECT longest_values FROM cohorts WHERE id = ?", [cohort_id]).fetchone()
    return json.loads(row[0]) if row and row[0] is not None else None


def store_longest_values(db: Database, cohort_id: int, values: Mapping[str, str]) -> None:
    db.execute(
        "UPDATE cohorts SET longest_values = ? WHERE id = ?", [json.dumps(values, ensure_ascii=False), cohort_id]
    )


PATIENT_ID = "#patient"  # the key of a recipient's patient id: no placeholder can be named so
NHS_NUMBER = "#nhs"  # and of their NHS number
APPOINTMENT = "#appointment"  # and of their appointment (Appointment.to_text), if the list gives one


def message_values(db: Database, cohort_id: int, with_mobile: bool = False, limit: int = -1) -> list[dict[str, str]]:
    """Each valid patient's placeholder values, in file order: what a template is rendered with.

    `with_mobile` adds the number (as "mobile"), the patient's id (as PATIENT_ID) and NHS number (as
    NHS_NUMBER), for choosing and queueing recipients; templates never see them. `limit` reads only
    the first patients (-1: all).
    """
    rows = db.execute(
        "SELECT title, first_name, surname, fields, mobile, id, nhs_number, appointment FROM patients "
        "WHERE cohort_id = ? AND status = 'valid' ORDER BY source_row LIMIT ?",
        [cohort_id, limit],
    )
    loads = json.loads
    appointments = _Appointments()
    values = []
    for title, first, surname, fields, mobile, patient_id, nhs, appointment in rows:
        row = placeholder_values(loads(fields), title or "", first or "", surname or "", appointments[appointment])
        if with_mobile:
            row["mobile"] = mobile
            row[PATIENT_ID] = str(patient_id)
            row[NHS_NUMBER] = nhs or ""
            if appointment:
                row[APPOINTMENT] = appointment
        values.append(row)
    return values


class _Appointments(dict[str | None, Appointment | None]):
    """Each stored appointment read once: a clinic's slots repeat."""

    def __missing__(self, text: str | None) -> Appointment | None:
        self[text] = found = Appointment.from_text(text) if text else None
        return found


def count_recipients(db: Database, cohort_id: int, once_per_mobile: bool, not_texted_since: str | None) -> int:
    """How many valid patients a campaign would text, counted in SQL (the same rules as choosing them)."""
    counted = "count(DISTINCT mobile)" if once_per_mobile else "count(*)"
    sql = (
        f"SELECT {counted} FROM patients WHERE cohort_id = ? AND status = 'valid' "
        "AND mobile NOT IN (SELECT value FROM do_not_text WHERE kind = 'mobile') "
        "AND ifnull(nhs_number, '') NOT IN (SELECT value FROM do_not_text WHERE kind = 'nhs_number')"
    )
    params: list[Any] = [cohort_id]
    if not_texted_since is not None:
        sql += (
            " AND mobile NOT IN (SELECT recipient FROM messages WHERE sent_at >= ? AND status IN ('sent', 'delivered'))"
        )
        params.append(not_texted_since)
    return int(db.execute(sql, params).fetchone()[0])
