"""Appointment reminders end to end: a list with appointments imported, a campaign planned by them, each
release reminding exactly the patients it is for, and never a reminder after its appointment."""

from __future__ import annotations

import io
import tempfile
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.core.campaign import Campaign, CampaignStatus
from desktop.core.clock import UK
from desktop.core.template import Purpose
from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify import ApiKey, NotifyClient
from desktop.services import campaigns, first_release_test, responses
from desktop.services.cohort_import import import_file
from desktop.services.cohorts import all_cohorts
from desktop.services.export import confirm_export, export_block
from desktop.services.releases import queue_block
from desktop.services.reminders import TOO_LATE
from desktop.services.sample_data import install_sample_data
from desktop.services.sending import send_release
from desktop.services.templates import all_templates
from desktop.services.workspace import Workspace
from desktop.store import messages
from desktop.store.campaigns import batches
from tests.campaign_helpers import ALL_YES
from tests.files import write_csv

TODAY = datetime.now(UK).date()
MONDAY = TODAY + timedelta(days=14 - TODAY.weekday())  # the Monday after next: every reminder is ahead
HEADER = ["NHS Number", "Forename", "Surname", "Mobile", "Appointment date", "Appointment time"]


def day(offset: int) -> str:
    return f"{MONDAY + timedelta(days=offset):%d/%m/%Y}"


ROWS = [
    ["9434765919", "Margaret", "Smith", "07911 123456", day(0), "09:30"],  # Monday: reminded on Friday before
    ["9434765870", "John", "Jones", "07400 123456", day(0), "14:00"],
    ["4010232137", "Siân", "Evans", "07534 123456", day(2), "10:10"],  # Wednesday: on Monday
    ["9990001006", "Aled", "Hughes", "07534 123457", day(3), "8:40 am"],  # Thursday: on Tuesday
    ["9990001014", "Ffion", "Price", "07534 123458", "tbc", ""],  # not yet booked: not accepted
    ["9990001022", "Dylan", "Lloyd", "07534 123459", "", ""],  # no appointment: accepted, not reminded
]


@pytest.fixture
def reminders(workspace: Workspace, tmp_path: Path) -> Campaign:
    """A reminders campaign on a list of appointments in the week after next, two days before each."""
    install_sample_data(workspace)
    path = write_csv(tmp_path / "appointments.csv", [HEADER, *ROWS])
    cohort_id = import_file(workspace, path, name="Clinic list").cohort_id
    template = next(t for t in all_templates(workspace) if t.purpose is Purpose.APPOINTMENT_REMINDER)
    campaign = campaigns.create_campaign(workspace, "Reminders", Purpose.APPOINTMENT_REMINDER)
    return campaigns.save_draft(
        workspace,
        replace(campaign, cohort_id=cohort_id, template_version_id=template.latest.id, quick_check=ALL_YES),
    )


def uk(offset: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=offset), time(hour, minute), UK)


def approved(workspace: Workspace, campaign: Campaign) -> Campaign:
    campaigns.approve(workspace, campaign.id, "Sam Patel")
    with tempfile.TemporaryDirectory() as folder:
        first_release_test.write_test_sample(workspace, campaign.id, Path(folder))
    return first_release_test.confirm_test(workspace, campaign.id, "Jo Reception")


def test_a_list_with_appointments_keeps_each_and_refuses_what_cannot_be_read(
    workspace: Workspace, reminders: Campaign
) -> None:
    cohort = next(c for c in all_cohorts(workspace) if c.name == "Clinic list")
    assert (cohort.counts.accepted, cohort.counts.rejected) == (5, 1)
    problem = workspace.db.execute("SELECT problem FROM patients WHERE status = 'invalid' AND cohort_id = ?",
                                   [cohort.id]).fetchone()[0]  # fmt: skip
    assert problem.startswith('Appointment "tbc" is not a date that can be read')
    rows = campaigns.recipients(workspace, reminders)
    margaret = next(r for r in rows if r["first_name"] == "Margaret")
    assert margaret["appointment_date"] == f"{MONDAY:%A} {MONDAY.day} {MONDAY:%B}"
    assert margaret["appointment_time"] == "09:30"


def test_reminders_are_planned_by_appointment_not_by_the_phones(workspace: Workspace, reminders: Campaign) -> None:
    plan = campaigns.plan(workspace, reminders)
    assert plan.inputs.reminder_days_before == 2 and not plan.inputs.by_hour
    friday = uk(-3, 9)  # Monday's appointments: two days before is Saturday, so the Friday before
    assert [(b.release_at, b.size) for b in plan.blocks] == [(friday, 2), (uk(0, 9), 1), (uk(1, 9), 1)]
    assert plan.notes == ("1 patient with no appointment in the list: not reminded.",)
    assert plan.total_messages == 4
    one_day = campaigns.plan(workspace, replace(reminders, plan_inputs=replace(plan.inputs, reminder_days_before=0)))
    assert [(b.release_at, b.size) for b in one_day.blocks] == [(uk(0, 9), 1), (uk(2, 9), 1)]
    # on the day, at 09:00: too late for 09:30 and for 08:40
    assert one_day.notes[0].startswith("2 patients not reminded: the appointment is too soon")


def test_each_release_reminds_exactly_the_patients_it_is_for(workspace: Workspace, reminders: Campaign) -> None:
    campaign = approved(workspace, reminders)
    assert [(b["sequence"], b["size"]) for b in batches(workspace.db, campaign.id)] == [(1, 2), (2, 1), (3, 1)]
    release = queue_block(workspace, campaign.id, 1, now=uk(-3, 9))
    texts = workspace.db.execute("SELECT body FROM messages WHERE release_id = ? ORDER BY id", [release]).fetchall()
    assert len(texts) == 2
    assert all(f"on {MONDAY:%A} {MONDAY.day} {MONDAY:%B} at" in body for (body,) in texts)
    assert "at 09:30." in texts[0][0] and "at 14:00." in texts[1][0]
    second = queue_block(workspace, campaign.id, 2, now=uk(0, 9))
    (body,) = workspace.db.execute("SELECT body FROM messages WHERE release_id = ?", [second]).fetchone()
    assert body.startswith("Dear Siân,") and "at 10:10." in body


def test_a_block_sent_by_hand_after_an_appointment_leaves_its_patients_out(
    workspace: Workspace, reminders: Campaign, tmp_path: Path
) -> None:
    campaign = approved(workspace, reminders)
    late = uk(0, 12, 30)  # block 1 (Monday's appointments at 09:30 and 14:00) exported at Monday lunchtime
    result = export_block(workspace, campaign.id, 1, tmp_path, now=late)
    assert result.texts == 1  # only 14:00 is still at least an hour away
    (left_out,) = workspace.db.execute("SELECT left_out FROM releases").fetchone()
    assert TOO_LATE in left_out
    confirm_export(workspace, campaign.id, 1, sent=True, now=late)


def test_a_queued_reminder_whose_appointment_came_too_close_is_never_sent(
    workspace: Workspace, reminders: Campaign, notify: NotifyStandIn
) -> None:
    campaign = approved(workspace, reminders)
    release = queue_block(workspace, campaign.id, 1, now=uk(-3, 9))
    campaigns.pause(workspace, campaign.id)  # paused over the weekend, resumed on Monday at 12:30
    campaigns.resume(workspace, campaign.id)
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as client:
        report = send_release(workspace.db, release, client, notify.template_id, now=lambda: uk(0, 12, 30))
    assert report.sent == 1 and len(notify.texts) == 1 and "14:00" in notify.texts[0].body
    cancelled = workspace.db.execute(
        "SELECT failure_reason FROM messages WHERE release_id = ? AND status = 'cancelled'", [release]
    ).fetchall()
    assert cancelled == [(messages.LATE_REMINDER,)]


def test_another_reminders_campaign_does_not_hold_back_a_patients_next_reminder(
    workspace: Workspace, reminders: Campaign, tmp_path: Path
) -> None:
    first = approved(workspace, reminders)
    export_block(workspace, first.id, 1, tmp_path)
    confirm_export(workspace, first.id, 1, sent=True)
    again = campaigns.create_campaign(workspace, "Reminders again", Purpose.APPOINTMENT_REMINDER)
    again = campaigns.save_draft(
        workspace,
        replace(again, cohort_id=reminders.cohort_id, template_version_id=reminders.template_version_id,
                quick_check=ALL_YES),
    )  # fmt: skip
    assert len(campaigns.recipients(workspace, again)) == 5  # each appointment has its own reminder
    assert campaigns.left_out(workspace, again).recent_by_campaign == {}


def test_calls_after_reminders_are_recorded_but_the_plan_stays(
    workspace: Workspace, reminders: Campaign, tmp_path: Path
) -> None:
    campaign = approved(workspace, reminders)
    export_block(workspace, campaign.id, 1, tmp_path)
    confirm_export(workspace, campaign.id, 1, sent=True)
    recorded = responses.record_responses(workspace, campaign.id, [1], calls=1)
    assert recorded.kept and recorded.describe().endswith(
        "Reminders are timed by their appointments, not paced by calls: the plan stays as approved."
    )
    after = campaigns.get(workspace, campaign.id)
    assert after.status is CampaignStatus.APPROVED and len(batches(workspace.db, campaign.id)) == 3


def test_the_command_line_chooses_how_many_days_before(workspace: Workspace, reminders: Campaign) -> None:
    db = str(workspace.path)
    template = next(t for t in all_templates(workspace) if t.purpose is Purpose.APPOINTMENT_REMINDER)
    flu = next(t for t in all_templates(workspace) if t.purpose is Purpose.CALL_TO_ACTION)
    out = io.StringIO()
    args = [
        "--db",
        db,
        "campaign",
        "create",
        "--name",
        "R",
        "--prepared-by",
        "Jo",
        "--cohort",
        str(reminders.cohort_id),
    ]
    assert cli_main([*args, "--template", str(template.id), "--days-before", "1"], stdout=out) == 0
    created = campaigns.all_campaigns(workspace)[0]
    assert created.plan_inputs is not None and created.plan_inputs.reminder_days_before == 1
    assert cli_main([*args, "--template", str(flu.id), "--days-before", "1"]) == 2
    out = io.StringIO()
    assert cli_main(["--db", db, "plan", "--campaign", str(created.id)], stdout=out) == 0
    assert f"{MONDAY - timedelta(days=3):%a %d %b %Y} 09:00" in out.getvalue()  # Monday's, on the Friday before


def test_a_reminders_sample_is_ready_for_next_week(workspace: Workspace) -> None:
    install_sample_data(workspace)
    sample = next(c for c in all_cohorts(workspace) if c.name == "Appointments next week (sample)")
    assert sample.is_sample and (sample.counts.accepted, sample.counts.rejected) == (39, 2)
    first = workspace.db.execute(
        "SELECT min(appointment) FROM patients WHERE cohort_id = ? AND status = 'valid'", [sample.id]
    ).fetchone()[0]
    week = date.fromisoformat(first[:10])
    assert week.weekday() == 0 and 0 < (week - TODAY).days <= 7
