from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.gateways.spreadsheets import Sheet, UnreadableFile, list_sheets, read_sheet
from tests.files import GOOD, HEADER, write_csv, write_xlsx


def test_reads_an_xlsx_with_title_rows_from_a1(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", {"Patients": [["Search: Flu 65+"], [], HEADER, *GOOD]})
    rows = read_sheet(path)
    assert rows[0][0] == "Search: Flu 65+"
    assert rows[2] == HEADER
    assert rows[3][5] == "07911 123456"


def test_a_table_that_starts_in_column_c_keeps_its_columns(tmp_path: Path) -> None:
    """Cells are where Excel shows them, counted from A1, even with empty columns before the table."""
    path = write_xlsx(tmp_path / "list.xlsx", {"Patients": [[], [None, None, *HEADER], [None, None, *GOOD[0]]]})
    rows = read_sheet(path)
    assert rows[1] == ["", "", *HEADER]
    assert rows[2][2 + 5] == "07911 123456"
    assert all(len(row) == len(HEADER) + 2 for row in rows)


def test_real_excel_dates_and_numbers_come_back_as_values(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", {"S": [["DOB", "Mobile"], [date(1950, 2, 1), 7911123456]]})
    rows = read_sheet(path)
    assert rows[1][0] == date(1950, 2, 1)
    assert rows[1][1] == 7911123456


def test_lists_sheets_with_hidden_ones_marked_and_reads_the_chosen_one(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {"Lookup": [["x", "y"]], "Flu": [HEADER, *GOOD], "Covid": [HEADER, GOOD[0]]},
        hidden=["Lookup"],
    )
    assert list_sheets(path) == [Sheet("Lookup", True), Sheet("Flu"), Sheet("Covid")]
    assert len(read_sheet(path)) == 4  # the first visible sheet, not the hidden one
    assert len(read_sheet(path, "Covid")) == 2


def test_a_missing_sheet_is_named(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "book.xlsx", {"Flu": [HEADER]})
    with pytest.raises(UnreadableFile, match=r"no sheet called 'Covid'\. Its sheets are: Flu"):
        read_sheet(path, "Covid")


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ","), ("utf-8", ";"), ("utf-8-sig", "\t"), ("utf-16", "\t")],
)
def test_csv_encodings_and_separators(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [HEADER, ["9434765919", "Mr", "José", "Núñez", "01/02/1950", "07911 123456", "Y", "10:30"]]
    path = write_csv(tmp_path / "list.csv", rows, encoding, delimiter)
    read = read_sheet(path)
    assert read[0] == HEADER
    assert read[1][2:4] == ["José", "Núñez"]
    assert list_sheets(path) == [Sheet("list")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.xlsx", b"this is not a zip file at all", "cannot be read as a spreadsheet"),
        ("list.xlsx", b"PK\x03\x04" + b"\x00" * 100, "cannot be read as a spreadsheet"),
        ("list.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "protected with a password"),
        ("list.xlsx", b"", "is empty"),
        ("list.pdf", b"%PDF-1.4", "not a spreadsheet this program reads"),
        ("list.csv", b"PK\x03\x04" + b"\x00" * 100, "Excel workbook with a CSV name"),
        ("list.csv", b"\n\n,,\n", "has no data"),
        ("list.xls", b"garbage that is not an Excel 97 file", "cannot be read as a spreadsheet"),
    ],
)
def test_unreadable_files_give_one_plain_message(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=message):
        read_sheet(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="cannot be found"):
        read_sheet(tmp_path / "nope.xlsx")


def test_an_empty_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "book.xlsx", {"Blank": []})
    with pytest.raises(UnreadableFile, match="no data"):
        read_sheet(path)


def test_reads_an_excel_97_xls_with_real_dates(tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Patients")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    rows = [["Search: Flu"], [], ["NHS Number", "Surname", "Mobile", "DOB"], ["9434765919", "Smith", 7911123456]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.write(3, 3, date(1950, 2, 1), date_style)
    path = tmp_path / "old.xls"
    book.save(str(path))
    assert list_sheets(path) == [Sheet("Patients")]
    assert read_sheet(path)[3] == ["9434765919", "Smith", 7911123456, date(1950, 2, 1)]
