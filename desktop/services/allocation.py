"""A campaign against what is left of this financial year's messaging allocation: what this application
sent this year, what other approved campaigns still plan to send in it, and the spend outside it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from desktop.core.allocation import AllocationKind, AllocationUse
from desktop.core.campaign import CampaignStatus
from desktop.core.clock import UK
from desktop.core.cost import Estimate
from desktop.core.practice import PracticeSettings
from desktop.services.spend import spend_by_day
from desktop.services.workspace import Workspace
from desktop.store import campaigns as store


def allocation_use(
    workspace: Workspace, settings: PracticeSettings, estimate: Estimate, campaign_id: int, today: date | None = None
) -> AllocationUse | None:
    """The campaign (the whole of it, to be safe) against this year's allocation; None when none is set."""
    allocation = settings.allocation
    if not allocation.is_set:
        return None
    year = allocation.year_of(today or datetime.now(UK).date())
    fragments = allocation.kind is AllocationKind.FRAGMENTS
    campaign = Decimal(estimate.fragments + estimate.extra_fragments) if fragments else estimate.cost_after_vat
    return AllocationUse(
        allocation,
        year,
        spent_here=_sent(workspace, settings, year, fragments),
        committed=_planned(workspace, year, fragments, campaign_id),
        campaign=campaign,
    )


def _sent(workspace: Workspace, settings: PracticeSettings, year: tuple[date, date], fragments: bool) -> Decimal:
    """Texts billed this year: their fragments, or what they cost."""
    days = spend_by_day(workspace, settings, *year).values()
    return Decimal(sum(day.fragments for day in days)) if fragments else sum((d.pence for d in days), Decimal(0))


def _planned(workspace: Workspace, year: tuple[date, date], fragments: bool, campaign_id: int) -> Decimal:
    """Blocks of other approved (or paused) campaigns still to go this year, at their approved cost."""
    committed = Decimal(0)
    for campaign in store.list_campaigns(workspace.db):
        if campaign.id == campaign_id or campaign.status not in (CampaignStatus.APPROVED, CampaignStatus.PAUSED):
            continue
        plan = campaign.approved_plan or {}
        cost = {b["number"]: Decimal(b["cost"]) for b in plan.get("blocks", [])}
        estimate = campaign.approved_estimate or {}
        per_message = (
            Decimal(estimate.get("fragments", 0)) / estimate["messages"] if estimate.get("messages") else Decimal(0)
        )
        for batch in store.batches(workspace.db, campaign.id):
            if batch["status"] != "planned" or not year[0] <= batch["planned_at"].astimezone(UK).date() < year[1]:
                continue
            committed += batch["size"] * per_message if fragments else cost.get(batch["sequence"], Decimal(0))
    return committed
