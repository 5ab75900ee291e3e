"""A campaign ready for approval on the sample data, for the service and the GUI tests."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from desktop.core.campaign import Campaign
from desktop.core.clock import UK
from desktop.core.quickcheck import QUESTIONS, QuickCheck
from desktop.core.schedule import PlanInputs
from desktop.core.template import Purpose
from desktop.services import campaigns, first_release_test
from desktop.services.cohorts import all_cohorts
from desktop.services.templates import all_templates
from desktop.services.workspace import Workspace

ALL_YES = QuickCheck({key: True for key, _, _ in QUESTIONS}, "Fewer flu clinic DNAs", "12% in 2025")
# Small blocks, so the 61 sample recipients go out over several releases: 2 calls at 5% is 40 a day.
SMALL_BLOCKS = PlanInputs(
    cohort_size=0,
    start=datetime(2026, 12, 1, tzinfo=UK),
    first_block=10,
    growth=Decimal(2),
    max_block=40,
    daily_capacity=2,
)


def ready_campaign(workspace: Workspace, name: str = "Flu 2026", inputs: PlanInputs = SMALL_BLOCKS) -> Campaign:
    """A draft with the sample cohort, the flu template, every quick-check answer yes, and a plan."""
    template = next(t for t in all_templates(workspace) if t.purpose is Purpose.CALL_TO_ACTION)
    campaign = campaigns.create_campaign(workspace, name, Purpose.CALL_TO_ACTION)
    return campaigns.save_draft(
        workspace,
        replace(
            campaign,
            prepared_by="Jo Reception",
            cohort_id=all_cohorts(workspace)[0].id,
            template_version_id=template.latest.id,
            quick_check=ALL_YES,
            plan_inputs=inputs,
        ),
    )


def approve_and_test(workspace: Workspace, campaign_id: int, approver: str = "Sam Patel") -> Campaign:
    """Approve the campaign, and record its test message as written and checked, so blocks may go."""
    campaigns.approve(workspace, campaign_id, approver)
    with tempfile.TemporaryDirectory() as folder:
        first_release_test.write_test_sample(workspace, campaign_id, Path(folder))
    return first_release_test.confirm_test(workspace, campaign_id, "Jo Reception")


def release_by_export(workspace: Workspace, campaign_id: int, *blocks: int) -> None:
    """Blocks go out as a practice that exports sends them: written for upload, then confirmed as sent."""
    from desktop.services.export import confirm_export, export_block

    with tempfile.TemporaryDirectory() as folder:
        for block in blocks:
            export_block(workspace, campaign_id, block, Path(folder))
            confirm_export(workspace, campaign_id, block, sent=True)
