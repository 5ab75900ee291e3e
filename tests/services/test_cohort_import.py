from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.cohort import Cancelled, MappingError, PatientStatus
from desktop.core.columns import Field
from desktop.gateways.spreadsheets import UnreadableFile
from desktop.services import templates
from desktop.services.cohort_import import (
    import_file,
    load_table,
    save_cohort,
    save_problems_report,
    validate_table,
)
from desktop.services.cohorts import remove_cohort
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.cohorts import CohortInUse, count_patients, fetch_patients, list_cohorts
from tests.files import GOOD, HEADER, write_csv, write_xlsx

MESSY = [
    ["Search: Flu clinic 65+"],
    ["Run on 01-Sep-2026 by Reception"],
    [],
    HEADER,
    *GOOD,
    ["9434765919", "Mrs", "Margaret", "Smith", "01/02/1950", "07911 123456", "Y", "11:00"],  # duplicate
    ["6541230986", "Mr", "Alan", "Moss", "03/03/1941", "0113 243 4567", "Y", "11:10"],  # landline
    ["5558675309", "Ms", "Dee", "Nye", "04/04/1942", "07911 123457", "Dissent", "11:20"],  # declined
    [],
    ["Total: 6"],
]


def dump(workspace: Workspace) -> list[object]:
    return [list(workspace.db.execute(f"SELECT * FROM {t}").fetchall()) for t in workspace.db.table_names()]


def test_a_messy_export_imports_end_to_end(tmp_path: Path, workspace: Workspace) -> None:
    path = write_xlsx(tmp_path / "flu.xlsx", {"Report": MESSY})
    result = import_file(workspace, path, name="Flu 65+ autumn")
    c = result.validated.counts
    assert (c.rows_read, c.accepted, c.rejected, c.duplicates, c.opted_out) == (6, 3, 1, 1, 1)
    [summary] = list_cohorts(workspace.db)
    assert (summary.id, summary.name, summary.source_file, summary.imported_by) == (
        result.cohort_id,
        "Flu 65+ autumn",
        "flu.xlsx",
        "test.user",
    )
    assert summary.counts == c
    patients = fetch_patients(workspace.db, summary.id).patients
    assert [p.source_row for p in patients] == [5, 6, 7, 8, 9, 10]
    assert patients[0].mobile == "+447911123456" and patients[0].fields == {"appointment_time": "10:30"}
    assert count_patients(workspace.db, summary.id, PatientStatus.VALID) == 3
    assert count_patients(workspace.db, summary.id, search="smith") == 2
    assert count_patients(workspace.db, summary.id, search="07911 123456") == 2
    entry = audit.recent(workspace.db, 1)[0]
    assert entry.action == "cohort.imported" and entry.detail["accepted"] == 3
    assert "Smith" not in str(entry.detail) and "7911" not in str(entry.detail)


def test_the_longest_values_kept_at_import_are_what_the_stored_patients_give(
    tmp_path: Path, workspace: Workspace
) -> None:
    cohort_id = import_file(workspace, write_xlsx(tmp_path / "flu.xlsx", {"Report": MESSY})).cohort_id
    kept = templates.stored_longest_values(workspace, cohort_id)
    assert kept is not None and set(kept) == {"appointment_time", "title", "first_name", "surname"}
    # A cohort imported before they were kept works them out from its stored patients instead.
    workspace.db.execute("UPDATE cohorts SET longest_values = NULL WHERE id = ?", [cohort_id])
    assert templates.longest_values(workspace, cohort_id) == kept


def test_the_guess_can_be_corrected_before_checking(tmp_path: Path) -> None:
    rows = [["Name", "Phone 1", "Phone 2"], ["Ann", "0113 243 4567", "07911 123456"]]
    table = load_table(write_csv(tmp_path / "list.csv", rows))
    with pytest.raises(MappingError):
        validate_table(table)
    table.mapping = table.mapping.with_field(Field.MOBILE, 2, table.headers)
    assert validate_table(table).counts.accepted == 1


def test_header_row_can_be_overridden(tmp_path: Path) -> None:
    rows = [["Mobile", "Note"], ["Mobile", "Surname"], ["07911 123456", "Smith"]]
    table = load_table(write_csv(tmp_path / "list.csv", rows))
    table.set_header_row(1)
    assert table.mapping.column(Field.SURNAME) == 1
    assert table.data_row_count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.xlsx", b"not a workbook"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
        ("empty.csv", b""),
    ],
)
def test_an_unreadable_file_leaves_the_database_exactly_as_it_was(
    tmp_path: Path, workspace: Workspace, name: str, content: bytes
) -> None:
    import_file(workspace, write_csv(tmp_path / "first.csv", [HEADER, *GOOD]))
    before = dump(workspace)
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(UnreadableFile):
        import_file(workspace, bad)
    assert dump(workspace) == before


def test_no_mobile_column_stores_nothing(tmp_path: Path, workspace: Workspace) -> None:
    path = write_csv(tmp_path / "list.csv", [["NHS Number", "Name"], ["9434765919", "Ann"]])
    with pytest.raises(MappingError):
        import_file(workspace, path)
    assert list_cohorts(workspace.db) == []


def test_cancel_while_saving_leaves_nothing_half_imported(tmp_path: Path, workspace: Workspace) -> None:
    rows = [HEADER] + [GOOD[0]] * 12_000
    table = load_table(write_csv(tmp_path / "big.csv", rows))
    validated = validate_table(table)
    calls = iter([False, False, True])
    with pytest.raises(Cancelled):
        save_cohort(workspace, table, validated, cancelled=lambda: next(calls))
    assert list_cohorts(workspace.db) == []
    assert workspace.db.execute("SELECT count(*) FROM patients").fetchone()[0] == 0
    assert audit.recent(workspace.db) == []


def test_problems_report_round_trip(tmp_path: Path, workspace: Workspace) -> None:
    path = write_xlsx(tmp_path / "flu.xlsx", {"Report": MESSY})
    report = tmp_path / "problems.xlsx"
    result = import_file(workspace, path, report=report)
    assert len(result.validated.rejected) == 2  # the landline and the duplicate
    # The user fixes the landline in the report and imports the report itself.
    from openpyxl import load_workbook

    book = load_workbook(report)
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == 9:  # Alan Moss, whose number was a landline
            row[7].value = "07534 123456"
    book.save(report)
    again = import_file(workspace, report)
    assert again.validated.counts.accepted == 2  # the fixed row, and the duplicate on its own
    assert set(again.validated.headers[:2]) == {"Row in original file", "Problem"}
    fixed = fetch_patients(workspace.db, again.cohort_id).patients[1]
    assert (fixed.surname, fixed.mobile, fixed.fields) == ("Moss", "+447534123456", {"appointment_time": "11:10"})


def test_delete_cohort_and_refuse_while_a_campaign_uses_it(tmp_path: Path, workspace: Workspace) -> None:
    first = import_file(workspace, write_csv(tmp_path / "a.csv", [HEADER, *GOOD])).cohort_id
    second = import_file(workspace, write_csv(tmp_path / "b.csv", [HEADER, *GOOD])).cohort_id
    workspace.db.execute(
        "INSERT INTO campaigns (name, purpose, cohort_id, created_at, created_by, updated_at) "
        "VALUES ('Flu', 'recall', ?, 'now', 'x', 'now')",
        [second],
    )
    remove_cohort(workspace, first)
    assert [c.id for c in list_cohorts(workspace.db)] == [second]
    assert workspace.db.execute("SELECT count(*) FROM patients WHERE cohort_id = ?", [first]).fetchone()[0] == 0
    with pytest.raises(CohortInUse, match="campaign 'Flu'"):
        remove_cohort(workspace, second)
    assert count_patients(workspace.db, second) == 3


def test_save_problems_report_creates_the_file(tmp_path: Path) -> None:
    table = load_table(write_csv(tmp_path / "list.csv", [HEADER, ["1", "", "", "", "", "x", "", ""]]))
    target = tmp_path / "out.xlsx"
    save_problems_report(validate_table(table), target)
    assert target.exists()


@pytest.mark.parametrize("enabled_before", [True, False])
def test_the_cycle_collector_rests_during_an_import_and_is_left_as_it_was(
    tmp_path: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch, enabled_before: bool
) -> None:
    import gc

    import desktop.services.cohort_import as cohort_import

    during: list[bool] = []
    original = cohort_import.validate_table
    monkeypatch.setattr(
        cohort_import, "validate_table", lambda *args: (during.append(gc.isenabled()), original(*args))[1]
    )
    (gc.enable if enabled_before else gc.disable)()
    try:
        import_file(workspace, write_csv(tmp_path / "flu.csv", MESSY))
        assert during == [False] and gc.isenabled() is enabled_before
    finally:
        gc.enable()
