"""A fair comparison: a share of a campaign's patients held back from its texts (chosen at approval and
recorded), and texted later if the practice decides to, once the outcome has been measured."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from desktop.core.campaign import Campaign, CampaignError, CampaignStatus
from desktop.core.holdback import HoldBackError, check_share, new_seed
from desktop.services.campaigns import get, save_draft
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store import campaigns as store


def set_hold_back(workspace: Workspace, campaign_id: int, share: Decimal) -> Campaign:
    """Hold back `share` of a draft's patients for a fair comparison; the seed that picks them is made once
    and kept, so the same patients stay held back however often the share is changed back."""
    campaign = get(workspace, campaign_id)
    campaign.require(CampaignStatus.DRAFT, doing="given a hold-back share")
    try:
        check_share(share)
    except HoldBackError as error:
        raise CampaignError(str(error)) from error
    seed = campaign.options.hold_back_seed or new_seed()
    return save_draft(
        workspace, replace(campaign, options=replace(campaign.options, hold_back=share, hold_back_seed=seed))
    )


def release_held_back(workspace: Workspace, campaign_id: int) -> Campaign:
    """Text the held-back patients after all (once the outcome is measured): the campaign is planned
    again for them and needs approving."""
    campaign = get(workspace, campaign_id)
    campaign.require(
        CampaignStatus.APPROVED, CampaignStatus.PAUSED, CampaignStatus.COMPLETED, doing="releasing its held-back group"
    )
    if not campaign.options.holding_back:
        raise CampaignError("This campaign holds nobody back.")
    with workspace.db.atomic():
        store.save_draft(workspace.db, replace(campaign, options=replace(campaign.options, hold_back_released=True)))
        audit.record(workspace.db, workspace.actor, "campaign.held_back_released", "campaign", campaign.id)
    return get(workspace, campaign.id)
