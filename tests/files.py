"""Writing real spreadsheet and CSV files for tests."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

HEADER = ["NHS Number", "Title", "Forename", "Surname", "DOB", "Mobile No.", "SMS Consent", "Appointment Time"]
GOOD = [
    ["943 476 5919", "Mrs", "Margaret", "Smith", "01/02/1950", "07911 123456", "Y", "10:30"],
    ["9434765870", "Mr", "John", "Jones", "1949-12-31", "+44 7400 123456", "Yes", "10:40"],
    ["4010232137", "Ms", "Siân", "Evans", "01-Feb-1950", "7534123456", "", "10:50"],
]


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]], hidden: Sequence[str] = ()) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        if name in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path
