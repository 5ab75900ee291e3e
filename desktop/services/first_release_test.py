"""The test message before a campaign's first release: the campaign's text, rendered for a patient of
the cohort whom staff choose, goes to a staff mobile (or, for a practice that exports, is written as
a sample file); someone confirms it looked right, and only then can the first block go.

The test text is sent with its own reference and kept out of the patients' messages: it is not a
message to a patient, and must not count as one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from desktop.core.campaign import Campaign, CampaignError, CampaignStatus
from desktop.core.clock import utc_now
from desktop.core.template import CompiledTemplate
from desktop.services import campaigns
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store import campaigns as campaign_store
from desktop.store.cohorts import NHS_NUMBER, PATIENT_ID
from desktop.store.settings import load_settings

HELD = "Held until the test message is confirmed: send a test and confirm it looked right."


class TextSender(Protocol):
    def send_text(self, phone_number: str, template_id: str, message: str, reference: str) -> object: ...


@dataclass(frozen=True)
class PatientChoice:
    patient_id: int
    label: str  # "Margaret Smith (943 476 5919)"


def test_needed(workspace: Workspace, campaign: Campaign) -> bool:
    """Whether the campaign's first release waits for a confirmed test message."""
    if campaign.test_confirmed_at is not None:
        return False
    started = workspace.db.execute("SELECT 1 FROM messages WHERE campaign_id = ? LIMIT 1", [campaign.id]).fetchone()
    return started is None


def choices(workspace: Workspace, campaign: Campaign, limit: int = 200) -> list[PatientChoice]:
    """Patients the test can be rendered for: the first the campaign would text."""
    rows = campaigns.recipients(workspace, campaign)[:limit]
    return [PatientChoice(int(row[PATIENT_ID]), _label(row)) for row in rows]


def render_for(workspace: Workspace, campaign: Campaign, patient_id: int | None = None) -> str:
    """The campaign's text as this patient (default: the first the campaign would text) would get it."""
    found = campaigns.template_for(workspace, campaign)
    if found is None:
        raise CampaignError("The campaign's template no longer exists.")
    rows = campaigns.recipients(workspace, campaign)
    row = next((r for r in rows if patient_id is None or int(r[PATIENT_ID]) == patient_id), None)
    if row is None:
        raise CampaignError("That patient is not one the campaign would text: choose another.")
    body, purpose = found
    settings = load_settings(workspace.db)
    return CompiledTemplate.compile(body, settings.footer_for(purpose)).render({**row, **settings.standard_values})


def send_test(
    workspace: Workspace,
    campaign_id: int,
    gateway: TextSender,
    template_id: str,
    patient_id: int | None = None,
    now: datetime | None = None,
) -> str:
    """Send the test text to the staff mobile in Settings; returns what was sent."""
    campaign = _approved(workspace, campaign_id)
    mobile = load_settings(workspace.db).staff_mobile
    if not mobile:
        raise CampaignError("Set the staff mobile for test texts in Settings first.")
    text = render_for(workspace, campaign, patient_id)
    gateway.send_text(mobile, template_id, text, f"pm-test-{uuid.uuid4().hex}")
    _sent(workspace, campaign, now, how="sent to the staff mobile")
    return text


def write_test_sample(
    workspace: Workspace, campaign_id: int, folder: Path, patient_id: int | None = None, now: datetime | None = None
) -> Path:
    """For a practice that exports: the test message as a sample file to check before the first upload."""
    campaign = _approved(workspace, campaign_id)
    text = render_for(workspace, campaign, patient_id)
    path = folder / f"test-message-campaign-{campaign.id}.txt"
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(path)
    _sent(workspace, campaign, now, how="written as a sample file")
    return path


def confirm_test(workspace: Workspace, campaign_id: int, by: str, now: datetime | None = None) -> Campaign:
    """Someone checked the test message and it looked right: the first release may go."""
    campaign = campaigns.get(workspace, campaign_id)
    if campaign.test_sent_at is None:
        raise CampaignError("Send the test message first.")
    name = " ".join(by.split())
    if not name:
        raise CampaignError("Enter the name of the person who checked the test message.")
    with workspace.db.atomic():
        campaign_store.record_test_confirmed(workspace.db, campaign.id, name, now or utc_now())
        audit.record(workspace.db, workspace.actor, "campaign.test_confirmed", "campaign", campaign.id, by=name)
    return campaigns.get(workspace, campaign.id)


def _approved(workspace: Workspace, campaign_id: int) -> Campaign:
    campaign = campaigns.get(workspace, campaign_id)
    campaign.require(CampaignStatus.APPROVED, CampaignStatus.PAUSED, doing="tested")
    return campaign


def _sent(workspace: Workspace, campaign: Campaign, now: datetime | None, how: str) -> None:
    with workspace.db.atomic():
        campaign_store.record_test_sent(workspace.db, campaign.id, now or utc_now())
        audit.record(workspace.db, workspace.actor, "campaign.test_sent", "campaign", campaign.id, how=how)


def _label(row: dict[str, str]) -> str:
    from desktop.core.nhs_number import format_nhs_number

    name = " ".join(part for part in (row.get("first_name", ""), row.get("surname", "")) if part)
    number = row.get(NHS_NUMBER, "")
    return f"{name} ({format_nhs_number(number)})" if number else name
