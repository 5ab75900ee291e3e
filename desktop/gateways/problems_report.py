"""The problems report: rows that were not accepted, as an .xlsx the user can fix and re-import."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from desktop.core.cohort import RejectedRow
from desktop.gateways.cells import safe_cell

ROW_HEADER = "Row in original file"
PROBLEM_HEADER = "Problem"


def write_problems_report(path: Path, headers: Sequence[str], rejected: Sequence[RejectedRow]) -> None:
    """Write the report; the original columns follow the row number and the problem, unchanged."""
    if not path.parent.is_dir():  # said before any rows are written, so nothing is left half-open
        raise FileNotFoundError(errno.ENOENT, "the folder does not exist", str(path.parent))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Problems")
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 60
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E8EDEE")
    header_cells = []
    for title in (ROW_HEADER, PROBLEM_HEADER, *headers):
        cell = WriteOnlyCell(sheet, value=safe_cell(title))
        cell.font = bold
        cell.fill = header_fill
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rejected:
        sheet.append([row.source_row, safe_cell(row.reason), *(safe_cell(_plain(v)) for v in row.cells)])
    tmp = path.with_name(path.name + ".part")
    try:
        workbook.save(tmp)
        tmp.replace(path)  # never leave a half-written report where the user expects a whole one
    finally:
        tmp.unlink(missing_ok=True)


def _plain(value: object) -> object:
    return None if value == "" else value
