"""Finding and ordering a cohort's patients in a real database file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop.core.cohort import CohortCounts, Patient, PatientStatus
from desktop.store.cohorts import (
    NewCohort,
    PatientOrder,
    count_patients,
    delete_cohort,
    fetch_patients,
    insert_cohort,
    stored_longest_values,
)
from desktop.store.database import migrate, open_database
from desktop.store.migrations import MIGRATIONS

V, X, D, OUT = PatientStatus.VALID, PatientStatus.INVALID, PatientStatus.DUPLICATE, PatientStatus.OPTED_OUT
PEOPLE = [
    # row, status, NHS number, forename, surname, date of birth, mobile
    (2, V, "9434765919", "Margaret", "Smith", date(1950, 2, 1), "+447911123456"),
    (3, V, "9434765870", "John", "Smithson", date(1949, 12, 31), "+447400123456"),
    (4, X, "4010232137", "Siân", "O'Brien", None, None),
    (5, OUT, None, "Zoë", "fitzgerald-Hughes", date(1941, 3, 3), "+447911123457"),
    (6, D, "9434765919", "Mary Ann", "Ásgeirsson", date(1961, 6, 6), "+447700900123"),
    (7, V, "4401234567", "peter", "Nowak", date(1970, 1, 1), "+447534123456"),
]


def patients() -> list[Patient]:
    return [
        Patient(row, status, nhs, "", first, surname, born, mobile, None if status is V else f"Problem {row}")
        for row, status, nhs, first, surname, born, mobile in PEOPLE
    ]


def add_cohort(db: Database, name: str = "Flu", people: list[Patient] | None = None) -> int:
    found = people if people is not None else patients()
    counts = CohortCounts(rows_read=len(found), accepted=sum(p.status is V for p in found))
    return insert_cohort(db, NewCohort(name, "flu.csv", None, "test.user", {}, counts), found)


@pytest.fixture
def db(db_path: Path) -> Database:
    database = open_database(db_path)
    yield database
    database.close()


def rows_found(db: Database, cohort_id: int, search: str, status: PatientStatus | None = None) -> list[int]:
    page = fetch_patients(db, cohort_id, status, search)
    assert count_patients(db, cohort_id, status, search) == len(page.patients)
    return [p.source_row for p in page.patients]


@pytest.mark.parametrize(
    ("typed", "rows"),
    [
        ("smi", [2, 3]),  # the start of a surname
        ("SMITHS", [3]),
        ("ith", []),  # not the middle of one
        ("marg", [2]),  # the start of a forename
        ("sian", [4]),  # without its accent
        ("Siân", [4]),
        ("o'b", [4]),
        ("brien", [4]),  # each part of a name
        ("hughes", [5]),
        ("fitzgerald-h", [5]),
        ("ann", [6]),
        ("asg", [6]),
        ("mary smi", []),  # every word must match
        ("john smi", [3]),
        ("pete", [7]),
    ],
)
def test_a_name_is_found_by_the_start_of_a_forename_or_surname(db: Database, typed: str, rows: list[int]) -> None:
    cohort_id = add_cohort(db)
    assert rows_found(db, cohort_id, typed) == rows


@pytest.mark.parametrize(
    ("typed", "rows"),
    [
        ("943 476 5919", [2, 6]),  # an NHS number as printed
        ("94347658", [3]),
        ("4765919", []),  # not the middle of an NHS number
        ("07911 123", [2, 5]),  # a mobile as written
        ("07911123456", [2]),
        ("+447911", [2, 5]),
        ("00447911", [2, 5]),
        ("7911 12345", [2, 5]),  # lost its leading zero
        ("123456", []),  # not the end of a number
        ("4401", [7]),  # an NHS number that starts like +44
        ("07700 900", [6]),
        ("smith 07911", [2]),
    ],
)
def test_digits_find_the_start_of_an_nhs_number_or_a_mobile(db: Database, typed: str, rows: list[int]) -> None:
    cohort_id = add_cohort(db)
    assert rows_found(db, cohort_id, typed) == rows


def test_search_keeps_to_the_cohort_and_the_status_shown(db: Database) -> None:
    first = add_cohort(db, "Flu")
    second = add_cohort(db, "Covid", patients()[:2])
    assert rows_found(db, second, "smi") == [2, 3]
    assert rows_found(db, first, "smi", PatientStatus.VALID) == [2, 3]
    assert rows_found(db, first, "o'b", PatientStatus.VALID) == []
    assert rows_found(db, first, "o'b", PatientStatus.INVALID) == [4]
    assert rows_found(db, first, "") == [2, 3, 4, 5, 6, 7]
    assert rows_found(db, first, "", PatientStatus.OPTED_OUT) == [5]


def all_pages(db: Database, cohort_id: int, order: PatientOrder, descending: bool, **filters: object) -> list[int]:
    """Every patient, fetched two at a time as the list does when scrolled."""
    seen: list[int] = []
    after = None
    while True:
        page = fetch_patients(db, cohort_id, order=order, descending=descending, after=after, limit=2, **filters)
        if not page.patients:
            return seen
        seen += [p.source_row for p in page.patients]
        after = page.after


def _key(order: PatientOrder, row: tuple[object, ...]) -> tuple[object, ...]:
    number, status, nhs, first, surname, born, mobile = row
    text = {
        PatientOrder.ROW: (),
        PatientOrder.STATUS: (str(status),),
        PatientOrder.NHS_NUMBER: (nhs or "",),
        PatientOrder.NAME: (str(surname).lower(), str(first).lower()),
        PatientOrder.DATE_OF_BIRTH: (born.isoformat() if isinstance(born, date) else "",),
        PatientOrder.MOBILE: (mobile or "",),
        PatientOrder.NOTE: ("" if status is V else f"Problem {number}",),
    }[order]
    return (*text, number)


@pytest.mark.parametrize("order", list(PatientOrder))
@pytest.mark.parametrize("descending", [False, True])
def test_every_order_pages_through_each_patient_once_in_order(
    db: Database, order: PatientOrder, descending: bool
) -> None:
    cohort_id = add_cohort(db)
    add_cohort(db, "Another")  # never mixed in
    expected = [row[0] for row in sorted(PEOPLE, key=lambda row: _key(order, row), reverse=descending)]
    assert all_pages(db, cohort_id, order, descending) == expected


def test_paging_in_order_keeps_to_the_filter_and_search(db: Database) -> None:
    cohort_id = add_cohort(db)
    assert all_pages(db, cohort_id, PatientOrder.NAME, False, search="smi") == [2, 3]
    assert all_pages(db, cohort_id, PatientOrder.DATE_OF_BIRTH, True, status=PatientStatus.VALID) == [7, 2, 3]


def test_names_sort_without_regard_to_case(db: Database) -> None:
    people = [Patient(row, V, None, "", "A", surname) for row, surname in ((2, "smith"), (3, "Brown"), (4, "adams"))]
    cohort_id = add_cohort(db, people=people)
    assert all_pages(db, cohort_id, PatientOrder.NAME, False) == [4, 3, 2]


def test_deleting_a_cohort_leaves_nothing_to_find(db: Database) -> None:
    cohort_id = add_cohort(db)
    kept = add_cohort(db, "Kept")
    delete_cohort(db, cohort_id)
    assert db.execute("SELECT count(*) FROM patient_search").fetchone()[0] == len(PEOPLE)
    assert rows_found(db, kept, "smi") == [2, 3]


def test_a_cohort_keeps_the_longest_values_it_was_imported_with(db: Database) -> None:
    counts = CohortCounts(rows_read=1, accepted=1)
    cohort_id = insert_cohort(
        db, NewCohort("Flu", None, None, "me", {}, counts, longest_values={"surname": "Fitzgerald"}), patients()
    )
    assert stored_longest_values(db, cohort_id) == {"surname": "Fitzgerald"}
    assert stored_longest_values(db, add_cohort(db)) is None  # not worked out yet


def test_patients_stored_before_the_search_index_can_be_found_after_upgrading(db_path: Path) -> None:
    db = Database(db_path)
    migrate(db, MIGRATIONS[:1])  # a database from the first release
    db.execute(
        "INSERT INTO cohorts (id, name, imported_at, imported_by) VALUES (1, 'Flu', '2026-09-01T10:00:00Z', 'me')"
    )
    db.execute(
        "INSERT INTO patients (cohort_id, source_row, nhs_number, first_name, surname, mobile, status) "
        "VALUES (1, 2, '9434765919', 'Siân', 'O''Brien', '+447911123456', 'valid')"
    )
    db.close()
    upgraded = open_database(db_path)
    assert rows_found(upgraded, 1, "sian") == [2]
    assert rows_found(upgraded, 1, "07911") == [2]
    assert rows_found(upgraded, 1, "obri") == [2]
    upgraded.close()


def query_plans(db: Database, action: object) -> list[str]:
    """The plan of every statement `action` runs, as EXPLAIN QUERY PLAN gives it."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        action()  # type: ignore[operator]
    finally:
        db.conn.set_trace_callback(None)
    return [
        " / ".join(step[3] for step in db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())
        for sql in statements
        if sql.lstrip().upper().startswith("SELECT")
    ]


@pytest.mark.parametrize("typed", ["smi", "07911 123", "john smi"])
def test_a_search_reads_the_index_not_every_patient(db: Database, typed: str) -> None:
    """At 100,000 patients a scan of the cohort per keystroke is what froze the list."""
    cohort_id = add_cohort(db)
    plans = query_plans(
        db, lambda: (count_patients(db, cohort_id, search=typed), fetch_patients(db, cohort_id, search=typed))
    )
    assert len(plans) == 2
    for plan in plans:
        assert "patient_search VIRTUAL TABLE" in plan
        assert "SCAN patients" not in plan and "patients_in_order" not in plan and "patients_by_status" not in plan


def test_the_list_in_file_order_and_its_counts_use_the_indexes(db: Database) -> None:
    cohort_id = add_cohort(db)
    plans = query_plans(
        db,
        lambda: (
            count_patients(db, cohort_id),
            count_patients(db, cohort_id, PatientStatus.VALID),
            fetch_patients(db, cohort_id),
            fetch_patients(db, cohort_id, PatientStatus.VALID),
            fetch_patients(db, cohort_id, order=PatientOrder.STATUS, descending=True),
        ),
    )
    assert len(plans) == 5
    for plan in plans:
        assert "SCAN patients" not in plan
    for plan in plans[2:]:  # the index gives the order: only the page found is put in order, not the cohort
        assert plan.count("TEMP B-TREE") == 1


def test_extra_fields_are_stored_as_the_json_of_each_patients_values(db: Database) -> None:
    """Each distinct value is encoded once and joined into the object: what json would write."""
    awkward = ['Dr "Lewis"', "Siân\\Ward", "", "Dr Lewis", "tab\there", "emoji 🙂"]
    people = [
        Patient(row, V, None, "", "Ann", "Lee", None, "+447911123456", fields={"usual_gp": gp, "clinic": str(row % 2)})
        for row, gp in enumerate(awkward, start=2)
    ]
    cohort_id = add_cohort(db, people=people)
    stored = [row[0] for row in db.execute("SELECT fields FROM patients WHERE cohort_id = ? ORDER BY id", [cohort_id])]
    assert stored == [json.dumps(p.fields, ensure_ascii=False, separators=(",", ":")) for p in people]
    page = fetch_patients(db, cohort_id)
    assert [p.fields for p in page.patients] == [p.fields for p in people]
