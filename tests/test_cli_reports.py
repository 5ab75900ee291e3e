"""The reports, outcome, coding and purge commands on the sample story, and the bad input they refuse."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.demo.sample_story import install_sample_story
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from tests.files import write_csv


@pytest.fixture
def db(workspace: Workspace) -> str:
    install_sample_data(workspace)
    assert install_sample_story(workspace)
    return str(workspace.path)


def run(db: str, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    status = main(["--db", db, *args], out)
    return status, out.getvalue(), capsys.readouterr().err


def test_a_campaign_report_as_a_workbook_and_a_page(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(db, "report", "--campaign", "1", "--out", str(tmp_path / "r.xlsx"), capsys=capsys)
    assert status == 0 and out.startswith("The report on Flu 65+ last autumn (sample) is in")
    sheet = load_workbook(tmp_path / "r.xlsx")["Campaign"]
    figures = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=4) if row[0].value}
    assert figures["Texts"] == 48 and figures["Delivered"] == 46
    status, _, _ = run(db, "report", "--campaign", "1", "--out", str(tmp_path / "r.pdf"), capsys=capsys)
    assert status == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_the_practice_view(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(db, "report", "--practice", "--from", "2026-01-01", "--out", str(tmp_path / "p.xlsx"),
                         capsys=capsys)  # fmt: skip
    assert status == 0 and "practice view" in out
    totals = load_workbook(tmp_path / "p.xlsx")["Totals"]
    assert totals["A2"].value == "Texts" and totals["B2"].value == 48
    status, _, err = run(db, "report", "--practice", "--from", "2027-01-01", "--to", "2026-01-01", "--out",
                         str(tmp_path / "p.xlsx"), capsys=capsys)  # fmt: skip
    assert status == 2 and "--from must come before --to" in err


@pytest.mark.parametrize(("out", "reason"), [("r.docx", "FILE.xlsx"), ("missing/r.xlsx", "does not exist")])
def test_a_report_that_cannot_be_written_is_refused(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], out: str, reason: str
) -> None:
    status, _, err = run(db, "report", "--campaign", "1", "--out", str(tmp_path / out), capsys=capsys)
    assert status == 2 and reason in err


def test_a_follow_up_list_is_imported_and_measured(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = Workspace.open(db)
    texted = [n for (n,) in workspace.db.execute(
        "SELECT p.nhs_number FROM messages m JOIN patients p ON p.id = m.patient_id ORDER BY m.id LIMIT 10"
    )]  # fmt: skip
    workspace.close()
    path = write_csv(tmp_path / "list.csv", [["Patient NHS", "Result"], *[[n, "Vaccinated"] for n in texted],
                                             ["12", "Vaccinated"]])  # fmt: skip
    status, out, _ = run(db, "import-outcome", "--campaign", "1", str(path), capsys=capsys)
    assert status == 0
    assert out.startswith("Read 10 rows: 10 patients of the campaign matched by NHS number")
    assert "Row 12: The NHS number should have 10 digits, not 2." in out
    assert "Uptake among those texted: 21% (10 of 48)" in out
    status, _, err = run(db, "import-outcome", "--campaign", "1", str(path), "--column", "nhs_number=Nope",
                         capsys=capsys)  # fmt: skip
    assert status == 2 and "There is no column headed 'Nope'" in err
    names = write_csv(tmp_path / "names.csv", [["Name"], ["Ann"]])
    status, _, err = run(db, "import-outcome", "--campaign", "1", str(names), capsys=capsys)
    assert status == 2 and "needs a column of NHS numbers" in err


def test_coding_and_purging(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(db, "record-coding", "--campaign", "1", "--folder", str(tmp_path), capsys=capsys)
    assert status == 2 and "Choose the SNOMED CT concept" in err
    assert run(db, "settings", "set", "records.call_to_action_concept", "1239511000000100",
               "records.call_to_action_term", "Flu invitation sent", "notify.export_folder", str(tmp_path),
               capsys=capsys)[0] == 0  # fmt: skip
    assert run(db, "settings", "set", "records.call_to_action_concept", "1239511000000101", capsys=capsys)[0] == 2
    status, out, _ = run(db, "record-coding", "--campaign", "1", "--folder", str(tmp_path), capsys=capsys)
    assert status == 0 and out.startswith("46 patients to record, in flu-65-last-autumn-sample-record-in-clinical")
    status, out, _ = run(db, "purge", "--campaign", "1", "--yes", capsys=capsys)
    assert status == 0 and out.startswith("Deleted the personal data of 1 campaign and 1 cohort, and 2 files")
    assert list(tmp_path.glob("flu-65-last-autumn-sample-*")) == []  # written into the export folder: gone too
    status, _, err = run(db, "record-coding", "--campaign", "1", "--folder", str(tmp_path), capsys=capsys)
    assert status == 2 and "personal data has been deleted" in err
    assert run(db, "settings", "set", "records.retention_days", "0", capsys=capsys)[0] == 2
