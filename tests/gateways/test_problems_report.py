from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from desktop.core.cohort import RejectedRow
from desktop.gateways.cells import safe_cell
from desktop.gateways.problems_report import write_problems_report


def test_report_has_row_numbers_reasons_and_the_original_cells(tmp_path: Path) -> None:
    path = tmp_path / "problems.xlsx"
    rejected = [RejectedRow(7, ["9434765919", "Ann", "01132434567"], "This is a landline, not a mobile.")]
    write_problems_report(path, ["NHS Number", "Name", "Mobile"], rejected)
    sheet = load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        ["Row in original file", "Problem", "NHS Number", "Name", "Mobile"],
        [7, "This is a landline, not a mobile.", "9434765919", "Ann", "01132434567"],
    ]
    assert not list(tmp_path.glob("*.part"))


def test_cells_that_excel_would_run_are_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "problems.xlsx"
    evil = ['=HYPERLINK("http://x","click")', "+447911123456", "-2+3", "@SUM(A1)", "\tTab", "Plain"]
    write_problems_report(path, ["=Header", "B", "C", "D", "E", "F"], [RejectedRow(2, evil, "=1+1")])
    sheet = load_workbook(path).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][2] == "'=Header"
    assert values[1][1] == "'=1+1"
    assert values[1][2:] == [
        '\'=HYPERLINK("http://x","click")',
        "'+447911123456",
        "'-2+3",
        "'@SUM(A1)",
        "'\tTab",
        "Plain",
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_safe_cell_leaves_numbers_and_plain_text() -> None:
    assert safe_cell(7911123456) == 7911123456
    assert safe_cell("Smith") == "Smith"
    assert safe_cell(None) is None
