"""send-due: due blocks queued and sent, overdue ones left for a person, statuses refreshed; and its command."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta

import pytest

from desktop.cli import main
from desktop.core.clock import UK, utc_now
from desktop.core.schedule import SendingWindow
from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify import ApiKey, NotifyClient
from desktop.gateways.notify_key import KEY_VARIABLE, URL_VARIABLE
from desktop.services import campaigns
from desktop.services.practice import update_settings
from desktop.services.sample_data import install_sample_data
from desktop.services.send_due import find_due, send_due
from desktop.services.workspace import Workspace
from desktop.store import messages
from desktop.store.campaigns import batches
from desktop.store.settings import load_settings
from tests.campaign_helpers import SMALL_BLOCKS, approve_and_test, ready_campaign


@pytest.fixture
def approved(workspace: Workspace) -> campaigns.Campaign:
    install_sample_data(workspace)
    return approve_and_test(workspace, ready_campaign(workspace).id)


def first_block_time(workspace: Workspace, campaign: campaigns.Campaign) -> datetime:
    return batches(workspace.db, campaign.id)[0]["planned_at"]


def at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def test_a_block_is_due_from_its_time_until_the_sending_window_closes(
    workspace: Workspace, approved: campaigns.Campaign
) -> None:
    start = first_block_time(workspace, approved)
    assert find_due(workspace, start - timedelta(minutes=1)) == ([], [])
    due, overdue = find_due(workspace, start + timedelta(hours=1))
    assert [b.sequence for b in due] == [1] and overdue == []
    closed = datetime.combine(start.astimezone(UK).date(), load_settings(workspace.db).sending_end, UK)
    due, overdue = find_due(workspace, closed)
    assert due == [] and [b.sequence for b in overdue] == [1]


def test_send_due_sends_the_due_block_once_and_marks_it_released(
    workspace: Workspace, approved: campaigns.Campaign, notify: NotifyStandIn
) -> None:
    now = first_block_time(workspace, approved) + timedelta(hours=1)
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway:
        run = send_due(workspace, gateway, notify.template_id, now=at(now))
        assert (run.sent, run.releases, run.stopped) == (10, 1, None)
        again = send_due(workspace, gateway, notify.template_id, now=at(now + timedelta(minutes=5)))
    assert again.sent == 0 and len(notify.texts) == 10
    assert batches(workspace.db, approved.id)[0]["status"] == "released"


def test_nothing_goes_outside_the_sending_hours(
    workspace: Workspace, approved: campaigns.Campaign, notify: NotifyStandIn
) -> None:
    """The hours changed after planning: a due block waits for them."""
    now = first_block_time(workspace, approved) + timedelta(hours=1)
    later = (now + timedelta(hours=1)).astimezone(UK).time()
    update_settings(workspace, replace(load_settings(workspace.db), sending_start=later))
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway:
        run = send_due(workspace, gateway, notify.template_id, now=at(now))
    assert run.outside_window and [b.sequence for b in run.due] == [1]
    assert run.sent == 0 and notify.texts == []
    assert workspace.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_an_overdue_block_is_never_sent_late_by_itself(
    workspace: Workspace, approved: campaigns.Campaign, notify: NotifyStandIn
) -> None:
    next_morning = first_block_time(workspace, approved) + timedelta(days=1, hours=1)
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway:
        run = send_due(workspace, gateway, notify.template_id, now=at(next_morning))
    assert 1 in [b.sequence for b in run.overdue] and 1 not in [b.sequence for b in run.due]
    first = batches(workspace.db, approved.id)[0]
    assert first["status"] == "planned"
    assert workspace.db.execute("SELECT count(*) FROM releases WHERE batch_id = ?", [first["id"]]).fetchone()[0] == 0


def test_what_became_of_each_text_is_asked_on_the_next_run(
    workspace: Workspace, approved: campaigns.Campaign, notify: NotifyStandIn
) -> None:
    now = first_block_time(workspace, approved) + timedelta(hours=1)
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway:
        send_due(workspace, gateway, notify.template_id, now=at(now))
        notify.settle()
        run = send_due(workspace, gateway, notify.template_id, now=at(now + timedelta(minutes=10)))
    assert run.refreshed == 10
    release = workspace.db.execute("SELECT id FROM releases").fetchone()[0]
    assert messages.counts(workspace.db, release) == {"delivered": 10}


# --- the command ---------------------------------------------------------------------


def run_command(workspace: Workspace, *options: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["--db", str(workspace.path), "send-due", *options], stdout=out)
    return status, out.getvalue()


def test_without_a_template_id_the_command_cannot_run(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    install_sample_data(workspace)
    status, _ = run_command(workspace)
    assert status == 2 and "template ID" in capsys.readouterr().err


def test_without_a_key_the_command_says_where_to_put_one(
    workspace: Workspace, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    install_sample_data(workspace)
    update_settings(workspace, replace(load_settings(workspace.db), notify_template_id=str(uuid.uuid4())))
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    monkeypatch.setattr("desktop.gateways.notify_key.keyring.get_password", lambda *args: None)
    status, _ = run_command(workspace)
    assert status == 2 and KEY_VARIABLE in capsys.readouterr().err


def test_the_command_sends_what_is_due_through_notify(
    workspace: Workspace, notify: NotifyStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_sample_data(workspace)
    today = utc_now().astimezone(UK).replace(hour=0, minute=0, second=0, microsecond=0)
    all_day = SendingWindow(start=time(0, 0), end=time(23, 59))
    campaign = ready_campaign(workspace, inputs=replace(SMALL_BLOCKS, start=today, window=all_day))
    settings = load_settings(workspace.db)
    update_settings(
        workspace,
        replace(settings, notify_template_id=notify.template_id, sending_start=time(0, 0), sending_end=time(23, 59)),
    )
    approve_and_test(workspace, campaign.id)
    monkeypatch.setenv(KEY_VARIABLE, notify.api_key)
    monkeypatch.setenv(URL_VARIABLE, notify.url)
    status, dry = run_command(workspace, "--dry-run")
    assert status == 0 and "Would send: Flu 2026, block 1 (10 texts)" in dry and notify.texts == []
    status, out = run_command(workspace)
    if "bank holiday" in out:  # the one day a year this cannot send
        pytest.skip("today is a bank holiday")
    assert status == 0 and "Sent 10 texts" in out and len(notify.texts) == 10
    status, out = run_command(workspace, "--json")
    assert status == 0 and '"sent": 0' in out


def test_status_shows_the_releases_and_their_texts(
    workspace: Workspace, approved: campaigns.Campaign, notify: NotifyStandIn
) -> None:
    from desktop.services.releases import queue_block

    queue_block(workspace, approved.id, 1)
    status, out = run_status(workspace)
    assert status == 0 and "Flu 2026, block 1: 10 queued" in out
    status, out = run_status(workspace, "--json", "--campaign", str(approved.id))
    assert status == 0 and '"queued": 10' in out
    status, out = run_status(workspace, "--campaign", str(approved.id + 1))
    assert "Nothing due" in out


def run_status(workspace: Workspace, *options: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["--db", str(workspace.path), "status", *options], stdout=out)
    return status, out.getvalue()


def test_statuses_are_read_a_page_at_a_time_not_a_text_at_a_time(workspace: Workspace, notify: NotifyStandIn) -> None:
    from desktop.services.send_due import refresh_statuses
    from desktop.services.sending import send_release
    from tests.services.test_sending import release_of

    mobiles = [f"+4479088{n:05d}" for n in range(260)]
    release = release_of(workspace.db, 260, mobiles=mobiles)
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway:
        send_release(workspace.db, release, gateway, notify.template_id)
        notify.settle()
        asked_before = len(notify.requests)
        assert refresh_statuses(workspace, gateway, utc_now()) == 260
    assert len(notify.requests) - asked_before == 2  # two pages of 250
    assert messages.counts(workspace.db, release) == {"delivered": 260}
