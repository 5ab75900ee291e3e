"""A campaign: a cohort, a template version, the quick check, the plan, and who approved them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from desktop.core.quickcheck import QuickCheck
from desktop.core.schedule import PlanInputs
from desktop.core.template import Purpose


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class CampaignError(ValueError):
    """An action the campaign's state does not allow, or a campaign not ready for it."""


@dataclass(frozen=True)
class CampaignOptions:
    once_per_mobile: bool = True  # families sharing a mobile get one text
    exclude_recent_days: int = 0  # leave out numbers texted in the last N days (0: none)
    # Patients another campaign of the same purpose texted in the last 7 days are left out unless kept.
    keep_recent_same_purpose: bool = False
    # A re-import of the campaign's search: patients no longer in it (they booked) are not texted.
    refreshed_cohort_id: int | None = None
    # A fair comparison: this share of the patients is held back (chosen by the seed, recorded at
    # approval), not texted unless the practice later releases them.
    hold_back: Decimal = Decimal(0)
    hold_back_seed: str = ""
    hold_back_released: bool = False

    @property
    def holding_back(self) -> bool:
        """Whether some patients are being kept from the texts now."""
        return self.hold_back > 0 and not self.hold_back_released

    def to_json(self) -> dict[str, Any]:
        return {
            "once_per_mobile": self.once_per_mobile,
            "exclude_recent_days": self.exclude_recent_days,
            "keep_recent_same_purpose": self.keep_recent_same_purpose,
            "refreshed_cohort_id": self.refreshed_cohort_id,
            "hold_back": str(self.hold_back),
            "hold_back_seed": self.hold_back_seed,
            "hold_back_released": self.hold_back_released,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CampaignOptions:
        refreshed = data.get("refreshed_cohort_id")
        return cls(
            bool(data.get("once_per_mobile", True)),
            int(data.get("exclude_recent_days", 0)),
            bool(data.get("keep_recent_same_purpose", False)),
            int(refreshed) if refreshed is not None else None,
            Decimal(data.get("hold_back", "0")),
            str(data.get("hold_back_seed", "")),
            bool(data.get("hold_back_released", False)),
        )


@dataclass(frozen=True)
class Campaign:
    id: int
    name: str
    purpose: Purpose
    status: CampaignStatus
    cohort_id: int | None = None
    template_version_id: int | None = None
    options: CampaignOptions = field(default_factory=CampaignOptions)
    quick_check: QuickCheck = field(default_factory=QuickCheck)
    plan_inputs: PlanInputs | None = None
    approved_plan: dict[str, Any] | None = None  # the blocks as approved
    approved_estimate: dict[str, Any] | None = None  # the costs as approved
    approved_by: str = ""
    approved_at: datetime | None = None
    created_by: str = ""  # the computer account that made it
    prepared_by: str = ""  # the person who prepared it, by name (approval needs another)
    updated_at: datetime | None = None
    test_sent_at: datetime | None = None  # the test message before the first release
    test_confirmed_at: datetime | None = None
    test_confirmed_by: str = ""

    @property
    def editable(self) -> bool:
        """Only drafts change; approved campaigns are paused, resumed or cancelled."""
        return self.status is CampaignStatus.DRAFT

    def require(self, *allowed: CampaignStatus, doing: str) -> None:
        if self.status not in allowed:
            raise CampaignError(f"A {self.status.value} campaign cannot be {doing}.")
