"""Campaigns from draft to approval, and while they run: pause, resume, cancel, a refreshed search.

Who a campaign texts is desktop.services.recipients (its functions are also reached from here)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from desktop.core.campaign import Campaign, CampaignError, CampaignOptions, CampaignStatus
from desktop.core.clock import UK
from desktop.core.cost import Estimate
from desktop.core.costing import CohortCosting
from desktop.core.planning import plan_campaign
from desktop.core.practice import PracticeSettings
from desktop.core.quickcheck import QuickCheck
from desktop.core.schedule import PlanInputs, ReleasePlan, SendingWindow
from desktop.core.template import Purpose, TemplateError
from desktop.core.words import counted
from desktop.services import exclusions, reminders
from desktop.services.allocation import allocation_use
from desktop.services.approval_rules import check_approver
from desktop.services.recipients import choose_recipients, held_back_patients, recipient_count, recipients
from desktop.services.templates import cost_messages, question_marks_problem
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store import campaigns as store
from desktop.store import cohorts as cohort_store
from desktop.store import templates as template_store
from desktop.store.settings import load_settings

log = logging.getLogger(__name__)

__all__ = [  # reached from here too: callers speak of a campaign and its recipients
    "Campaign",
    "CampaignError",
    "CampaignOptions",
    "CampaignStatus",
    "QuickCheck",
    "choose_recipients",
    "held_back_patients",
    "recipient_count",
    "recipients",
]


def create_campaign(workspace: Workspace, name: str, purpose: Purpose) -> Campaign:
    if not name.strip():
        raise CampaignError("Give the campaign a name.")
    with workspace.db.atomic():
        campaign_id = store.insert_campaign(workspace.db, " ".join(name.split())[:80], purpose, workspace.actor)
        if purpose is Purpose.APPOINTMENT_REMINDER:  # each appointment has its own, even on a shared phone
            store.set_options(workspace.db, campaign_id, CampaignOptions(once_per_mobile=False))
        audit.record(workspace.db, workspace.actor, "campaign.created", "campaign", campaign_id)
    return get(workspace, campaign_id)


def get(workspace: Workspace, campaign_id: int) -> Campaign:
    found = store.get_campaign(workspace.db, campaign_id)
    if found is None:
        raise CampaignError("This campaign no longer exists.")
    return found


def all_campaigns(workspace: Workspace) -> list[Campaign]:
    return store.list_campaigns(workspace.db)


def save_draft(workspace: Workspace, campaign: Campaign) -> Campaign:
    """Save a draft at any step; an approved campaign cannot be changed, only paused or cancelled."""
    current = get(workspace, campaign.id)
    current.require(CampaignStatus.DRAFT, doing="edited (pause or cancel it instead)")
    with workspace.db.atomic():
        store.save_draft(workspace.db, campaign)
        audit.record(workspace.db, workspace.actor, "campaign.saved", "campaign", campaign.id)
    return get(workspace, campaign.id)


def template_for(workspace: Workspace, campaign: Campaign) -> tuple[str, Purpose] | None:
    if campaign.template_version_id is None:
        return None
    version = template_store.get_version(workspace.db, campaign.template_version_id)
    if version is None:
        return None
    owner = template_store.get_template(workspace.db, version.template_id)
    return version.body, owner.purpose if owner else campaign.purpose


def cost(workspace: Workspace, campaign: Campaign, cancelled: Callable[[], bool] | None = None) -> CohortCosting:
    """The campaign's cost up front: every recipient's message rendered and measured."""
    found = template_for(workspace, campaign)
    if found is None or campaign.cohort_id is None:
        raise CampaignError("Choose a cohort and a template first.")
    body, purpose = found
    rows = recipients(workspace, campaign)
    costing = cost_messages(workspace, campaign.cohort_id, body, purpose, rows, cancelled=cancelled)
    return (
        replace(costing, appointments=reminders.appointments_of(rows)) if reminders.is_reminders(campaign) else costing
    )


@dataclass(frozen=True)
class LeftOut:
    """Who the campaign leaves out, for the approver: reason -> patients, and of those sent a message
    of the same purpose by another campaign this week, how many by which campaign."""

    reasons: dict[str, int]
    recent_by_campaign: dict[str, int]


def left_out(workspace: Workspace, campaign: Campaign) -> LeftOut:
    kept_in = replace(campaign, options=replace(campaign.options, keep_recent_same_purpose=True))
    everyone = choose_recipients(workspace, kept_in)
    chosen = choose_recipients(workspace, campaign)
    return LeftOut(chosen.left_out, exclusions.recently_sent_by_campaign(workspace, campaign, everyone.rows))


def budget_warnings(settings: PracticeSettings, estimate: Estimate) -> list[str]:
    """The campaign against the monthly budget and the free allowance left."""
    from desktop.core.cost import format_pounds

    warnings = []
    if settings.monthly_budget > 0 and estimate.cost_after_vat > settings.monthly_budget:
        warnings.append(
            f"The campaign costs {format_pounds(estimate.cost_after_vat)}, more than the monthly budget of "
            f"{format_pounds(settings.monthly_budget)}."
        )
    allowance = settings.tariff.allowance_left
    if settings.tariff.annual_free_allowance and estimate.fragments + estimate.extra_fragments > allowance:
        warnings.append(
            f"The campaign uses {estimate.fragments:,} fragments; only {allowance:,} of the free allowance are left."
        )
    return warnings


REMINDER_DAYS_BEFORE = 2  # the lead a reminders campaign starts with


def default_plan_inputs(
    settings: PracticeSettings, size: int, cost_per_message: Decimal, purpose: Purpose | None = None
) -> PlanInputs:
    """A new campaign's plan: from tomorrow, paced by the phones hour by hour; reminders from now, each
    two days before its appointment."""
    now = datetime.now(UK)
    tomorrow = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    reminding = purpose is Purpose.APPOINTMENT_REMINDER
    return PlanInputs(
        cohort_size=size,
        start=now.replace(second=0, microsecond=0) if reminding else tomorrow,
        window=SendingWindow(start=settings.sending_start, end=settings.sending_end),
        region=settings.region,
        cost_per_message=cost_per_message,
        by_hour=not reminding,
        reminder_days_before=REMINDER_DAYS_BEFORE if reminding else None,
    )


def plan(workspace: Workspace, campaign: Campaign, costing: CohortCosting | None = None) -> ReleasePlan:
    """The release plan for the recipients not yet released, at their average cost, from the saved inputs.

    Blocks already released keep their numbers; the plan numbers on from them and counts
    their calls on any day it shares with them.
    """
    costing = costing or cost(workspace, campaign)
    e = costing.estimate
    per_message = (e.cost_after_vat / e.messages).quantize(Decimal("0.0001")) if e.messages else Decimal(0)
    released = [b for b in store.batches(workspace.db, campaign.id) if b["status"] == "released"]
    sent = sum(b["size"] for b in released)
    earlier = [(b["planned_at"], b["size"]) for b in released]
    settings = load_settings(workspace.db)
    inputs = campaign.plan_inputs or default_plan_inputs(settings, e.messages, per_message, campaign.purpose)
    inputs = replace(inputs, cohort_size=max(e.messages - sent, 0), cost_per_message=per_message)
    if inputs.reminder_days_before is not None:
        # timed from now at the earliest: what is approved is what the releases will send
        inputs = replace(inputs, start=max(inputs.start, datetime.now(UK).replace(second=0, microsecond=0)))
    booked = {appointment: n for appointment, n in costing.appointments.items() if appointment is not None}
    rest = plan_campaign(inputs, settings.phone_hours, earlier, booked)
    if inputs.reminder_days_before is not None:
        rest = replace(rest, notes=rest.notes + _without_appointments(costing.appointments.get(None, 0)))
    blocks = tuple(
        replace(
            b,
            number=b.number + len(released),
            cumulative=b.cumulative + sent,
            cost=_at_price_of_day(b.cost, settings, b.release_at.astimezone(UK).date()),
        )
        for b in rest.blocks
    )
    return ReleasePlan(rest.inputs, blocks, rest.notes)


def _without_appointments(patients: int) -> tuple[str, ...]:
    if patients <= 0:
        return ()
    return (f"{counted(patients, 'patient')} with no appointment in the list: not reminded.",)


def _at_price_of_day(cost_today: Decimal, settings: PracticeSettings, day: date) -> Decimal:
    """A block's cost at the price per fragment of the day it goes (Notify's prices change each April)."""
    today = settings.current_tariff.pence_per_fragment
    then = settings.tariff_on(day).pence_per_fragment
    return cost_today if then == today or not today else cost_today * then / today


def approve(
    workspace: Workspace,
    campaign_id: int,
    approver: str,
    cancelled: Callable[[], bool] | None = None,
    accept_overspend: bool = False,
    passphrase: str | None = None,
) -> Campaign:
    """Record who approved exactly what: template version, cohort, plan and estimate.

    Every recipient's message is costed again here, so what is approved is what would be sent now:
    a second or so for a large cohort, so the window calls this from a worker. A campaign that
    would go over what is left of this year's allocation needs the approver to accept that. The
    approver is not its preparer, and gives the manager passphrase once one is set (approval_rules).
    """
    campaign = get(workspace, campaign_id)
    campaign.require(CampaignStatus.DRAFT, doing="approved")
    if not approver.strip():
        raise CampaignError("Enter the name of the practice manager approving the campaign.")
    check_approver(workspace, campaign, approver, passphrase)
    if not campaign.quick_check.is_complete:
        raise CampaignError("Answer every quick-check question and enter the outcome objective first.")
    found = template_for(workspace, campaign)
    settings = load_settings(workspace.db)
    marks = settings.counting.question_marks(found[0]) if found else ()
    if marks:
        raise CampaignError(question_marks_problem(marks) + " Edit the template, then choose its new version.")
    try:
        costing = cost(workspace, campaign, cancelled)
    except TemplateError as error:
        raise CampaignError(str(error)) from error
    if costing.estimate.messages == 0:
        raise CampaignError("No patients would be texted: check the cohort and the options.")
    release = plan(workspace, campaign, costing)
    use = allocation_use(workspace, settings, costing.estimate, campaign.id)
    if use is not None and use.overspend and not accept_overspend:
        raise CampaignError(f"{use.describe()} Tick that you accept going over the allocation to approve it.")
    held = held_back_patients(workspace, campaign) if campaign.options.holding_back else []
    with workspace.db.atomic():
        if campaign.options.holding_back:
            store.record_held_back(workspace.db, campaign.id, held)
        store.mark_approved(
            workspace.db,
            campaign.id,
            release.inputs,
            release.blocks,
            release.notes,
            estimate_json(costing),
            " ".join(approver.split()),
        )
        audit.record(
            workspace.db,
            workspace.actor,
            "campaign.approved",
            "campaign",
            campaign.id,
            template_version_id=campaign.template_version_id,
            cohort_id=campaign.cohort_id,
            approved_by=" ".join(approver.split()),
            prepared_by=campaign.prepared_by or "a person not named",  # a draft made before names were asked
            prepared_on_account=campaign.created_by,
            messages=costing.estimate.messages,
            blocks=len(release.blocks),
            **({"over_allocation": str(use.overspend)} if use is not None and use.overspend else {}),
            **(
                {"hold_back": str(campaign.options.hold_back), "hold_back_seed": campaign.options.hold_back_seed}
                if campaign.options.holding_back
                else {}
            ),
        )
    return get(workspace, campaign.id)


def pause(workspace: Workspace, campaign_id: int) -> Campaign:
    return _move(workspace, campaign_id, (CampaignStatus.APPROVED,), CampaignStatus.PAUSED, "paused")


def resume(workspace: Workspace, campaign_id: int) -> Campaign:
    return _move(workspace, campaign_id, (CampaignStatus.PAUSED,), CampaignStatus.APPROVED, "resumed")


def cancel(workspace: Workspace, campaign_id: int) -> Campaign:
    allowed = (CampaignStatus.DRAFT, CampaignStatus.APPROVED, CampaignStatus.PAUSED)
    return _move(workspace, campaign_id, allowed, CampaignStatus.CANCELLED, "cancelled")


def use_refreshed_search(workspace: Workspace, campaign_id: int, cohort_id: int) -> Campaign:
    """The practice re-imported the campaign's search (patients who booked since have dropped out of
    it): from the next release, only patients still in it, and not declined there, are texted."""
    campaign = get(workspace, campaign_id)
    campaign.require(CampaignStatus.APPROVED, CampaignStatus.PAUSED, doing="given a refreshed search")
    if cohort_store.get_cohort(workspace.db, cohort_id) is None:
        raise CampaignError(f"There is no cohort {cohort_id}.")
    if cohort_id == campaign.cohort_id:
        raise CampaignError("That is the campaign's own cohort: import the refreshed search as a new cohort.")
    with workspace.db.atomic():
        store.set_options(workspace.db, campaign.id, replace(campaign.options, refreshed_cohort_id=cohort_id))
        audit.record(
            workspace.db, workspace.actor, "campaign.refreshed_search", "campaign", campaign.id, cohort=cohort_id
        )
    return get(workspace, campaign.id)


def approved_plan(campaign: Campaign) -> ReleasePlan:
    from desktop.core.schedule import Block

    data = campaign.approved_plan
    if data is None or campaign.plan_inputs is None:
        raise CampaignError("This campaign has no approved plan.")
    blocks = tuple(
        Block(
            b["number"],
            b["size"],
            datetime.fromisoformat(b["release_at"]),
            Decimal(b["expected_calls"]),
            b["cumulative"],
            Decimal(b["cost"]),
        )
        for b in data["blocks"]
    )
    return ReleasePlan(campaign.plan_inputs, blocks, tuple(data.get("notes", [])))


def estimate_json(costing: CohortCosting) -> dict[str, Any]:
    e = costing.estimate
    return {
        "messages": e.messages,
        "fragments": e.fragments,
        "by_fragments": {str(k): v for k, v in e.by_fragments.items()},
        "unicode_messages": e.unicode_messages,
        "free_fragments": e.free_fragments,
        "crown_dependency_messages": e.crown_dependency_messages,
        "extra_fragments": e.extra_fragments,
        "cost_before_vat": str(e.cost_before_vat),
        "vat": str(e.vat),
        "cost_after_vat": str(e.cost_after_vat),
    }


def _move(
    workspace: Workspace, campaign_id: int, allowed: tuple[CampaignStatus, ...], to: CampaignStatus, doing: str
) -> Campaign:
    campaign = get(workspace, campaign_id)
    campaign.require(*allowed, doing=doing)
    with workspace.db.atomic():
        store.set_status(workspace.db, campaign.id, to)
        audit.record(workspace.db, workspace.actor, f"campaign.{doing}", "campaign", campaign.id)
    return get(workspace, campaign.id)


@dataclass(frozen=True)
class UpcomingRelease:
    campaign: str
    release_at: datetime
    messages: int
    expected_calls: Decimal
    overdue: bool


def upcoming_releases(workspace: Workspace, limit: int = 5) -> list[UpcomingRelease]:
    """The next planned blocks of approved campaigns, soonest first, overdue ones included."""
    now = datetime.now(UK)
    found: list[UpcomingRelease] = []
    for campaign in all_campaigns(workspace):
        if campaign.status is not CampaignStatus.APPROVED or campaign.plan_inputs is None:
            continue
        rate = campaign.plan_inputs.response_rate
        for batch in store.batches(workspace.db, campaign.id):
            if batch["status"] == "planned":
                at = batch["planned_at"].astimezone(UK)
                found.append(UpcomingRelease(campaign.name, at, batch["size"], batch["size"] * rate, at < now))
    return sorted(found, key=lambda release: release.release_at)[:limit]


__all__ = ["choose_recipients", "held_back_patients", "recipient_count", "recipients"]
