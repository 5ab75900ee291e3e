from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QMessageBox, QTableWidgetItem, QWizard
from pytestqt.qtbot import QtBot

from desktop.core.allocation import Allocation, AllocationKind
from desktop.core.campaign import CampaignStatus
from desktop.core.clock import UK, format_day
from desktop.core.schedule import PlanInputs, plan_release
from desktop.core.template import Purpose
from desktop.services import approval_rules, campaigns
from desktop.services.practice import get_settings, update_settings
from desktop.services.workspace import Workspace
from desktop.store.campaigns import batches
from desktop.ui.campaigns.plan_pages import PlanPage
from desktop.ui.campaigns.plan_view import PlanChart
from desktop.ui.campaigns.wizard import CampaignWizard
from desktop.ui.main_window import MainWindow
from tests.campaign_helpers import SMALL_BLOCKS, approve_and_test, ready_campaign, release_by_export
from tests.files import write_csv


@pytest.fixture
def wizard(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> CampaignWizard:
    window.show_area("Campaigns")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Flu 65+ autumn", True))
    opened = window.campaigns_page.new_campaign()
    assert opened is not None
    qtbot.waitExposed(opened)
    basics = opened.basics_page
    assert not opened.button(QWizard.WizardButton.NextButton).isEnabled()  # who prepares it is asked first
    assert basics.missing.text() == "To go on, enter your name (Prepared by)."
    basics.preparer_edit.setText("Jo Reception")
    assert basics.missing.text() == ""
    assert basics.sample_label.isVisibleTo(basics) and "never sent through GOV.UK Notify" in basics.sample_label.text()
    return opened


def planned(qtbot: QtBot, page: PlanPage) -> None:
    """The plan is made in a worker: wait for it, as the user waits for the table to fill."""
    qtbot.waitUntil(lambda: not page.planning, timeout=10_000)


def answer_quick_check(wizard: CampaignWizard, no: str | None = None) -> None:
    page = wizard.quick_check_page
    for key, group in page.groups.items():
        group.button(0 if key == no else 1).setChecked(True)
    page.objective_edit.setText("Reduce flu clinic DNAs")
    page.baseline_edit.setText("12% in 2025")


def test_a_practice_manager_takes_the_sample_cohort_to_an_approved_campaign(
    qtbot: QtBot, window: MainWindow, wizard: CampaignWizard
) -> None:
    basics = wizard.basics_page
    assert basics.cohort_combo.currentText().startswith("Flu clinic 65+ (sample)")
    assert basics.template_combo.currentText() == "Flu vaccination invitation (version 1)"
    # Counted in a worker: a large cohort takes a moment.
    qtbot.waitUntil(lambda: basics.recipients_label.text() == "61 patients would be texted.")  # once per mobile
    basics.once_check.setChecked(False)
    assert basics.recipients_label.text() == "Counting the patients who would be texted…"
    qtbot.waitUntil(lambda: basics.recipients_label.text() == "64 patients would be texted.")
    basics.once_check.setChecked(True)
    wizard.next()

    check = wizard.quick_check_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    answer_quick_check(wizard, no="impact_measured")
    assert check.advice["impact_measured"].isVisible()
    assert "Consider changes" in check.advice["impact_measured"].text()
    wizard.next()

    qtbot.waitUntil(lambda: wizard.costing is not None, timeout=5000)
    assert "for <b>61</b> messages" in wizard.cost_page.result.text()
    wizard.next()

    plan = wizard.plan_page
    plan.first_spin.setValue(10)
    assert plan.planning and not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # in a worker
    plan.max_spin.setValue(20)
    planned(qtbot, plan)
    # A new campaign follows the phones hour by hour: no daily figure, and the curve is said.
    assert plan.by_hour_check.isChecked() and not plan.capacity_spin.isEnabled()
    assert plan.curve_note.text().startswith("Calls are expected to arrive 35% in the first hour")
    plan.capacity_spin.setValue(0)
    planned(qtbot, plan)
    assert plan.plan is not None and plan.plan.inputs.by_hour and plan.message.text() == ""
    assert "releases on 4 days" in plan.summary.text()
    plan.by_hour_check.setChecked(False)  # one figure a day instead
    assert plan.capacity_spin.isEnabled() and not plan.curve_note.isVisible()
    plan.capacity_spin.setValue(2)
    planned(qtbot, plan)
    assert plan.plan is not None and [b.size for b in plan.plan.blocks] == [10, 15, 20, 16]
    assert plan.model.rowCount() == 4
    assert "61 messages in 4 releases" in plan.summary.text()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    plan.capacity_spin.setValue(0)
    planned(qtbot, plan)
    assert "capacity for extra calls must be more than zero" in plan.message.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    plan.capacity_spin.setValue(2)
    planned(qtbot, plan)
    wizard.next()

    approval = wizard.approval_page
    assert "Flu vaccination invitation, version 1" in approval.summary.text()
    assert "reduction in DNAs)? No." in approval.concerns.text()
    approval.approve()  # in a worker: every message is costed again
    assert not approval.approve_button.isEnabled() and approval.message.text().startswith("Approving")
    qtbot.waitUntil(lambda: "practice manager" in approval.message.text())  # no name yet
    assert approval.approve_button.isEnabled()
    approval.approver_edit.setText("Sam Patel")
    approval.approve()
    qtbot.waitUntil(lambda: approval.message.text().startswith("Approved by Sam Patel"))
    assert not approval.approve_button.isEnabled() and not approval.approver_edit.isEnabled()

    stored = campaigns.get(window.campaigns_page._workspace, wizard.campaign.id)
    assert stored.status is CampaignStatus.APPROVED and stored.approved_by == "Sam Patel"
    assert [b["size"] for b in batches(window.campaigns_page._workspace.db, stored.id)] == [10, 15, 20, 16]
    page = window.campaigns_page
    assert page.selected().id == stored.id
    assert page.plan_model.rowCount() == 4 and page.pause_button.isEnabled()


def test_reminders_for_the_sample_appointments_are_planned_by_day(
    qtbot: QtBot, window: MainWindow, wizard: CampaignWizard
) -> None:
    basics = wizard.basics_page
    basics.purpose_combo.setCurrentIndex(basics.purpose_combo.findData(Purpose.APPOINTMENT_REMINDER.value))
    basics.cohort_combo.setCurrentIndex(
        basics.cohort_combo.findText("Appointments next week (sample)", Qt.MatchFlag.MatchStartsWith)
    )
    assert basics.template_combo.currentText() == "Appointment reminder (version 1)"
    basics.purpose_combo.activated.emit(basics.purpose_combo.currentIndex())  # as a click chooses it
    assert not basics.once_check.isChecked()  # each appointment has its own reminder, on a shared phone too
    qtbot.waitUntil(lambda: basics.recipients_label.text() == "39 patients would be texted.")
    wizard.next()
    answer_quick_check(wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.costing is not None, timeout=5000)
    wizard.next()

    plan = wizard.plan_page
    planned(qtbot, plan)
    assert plan.lead_spin.isVisible() and plan.lead_spin.value() == 2
    assert not plan.first_spin.isVisible() and not plan.by_hour_check.isVisible()
    assert plan.subTitle().startswith("Each patient is reminded a few days before their appointment")
    assert plan.plan is not None and plan.plan.inputs.reminder_days_before == 2
    days = {b.release_at.date() for b in plan.plan.blocks}
    assert all(b.release_at.time() == time(9) for b in plan.plan.blocks)  # the start of the sending hours
    assert f"39 reminders in {len(plan.plan.blocks)} releases on {len(days)} days" in plan.summary.text()
    plan.lead_spin.setValue(1)
    planned(qtbot, plan)
    assert plan.plan.inputs.reminder_days_before == 1
    wizard.next()
    approval = wizard.approval_page
    approval.approver_edit.setText("Sam Patel")
    approval.approve()
    qtbot.waitUntil(lambda: approval.message.text().startswith("Approved by Sam Patel"), timeout=10_000)
    stored = campaigns.get(window.campaigns_page._workspace, wizard.campaign.id)
    assert stored.plan_inputs is not None and stored.plan_inputs.reminder_days_before == 1
    assert sum(b["size"] for b in batches(window.campaigns_page._workspace.db, stored.id)) == 39


def test_a_share_held_back_for_a_fair_comparison_is_chosen_with_the_objective(
    qtbot: QtBot, window: MainWindow, wizard: CampaignWizard
) -> None:
    wizard.next()
    answer_quick_check(wizard)
    check = wizard.quick_check_page
    assert check.hold_back_spin.value() == 0 and check.hold_back_spin.text() == "Nobody (no comparison)"
    check.hold_back_spin.setValue(20)
    wizard.next()
    assert wizard.campaign.options.hold_back == Decimal("0.2") and len(wizard.campaign.options.hold_back_seed) == 16
    qtbot.waitUntil(lambda: wizard.costing is not None, timeout=5000)
    texted = wizard.costing.estimate.messages
    assert 30 < texted < 61  # about a fifth of the 61 held back
    wizard.next()
    planned(qtbot, wizard.plan_page)
    wizard.next()
    approval = wizard.approval_page
    assert "Held back for a fair comparison: 20% of the patients" in approval.summary.text()
    approval.approver_edit.setText("Sam Patel")
    approval.approve()
    qtbot.waitUntil(lambda: approval.message.text().startswith("Approved by Sam Patel"), timeout=10_000)
    workspace = window.campaigns_page._workspace
    held = workspace.db.execute("SELECT count(*) FROM held_back WHERE campaign_id = ?", [wizard.campaign.id])
    assert held.fetchone()[0] == 61 - texted
    entry = workspace.db.execute(
        "SELECT detail FROM audit_log WHERE action = 'campaign.approved' ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    assert '"hold_back": "0.2"' in entry and wizard.campaign.options.hold_back_seed in entry


def test_approval_in_the_wizard_is_by_someone_else_with_the_manager_passphrase(
    qtbot: QtBot, window: MainWindow, wizard: CampaignWizard
) -> None:
    approval_rules.set_passphrase(window.campaigns_page._workspace, "correct horse battery")
    wizard.next()
    answer_quick_check(wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.costing is not None, timeout=5000)
    wizard.next()
    planned(qtbot, wizard.plan_page)
    wizard.next()
    approval = wizard.approval_page
    assert "Prepared by: Jo Reception (on the account test.user)" in approval.summary.text()
    assert approval.passphrase_edit.isVisibleTo(approval)
    assert approval.passphrase_edit.echoMode() is QLineEdit.EchoMode.Password
    approval.approver_edit.setText("jo reception")
    approval.passphrase_edit.setText("correct horse battery")
    approval.approve()
    qtbot.waitUntil(lambda: "jo reception prepared this campaign" in approval.message.text(), timeout=10_000)
    approval.approver_edit.setText("Sam Patel")
    approval.passphrase_edit.setText("wrong horse battery")
    approval.approve()
    qtbot.waitUntil(lambda: "passphrase is not right" in approval.message.text(), timeout=10_000)
    assert approval.approve_button.isEnabled() and approval.passphrase_edit.isEnabled()
    approval.passphrase_edit.setText("correct horse battery")
    approval.approve()
    qtbot.waitUntil(lambda: approval.message.text().startswith("Approved by Sam Patel"), timeout=10_000)
    stored = campaigns.get(window.campaigns_page._workspace, wizard.campaign.id)
    assert (stored.prepared_by, stored.approved_by) == ("Jo Reception", "Sam Patel")


def test_a_draft_is_saved_at_any_step_and_resumed(qtbot: QtBot, window: MainWindow, wizard: CampaignWizard) -> None:
    wizard.next()
    answer_quick_check(wizard)
    wizard.quick_check_page.baseline_edit.setText("9%")
    wizard.button(QWizard.WizardButton.CustomButton1).click()  # Save draft and close
    assert not wizard.isVisible()
    page = window.campaigns_page
    draft = page.selected()
    assert draft is not None and draft.status is CampaignStatus.DRAFT
    assert draft.quick_check.baseline == "9%" and draft.quick_check.is_complete
    resumed = page.open_selected()
    assert resumed is not None
    resumed.next()
    assert resumed.quick_check_page.baseline_edit.text() == "9%"


def test_pause_resume_record_calls_and_cancel(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = window.campaigns_page._workspace
    campaign = ready_campaign(workspace, "Recall", replace(SMALL_BLOCKS, max_block=20, growth=Decimal("1.5")))
    approve_and_test(workspace, campaign.id)
    window.show_area("Campaigns")
    page = window.campaigns_page
    page.refresh(select=campaign.id)
    page.pause_button.click()
    assert page.selected().status is CampaignStatus.PAUSED and page.resume_button.isEnabled()
    page.resume_button.click()
    assert page.selected().status is CampaignStatus.APPROVED
    page.calls_button.click()  # nothing has gone out yet
    assert page.calls_dialog is None and "No block of this campaign has gone out" in page.change_label.text()
    release_by_export(workspace, campaign.id, 1)
    page.calls_button.click()
    dialog = page.calls_dialog
    assert dialog is not None and dialog.isVisible()
    today = format_day(datetime.now(UK).date())
    assert dialog.findChild(QLabel, "callsIntro").text().startswith(f"Block 1 (10 messages) went out on {today} from")
    dialog.total_spin.setValue(3)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.record_button.click()
    assert page.selected().status is CampaignStatus.DRAFT  # the re-plan needs approving
    assert "Approve the new plan" in window.statusBar().currentMessage()
    change = page.change_label.text()
    assert change.startswith("30.0% of patients phoned (95% interval 10.8% to 60.3%), from the calls recorded")
    assert "The plan expected 5%. The remaining 51 messages are re-planned" in change
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.cancel_button.click()
    assert page.selected().status is CampaignStatus.CANCELLED
    assert not page.pause_button.isEnabled() and not page.cancel_button.isEnabled()


def released_at_noon(workspace: Workspace) -> int:
    """An approved campaign whose first block went out at noon on Tuesday 24 November 2026."""
    from desktop.services.export import confirm_export, export_block

    campaign = ready_campaign(workspace, "Recall", replace(SMALL_BLOCKS, max_block=20))
    approve_and_test(workspace, campaign.id)
    noon = datetime(2026, 11, 24, 12, tzinfo=UK)
    export_block(workspace, campaign.id, 1, workspace.path.parent, now=noon)
    confirm_export(workspace, campaign.id, 1, sent=True, now=noon)
    return campaign.id


def test_calls_counted_hour_by_hour_are_learned_from(qtbot: QtBot, window: MainWindow) -> None:
    workspace = window.campaigns_page._workspace
    campaign_id = released_at_noon(workspace)
    window.show_area("Campaigns")
    page = window.campaigns_page
    page.refresh(select=campaign_id)
    page.calls_button.click()
    dialog = page.calls_dialog
    assert dialog is not None
    dialog.tabs.setCurrentIndex(1)
    labels = [dialog.hours_table.verticalHeaderItem(r).text() for r in range(dialog.hours_table.rowCount())]
    assert labels[:2] == ["Tue 24 Nov 12:00", "Tue 24 Nov 13:00"] and labels[-1] == "Thu 26 Nov 17:00"
    assert len(labels) == 6 + 10 + 10  # the open hours of three days, from the release
    dialog.record_button.click()
    assert dialog.message.text() == "Enter the calls of at least the hours after the release."
    dialog.hours_table.setItem(0, 0, QTableWidgetItem("many"))
    dialog.record_button.click()
    assert dialog.message.text() == "Tue 24 Nov 12:00: enter the number of calls, e.g. 14." and dialog.isVisible()
    for row in range(dialog.hours_table.rowCount()):
        dialog.set_hour(row, 0)
    dialog.set_hour(0, 5)  # five of the ten patients phoned in the first hour, nobody later
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.record_button.click()
    assert page.selected().status is CampaignStatus.DRAFT
    change = page.change_label.text()
    assert change.startswith("50.0% of patients phoned (95% interval")
    assert "from the calls about the campaign in 26 hours: 5 calls after 10 texts." in change


def test_a_call_log_is_read_in_the_background_and_counted(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    workspace = window.campaigns_page._workspace
    campaign_id = released_at_noon(workspace)
    rows = [["Direction", "Caller", "Date/Time"]]
    for day in (10, 11, 12, 17, 18, 19, 24, 25, 26):  # two usual weeks, and the release's days
        for hour in range(8, 18):
            calls = 4 + (6 if (day, hour) == (24, 12) else 0)
            rows += [["Inbound", "07700 900123", f"{day}/11/2026 {hour:02}:{minute:02}"] for minute in range(calls)]
    rows.append(["Outbound", "07700 900456", "24/11/2026 12:30"])
    path = write_csv(tmp_path / "calls.csv", rows)
    window.show_area("Campaigns")
    page = window.campaigns_page
    page.refresh(select=campaign_id)
    page.calls_button.click()
    dialog = page.calls_dialog
    assert dialog is not None
    dialog.tabs.setCurrentIndex(2)
    dialog.choose_file(str(path))
    qtbot.waitUntil(lambda: dialog.file_label.text() == "calls.csv", timeout=10_000)
    assert dialog.time_combo.currentText() == "Date/Time" and dialog.date_combo.currentIndex() == 0
    assert 'Calls marked outbound in "Direction" will not be counted.' in dialog.message.text()
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.record_button.click()
    assert page.change_label.text().startswith("60.0% of patients phoned")
    dump = "\n".join(workspace.db.conn.iterdump())
    assert "900123" not in dump


def test_a_broken_call_log_is_explained_and_nothing_recorded(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    workspace = window.campaigns_page._workspace
    campaign_id = released_at_noon(workspace)
    window.show_area("Campaigns")
    page = window.campaigns_page
    page.refresh(select=campaign_id)
    page.calls_button.click()
    dialog = page.calls_dialog
    assert dialog is not None
    dialog.tabs.setCurrentIndex(2)
    dialog.record_button.click()
    assert dialog.message.text() == "Choose the phone system's call log first."
    broken = tmp_path / "calls.xlsx"
    broken.write_bytes(b"not a workbook at all")
    dialog.choose_file(str(broken))
    qtbot.waitUntil(lambda: "calls.xlsx" in dialog.message.text(), timeout=10_000)
    assert dialog.file_label.text() == "No call log chosen." and dialog.log_file is None
    numbers = write_csv(tmp_path / "numbers.csv", [["Caller", "Duration"], ["07700 900123", "00:02:00"]])
    dialog.choose_file(str(numbers))
    qtbot.waitUntil(lambda: dialog.file_label.text() == "numbers.csv", timeout=10_000)
    with qtbot.waitSignal(dialog.record_button.clicked):
        dialog.record_button.click()
    qtbot.waitUntil(lambda: "No call times could be read" in dialog.message.text(), timeout=10_000)
    assert workspace.db.execute("SELECT count(*) FROM call_counts").fetchone()[0] == 0
    assert page.selected().status is CampaignStatus.APPROVED


def test_home_shows_the_next_releases_once_a_campaign_is_approved(window: MainWindow) -> None:
    workspace = window.campaigns_page._workspace
    assert "No releases are planned" in window.home_page.upcoming.text()
    campaign = ready_campaign(workspace, "Flu 65+")
    window.show_area("Campaigns")
    campaigns.approve(workspace, campaign.id, "Sam Patel")
    window.campaigns_page.refresh(select=campaign.id)
    text = window.home_page.upcoming.text()
    assert "Tue 1 Dec 2026 09:00" in text and "Flu 65+" in text and "10 messages" in text
    assert "about 0.5 extra calls" in text  # 10 messages at 5%


@pytest.mark.parametrize(("patients", "labelled"), [(2_500, ["02 Dec", "03 Dec", "04 Dec", "07 Dec"]), (90_000, None)])
def test_the_plan_charts_dates_stay_readable_for_long_plans(
    qtbot: QtBot, patients: int, labelled: list[str] | None
) -> None:
    plan = plan_release(PlanInputs(cohort_size=patients, start=datetime(2026, 12, 2, tzinfo=UK)))
    chart = PlanChart()
    qtbot.addWidget(chart)
    chart.show_plan(plan)
    days = len(plan.calls_by_day())
    if labelled is not None:
        assert chart.date_labels == labelled  # a short plan labels every day
    else:
        assert days >= 40 and len(chart.date_labels) <= PlanChart.MAX_DATE_LABELS
        assert chart.date_labels[0] == "02 Dec"


def test_the_approver_sees_patients_another_campaign_of_the_same_purpose_texted_this_week(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, wizard: CampaignWizard
) -> None:
    from datetime import timedelta

    from desktop.core.clock import to_store, utc_now
    from desktop.services.releases import queue_block
    from tests.campaign_helpers import approve_and_test

    other = approve_and_test(workspace, ready_campaign(workspace, "Flu clinic Saturday").id)
    release = queue_block(workspace, other.id, 1)
    workspace.db.execute(
        "UPDATE messages SET status = 'delivered', sent_at = ? WHERE release_id = ?",
        [to_store(utc_now() - timedelta(days=2)), release],
    )
    wizard.next()
    answer_quick_check(wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.costing is not None, timeout=5000)
    page = wizard.cost_page
    assert "for <b>51</b> messages" in page.result.text()
    assert "10 patients were sent a message of the same purpose in the last 7 days (10 by 'Flu clinic Saturday')" in (
        page.left_out.text()
    )
    assert "they are left out" in page.left_out.text() and page.keep_recent.isVisible()
    page.keep_recent.setChecked(True)
    qtbot.waitUntil(lambda: wizard.costing is not None and wizard.costing.estimate.messages == 61, timeout=5000)
    assert "they are texted anyway" in page.left_out.text()
    assert campaigns.get(workspace, wizard.campaign.id).options.keep_recent_same_purpose


def test_a_running_campaign_takes_a_refreshed_search_from_the_campaigns_page(
    window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    from desktop.services.cohort_import import import_file
    from tests.files import GOOD, HEADER, write_csv

    campaign = campaigns.approve(workspace, ready_campaign(workspace).id, "Sam Patel")
    refreshed = import_file(workspace, write_csv(tmp_path / "refreshed.csv", [HEADER, *GOOD]), name="Refreshed")
    window.show_area("Campaigns")
    page = window.campaigns_page
    page.refresh(select=campaign.id)
    assert page.refreshed_button.isEnabled()
    page.use_refreshed_search(refreshed.cohort_id)
    assert campaigns.get(workspace, campaign.id).options.refreshed_cohort_id == refreshed.cohort_id


def test_the_hourly_chart_shows_each_open_hours_calls_against_its_capacity(qtbot: QtBot) -> None:
    from desktop.ui.campaigns.hourly_chart import HourlyChart

    chart = HourlyChart()
    qtbot.addWidget(chart)
    assert chart.chart().title() == "No plan yet"
    heavy = plan_release(replace(SMALL_BLOCKS, cohort_size=2_000, first_block=400, max_block=800, daily_capacity=100))
    chart.show_plan(heavy)
    days = sorted({load.hour.date() for load in chart.loads})
    assert len(days) <= 5 and [load.hour.hour for load in chart.loads[:10]] == list(range(8, 18))
    assert chart.chart().title().endswith("over capacity") and any(load.over for load in chart.loads)
    light = plan_release(replace(SMALL_BLOCKS, cohort_size=20))
    chart.show_plan(light)
    assert chart.chart().title() == "Every hour within capacity"


def test_a_campaign_over_the_allocation_is_shown_so_and_approved_only_with_the_tick(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = window.campaigns_page._workspace
    tiny = Allocation(AllocationKind.PENCE, Decimal(1), 100, year_start=(datetime.now(UK).month, 1))  # £1 a year
    update_settings(workspace, replace(get_settings(workspace), allocation=tiny))
    window.show_area("Campaigns")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Flu 65+ autumn", True))
    wizard = window.campaigns_page.new_campaign()
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.basics_page.recipients_label.text() == "61 patients would be texted.")
    wizard.next()
    answer_quick_check(wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.costing is not None, timeout=5000)
    cost = wizard.cost_page
    assert "(£0.01 for each of 100 patients)" in cost.result.text() and "more than is left" in cost.result.text()
    assert "would go over this year's allocation: the approver must accept that" in cost.warnings.text()
    wizard.next()
    planned(qtbot, wizard.plan_page)
    wizard.next()
    approval = wizard.approval_page
    assert approval.overspend_check.isVisible() and "more than is left" in approval.summary.text()
    approval.approver_edit.setText("Sam Patel")
    approval.approve()
    qtbot.waitUntil(lambda: "Tick that you accept going over the allocation" in approval.message.text())
    approval.overspend_check.setChecked(True)
    approval.approve()
    qtbot.waitUntil(lambda: approval.message.text().startswith("Approved by Sam Patel"))
    assert not approval.overspend_check.isEnabled()


def test_a_plan_that_falls_short_on_many_days_names_the_first_and_counts_the_rest() -> None:
    from desktop.ui.campaigns.plan_pages import _shortened

    assert _shortened(("Mon", "Tue", "Wed")) == "Mon\nTue\nWed"
    assert _shortened(("Mon", "Tue", "Wed", "Thu")) == (
        "Mon\nTue\n…and 2 more days held back the same way (point here for all)."
    )


def test_the_quick_check_says_beside_next_what_is_still_needed(wizard: CampaignWizard) -> None:
    wizard.next()
    check = wizard.quick_check_page
    assert check.missing.text() == "To go on, answer the 4 questions left and enter the outcome objective."
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    groups = list(check.groups.values())
    for group in groups[:3]:
        group.button(1).setChecked(True)
    assert check.missing.text() == "To go on, answer the question left and enter the outcome objective."
    groups[3].button(0).setChecked(True)  # a no is an answer
    assert check.missing.text() == "To go on, enter the outcome objective."
    check.objective_edit.setText("  ")
    assert check.missing.text() == "To go on, enter the outcome objective."
    check.objective_edit.setText("Fewer DNAs")
    assert check.missing.text() == "" and wizard.button(QWizard.WizardButton.NextButton).isEnabled()
