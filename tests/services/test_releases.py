"""An approved campaign's blocks queued as releases, and sent through the stand-in Notify."""

from __future__ import annotations

import pytest

from desktop.core.campaign import CampaignError
from desktop.core.template import DEFAULT_FOOTER
from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify import ApiKey, NotifyClient
from desktop.services import campaigns
from desktop.services.releases import queue_block
from desktop.services.sample_data import install_sample_data
from desktop.services.sending import send_release
from desktop.services.workspace import Workspace
from desktop.store import audit, messages
from desktop.store.campaigns import batches
from tests.campaign_helpers import approve_and_test, ready_campaign


@pytest.fixture
def approved(workspace: Workspace) -> campaigns.Campaign:
    install_sample_data(workspace)
    return approve_and_test(workspace, ready_campaign(workspace).id)


def queued_patients(workspace: Workspace, release: int) -> list[int]:
    return [r[0] for r in workspace.db.execute("SELECT patient_id FROM messages WHERE release_id = ?", [release])]


def test_a_block_becomes_a_release_of_its_patients_each_message_rendered(
    workspace: Workspace, approved: campaigns.Campaign
) -> None:
    release = queue_block(workspace, approved.id, 1)
    rows = workspace.db.execute(
        "SELECT recipient, body, fragments, status FROM messages WHERE release_id = ?", [release]
    ).fetchall()
    assert len(rows) == 10 and {r[3] for r in rows} == {"queued"}
    assert all(r[1].endswith(DEFAULT_FOOTER) and "((" not in r[1] for r in rows)
    assert all(r[0].startswith("+447") and r[2] >= 1 for r in rows)
    assert [b["status"] for b in batches(workspace.db, approved.id)] == ["releasing", "planned", "planned"]
    entry = audit.recent(workspace.db, 1)[0]
    assert entry.action == "release.queued" and entry.detail["messages"] == 10


def test_each_block_takes_the_next_patients_and_a_block_is_queued_once(
    workspace: Workspace, approved: campaigns.Campaign
) -> None:
    first, second = queue_block(workspace, approved.id, 1), queue_block(workspace, approved.id, 2)
    assert len(queued_patients(workspace, second)) == 20
    assert not set(queued_patients(workspace, first)) & set(queued_patients(workspace, second))
    with pytest.raises(CampaignError, match="already been released"):
        queue_block(workspace, approved.id, 1)
    with pytest.raises(CampaignError, match="no block 9"):
        queue_block(workspace, approved.id, 9)
    third = queue_block(workspace, approved.id, 3)
    assert len(queued_patients(workspace, third)) == 31  # all 61 recipients, each once


def test_only_an_approved_campaign_is_released(workspace: Workspace, approved: campaigns.Campaign) -> None:
    campaigns.pause(workspace, approved.id)
    with pytest.raises(CampaignError, match="paused campaign cannot be released"):
        queue_block(workspace, approved.id, 1)


def test_a_queued_block_goes_out_through_notify(
    workspace: Workspace, approved: campaigns.Campaign, notify: NotifyStandIn
) -> None:
    release = queue_block(workspace, approved.id, 1)
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway:
        report = send_release(workspace.db, release, gateway, notify.template_id)
    assert report.sent == 10 and messages.counts(workspace.db, release) == {"sent": 10}
    bodies = {r[0] for r in workspace.db.execute("SELECT body FROM messages WHERE release_id = ?", [release])}
    assert {t.body for t in notify.texts} == bodies


def test_cancelling_the_campaign_cancels_what_was_queued(workspace: Workspace, approved: campaigns.Campaign) -> None:
    release = queue_block(workspace, approved.id, 1)
    campaigns.cancel(workspace, approved.id)
    assert messages.counts(workspace.db, release) == {"cancelled": 10}
    assert [b["status"] for b in batches(workspace.db, approved.id)] == ["cancelled"] * 3


def test_a_mobile_shared_by_patients_of_different_blocks_is_texted_once(
    workspace: Workspace, approved: campaigns.Campaign
) -> None:
    # The sample has three mobiles shared by two patients; whichever block each patient falls in, a
    # campaign that texts a number once must not text it again when the other patient's turn comes.
    for block in (1, 2, 3):
        queue_block(workspace, approved.id, block)
    recipients = [
        r[0] for r in workspace.db.execute("SELECT recipient FROM messages WHERE campaign_id = ?", [approved.id])
    ]
    assert len(recipients) == len(set(recipients)) == 61
