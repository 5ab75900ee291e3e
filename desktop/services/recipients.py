"""Who a campaign texts: the cohort's valid patients after its options, the exclusions (desktop.services.
exclusions), one text a mobile if chosen, and the share held back for a fair comparison."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

from desktop.core.campaign import Campaign, CampaignOptions
from desktop.core.clock import to_store, utc_now
from desktop.core.holdback import is_held_back
from desktop.services import exclusions
from desktop.services.workspace import Workspace
from desktop.store import cohorts as cohort_store


def recipients(workspace: Workspace, campaign: Campaign) -> list[dict[str, str]]:
    """The valid patients the campaign would text, after its options, with their message values."""
    return choose_recipients(workspace, campaign).rows


def choose_recipients(
    workspace: Workspace, campaign: Campaign, now: datetime | None = None, texted: Set[int] = frozenset()
) -> exclusions.Chosen:
    """The patients the campaign would text now, other than those `texted` already (patient ids), and
    how many were left out by which rule (the do-not-text list, a refreshed search, a recent message
    of the same purpose)."""
    if campaign.cohort_id is None:
        return exclusions.Chosen([])
    rows = cohort_store.message_values(workspace.db, campaign.cohort_id, with_mobile=True)
    # a number texted for one patient is not texted again for another who shares it, in a later block
    seen = {row["mobile"] for row in rows if int(row[cohort_store.PATIENT_ID]) in texted} if texted else set()
    if texted:
        rows = [row for row in rows if int(row[cohort_store.PATIENT_ID]) not in texted]
    chosen = exclusions.apply(workspace, campaign, rows, now)
    rows = chosen.rows
    since = _not_texted_since(campaign)
    if since is not None:
        recent = {
            r[0]
            for r in workspace.db.execute(
                "SELECT DISTINCT recipient FROM messages WHERE sent_at >= ? AND status IN ('sent', 'delivered')",
                [since],
            )
        }
        rows = [row for row in rows if row["mobile"] not in recent]
    if campaign.options.once_per_mobile:
        kept = []
        for row in rows:
            if row["mobile"] not in seen:
                seen.add(row["mobile"])
                kept.append(row)
        rows = kept
    options = campaign.options
    if options.holding_back:  # of those it would text: a family's phone held back is not texted for another
        held = [_held_back(options, row) for row in rows]
        if any(held):
            chosen.left_out[exclusions.HELD_BACK] = sum(held)
        rows = [row for row, back in zip(rows, held, strict=True) if not back]
    chosen.rows = rows
    return chosen


def _held_back(options: CampaignOptions, row: dict[str, str]) -> bool:
    return is_held_back(options.hold_back_seed, int(row[cohort_store.PATIENT_ID]), options.hold_back)


def held_back_patients(workspace: Workspace, campaign: Campaign) -> list[int]:
    """The patients the campaign would text but holds back for a fair comparison (patient ids)."""
    options = campaign.options
    everyone = choose_recipients(workspace, replace(campaign, options=replace(options, hold_back=Decimal(0))))
    return [int(row[cohort_store.PATIENT_ID]) for row in everyone.rows if _held_back(options, row)]


def recipient_count(workspace: Workspace, campaign: Campaign) -> int:
    """len(recipients(...)) without loading the patients: quick enough to show as options change."""
    if campaign.cohort_id is None:
        return 0
    return cohort_store.count_recipients(
        workspace.db, campaign.cohort_id, campaign.options.once_per_mobile, _not_texted_since(campaign)
    )


def _not_texted_since(campaign: Campaign) -> str | None:
    days = campaign.options.exclude_recent_days
    return to_store(utc_now() - timedelta(days=days)) if days > 0 else None
