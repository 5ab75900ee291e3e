"""The test message: the first release is held until a test, rendered for a chosen patient, has been sent to
a staff mobile (or written as a sample) and someone has confirmed it looked right."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.core.campaign import CampaignError
from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify import ApiKey, NotifyClient
from desktop.services import campaigns, first_release_test
from desktop.services.practice import get_settings, update_settings
from desktop.services.releases import queue_block
from desktop.services.sample_data import install_sample_data
from desktop.services.send_due import find_due, held_for_test
from desktop.services.workspace import Workspace
from desktop.store.campaigns import batches
from tests.campaign_helpers import ready_campaign


@pytest.fixture
def approved(workspace: Workspace) -> campaigns.Campaign:
    install_sample_data(workspace)
    return campaigns.approve(workspace, ready_campaign(workspace).id, "Sam Patel")


def test_the_first_block_is_held_until_a_test_is_confirmed(workspace: Workspace, approved: campaigns.Campaign) -> None:
    due_time = batches(workspace.db, approved.id)[0]["planned_at"] + timedelta(minutes=5)
    with pytest.raises(CampaignError, match="Held until the test message is confirmed"):
        queue_block(workspace, approved.id, 1)
    assert find_due(workspace, due_time) == ([], []) and held_for_test(workspace, due_time) == ["Flu 2026"]
    with pytest.raises(CampaignError, match="Send the test message first"):
        first_release_test.confirm_test(workspace, approved.id, "Jo")


def test_a_test_goes_to_the_staff_mobile_for_the_chosen_patient_and_is_confirmed(
    workspace: Workspace, approved: campaigns.Campaign, notify: NotifyStandIn
) -> None:
    update_settings(workspace, replace(get_settings(workspace), staff_mobile="07400 900123"))
    chosen = first_release_test.choices(workspace, approved)[3]
    first_name = chosen.label.split()[0]
    assert chosen.label.endswith(")") and f"Dear {first_name}," in first_release_test.render_for(
        workspace, approved, chosen.patient_id
    )
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway:
        text = first_release_test.send_test(workspace, approved.id, gateway, notify.template_id, chosen.patient_id)
    [sent] = notify.texts
    assert sent.phone_number == "+447400900123" and sent.body == text and f"Dear {first_name}," in text
    assert workspace.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0  # not a patient's text
    with pytest.raises(CampaignError, match="name of the person"):
        first_release_test.confirm_test(workspace, approved.id, "  ")
    confirmed = first_release_test.confirm_test(workspace, approved.id, " Jo  Reception ")
    assert confirmed.test_confirmed_by == "Jo Reception" and confirmed.test_confirmed_at is not None
    assert queue_block(workspace, approved.id, 1) > 0
    assert not first_release_test.test_needed(workspace, campaigns.get(workspace, approved.id))


def test_without_a_staff_mobile_the_test_says_where_to_set_it(
    workspace: Workspace, approved: campaigns.Campaign, notify: NotifyStandIn
) -> None:
    with (
        NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway,
        pytest.raises(CampaignError, match="Set the staff mobile"),
    ):
        first_release_test.send_test(workspace, approved.id, gateway, notify.template_id)
    assert notify.texts == [] and campaigns.get(workspace, approved.id).test_sent_at is None


def test_a_practice_that_exports_checks_a_sample_file(
    workspace: Workspace, approved: campaigns.Campaign, tmp_path: Path
) -> None:
    path = first_release_test.write_test_sample(workspace, approved.id, tmp_path)
    assert path.read_text(encoding="utf-8").strip() == first_release_test.render_for(workspace, approved)
    first_release_test.confirm_test(workspace, approved.id, "Jo")
    assert queue_block(workspace, approved.id, 1) > 0


def test_a_new_test_must_be_confirmed_again_and_a_patient_outside_the_campaign_is_refused(
    workspace: Workspace, approved: campaigns.Campaign, tmp_path: Path
) -> None:
    first_release_test.write_test_sample(workspace, approved.id, tmp_path)
    first_release_test.confirm_test(workspace, approved.id, "Jo")
    first_release_test.write_test_sample(workspace, approved.id, tmp_path)
    assert first_release_test.test_needed(workspace, campaigns.get(workspace, approved.id))
    with pytest.raises(CampaignError, match="not one the campaign would text"):
        first_release_test.render_for(workspace, approved, patient_id=999_999)
