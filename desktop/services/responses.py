"""Learning from the calls a campaign's releases caused: the total staff counted for releases that went,
the calls about the campaign staff counted hour by hour, or every inbound call (an hourly report, or the
phone system's call log) against the practice's usual calls. The rate (with its 95 % interval) and the
response curve are estimated again, the rest of the campaign is re-planned, and the new plan comes back
for approval."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.core.call_log import CallColumns, CountedCalls, count_calls, guess_columns
from desktop.core.campaign import Campaign, CampaignError, CampaignStatus
from desktop.core.clock import UK, format_day, utc_now
from desktop.core.cost import format_percent
from desktop.core.phone_hours import PhoneHours, ResponseCurve
from desktop.core.planning import replan_campaign
from desktop.core.response_learning import (
    LearningError,
    RateEstimate,
    rate_from_caused,
    rate_from_hours,
    rate_from_totals,
)
from desktop.core.schedule import ReleasePlan
from desktop.core.table import HEADER_SCAN_ROWS, data_rows, find_header_row
from desktop.gateways.spreadsheets import read_sheet
from desktop.services.campaigns import approved_plan, get
from desktop.services.workspace import Workspace
from desktop.store import audit, call_counts
from desktop.store import campaigns as store
from desktop.store.settings import load_settings

log = logging.getLogger(__name__)
BASELINE_DAYS = 56  # the usual calls are looked for in the eight weeks before a campaign's first release


@dataclass(frozen=True)
class GoneOut:
    """A released block: when it went, and how many texts went."""

    block: int
    at: datetime
    texts: int


@dataclass(frozen=True)
class Replanned:
    estimate: RateEstimate
    plan: ReleasePlan | None  # None: every block has gone, the campaign is complete
    previous_rate: Decimal  # what the approved plan expected
    kept: bool = False  # appointment reminders: timed by their appointments, the plan stays as approved

    def describe(self) -> str:
        said = self.estimate.describe()
        if self.estimate.curve is not None:
            said += f" Calls arrived {self.estimate.curve.describe()}."
        if self.kept:
            return said + " Reminders are timed by their appointments, not paced by calls: the plan stays as approved."
        if self.plan is None:
            return said + " Every block has gone: the campaign is complete."
        last = self.plan.blocks[-1].release_at.astimezone(UK).date()
        return (
            f"{said} The plan expected {format_percent(self.previous_rate)}. The remaining "
            f"{sum(block.size for block in self.plan.blocks):,} messages are "
            f"re-planned into {len(self.plan.blocks)} releases finishing {format_day(last)}: the campaign is a draft "
            "again, to approve."
        )


@dataclass(frozen=True)
class CallLog:
    """A call log read, before its calls are counted: its headings and the columns guessed for the time."""

    headers: list[str]
    rows: list[list[Any]]
    header_index: int
    guessed: CallColumns | None


def gone_out(workspace: Workspace, campaign_id: int) -> list[GoneOut]:
    return [GoneOut(*row) for row in store.went_out(workspace.db, campaign_id)]


def blocks_awaiting_calls(workspace: Workspace, campaign_id: int) -> list[GoneOut]:
    """The released blocks of the earliest day whose calls are not yet recorded (hourly plans send several)."""
    recorded = {b["sequence"] for b in store.batches(workspace.db, campaign_id) if b["observed_responses"] is not None}
    waiting = [block for block in gone_out(workspace, campaign_id) if block.block not in recorded]
    if not waiting:
        return []
    day = waiting[0].at.astimezone(UK).date()
    return [block for block in waiting if block.at.astimezone(UK).date() == day]


def record_responses(workspace: Workspace, campaign_id: int, blocks: Sequence[int], calls: int) -> Replanned:
    """Staff counted `calls` caused by the released `blocks`: shared among them by their texts, then the rest
    re-planned at the rate of every block with its calls counted."""
    campaign = _running(workspace, campaign_id)
    if calls < 0:
        raise CampaignError("The number of calls cannot be negative.")
    texts = {block.block: block.texts for block in gone_out(workspace, campaign.id)}
    if not blocks or any(number not in texts for number in blocks):
        raise CampaignError(
            "Calls can be recorded only for blocks that have gone out (sent, or exported and confirmed sent)."
        )
    with workspace.db.atomic():
        for number, share in zip(blocks, _apportion(calls, [texts[n] for n in blocks]), strict=True):
            store.set_observed(workspace.db, campaign.id, number, share)
        counted = [
            (texts[b["sequence"]], b["observed_responses"])
            for b in store.batches(workspace.db, campaign.id)
            if b["sequence"] in texts and b["observed_responses"] is not None
        ]
        audit.record(
            workspace.db, workspace.actor, "campaign.responses_recorded", "campaign", campaign.id,
            blocks=list(blocks), calls=calls,
        )  # fmt: skip
        return _replan(workspace, campaign, _learned(lambda: rate_from_totals(counted)))


def record_hourly_tally(workspace: Workspace, campaign_id: int, counts: Mapping[datetime, int]) -> Replanned:
    """Staff counted the calls about the campaign in some hours: kept, then every hour counted so far
    re-estimates the rate and curve."""
    campaign = _running(workspace, campaign_id)
    _no_negative(counts)
    released = [(block.at, block.texts) for block in gone_out(workspace, campaign.id)]
    if not released:
        raise CampaignError("No block of this campaign has gone out yet: there are no calls to learn from.")
    with workspace.db.atomic():
        call_counts.save_campaign(workspace.db, campaign.id, counts)
        audit.record(
            workspace.db, workspace.actor, "campaign.calls_counted", "campaign", campaign.id, hours=len(counts)
        )
        tally = call_counts.of_campaign(workspace.db, campaign.id)
        estimate = _learned(lambda: rate_from_caused(released, tally, _hours(workspace), _curve(campaign)))
        return _replan(workspace, campaign, estimate)


def read_call_log(path: Path) -> CallLog:
    """The call log's first sheet, its heading row and the time columns guessed from the headings."""
    rows = read_sheet(path)
    # the first row whose headings name a call's time; a report's title rows above it are skipped
    header = next(
        (i for i, row in enumerate(rows[:HEADER_SCAN_ROWS]) if guess_columns(row) is not None), find_header_row(rows)
    )
    headers = ["" if cell is None else str(cell) for cell in rows[header]]
    return CallLog(headers, rows, header, guess_columns(headers))


def import_call_log(workspace: Workspace, log_file: CallLog, columns: CallColumns) -> CountedCalls:
    """Count the log's inbound calls by hour and keep the counts (only the counts), replacing those of the
    same hours."""
    counted = count_calls((row for _, row in data_rows(log_file.rows, log_file.header_index)), columns)
    save_hourly_calls(workspace, counted.by_hour, "call log")
    log.info("Call log counted: %d calls in %d hours, %d rows unreadable, %d outbound", counted.calls,
             len(counted.by_hour), counted.unreadable, counted.outbound)  # fmt: skip
    return counted


def save_hourly_calls(workspace: Workspace, counts: Mapping[datetime, int], source: str = "typed") -> None:
    """Every inbound call of some hours (an hourly report typed in, or a counted call log)."""
    _no_negative(counts)
    with workspace.db.atomic():
        call_counts.save(workspace.db, counts, source)
        audit.record(workspace.db, workspace.actor, "calls.counted", None, None, hours=len(counts), source=source)


def learn_from_hours(workspace: Workspace, campaign_id: int) -> Replanned:
    """The rate and curve estimated from every inbound call counted hour by hour, against the usual calls."""
    campaign = _running(workspace, campaign_id)
    released = [(block.at, block.texts) for block in gone_out(workspace, campaign.id)]
    if not released:
        raise CampaignError("No block of this campaign has gone out yet: there are no calls to learn from.")
    first = min(at for at, _ in released)
    counts = call_counts.between(workspace.db, first - timedelta(days=BASELINE_DAYS), utc_now() + timedelta(days=1))
    release_days = {at.astimezone(UK).date() for _, at, _ in store.went_out(workspace.db, None)}
    hours = _hours(workspace)
    estimate = _learned(lambda: rate_from_hours(released, counts, release_days, hours, _curve(campaign)))
    with workspace.db.atomic():
        return _replan(workspace, campaign, estimate)


def _running(workspace: Workspace, campaign_id: int) -> Campaign:
    campaign = get(workspace, campaign_id)
    campaign.require(
        CampaignStatus.APPROVED, CampaignStatus.PAUSED, CampaignStatus.COMPLETED, doing="given the calls it caused"
    )
    return campaign


def _no_negative(counts: Mapping[datetime, int]) -> None:
    if any(calls < 0 for calls in counts.values()):
        raise CampaignError("The number of calls cannot be negative.")


def _hours(workspace: Workspace) -> PhoneHours:
    return load_settings(workspace.db).phone_hours


def _curve(campaign: Campaign) -> ResponseCurve:
    assert campaign.plan_inputs is not None  # a running campaign has its plan
    return campaign.plan_inputs.curve


def _learned(estimate: Callable[[], RateEstimate]) -> RateEstimate:
    """The estimate, or why the calls recorded cannot tell it, as the campaign's error."""
    try:
        return estimate()
    except LearningError as error:
        raise CampaignError(str(error)) from error


def _replan(workspace: Workspace, campaign: Campaign, estimate: RateEstimate) -> Replanned:
    """The rest planned again at what was learned: back to draft for approval (the caller holds the transaction)."""
    approved = approved_plan(campaign)
    if approved.inputs.reminder_days_before is not None:
        audit.record(
            workspace.db, workspace.actor, "campaign.response_estimated", "campaign", campaign.id,
            response_rate=str(estimate.rate), low=str(estimate.low), high=str(estimate.high),
        )  # fmt: skip
        return Replanned(estimate, approved, approved.inputs.response_rate, kept=True)
    gone = {b["sequence"] for b in store.batches(workspace.db, campaign.id) if b["status"] == "released"}
    released_here = sum(1 for block in approved.blocks if block.number in gone)
    new_plan = replan_campaign(
        approved, released_here, estimate.rate, datetime.now(UK), _hours(workspace), estimate.curve
    )
    audit.record(
        workspace.db, workspace.actor, "campaign.replanned", "campaign", campaign.id,
        response_rate=str(estimate.rate), low=str(estimate.low), high=str(estimate.high),
        curve_learned=estimate.curve is not None, blocks=len(new_plan.blocks),
    )  # fmt: skip
    if not new_plan.blocks:
        store.set_status(workspace.db, campaign.id, CampaignStatus.COMPLETED)
        return Replanned(estimate, None, approved.inputs.response_rate)
    store.save_draft(workspace.db, replace(campaign, plan_inputs=new_plan.inputs))
    return Replanned(estimate, new_plan, approved.inputs.response_rate)


def _apportion(calls: int, sizes: list[int]) -> list[int]:
    """`calls` shared among blocks by their sizes, whole calls adding up exactly (largest remainders)."""
    total = sum(sizes)
    exact = [calls * size / total if total else calls / len(sizes) for size in sizes]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(sizes)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[: calls - sum(shares)]:
        shares[i] += 1
    return shares
