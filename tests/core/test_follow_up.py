"""A follow-up list from the clinical system read for a campaign's outcome."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.core.follow_up import (
    FollowUp,
    FollowUpColumns,
    FollowUpError,
    Result,
    guess_columns,
    heading_meaning,
    read_follow_up,
    read_result,
    result_named,
    words_of,
)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["NHS Number", "Outcome", "Date"], FollowUpColumns(0, 1, 2)),
        (["Name", "NHS No", "Vaccinated", "Date given"], FollowUpColumns(1, 2, 3)),
        (["NHS number", "Attendance", "Date booked", "Appointment date"], FollowUpColumns(0, 1, None, 2, 3)),
        (["NHS number", "Status", "Booked on", "Appt date", "Seen on"], FollowUpColumns(0, 1, 4, 2, 3)),
        (["NHS number", "Event date"], FollowUpColumns(0, None, 1)),
        (["NHS number"], FollowUpColumns(0)),
        (["Patient", "Date"], None),
        ([], None),
    ],
)
def test_the_columns_are_guessed_from_the_headings(headers: list[str], expected: FollowUpColumns | None) -> None:
    assert guess_columns(headers) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Vaccinated", Result.DONE),
        ("Flu vaccine given", Result.DONE),
        ("Booked", Result.DONE),
        ("Not vaccinated", Result.NOT_DONE),
        ("Declined", Result.NOT_DONE),
        ("Attended", Result.ATTENDED),
        ("Arrived", Result.ATTENDED),
        ("Seen", Result.ATTENDED),
        ("DNA", Result.DNA),
        ("Did not attend", Result.DNA),
        ("did not arrive", Result.DNA),
        ("No show", Result.DNA),
        ("Cancelled by patient", Result.CANCELLED),
        ("Canceled", Result.CANCELLED),
        ("maybe", None),
        ("", None),
        (None, None),
    ],
)
def test_an_outcome_is_read_from_its_words(cell: object, expected: Result | None) -> None:
    assert read_result(cell, None) == expected == result_named(cell)


@pytest.mark.parametrize(
    ("heading", "cell", "expected"),
    [
        ("Vaccinated", "Y", Result.DONE),
        ("Vaccinated", "No", Result.NOT_DONE),
        ("Vaccinated", True, Result.DONE),
        ("Vaccinated", 0, Result.NOT_DONE),
        ("Attended", "yes", Result.ATTENDED),
        ("Attended", "N", Result.DNA),
        ("DNA", "Y", Result.DNA),
        ("DNA", "n", Result.ATTENDED),
        ("Booked", "1", Result.DONE),
        ("Vaccinated", "Declined", Result.NOT_DONE),  # words still say what they say
        ("Cancelled", "no", None),  # no opposite of a cancellation: not understood
    ],
)
def test_yes_and_no_mean_what_the_heading_says(heading: str, cell: object, expected: Result | None) -> None:
    columns = FollowUpColumns(0, 1)
    assert read_result(cell, heading_meaning(["NHS number", heading], columns)) == expected


def test_a_heading_that_names_no_result_gives_yes_no_meaning() -> None:
    assert heading_meaning(["NHS", "Outcome"], FollowUpColumns(0, 1)) is None
    assert heading_meaning(["NHS", "Vaccination status"], FollowUpColumns(0, 1)) is None
    assert heading_meaning(["NHS"], FollowUpColumns(0)) is None
    assert read_result("Y", None) is None


def test_rows_are_read_with_their_dates_and_problems_named() -> None:
    headers = ["NHS number", "Outcome", "Date booked", "Appointment date"]
    rows = [
        (2, ["943 476 5919", "Attended", "01/12/2026", datetime(2026, 12, 10)]),
        (3, ["9434765870", "DNA", date(2026, 12, 9), "10/12/2026"]),
        (4, ["9434765871", "Attended", "", ""]),  # a wrong check digit
        (5, ["4010232137", "Perhaps", "", ""]),
        (6, ["", "Attended", "", ""]),
        (7, ["9990001006", "Attended", "soon", ""]),
        (8, ["9990001014"]),  # a short row: no outcome
    ]
    read = read_follow_up(rows, headers, guess_columns(headers) or FollowUpColumns(0))
    assert read.rows == [
        FollowUp("9434765919", Result.ATTENDED, None, date(2026, 12, 1), date(2026, 12, 10)),
        FollowUp("9434765870", Result.DNA, None, date(2026, 12, 9), date(2026, 12, 10)),
    ]
    reasons = dict(read.problems)
    assert reasons[4].startswith("The NHS number is not valid")
    assert reasons[5] == 'Outcome "Perhaps" not understood.'
    assert reasons[6] == "The NHS number is blank."
    assert reasons[7] == '"soon" is not a date that can be read.'
    assert reasons[8] == 'Outcome "" not understood.'


def test_a_list_without_an_outcome_column_lists_those_who_did_it() -> None:
    read = read_follow_up([(2, ["9434765919", "02/12/2026"])], ["NHS number", "Date"], FollowUpColumns(0, None, 1))
    assert read.rows == [FollowUp("9434765919", Result.DONE, date(2026, 12, 2))]


def test_a_list_with_nothing_readable_is_refused_with_the_first_reason() -> None:
    with pytest.raises(FollowUpError, match="No row of the list could be read: The NHS number should"):
        read_follow_up([(2, ["12345"])], ["NHS number"], FollowUpColumns(0))
    with pytest.raises(FollowUpError, match="it has no rows below its headings"):
        read_follow_up([], ["NHS number"], FollowUpColumns(0))


def test_words_and_labels() -> None:
    assert words_of("Did not attend (DNA)") == ["did", "not", "attend", "dna"]
    assert words_of(None) == []
    assert {r.label for r in Result} == {
        "Done (vaccinated or booked)", "Not done", "Attended", "Did not attend", "Cancelled"
    }  # fmt: skip
