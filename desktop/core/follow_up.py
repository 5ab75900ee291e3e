"""A follow-up list from the clinical system (who was vaccinated, who booked, who attended), read for a
campaign's outcome: each row's NHS number, what happened, and when.

The columns are guessed from the headings, as for a cohort: the NHS number, an outcome ("Vaccinated",
"Attended", "DNA"... or a yes/no column whose heading says what yes means), the date it happened, and
for appointments the date booked and the appointment's date. A list with no outcome column is a list of
those who did it ("patients vaccinated since 1 September"). No mobile is needed, and no name is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from desktop.core.moments import read_day
from desktop.core.nhs_number import InvalidNhsNumber
from desktop.core.nhs_number import normalise as normalise_nhs_number


class Result(StrEnum):
    """What the follow-up list says happened to a patient."""

    DONE = "done"  # vaccinated, booked: the call to action was answered
    NOT_DONE = "not_done"
    ATTENDED = "attended"
    DNA = "dna"  # did not attend
    CANCELLED = "cancelled"  # the appointment was cancelled (a reminder's good outcome: the slot was freed)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Result.DONE: "Done (vaccinated or booked)",
    Result.NOT_DONE: "Not done",
    Result.ATTENDED: "Attended",
    Result.DNA: "Did not attend",
    Result.CANCELLED: "Cancelled",
}


class FollowUpError(ValueError):
    """A follow-up list that cannot be read; the message says why."""


def words_of(value: object) -> list[str]:
    """ "Did not attend (DNA)" -> ["did", "not", "attend", "dna"]."""
    return re.findall(r"[a-z]+", str(value or "").lower())


_DNA = ({"dna"}, {"did", "not", "attend"}, {"did", "not", "arrive"}, {"no", "show"}, {"missed"}, {"noshow"})
_ATTENDED = ({"attended"}, {"arrived"}, {"seen"}, {"finished"}, {"completed", "appointment"})
_CANCELLED = ({"cancelled"}, {"canceled"}, {"cancellation"})
_NOT_DONE = ({"not", "vaccinated"}, {"not", "given"}, {"not", "booked"}, {"declined"}, {"refused"}, {"not", "done"})
_DONE = ({"vaccinated"}, {"given"}, {"administered"}, {"booked"}, {"done"}, {"completed"}, {"immunised"})
_YES = frozenset({"y", "yes", "true", "t", "1"})
_NO = frozenset({"n", "no", "false", "f", "0"})
# Most telling first: "did not attend" before "attended", "not vaccinated" before "vaccinated".
_RULES: tuple[tuple[tuple[set[str], ...], Result], ...] = (
    (_DNA, Result.DNA),
    (_CANCELLED, Result.CANCELLED),
    (_NOT_DONE, Result.NOT_DONE),
    (_ATTENDED, Result.ATTENDED),
    (_DONE, Result.DONE),
)


def result_named(value: object) -> Result | None:
    """The result a cell or a heading names in words, or None."""
    found = set(words_of(value))
    return next((result for groups, result in _RULES if any(group <= found for group in groups)), None)


def read_result(cell: object, heading_means: Result | None) -> Result | None:
    """What one outcome cell says: its words, or yes/no under a heading that says what yes means
    ("Vaccinated": Y). None when it cannot be read."""
    if heading_means is not None:
        plain = "".join(words_of(cell)) or str(cell).strip()
        if plain in _YES:
            return heading_means
        if plain in _NO:
            return _OPPOSITE.get(heading_means)
    return result_named(cell)


_OPPOSITE = {Result.DONE: Result.NOT_DONE, Result.ATTENDED: Result.DNA, Result.DNA: Result.ATTENDED}


@dataclass(frozen=True)
class FollowUpColumns:
    nhs_number: int
    outcome: int | None = None  # None: everyone listed did it
    day: int | None = None  # when it happened
    booked: int | None = None  # when the appointment was booked
    appointment: int | None = None  # the appointment's date


_NHS = frozenset({"nhs"})
_OUTCOME = frozenset({"outcome", "status", "result", "attendance", "attended", "vaccinated", "dna", "booked"})
_BOOKED = (frozenset({"booked", "on"}), frozenset({"date", "booked"}), frozenset({"booking", "date"}),
           frozenset({"booked", "date"}), frozenset({"made"}))  # fmt: skip
_APPOINTMENT = (frozenset({"appointment", "date"}), frozenset({"appt", "date"}), frozenset({"slot", "date"}))


def guess_columns(headers: Sequence[object]) -> FollowUpColumns | None:
    """The columns of a follow-up list from its headings; None without an NHS number column."""
    words = [set(words_of(h)) for h in headers]
    nhs = next((i for i, w in enumerate(words) if w & _NHS), None)
    if nhs is None:
        return None
    taken = {nhs}

    def first(test: Any) -> int | None:
        found = next((i for i, w in enumerate(words) if i not in taken and test(w)), None)
        if found is not None:
            taken.add(found)
        return found

    booked = first(lambda w: any(group <= w for group in _BOOKED))
    appointment = first(lambda w: any(group <= w for group in _APPOINTMENT))
    outcome = first(lambda w: bool(w & _OUTCOME) and "date" not in w)
    day = first(lambda w: "date" in w or "when" in w or "on" in w)
    return FollowUpColumns(nhs, outcome, day, booked, appointment)


def heading_meaning(headers: Sequence[object], columns: FollowUpColumns) -> Result | None:
    """What yes means in the outcome column, from its heading ("Vaccinated", "Attended", "DNA")."""
    if columns.outcome is None:
        return None
    heading = headers[columns.outcome]
    return None if set(words_of(heading)) & {"outcome", "status", "result"} else result_named(heading)


@dataclass(frozen=True)
class FollowUp:
    nhs_number: str
    result: Result
    day: date | None = None
    booked: date | None = None
    appointment: date | None = None


@dataclass(frozen=True)
class ReadFollowUp:
    rows: list[FollowUp]
    problems: list[tuple[int, str]]  # (the sheet's row number, why it was not read)


def read_follow_up(
    rows: Iterable[tuple[int, Sequence[Any]]], headers: Sequence[object], columns: FollowUpColumns
) -> ReadFollowUp:
    """Every data row (its sheet row number, its cells) as a follow-up, or a problem in plain words."""
    means = heading_meaning(headers, columns)
    found: list[FollowUp] = []
    problems: list[tuple[int, str]] = []
    for number, row in rows:
        try:
            found.append(_row(row, columns, means))
        except FollowUpError as error:
            problems.append((number, str(error)))
    if not found:
        raise FollowUpError(
            "No row of the list could be read: "
            + (problems[0][1] if problems else "it has no rows below its headings.")
        )
    return ReadFollowUp(found, problems)


def _cell(row: Sequence[Any], index: int | None) -> object:
    return row[index] if index is not None and index < len(row) else None


def _row(row: Sequence[Any], columns: FollowUpColumns, means: Result | None) -> FollowUp:
    nhs_cell = _cell(row, columns.nhs_number)
    try:
        nhs = normalise_nhs_number(nhs_cell)
    except InvalidNhsNumber as error:
        raise FollowUpError(str(error)) from error
    result = Result.DONE
    if columns.outcome is not None:
        cell = _cell(row, columns.outcome)
        read = read_result(cell, means)
        if read is None:
            raise FollowUpError(f'Outcome "{" ".join(str(cell or "").split())}" not understood.')
        result = read
    return FollowUp(nhs, result, _day(row, columns.day), _day(row, columns.booked), _day(row, columns.appointment))


def _day(row: Sequence[Any], index: int | None) -> date | None:
    cell = _cell(row, index)
    if cell in (None, ""):
        return None
    day = read_day(cell)
    if day is None:
        raise FollowUpError(f'"{" ".join(str(cell).split())}" is not a date that can be read.')
    return day
