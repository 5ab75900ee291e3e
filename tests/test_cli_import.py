"""`main.py import` on lists written the way practice systems write them: consent in its many wordings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services.workspace import Workspace
from desktop.store.cohorts import fetch_patients
from tests.files import write_csv, write_xlsx

MOBILES = ["07911 123456", "07400 123456", "07534 123456", "07797 123456"]


def run_import(tmp_path: Path, path: Path, *options: str) -> tuple[int, dict[str, object]]:
    import io

    out = io.StringIO()
    status = main(["--db", str(tmp_path / "p.db"), "import", str(path), "--json", *options], stdout=out)
    return status, json.loads(out.getvalue()) if status == 0 else {}


def texted(tmp_path: Path, cohort_id: int) -> list[str]:
    """The mobiles of the patients who may be texted."""
    workspace = Workspace.open(tmp_path / "p.db")
    try:
        patients = fetch_patients(workspace.db, cohort_id).patients
        return [p.mobile[-6:] for p in patients if p.status.value == "valid" and p.mobile]
    finally:
        workspace.close()


@pytest.mark.parametrize(
    ("header", "values", "means", "may_text"),
    [
        ("Receive SMS", ["Yes", "No", "", "YES"], "consents", [0, 2, 3]),  # SystmOne
        ("SMS Consent", ["Consent given", "Declined", "", "Consented"], "consents", [0, 2, 3]),  # EMIS
        ("SMS opt-out", ["N", "Y", "", "No"], "opted-out", [0, 2, 3]),
        ("Dissent from SMS", ["", "Dissent", "", ""], "opted-out", [0, 2, 3]),
        ("Mobile messaging preference", ["Allowed", "Not allowed", "", "Opted in"], "consents", [0, 2, 3]),
        ("Text message consent", ["TRUE", "FALSE", "", "1"], "consents", [0, 2, 3]),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_declined_patient_is_never_ready_to_text_whatever_the_wording(
    tmp_path: Path, header: str, values: list[str], means: str, may_text: list[int], suffix: str
) -> None:
    rows = [["Forename", "Mobile", header]]
    rows += [[f"Patient {n}", mobile, value] for n, (mobile, value) in enumerate(zip(MOBILES, values, strict=True))]
    path = tmp_path / f"list{suffix}"
    write_csv(path, rows) if suffix == ".csv" else write_xlsx(path, {"Patients": rows})
    status, result = run_import(tmp_path, path)
    assert status == 0
    assert (result["consent_column"], result["consent_means"]) == (header, means)
    assert result["opted_out"] == 1 and result["no_preference"] == values.count("")
    assert texted(tmp_path, int(result["cohort_id"])) == [MOBILES[n].replace(" ", "")[-6:] for n in may_text]


def test_a_value_not_understood_keeps_the_row_out_with_the_value_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", [["Mobile", "Receive SMS"], [MOBILES[0], "Maybe"], [MOBILES[1], "Yes"]])
    report = tmp_path / "problems.xlsx"
    status, result = run_import(tmp_path, path, "--report", str(report))
    assert status == 0 and (result["accepted"], result["rejected"]) == (1, 1)
    from openpyxl import load_workbook

    sheet = load_workbook(report).active
    assert sheet.cell(2, 2).value == 'SMS consent "Maybe" not understood.'


def test_without_a_consent_column_import_warns_and_names_a_column_that_looks_like_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["Mobile", "Contact by SMS"], [MOBILES[0], "Y"], [MOBILES[1], "N"]]
    path = write_csv(tmp_path / "list.csv", rows)
    status, result = run_import(tmp_path, path)
    assert status == 0 and result["consent_column"] is None and result["consent_candidates"] == ["Contact by SMS"]
    assert result["accepted"] == 2  # never taken as consent without being asked
    err = capsys.readouterr().err
    assert "no SMS consent column was found, so patients who declined texts cannot be left out" in err
    assert '--column consent="Contact by SMS"' in err
    status, result = run_import(tmp_path, path, "--column", "consent=Contact by SMS")
    assert status == 0 and (result["accepted"], result["opted_out"]) == (1, 1)
    assert (result["consent_column"], result["consent_means"]) == ("Contact by SMS", "consents")


def test_what_yes_means_can_be_said_and_blanks_left_out(tmp_path: Path) -> None:
    rows = [["Mobile", "SMS flag"], [MOBILES[0], "Y"], [MOBILES[1], "N"], [MOBILES[2], ""]]
    path = write_csv(tmp_path / "list.csv", rows)
    status, result = run_import(
        tmp_path, path, "--column", 'consent="SMS flag"', "--consent-means", "opted-out", "--blank-consent", "exclude"
    )
    assert status == 0 and result["consent_means"] == "opted-out"
    assert (result["accepted"], result["opted_out"], result["rejected"], result["no_preference"]) == (1, 1, 1, 0)
    assert texted(tmp_path, int(result["cohort_id"])) == ["123456"]  # the N: not opted out


def test_the_header_row_can_be_given_as_the_spreadsheet_numbers_it(tmp_path: Path) -> None:
    rows = [["Flu clinic"], ["Mobile", "Receive SMS"], ["Number", "Consent"], [MOBILES[0], "Yes"]]
    path = write_xlsx(tmp_path / "list.xlsx", {"S": rows})
    status, result = run_import(tmp_path, path, "--header-row", "2", "--column", "mobile=Mobile")
    assert status == 0 and result["consent_column"] == "Receive SMS"
    assert (result["rows_read"], result["accepted"], result["rejected"]) == (2, 1, 1)  # row 3 is read as data now


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        (["--column", "consent=Receive texts"], 'The list has no column called "Receive texts". Its columns are:'),
        (["--column", "shoe_size=Mobile"], "--column wants FIELD=HEADER, FIELD one of nhs_number, title"),
        (["--column", "consent"], "--column wants FIELD=HEADER"),
        (["--header-row", "9"], "There is no row 9: the sheet has 2 rows."),
    ],
)
def test_a_choice_that_cannot_apply_exits_2_with_the_reason(
    tmp_path: Path, options: list[str], reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "list.csv", [["Mobile", "Receive SMS"], [MOBILES[0], "Yes"]])
    status, _ = run_import(tmp_path, path, *options)
    assert status == 2
    assert capsys.readouterr().err.strip().startswith(f"error: {reason}")


def cohort_count(tmp_path: Path) -> int:
    workspace = Workspace.open(tmp_path / "p.db")
    try:
        return int(workspace.db.execute("SELECT count(*) FROM cohorts WHERE NOT is_sample").fetchone()[0])
    finally:
        workspace.close()


def test_a_report_in_a_missing_folder_is_refused_before_anything_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "list.csv", [["Mobile"], [MOBILES[0]]])
    status, _ = run_import(tmp_path, path, "--report", str(tmp_path / "no-such-folder" / "problems.xlsx"))
    assert status == 2
    assert "no such folder" in capsys.readouterr().err
    assert cohort_count(tmp_path) == 0  # so running it again, with a good folder, imports it once


def test_a_report_that_cannot_be_written_says_the_cohort_was_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "list.csv", [["Mobile"], [MOBILES[0]], ["not a number"]])
    report = tmp_path / "problems.xlsx"
    report.mkdir()  # a folder where the file should go: saving it fails as a locked file would
    out = io.StringIO()
    status = main(["--db", str(tmp_path / "p.db"), "import", str(path), "--report", str(report)], stdout=out)
    assert status == 1
    assert "Imported cohort" in out.getvalue() and "Problems report:" not in out.getvalue()
    error = capsys.readouterr().err
    assert "was imported, but the problems report cannot be saved" in error and "Do not import" in error
    assert cohort_count(tmp_path) == 1
