"""Cohorts and their patients in the store."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from desktop.core.clock import from_store, to_store, utc_now
from desktop.core.cohort import Cancelled, CohortCounts, Patient, PatientStatus

_CHUNK = 5_000
_FIELDS_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


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


def insert_cohort(
    db: Database,
    cohort: NewCohort,
    patients: Sequence[Patient],
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Store the cohort and all its patients in one transaction: all of it, or none of it."""
    c = cohort.counts
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO cohorts (name, source_file, source_sheet, imported_at, imported_by, mapping, rows_read, "
            "accepted, rejected, duplicates, opted_out, shared_numbers, is_sample) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                int(cohort.is_sample),
            ],
        )
        cohort_id = int(cursor.lastrowid or 0)
        for start in range(0, len(patients), _CHUNK):
            if cancelled is not None and cancelled():
                raise Cancelled  # atomic() rolls the cohort and its patients back
            db.conn.executemany(
                "INSERT INTO patients (cohort_id, source_row, nhs_number, title, first_name, surname, "
                "date_of_birth, mobile, status, problem, shares_mobile, fields) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        cohort_id,
                        p.source_row,
                        p.nhs_number,
                        p.title,
                        p.first_name,
                        p.surname,
                        p.date_of_birth.isoformat() if p.date_of_birth else None,
                        p.mobile,
                        p.status.value,
                        p.problem,
                        int(p.shares_mobile),
                        _FIELDS_JSON(p.fields) if p.fields else "{}",
                    )
                    for p in patients[start : start + _CHUNK]
                ],
            )
            if progress is not None:
                progress(min(start + _CHUNK, len(patients)))
    return cohort_id


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
        db.execute("DELETE FROM patients WHERE cohort_id = ?", [cohort_id])
        db.execute("DELETE FROM cohorts WHERE id = ?", [cohort_id])


def _where(cohort_id: int, status: PatientStatus | None, search: str) -> tuple[str, list[Any]]:
    clauses: list[str] = ["cohort_id = ?"]
    params: list[Any] = [cohort_id]
    if status is not None:
        clauses.append("status = ?")
        params.append(status.value)
    words = search.split()
    for word in words:
        digits = "".join(ch for ch in word if ch.isdigit())
        if digits and len(digits) >= 3:
            tail = digits.lstrip("0")  # 07911 finds +447911...
            clauses.append("(nhs_number LIKE ? OR mobile LIKE ?)")
            params += [f"%{digits}%", f"%{tail}%"]
        else:
            clauses.append("(first_name LIKE ? OR surname LIKE ? OR title LIKE ?)")
            params += [f"%{word}%"] * 3
    return " AND ".join(clauses), params


def count_patients(db: Database, cohort_id: int, status: PatientStatus | None = None, search: str = "") -> int:
    where, params = _where(cohort_id, status, search)
    return int(db.execute(f"SELECT count(*) FROM patients WHERE {where}", params).fetchone()[0])


def fetch_patients(
    db: Database,
    cohort_id: int,
    status: PatientStatus | None = None,
    search: str = "",
    offset: int = 0,
    limit: int = 500,
) -> list[Patient]:
    where, params = _where(cohort_id, status, search)
    rows = db.execute(
        "SELECT source_row, status, nhs_number, title, first_name, surname, date_of_birth, mobile, problem, "
        f"shares_mobile, fields FROM patients WHERE {where} ORDER BY source_row LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [
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
        ),
        is_sample=bool(row["is_sample"]),
    )


def field_names(db: Database, cohort_id: int) -> list[str]:
    """The cohort's personalisation fields (its extra columns), as placeholders name them."""
    row = db.execute("SELECT mapping FROM cohorts WHERE id = ?", [cohort_id]).fetchone()
    return list(json.loads(row[0]).get("extras", {})) if row else []


def message_values(db: Database, cohort_id: int, with_mobile: bool = False, limit: int = -1) -> list[dict[str, str]]:
    """Each valid patient's placeholder values, in file order: what a template is rendered with.

    `with_mobile` adds the number (as "mobile"), for choosing recipients; templates never see it.
    `limit` reads only the first patients (-1: all).
    """
    rows = db.execute(
        "SELECT title, first_name, surname, fields, mobile FROM patients WHERE cohort_id = ? AND status = 'valid' "
        "ORDER BY source_row LIMIT ?",
        [cohort_id, limit],
    )
    loads = json.loads
    values = []
    for title, first, surname, fields, mobile in rows:
        row = {**loads(fields), "title": title or "", "first_name": first or "", "surname": surname or ""}
        if with_mobile:
            row["mobile"] = mobile
        values.append(row)
    return values


def count_recipients(db: Database, cohort_id: int, once_per_mobile: bool, not_texted_since: str | None) -> int:
    """How many valid patients a campaign would text, counted in SQL (the same rules as choosing them)."""
    counted = "count(DISTINCT mobile)" if once_per_mobile else "count(*)"
    sql = f"SELECT {counted} FROM patients WHERE cohort_id = ? AND status = 'valid'"
    params: list[Any] = [cohort_id]
    if not_texted_since is not None:
        sql += (
            " AND mobile NOT IN (SELECT recipient FROM messages WHERE sent_at >= ? AND status IN ('sent', 'delivered'))"
        )
        params.append(not_texted_since)
    return int(db.execute(sql, params).fetchone()[0])
