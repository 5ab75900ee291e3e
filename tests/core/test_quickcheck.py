"""The guidance's quick check: what is still unanswered, and what a saved check holds."""

from __future__ import annotations

from desktop.core.quickcheck import QUESTIONS, QuickCheck


def test_what_is_missing_lists_each_unanswered_question_and_the_objective() -> None:
    first, second, *rest = (key for key, _, _ in QUESTIONS)
    check = QuickCheck({first: True, second: False}, objective="")
    questions = {key: question for key, question, _ in QUESTIONS}
    assert check.missing() == [f"Answer: {questions[key]}" for key in rest] + [
        "Enter the outcome objective and, if known, its baseline figure."
    ]
    assert QuickCheck({key: False for key in questions}, "Fewer DNAs").missing() == []


def test_a_saved_check_with_nothing_in_it_reads_back_as_a_new_one() -> None:
    assert QuickCheck.from_json({}) == QuickCheck()
    assert QuickCheck.from_json({}).objective == "" and QuickCheck.from_json({}).baseline == ""
