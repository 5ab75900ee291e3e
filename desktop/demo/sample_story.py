"""The sample practice's story from import to outcome, so a new user sees what a finished campaign looks
like: last autumn's flu invitation to the sample cohort, a fifth held back for comparison, released in
growing blocks through a gateway that never leaves this computer, calls recorded after the first block,
and the clinical system's list of who was vaccinated since, imported and measured.

Every text of it goes to the sample gateway below, which keeps nothing and sends nothing: the sample
patients' made-up mobiles may belong to real people.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from desktop.core.campaign import CampaignOptions
from desktop.core.clock import UK, utc_now
from desktop.core.follow_up import FollowUpColumns
from desktop.core.notify_rules import notify_measurement
from desktop.core.quickcheck import QUESTIONS, QuickCheck
from desktop.core.schedule import PlanInputs
from desktop.core.template import Purpose
from desktop.gateways.notify import ReceivedText, SentText, TextStatus
from desktop.services import campaigns, first_release_test, outcomes, responses
from desktop.services.cohorts import all_cohorts
from desktop.services.releases import queue_block
from desktop.services.send_due import mark_blocks_released, refresh_statuses
from desktop.services.sending import send_release
from desktop.services.templates import all_templates
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.campaigns import batches, held_back_nhs_numbers

log = logging.getLogger(__name__)
STORY_NAME = "Flu 65+ last autumn (sample)"
WEEKS_AGO = 6


@dataclass
class SampleGateway:
    """Takes texts and says they were delivered; nothing leaves the computer. Two numbers "not in use"."""

    texts: list[tuple[str, str | None, str, str]] = field(default_factory=list)  # id, reference, number, body
    stays_on_this_computer = True

    def send_text(self, phone_number: str, template_id: str, message: str, reference: str) -> SentText:
        text_id = str(uuid.uuid4())
        self.texts.append((text_id, reference, phone_number, message))
        return SentText(text_id, reference)

    def by_reference(self, reference: str) -> list[TextStatus]:
        return []

    def texts_page(self, older_than: str | None = None) -> list[TextStatus]:
        if older_than is not None:
            return []
        return [
            TextStatus(
                text_id, reference, "permanent-failure" if number_ends_badly(number) else "delivered",
                cost_in_pounds=notify_measurement(body).fragments * 0.024,
            )
            for text_id, reference, number, body in self.texts
        ]  # fmt: skip

    def received_texts(self, older_than: str | None = None) -> list[ReceivedText]:
        return []


def number_ends_badly(number: str) -> bool:
    return number.endswith(("59", "31"))  # two of the sample's numbers, "not in use"


def install_sample_story(workspace: Workspace) -> bool:
    """On a fresh install with the sample cohort and no campaign yet: the finished sample campaign."""
    cohort = next((c for c in all_cohorts(workspace) if c.is_sample and c.name.startswith("Flu")), None)
    template = next((t for t in all_templates(workspace) if t.purpose is Purpose.CALL_TO_ACTION), None)
    if cohort is None or template is None or campaigns.all_campaigns(workspace):
        return False
    actor, workspace.actor = workspace.actor, "sample"
    try:
        _tell(workspace, cohort.id, template.latest.id)
    finally:
        workspace.actor = actor
    log.info("Sample campaign story installed")
    return True


def _tell(workspace: Workspace, cohort_id: int, template_version_id: int) -> None:
    start = (datetime.now(UK) - timedelta(weeks=WEEKS_AGO)).replace(hour=0, minute=0, second=0, microsecond=0)
    draft = campaigns.create_campaign(workspace, STORY_NAME, Purpose.CALL_TO_ACTION)
    campaigns.save_draft(
        workspace,
        replace(
            draft,
            prepared_by="Sample Receptionist",
            cohort_id=cohort_id,
            template_version_id=template_version_id,
            options=CampaignOptions(hold_back=Decimal("0.2"), hold_back_seed="sample-story"),
            quick_check=QuickCheck(
                {key: True for key, _, _ in QUESTIONS},
                "Raise flu vaccine uptake among the over-65s",
                "62% uptake in 2025",
            ),
            plan_inputs=PlanInputs(
                cohort_size=0, start=start, first_block=10, growth=Decimal(2), max_block=40, daily_capacity=2
            ),
        ),
    )
    campaigns.approve(workspace, draft.id, "Sample Manager")
    with tempfile.TemporaryDirectory() as folder:
        first_release_test.write_test_sample(workspace, draft.id, Path(folder), now=start)
    first_release_test.confirm_test(workspace, draft.id, "Sample Reception", now=start)
    gateway = SampleGateway()
    for block in batches(workspace.db, draft.id):
        moment = block["planned_at"] + timedelta(minutes=5)
        release = queue_block(workspace, draft.id, block["sequence"], moment)
        send_release(workspace.db, release, gateway, "sample-template", now=_at(moment))
        mark_blocks_released(workspace, moment)
        refresh_statuses(workspace, gateway, moment + timedelta(hours=1))
    responses.record_responses(workspace, draft.id, [1], calls=1)
    _follow_up(workspace, draft.id)
    audit.record(workspace.db, workspace.actor, "sample_data.story_installed", "campaign", draft.id)


def _at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def _follow_up(workspace: Workspace, campaign_id: int) -> None:
    """Who the clinical system says was vaccinated since: about 71% of those texted, 60% of those held back."""
    campaign = campaigns.get(workspace, campaign_id)
    groups = outcomes.campaign_groups(workspace, campaign)
    held = held_back_nhs_numbers(workspace.db, campaign_id)
    rows: list[list[object]] = []
    day = f"{utc_now() - timedelta(weeks=WEEKS_AGO - 2):%d/%m/%Y}"
    for nhs in sorted(groups.texted | held):
        share = 60 if nhs in held else 71
        vaccinated = int(hashlib.sha256(nhs.encode()).hexdigest(), 16) % 100 < share
        rows.append([nhs, "Y" if vaccinated else "N", day if vaccinated else ""])
    headers = ["NHS Number", "Vaccinated", "Date given"]
    file = outcomes.FollowUpFile(headers, [headers, *rows], 0, FollowUpColumns(0, 1, 2))
    outcomes.import_outcome(workspace, campaign_id, file, FollowUpColumns(0, 1, 2))
