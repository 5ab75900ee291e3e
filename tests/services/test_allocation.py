"""Campaigns against this year's allocation: what was sent, what other campaigns plan, what is spent elsewhere."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.core.allocation import Allocation, AllocationKind
from desktop.core.campaign import CampaignError, CampaignStatus
from desktop.core.clock import UK
from desktop.services import campaigns
from desktop.services.allocation import allocation_use
from desktop.services.export import confirm_export, export_block
from desktop.services.practice import get_settings, update_settings
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.store import audit
from tests.campaign_helpers import SMALL_BLOCKS, approve_and_test, ready_campaign


@pytest.fixture
def sent_and_planned(workspace: Workspace, tmp_path: Path) -> campaigns.Campaign:
    """One campaign approved from today: its first block of 10 sent (by export), two blocks still planned."""
    install_sample_data(workspace)
    today = datetime.now(UK).replace(hour=0, minute=0, second=0, microsecond=0)
    first = ready_campaign(workspace, "Flu 2026", replace(SMALL_BLOCKS, start=today))
    approve_and_test(workspace, first.id)
    export_block(workspace, first.id, 1, tmp_path)
    assert confirm_export(workspace, first.id, 1, sent=True) == 10
    return campaigns.get(workspace, first.id)


def allocate(workspace: Workspace, allocation: Allocation) -> None:
    # The year starts this month, so the first campaign's blocks all fall in it whenever the tests run.
    year_start = (datetime.now(UK).month, 1)
    update_settings(workspace, replace(get_settings(workspace), allocation=replace(allocation, year_start=year_start)))


def test_no_allocation_set_means_nothing_to_compare(workspace: Workspace, sent_and_planned: campaigns.Campaign) -> None:
    assert get_settings(workspace).allocation.is_set  # the sample practice's 30p a patient
    update_settings(workspace, replace(get_settings(workspace), allocation=Allocation()))
    estimate = campaigns.cost(workspace, sent_and_planned).estimate
    assert allocation_use(workspace, get_settings(workspace), estimate, 0) is None


def test_a_campaign_is_set_against_what_was_sent_planned_and_spent_elsewhere(
    workspace: Workspace, sent_and_planned: campaigns.Campaign
) -> None:
    allocate(workspace, Allocation(AllocationKind.PENCE, Decimal(30), 1_000, spent_outside=Decimal(1_000)))
    settings = get_settings(workspace)
    second = ready_campaign(workspace, "Flu 2026 second round")
    estimate = campaigns.cost(workspace, second).estimate
    use = allocation_use(workspace, settings, estimate, second.id)
    assert use is not None
    price = settings.current_tariff
    fragments_sent = sum(
        r[0] for r in workspace.db.execute("SELECT fragments FROM messages WHERE status = 'sent'").fetchall()
    )
    assert use.spent_here == fragments_sent * price.pence_per_fragment * (1 + price.vat_rate)
    planned = [b for b in sent_and_planned.approved_plan["blocks"] if b["number"] > 1]  # type: ignore[index]
    assert use.committed == sum(Decimal(b["cost"]) for b in planned)
    assert use.campaign == estimate.cost_after_vat
    assert use.left == 30_000 - 1_000 - use.spent_here - use.committed
    # Its own plan is not counted against itself.
    own = allocation_use(workspace, settings, estimate, sent_and_planned.id)
    assert own is not None and own.committed == 0


def test_a_campaign_that_would_overspend_needs_the_approver_to_accept_it(
    workspace: Workspace, sent_and_planned: campaigns.Campaign
) -> None:
    allocate(workspace, Allocation(AllocationKind.PENCE, Decimal("0.2"), 1_000))  # £2 for the year
    second = ready_campaign(workspace, "Flu 2026 second round")
    with pytest.raises(CampaignError, match=r"more than is left\. Tick that you accept going over the allocation"):
        campaigns.approve(workspace, second.id, "Sam Patel")
    assert campaigns.get(workspace, second.id).status is CampaignStatus.DRAFT
    approved = campaigns.approve(workspace, second.id, "Sam Patel", accept_overspend=True)
    assert approved.status is CampaignStatus.APPROVED
    entry = audit.recent(workspace.db, 1)[0]
    assert entry.action == "campaign.approved" and Decimal(entry.detail["over_allocation"]) > 0


def test_an_allocation_in_fragments_counts_the_fragments_sent_and_planned(
    workspace: Workspace, sent_and_planned: campaigns.Campaign
) -> None:
    allocate(workspace, Allocation(AllocationKind.FRAGMENTS, Decimal(1), 150, spent_outside=Decimal(7)))
    second = ready_campaign(workspace, "Flu 2026 second round")
    estimate = campaigns.cost(workspace, second).estimate
    use = allocation_use(workspace, get_settings(workspace), estimate, second.id)
    assert use is not None
    approved = sent_and_planned.approved_estimate or {}
    per_message = Decimal(approved["fragments"]) / approved["messages"]
    assert use.spent_here == sum(
        r[0] for r in workspace.db.execute("SELECT fragments FROM messages WHERE status = 'sent'").fetchall()
    )
    assert use.committed == 51 * per_message  # blocks 2 and 3
    assert use.campaign == estimate.fragments and use.overspend == use.campaign - use.left > 0
    out = io.StringIO()
    args = ["--db", str(workspace.path), "campaign", "approve", "--campaign", str(second.id), "--by", "Sam Patel"]
    assert cli_main(args, stdout=out) == 2
    assert cli_main([*args, "--accept-overspend"], stdout=out) == 0


def test_the_estimate_command_shows_the_allocation(workspace: Workspace, sent_and_planned: campaigns.Campaign) -> None:
    allocate(workspace, Allocation(AllocationKind.PENCE, Decimal(30), 1_000))
    out = io.StringIO()
    from desktop.services.templates import all_templates

    flu = str(next(t.id for t in all_templates(workspace) if t.latest.id == sent_and_planned.template_version_id))
    base = ["--db", str(workspace.path), "estimate", "--cohort", str(sent_and_planned.cohort_id), "--template", flu]
    assert cli_main(base, stdout=out) == 0
    assert "Allocation:      Allocation " in out.getvalue() and "(£0.30 for each of 1,000 patients)" in out.getvalue()
    out = io.StringIO()
    assert cli_main([*base, "--json"], stdout=out) == 0
    shown = json.loads(out.getvalue())["allocation"]
    assert shown["unit"] == "pence" and shown["total"] == "30000" and shown["over_by"] == "0"
