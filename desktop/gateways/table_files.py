"""Tables written out for people to open in Excel: .xlsx with real number and date cells and formatted
headings, and .csv. Each file is written beside its final name and moved into place only when whole,
so a failure never leaves half a file where staff would open or upload it."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop.gateways.cells import safe_cell

POUNDS = '"£"#,##0.00'
WHOLE = "#,##0"
PERCENT = "0.0%"
DAY = "dd/mm/yyyy"
MOMENT = "dd/mm/yyyy hh:mm"
_HEADING = Font(bold=True, color="FFFFFF")
_HEADING_FILL = PatternFill("solid", fgColor="005EB8")  # NHS blue
_TITLE = Font(bold=True, size=14)


@dataclass(frozen=True)
class Column:
    heading: str
    width: int = 14
    number_format: str | None = None  # for numbers and dates


@dataclass(frozen=True)
class Cell:
    """A value with its own format, where one column holds figures of several kinds."""

    value: object
    number_format: str | None = None


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[object]]
    heading: str = ""  # a line above the table (e.g. the campaign's name)
    notes: Sequence[str] = field(default_factory=tuple)  # lines below it


def file_stem(name: str) -> str:
    """A campaign's name as the start of its files' names: "Flu 65+ 2026" -> "flu-65-2026"."""
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "campaign"


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    tmp = path.with_name(path.name + ".part")
    try:
        write(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> Path:
    """Every sheet as a formatted table: its heading line, bold white headings on blue, typed cells."""

    def write(tmp: Path) -> None:
        workbook = Workbook(write_only=True)
        for sheet in sheets:
            _sheet(workbook, sheet)
        workbook.save(tmp)

    return write_atomically(path, write)


def _sheet(workbook: Workbook, sheet: Sheet) -> None:
    out = workbook.create_sheet(sheet.title[:31])
    for number, column in enumerate(sheet.columns, start=1):
        out.column_dimensions[get_column_letter(number)].width = column.width
    if sheet.heading:
        title = WriteOnlyCell(out, value=sheet.heading)
        title.font = _TITLE
        out.append([title])
        out.append([])
    headings = []
    for column in sheet.columns:
        cell = WriteOnlyCell(out, value=column.heading)
        cell.font, cell.fill = _HEADING, _HEADING_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        headings.append(cell)
    out.append(headings)
    for row in sheet.rows:
        cells = []
        for column, given in zip(sheet.columns, row, strict=True):
            value, number_format = (given.value, given.number_format) if isinstance(given, Cell) else (given, None)
            number_format = number_format or column.number_format
            cell = WriteOnlyCell(out, value=_typed(value))
            if number_format and isinstance(value, int | float | Decimal | date):
                cell.number_format = number_format
            cells.append(cell)
        out.append(cells)
    if sheet.notes:
        out.append([])
        for line in sheet.notes:
            out.append([safe_cell(line)])


def _typed(value: object) -> object:
    """Numbers as numbers (money as pounds), dates as dates, text made safe from formulas."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones: the caller gives UK time
    return safe_cell(value)


def write_csv(path: Path, headings: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    def write(tmp: Path) -> None:
        with tmp.open("w", newline="", encoding="utf-8-sig") as handle:  # Excel reads the BOM as UTF-8
            writer = csv.writer(handle)
            writer.writerow(headings)
            writer.writerows([safe_cell(_text(v)) for v in row] for row in rows)

    return write_atomically(path, write)


def _text(value: object) -> object:
    if isinstance(value, Cell):
        value = value.value
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return value
