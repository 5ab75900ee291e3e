from __future__ import annotations

from desktop.core.table import data_rows, find_header_row, is_footer

EXPORT = [
    ["Search: Flu 65+", "", ""],
    ["Run on 01-Sep-2026 10:02", "", ""],
    ["", "", ""],
    ["NHS Number", "Surname", "Mobile"],
    ["9434765919", "Smith", "07911123456"],
    ["", "", ""],
    ["9434765870", "Jones", "07400123456"],
    ["Total: 2", "", ""],
    ["End of report", "", ""],
]


def test_header_found_below_title_rows() -> None:
    assert find_header_row(EXPORT) == 3


def test_header_without_known_names_is_the_first_row_of_several_texts() -> None:
    rows = [["Clinic list"], ["Name", "Phone", "Clinic"], ["Smith", "07911123456", "Flu"]]
    assert find_header_row(rows) == 1


def test_data_rows_skip_blanks_and_footers_and_keep_sheet_row_numbers() -> None:
    assert [number for number, _ in data_rows(EXPORT, 3)] == [5, 7]


def test_footer_needs_report_words() -> None:
    assert is_footer(["Total: 2", "", ""], 3)
    assert is_footer(["Records: 1,204", None, None], 3)
    assert not is_footer(["Totally", "Smith", "07911123456"], 3)
    assert not is_footer(["Smith", "", ""], 3)  # a patient row with little in it stays, to be reported
