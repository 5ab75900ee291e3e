"""The Releases page's service: the blocks and their state, Send now, the patient look-up, the log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from desktop.core.campaign import CampaignError
from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify import ApiKey, NotifyClient
from desktop.services import campaigns, release_board
from desktop.services.sample_data import install_sample_data
from desktop.services.send_due import refresh_statuses
from desktop.services.workspace import Workspace
from desktop.store.campaigns import batches
from tests.campaign_helpers import approve_and_test, ready_campaign


@pytest.fixture
def approved(workspace: Workspace) -> campaigns.Campaign:
    install_sample_data(workspace)
    return approve_and_test(workspace, ready_campaign(workspace).id)


def at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def first_block_time(workspace: Workspace, campaign: campaigns.Campaign) -> datetime:
    return batches(workspace.db, campaign.id)[0]["planned_at"]


def states(workspace: Workspace, now: datetime) -> list[tuple[int, str]]:
    return [(view.sequence, view.state) for view in release_board.board(workspace, now)]


def test_the_board_shows_each_block_planned_due_or_overdue(workspace: Workspace, approved: campaigns.Campaign) -> None:
    start = first_block_time(workspace, approved)
    assert states(workspace, start - timedelta(minutes=1)) == [(1, "Planned"), (2, "Planned"), (3, "Planned")]
    assert states(workspace, start + timedelta(minutes=1))[0] == (1, "Due now")
    assert states(workspace, start + timedelta(hours=12))[0] == (1, "Overdue")
    views = release_board.board(workspace, start)
    assert [v.size for v in views] == [10, 20, 31]
    assert sum((v.estimated_cost for v in views), Decimal(0)) > 0
    campaigns.pause(workspace, approved.id)
    assert {state for _, state in states(workspace, start)} == {"Paused"}
    campaigns.cancel(workspace, approved.id)
    assert {state for _, state in states(workspace, start)} == {"Cancelled"}


def test_drafts_are_not_on_the_board(workspace: Workspace) -> None:
    install_sample_data(workspace)
    ready_campaign(workspace)
    assert release_board.board(workspace) == []


def test_send_now_sends_an_overdue_block_once_with_live_progress_and_counts(
    workspace: Workspace, approved: campaigns.Campaign, notify: NotifyStandIn
) -> None:
    later = first_block_time(workspace, approved) + timedelta(days=1, hours=1)  # the next morning: overdue
    seen: list[int] = []
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway:
        report = release_board.send_now(
            workspace, approved.id, 1, gateway, notify.template_id, at(later), lambda r: seen.append(r.sent)
        )
        assert (report.sent, report.stopped) == (10, None) and seen == list(range(1, 11))
        view = release_board.board(workspace, later)[0]
        assert (view.state, view.sent, view.delivered, view.can_send_now) == ("Sent", 10, 0, False)
        assert view.real_cost is None  # Notify has not given its cost yet
        notify.settle("delivered")
        assert refresh_statuses(workspace, gateway, later) == 10
    view = release_board.board(workspace, later)[0]
    fragments = workspace.db.execute("SELECT sum(fragments) FROM messages").fetchone()[0]
    assert (view.delivered, view.real_cost) == (10, fragments * Decimal("2.4") * Decimal("1.2"))  # pence, VAT in
    assert len(notify.texts) == 10
    with pytest.raises(CampaignError, match="already been released"):
        release_board.send_now(workspace, approved.id, 1, gateway, notify.template_id, at(later))


def test_send_now_keeps_to_the_sending_hours(workspace: Workspace, approved: campaigns.Campaign) -> None:
    night = first_block_time(workspace, approved).replace(hour=23)
    with pytest.raises(CampaignError, match="only within the practice's sending hours"):
        release_board.send_now(workspace, approved.id, 1, NotifyClient.__new__(NotifyClient), "t", at(night))
    assert workspace.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_a_patient_is_looked_up_by_nhs_number_or_mobile(
    workspace: Workspace, approved: campaigns.Campaign, notify: NotifyStandIn
) -> None:
    now = first_block_time(workspace, approved) + timedelta(minutes=5)
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway:
        release_board.send_now(workspace, approved.id, 1, gateway, notify.template_id, at(now))
        notify.settle("permanent-failure")
        refresh_statuses(workspace, gateway, now)
    number, mobile = workspace.db.execute(
        "SELECT p.nhs_number, m.recipient FROM messages m JOIN patients p ON p.id = m.patient_id LIMIT 1"
    ).fetchone()
    by_number = release_board.look_up(workspace, number)
    assert len(by_number) == 1 and by_number[0].status == "Not delivered: the number is not in use"
    assert by_number[0].campaign == "Flu 2026" and "flu" in by_number[0].body.lower()
    assert release_board.look_up(workspace, "0" + mobile[3:])[0].nhs_number == number
    assert release_board.look_up(workspace, "07400 999999") == []
    with pytest.raises(CampaignError, match="Type an NHS number"):
        release_board.look_up(workspace, "Mrs Smith")
    assert len(release_board.failed_numbers(workspace)) == 10
    assert release_board.failures_by_reason(release_board.board(workspace, now)[0].counts) == {
        "Not delivered: the number is not in use": 10
    }


def test_the_log_says_what_happened_in_plain_words(
    workspace: Workspace, approved: campaigns.Campaign, notify: NotifyStandIn
) -> None:
    now = first_block_time(workspace, approved) + timedelta(minutes=5)
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway:
        release_board.send_now(workspace, approved.id, 1, gateway, notify.template_id, at(now))
    campaigns.pause(workspace, approved.id)
    lines = release_board.activity(workspace)
    assert "Flu 2026: paused" in lines[0]
    assert any("Flu 2026: block 1 queued: 10 texts" in line for line in lines)
    assert any("block 1 sent by Send now: 10 texts went, 0 refused, 0 not yet known" in line for line in lines)
    assert any("approved" in line for line in lines)


def test_a_campaign_to_sample_patients_says_so_on_the_board(workspace: Workspace, approved: campaigns.Campaign) -> None:
    assert {view.campaign for view in release_board.board(workspace)} == {"Flu 2026 (sample patients)"}
    workspace.db.execute("UPDATE cohorts SET is_sample = 0")
    assert {view.campaign for view in release_board.board(workspace)} == {"Flu 2026"}
