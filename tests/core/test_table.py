from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.table import TableShape, data_rows, find_header_row, is_footer

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


def test_the_shape_counts_the_rows_of_patients_below_any_header_row() -> None:
    shape = TableShape.of(EXPORT)
    assert shape.data_row_count(EXPORT, 3) == 2
    assert shape.data_row_count(EXPORT, 0) == 3  # the header row reads as data; "Run on" is a report line
    assert shape.data_row_count(EXPORT, 8) == 0
    assert TableShape.of([]).data_row_count([], 0) == 0


_CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "Total: 3", "End of report", "Search: flu", "Smith", "9434765919", "-", "'=1"]),
    st.integers(0, 99),
)


@given(rows=st.lists(st.lists(_CELLS, min_size=0, max_size=5), max_size=25), header=st.integers(0, 24))
def test_the_shape_counts_exactly_what_data_rows_yields(rows: list[list[object]], header: int) -> None:
    header = min(header, max(len(rows) - 1, 0))
    expected = sum(1 for _ in data_rows(rows, header)) if rows else 0
    assert TableShape.of(rows).data_row_count(rows, header) == expected


@given(rows=st.lists(st.lists(_CELLS, min_size=0, max_size=5), max_size=25), header=st.integers(0, 24))
def test_the_shape_yields_exactly_the_rows_data_rows_yields(rows: list[list[object]], header: int) -> None:
    header = min(header, max(len(rows) - 1, 0))
    assert list(TableShape.of(rows).data_rows(rows, header)) == list(data_rows(rows, header))


def test_rows_with_numbers_or_blanks_first_keep_their_sheet_row_numbers() -> None:
    """Excel often stores NHS numbers as numbers: such rows take the longer road, with the same numbering."""
    rows = [["NHS Number", "Surname", "Mobile"], [9434765919, "Smith", "07911123456"], [None, "Jones", "07400123456"]]
    assert [number for number, _ in data_rows(rows, 0)] == [2, 3]
    assert list(data_rows([], 0)) == []


def test_the_header_is_the_row_with_known_names_even_below_a_wordier_title_row() -> None:
    rows = [
        ["Report: Flu 65+", "Run by: Reception", "Practice: Riverside", "Printed: today"],
        ["NHS Number", "Surname", "Mobile"],
        ["9434765919", "Smith", "07911123456"],
    ]
    assert find_header_row(rows) == 1


def test_a_header_of_two_columns_is_found() -> None:
    assert find_header_row([["Flu clinic"], ["Name", "Mobile"], ["Smith", "07911123456"]]) == 1


def test_with_no_row_like_a_header_the_first_row_is_taken() -> None:
    assert find_header_row([["Flu clinic"], ["07911123456"], [None, 5]]) == 0


@pytest.mark.parametrize(
    ("row", "width", "footer"),
    [
        (["Total: 4", "", ""], 3, True),
        ([" ", "Total: 4", ""], 3, True),  # a cell holding only a space is not where a line starts
        (["Total", "4", "patients"], 3, True),  # three columns or fewer: any report line
        (["Count", "4", "patients", "listed"], 4, False),  # wider: a row this full holds data
        (["Total", "5", "", "", ""], 5, True),  # at most two cells filled
        (["Total", "5", "patients", "", ""], 5, False),
        (["Smith", "", ""], 3, False),  # not a report word
    ],
)
def test_a_report_line_is_a_report_word_and_few_cells(row: list[object], width: int, footer: bool) -> None:
    assert is_footer(row, width) is footer


def test_in_a_wide_sheet_a_full_row_starting_with_a_report_word_is_a_patient() -> None:
    rows = [
        ["Surname", "Forename", "Mobile", "Clinic", "GP"],
        ["Count", "Basie", "07911123456", "Flu", "Dr Ahmed"],  # a surname that reads like a report word
        ["Total: 1", "", "", "", ""],
    ]
    assert [number for number, _ in data_rows(rows, 0)] == [2]
    assert TableShape.of(rows).data_row_count(rows, 0) == 1


def test_a_consent_header_counts_as_a_known_name_when_finding_the_header() -> None:
    rows = [["Flu list", "Run by", "Reception"], ["Name", "Receive SMS", "Phone"], ["Smith", "Yes", "07911123456"]]
    assert find_header_row(rows) == 1
