"""Reading patient lists: Excel and OpenDocument through python-calamine, CSV through csv.

Everything goes through read_sheet(), so the reader can be swapped without touching callers.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, PasswordError, SheetVisibleEnum

log = logging.getLogger(__name__)

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
SUPPORTED_SUFFIXES = WORKBOOK_SUFFIXES | TEXT_SUFFIXES
FILE_FILTER = "Patient lists (*.xlsx *.xlsm *.xls *.ods *.csv *.txt);;All files (*)"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and any password-protected Office file
_ZIP_MAGIC = b"PK\x03\x04"


class UnreadableFile(Exception):
    """The file cannot be read as a patient list; the message says why and what to do."""


@dataclass(frozen=True)
class Sheet:
    name: str
    hidden: bool = False


def list_sheets(path: Path) -> list[Sheet]:
    """The sheets in the file, hidden ones marked; a CSV has one, named after the file."""
    kind = _check_file(path)
    if kind == "text":
        return [Sheet(path.stem)]
    workbook = _open_workbook(path)
    try:
        return [Sheet(m.name, m.visible != SheetVisibleEnum.Visible) for m in workbook.sheets_metadata]
    finally:
        workbook.close()


def read_sheet(path: Path, sheet: str | None = None) -> list[list[Any]]:
    """Every row of one sheet (the first visible one by default) as Python values, from A1."""
    kind = _check_file(path)
    rows = _read_text(path) if kind == "text" else _read_workbook(path, sheet)
    if not any(any(cell not in ("", None) for cell in row) for row in rows):
        where = f"The sheet '{sheet}'" if sheet else "The file"
        raise UnreadableFile(f"{where} has no data in it.")
    return rows


def _check_file(path: Path) -> str:
    if not path.is_file():
        raise UnreadableFile(f"The file {path.name} cannot be found.")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(
            f"{path.name} is not a spreadsheet this program reads. Choose an Excel (.xlsx) or CSV file."
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise UnreadableFile(f"{path.name} cannot be opened: it may be open in another program.") from error
    if not head:
        raise UnreadableFile(f"{path.name} is empty.")
    if suffix in TEXT_SUFFIXES:
        if head.startswith(_ZIP_MAGIC) or head.startswith(_OLE_MAGIC):
            raise UnreadableFile(f"{path.name} is an Excel workbook with a CSV name: rename it to .xlsx and try again.")
        return "text"
    if suffix in {".xlsx", ".xlsm", ".xlsb"} and head.startswith(_OLE_MAGIC):
        raise UnreadableFile(_PASSWORD_MESSAGE.format(name=path.name))
    return "workbook"


_PASSWORD_MESSAGE = (
    "{name} is protected with a password. Open it in Excel, remove the password "
    "(File > Info > Protect Workbook > Encrypt with Password), save it and import it again."
)


def _open_workbook(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError as error:
        raise UnreadableFile(_PASSWORD_MESSAGE.format(name=path.name)) from error
    except (CalamineError, ValueError, OSError) as error:
        log.warning("Cannot open workbook (%s): %s", path.suffix, type(error).__name__)
        raise UnreadableFile(
            f"{path.name} cannot be read as a spreadsheet: it may be damaged or not really an Excel file. "
            "Open it in Excel and save it again as an Excel Workbook (.xlsx)."
        ) from error


def _read_workbook(path: Path, sheet: str | None) -> list[list[Any]]:
    workbook = _open_workbook(path)
    try:
        names = workbook.sheet_names
        if not names:
            raise UnreadableFile(f"{path.name} has no sheets in it.")
        if sheet is None:
            visible = [m.name for m in workbook.sheets_metadata if m.visible == SheetVisibleEnum.Visible]
            sheet = (visible or names)[0]
        if sheet not in names:
            raise UnreadableFile(f"{path.name} has no sheet called '{sheet}'. Its sheets are: {', '.join(names)}.")
        try:
            return _rows_from_a1(workbook.get_sheet_by_name(sheet))
        except (CalamineError, ValueError) as error:
            raise UnreadableFile(f"The sheet '{sheet}' in {path.name} cannot be read: it may be damaged.") from error
    finally:
        workbook.close()


def _rows_from_a1(sheet: CalamineSheet) -> list[list[Any]]:
    """Every row from A1. Row by row, not to_python(): that one call holds the GIL for the whole
    sheet (75 ms at 100,000 rows), freezing the window while a worker reads."""
    # iter_rows() starts at row 1 but at the first column in use: put the empty columns back.
    before = [""] * (sheet.start[1] if sheet.start else 0)
    if before:
        return [before + row for row in sheet.iter_rows()]
    return [row for row in sheet.iter_rows()]


def _read_text(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    text = _decode(raw)
    sample = text[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delimiter = max(",;\t", key=first.count)
    # A Python loop, not list(reader): list() is one C call that holds the GIL for the whole file.
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 as Excel's 'Unicode text', else Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
