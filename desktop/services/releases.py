"""Turning an approved campaign's due block into a release: its patients, each message rendered, queued."""

from __future__ import annotations

from datetime import datetime

from desktop.core.campaign import CampaignError, CampaignStatus
from desktop.core.clock import utc_now
from desktop.core.template import CompiledTemplate
from desktop.services import campaigns, first_release_test, reminders
from desktop.services.workspace import Workspace
from desktop.store import audit, messages
from desktop.store import campaigns as campaign_store
from desktop.store.cohorts import PATIENT_ID
from desktop.store.settings import load_settings


def queue_block(workspace: Workspace, campaign_id: int, sequence: int, now: datetime | None = None) -> int:
    """Queue block `sequence` of an approved campaign as one release due at the block's time.

    The block takes the next patients the campaign would text who have no message from it yet,
    in the cohort's order, each message rendered now with the practice's footer. Exclusions are
    applied again now (desktop.services.exclusions); the release keeps how many of the patients
    not yet texted were left out, and why. Returns the
    release's id; a block can be queued once.
    """
    db = workspace.db
    campaign = campaigns.get(workspace, campaign_id)
    campaign.require(CampaignStatus.APPROVED, doing="released")
    block = next((b for b in campaign_store.batches(db, campaign.id) if b["sequence"] == sequence), None)
    if block is None:
        raise CampaignError(f"The campaign has no block {sequence}.")
    if block["status"] != "planned":
        raise CampaignError(f"Block {sequence} has already been released.")
    if first_release_test.test_needed(workspace, campaign):
        raise CampaignError(first_release_test.HELD)
    found = campaigns.template_for(workspace, campaign)
    if found is None:
        raise CampaignError("The campaign's template no longer exists.")
    body, purpose = found
    settings = load_settings(db)
    compiled = CompiledTemplate.compile(body, settings.footer_for(purpose))
    counting = settings.counting
    moment = now or utc_now()
    already = {row[0] for row in db.execute("SELECT patient_id FROM messages WHERE campaign_id = ?", [campaign.id])}
    chosen = campaigns.choose_recipients(workspace, campaign, moment, texted=already)
    inputs = campaign.plan_inputs
    if inputs is not None and inputs.reminder_days_before is not None:  # the patients whose appointments it is for
        rows, too_late = reminders.patients_of_release(chosen.rows, inputs, block["planned_at"], moment)
        chosen.left_out |= too_late
    else:  # the next patients, as many as the block holds
        rows = chosen.rows[: block["size"]]
    texts = []
    for row in rows:
        text = compiled.render({**row, **settings.standard_values})
        texts.append(messages.QueuedText(int(row[PATIENT_ID]), row["mobile"], text, counting.measure(text).fragments))
    with db.atomic():
        release = messages.new_release(db, campaign.id, block["id"], block["planned_at"], moment, chosen.left_out)
        messages.queue(db, release, campaign.id, texts)
        db.execute("UPDATE batches SET status = 'releasing' WHERE id = ?", [block["id"]])
        audit.record(
            db,
            workspace.actor,
            "release.queued",
            "campaign",
            campaign.id,
            release=release,
            block=sequence,
            messages=len(texts),
            left_out=sum(chosen.left_out.values()),
        )
    return release
