from __future__ import annotations

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
