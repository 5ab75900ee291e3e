"""The quick check asked of every campaign before it is released (NHS guidance on practice messaging)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ADVICE = "Consider changes to the campaign before it goes ahead."
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "prevents_calls",
        "Is messaging being used to prevent unnecessary communication "
        "(for example 'where and what are my results?' phone calls)?",
        "If the message will not save calls or visits, consider whether it is needed at all.",
    ),
    (
        "costs_understood",
        "Are the messaging costs fully understood?",
        "Check the cost up front, the fragments per message and the monthly budget.",
    ),
    (
        "impact_understood",
        "Is the impact of the campaign on the wider operation (for example a spike in phone calls) understood?",
        "Release in smaller blocks and check the expected calls against the reception team's capacity.",
    ),
    (
        "impact_measured",
        "Is the impact measured against an outcome objective (for example a reduction in DNAs)?",
        "Set an outcome objective and its baseline, so the campaign's value can be judged.",
    ),
)


@dataclass(frozen=True)
class QuickCheck:
    answers: dict[str, bool | None] = field(default_factory=dict)  # question key -> yes, no, or unanswered
    objective: str = ""  # e.g. "Reduce flu clinic DNAs"
    baseline: str = ""  # e.g. "12% DNA rate in 2025"

    @property
    def is_complete(self) -> bool:
        return all(self.answers.get(key) is not None for key, _, _ in QUESTIONS) and bool(self.objective.strip())

    def concerns(self) -> list[str]:
        """For each "no", what the guidance advises."""
        return [f"{question} No. {advice}" for key, question, advice in QUESTIONS if self.answers.get(key) is False]

    def missing(self) -> list[str]:
        gaps = [f"Answer: {question}" for key, question, _ in QUESTIONS if self.answers.get(key) is None]
        if not self.objective.strip():
            gaps.append("Enter the outcome objective and, if known, its baseline figure.")
        return gaps

    def to_json(self) -> dict[str, Any]:
        return {"answers": self.answers, "objective": self.objective, "baseline": self.baseline}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuickCheck:
        return cls(dict(data.get("answers", {})), data.get("objective", ""), data.get("baseline", ""))
