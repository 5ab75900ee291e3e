"""Finding the table in an export: title rows above the header, blank rows, a totals line at the end."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from desktop.core.columns import KNOWN_HEADERS, normalise_header
from desktop.core.consent import header_meaning

HEADER_SCAN_ROWS = 30
_FOOTER = re.compile(
    r"^\s*(totals?|count|number of|records?|results?|end of|report|run on|printed|generated|search|page \d)\b",
    re.IGNORECASE,
)


def _filled(cell: Any) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def is_blank(row: Sequence[Any]) -> bool:
    return not any(map(_filled, row))


def find_header_row(rows: Sequence[Sequence[Any]]) -> int:
    """Index of the row most like a header: known column names first, then many text cells."""
    best, best_score = 0, -1
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [cell for cell in row if isinstance(cell, str) and cell.strip()]
        if len(texts) < 2:
            continue  # titles such as "Search: Flu 65+" sit alone in their row
        known = sum(normalise_header(cell) in KNOWN_HEADERS or header_meaning(cell) is not None for cell in texts)
        score = known * 100 + len(texts)
        if score > best_score:
            best, best_score = index, score
    return best


def is_footer(row: Sequence[Any], width: int) -> bool:
    """A totals or report line: at most two filled cells, starting with a word reports end with."""
    first = next(filter(_filled, row), None)
    if not isinstance(first, str) or not _FOOTER.match(first):
        return False  # nearly every row stops here, at its first filled cell
    return width <= 3 or sum(map(_filled, row)) <= 2


def data_rows(rows: Sequence[Sequence[Any]], header_index: int) -> Iterator[tuple[int, Sequence[Any]]]:
    """(sheet row number, cells) of every data row below the header, blank and footer rows left out."""
    width = len(rows[header_index]) if rows else 0
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        first = row[0] if row else None
        if isinstance(first, str) and first[:1].isalnum() and not _FOOTER.match(first):
            yield index + 1, row  # the usual row: its first cell filled, and not a report line
        elif not is_footer(row, width) and not is_blank(row):
            yield index + 1, row


@dataclass(frozen=True)
class TableShape:
    """The rows that are never patients (blank) or may be a report's footer, found in one pass.

    With it the number of data rows below any header row is worked out without reading every
    row again: the user may move the header, and the count must follow at once.
    """

    row_count: int
    blank: tuple[int, ...]  # indices, ascending
    footer_like: tuple[int, ...]  # indices of rows whose first filled cell reads like a footer

    @classmethod
    def of(cls, rows: Sequence[Sequence[Any]]) -> TableShape:
        blank: list[int] = []
        footer_like: list[int] = []
        for index, row in enumerate(rows):
            first = row[0] if row else None
            if isinstance(first, str) and first[:1].isalnum() and not _FOOTER.match(first):
                continue  # the usual row (as in data_rows)
            if is_blank(row):
                blank.append(index)
                continue
            filled = next(filter(_filled, row))
            if isinstance(filled, str) and _FOOTER.match(filled):
                footer_like.append(index)
        return cls(len(rows), tuple(blank), tuple(footer_like))

    def data_row_count(self, rows: Sequence[Sequence[Any]], header_index: int) -> int:
        """How many rows data_rows() yields below this header row."""
        return max(self.row_count - header_index - 1, 0) - len(self._left_out(rows, header_index))

    def data_rows(self, rows: Sequence[Sequence[Any]], header_index: int) -> Iterator[tuple[int, Sequence[Any]]]:
        """What data_rows() yields, without looking at each row again: the runs between left-out rows."""
        runs = []
        start = header_index + 1
        for stop in self._left_out(rows, header_index):
            runs.append(zip(range(start + 1, stop + 1), rows[start:stop], strict=True))
            start = stop + 1
        runs.append(zip(range(start + 1, len(rows) + 1), rows[start:], strict=True))
        return chain.from_iterable(runs)

    def _left_out(self, rows: Sequence[Sequence[Any]], header_index: int) -> list[int]:
        """The indices of the blank rows and footers below the header, ascending."""
        width = len(rows[header_index]) if rows else 0
        blank = self.blank[bisect_right(self.blank, header_index) :]
        footers = [i for i in self.footer_like if i > header_index and is_footer(rows[i], width)]
        return sorted([*blank, *footers])
