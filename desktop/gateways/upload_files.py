"""A block written out for upload into another messaging product: GOV.UK Notify's bulk-upload CSV
(for the ((message)) template) and the list of who gets what, as .xlsx and .csv.

Each file is written beside its final name and moved into place only when whole, so a failure
never leaves half a file where staff would upload it.
"""

from __future__ import annotations

import csv
import errno
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from desktop.gateways.cells import safe_cell
from desktop.gateways.table_files import write_atomically

LIST_HEADERS = ("NHS number", "Name", "Date of birth", "Mobile", "Message")


@dataclass(frozen=True)
class UploadRow:
    nhs_number: str
    name: str
    date_of_birth: str
    mobile: str  # as staff write it: 07400 123456
    message: str


def write_upload_files(folder: Path, stem: str, rows: Sequence[UploadRow]) -> list[Path]:
    """Write `stem`-notify-upload.csv, `stem`-list.xlsx and `stem`-list.csv; return their paths."""
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, "the folder does not exist", str(folder))
    written: list[Path] = []
    try:
        written.append(write_atomically(folder / f"{stem}-notify-upload.csv", lambda tmp: _notify_csv(tmp, rows)))
        written.append(write_atomically(folder / f"{stem}-list.xlsx", lambda tmp: _list_xlsx(tmp, rows)))
        written.append(write_atomically(folder / f"{stem}-list.csv", lambda tmp: _list_csv(tmp, rows)))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def _notify_csv(path: Path, rows: Sequence[UploadRow]) -> None:
    """Notify's bulk upload: a "phone number" column and one per placeholder of the template."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["phone number", "message"])
        writer.writerows([row.mobile, row.message] for row in rows)


def _list_csv(path: Path, rows: Sequence[UploadRow]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:  # Excel reads the BOM as UTF-8
        writer = csv.writer(handle)
        writer.writerow(LIST_HEADERS)
        writer.writerows([safe_cell(v) for v in _values(row)] for row in rows)


def _list_xlsx(path: Path, rows: Sequence[UploadRow]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Texts")
    for column, width in zip("ABCDE", (14, 28, 14, 16, 90), strict=True):
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)
    header = []
    for title in LIST_HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in _values(row)])
    workbook.save(path)


def _values(row: UploadRow) -> tuple[str, ...]:
    return (row.nhs_number, row.name, row.date_of_birth, row.mobile, row.message)
