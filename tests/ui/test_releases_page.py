"""The Releases page against the stand-in Notify: Send now with live progress, pause, the look-up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.demo.notify_standin import NotifyStandIn
from desktop.services import campaigns, first_release_test
from desktop.services.practice import get_settings, update_settings
from desktop.services.workspace import Workspace
from desktop.store.campaigns import batches
from desktop.ui.main_window import MainWindow
from desktop.ui.releases import ReleasesPage
from tests.campaign_helpers import approve_and_test, ready_campaign

pytestmark = pytest.mark.usefixtures("notify_env")  # the window and the commands read the key from there


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow, notify: NotifyStandIn, workspace: Workspace) -> Iterator[ReleasesPage]:
    from dataclasses import replace

    update_settings(workspace, replace(get_settings(workspace), notify_template_id=notify.template_id))
    approved = approve_and_test(workspace, ready_campaign(workspace).id)
    moment = batches(workspace.db, approved.id)[0]["planned_at"] + timedelta(minutes=5)
    releases = ReleasesPage(workspace, clock=lambda: moment)
    qtbot.addWidget(releases)
    releases.resize(1100, 700)
    releases.show()
    yield releases


def test_the_due_block_is_selected_and_sent_with_live_progress(
    qtbot: QtBot, page: ReleasesPage, notify: NotifyStandIn
) -> None:
    assert page.model.row_count() == 3 and page.selected() is not None
    assert page.selected().state == "Due now" and page.send_button.isEnabled()  # type: ignore[union-attr]
    assert page.hours_label.text() == "Within the sending hours now"
    steps: list[int] = []
    worker = page.send_selected(confirm=False)
    assert worker is not None and not page.send_button.isEnabled()
    worker.progress.connect(lambda _stage, done, _total: steps.append(done))
    qtbot.waitUntil(lambda: not page.send_job.busy, timeout=10_000)
    assert steps[-1] == 10 and len(notify.texts) == 10
    assert page.result.text() == "Block 1: 10 texts sent."
    first = page.model.view(0)
    assert (first.state, first.sent) == ("Sent", 10)
    assert not page.send_button.isEnabled()  # the block went: the next one is selected by the user
    assert "block 1 sent by Send now: 10 texts went" in page.log.toPlainText()
    page.view.selectRow(1)
    assert "Campaign so far: 10 sent, 0 delivered, 0 not delivered" in page.details.text()


def test_send_now_asks_first_with_the_count_and_cost(
    qtbot: QtBot, page: ReleasesPage, notify: NotifyStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert page.send_selected() is None
    assert "Send block 1 of 'Flu 2026 (sample patients)' now?" in asked[0]
    assert "About 10 texts, costing about £" in asked[0]
    assert notify.texts == []


def test_pausing_while_sending_stops_between_texts_and_resume_carries_on(
    qtbot: QtBot, page: ReleasesPage, notify: NotifyStandIn, workspace: Workspace
) -> None:
    notify.answer_after = 0.2  # slow enough to pause part way
    worker = page.send_selected(confirm=False)
    assert worker is not None
    qtbot.waitUntil(lambda: len(notify.texts) >= 2, timeout=10_000)
    page.pause_button.click()
    qtbot.waitUntil(lambda: not page.send_job.busy, timeout=10_000)
    taken = len(notify.texts)
    assert 2 <= taken < 10 and "Stopped: The campaign was paused" in page.result.text()
    assert page.selected().state == "Paused"  # type: ignore[union-attr]
    notify.answer_after = 0.0
    page.resume_button.click()
    assert page.selected().state == "Sending" and page.send_button.isEnabled()  # type: ignore[union-attr]
    page.send_selected(confirm=False)
    qtbot.waitUntil(lambda: not page.send_job.busy, timeout=10_000)
    assert len(notify.texts) == 10 and len({t.phone_number for t in notify.texts}) == 10


def test_reception_looks_a_patient_up_by_nhs_number(qtbot: QtBot, page: ReleasesPage, workspace: Workspace) -> None:
    page.send_selected(confirm=False)
    qtbot.waitUntil(lambda: not page.send_job.busy, timeout=10_000)
    number = workspace.db.execute(
        "SELECT p.nhs_number FROM messages m JOIN patients p ON p.id = m.patient_id LIMIT 1"
    ).fetchone()[0]
    page.lookup_edit.setText(number)
    page.look_up()
    assert page.texts_model.row_count() == 1 and page.lookup_message.text() == "1 text found, newest first."
    page.lookup_edit.setText("Mrs Smith")
    page.look_up()
    assert page.texts_model.row_count() == 0 and "Type an NHS number" in page.lookup_message.text()


def test_without_a_template_id_send_now_says_what_to_set(
    qtbot: QtBot, page: ReleasesPage, workspace: Workspace, notify: NotifyStandIn
) -> None:
    from dataclasses import replace

    update_settings(workspace, replace(get_settings(workspace), notify_template_id=""))
    page.send_selected(confirm=False)
    qtbot.waitUntil(lambda: not page.send_job.busy, timeout=10_000)
    assert page.result.text() == "Set the GOV.UK Notify template ID in Settings first."
    assert notify.texts == [] and page.selected().state == "Due now"  # type: ignore[union-attr]


def test_the_window_has_a_releases_area(window: MainWindow) -> None:
    window.show_area("Releases")
    assert window.current_area() == "Releases" and isinstance(window.releases_page, ReleasesPage)


def test_a_block_is_exported_for_upload_then_confirmed_sent(
    qtbot: QtBot, page: ReleasesPage, tmp_path: Path, notify: NotifyStandIn
) -> None:
    assert page.export_button.isEnabled() and not page.confirm_button.isEnabled()
    worker = page.export_selected(tmp_path)
    assert worker is not None
    qtbot.waitUntil(lambda: not page.send_job.busy, timeout=10_000)
    assert "10 texts exported to" in page.result.text() and len(list(tmp_path.glob("flu-2026-block-1-*"))) == 3
    assert page.selected().state == "Exported: confirm" and page.confirm_button.isEnabled()  # type: ignore[union-attr]
    assert not page.send_button.isEnabled() and not page.export_button.isEnabled()
    page.confirm_selected(sent=True)
    assert page.result.text() == "Block 1: 10 texts recorded as sent."
    assert page.selected().state == "Sent" and notify.texts == []  # type: ignore[union-attr]


def test_an_export_to_a_folder_that_is_gone_says_so_and_changes_nothing(
    qtbot: QtBot, page: ReleasesPage, tmp_path: Path
) -> None:
    page.export_selected(tmp_path / "gone")
    qtbot.waitUntil(lambda: not page.send_job.busy, timeout=10_000)
    assert "could not be written" in page.result.text() and "Nothing was exported." in page.result.text()
    assert page.selected().state == "Due now" and page.export_button.isEnabled()  # type: ignore[union-attr]


def test_the_first_block_waits_for_a_test_message_sent_and_checked_from_the_page(
    qtbot: QtBot, window: MainWindow, notify: NotifyStandIn, workspace: Workspace
) -> None:
    from dataclasses import replace

    update_settings(
        workspace,
        replace(get_settings(workspace), notify_template_id=notify.template_id, staff_mobile="07400 900123"),
    )
    approved = campaigns.approve(workspace, ready_campaign(workspace).id, "Sam Patel")
    moment = batches(workspace.db, approved.id)[0]["planned_at"] + timedelta(minutes=5)
    page = ReleasesPage(workspace, clock=lambda: moment)
    qtbot.addWidget(page)
    assert page.selected().state == "Needs test message"  # type: ignore[union-attr]
    assert not page.send_button.isEnabled() and not page.export_button.isEnabled()
    assert page.test_button.isEnabled() and not page.checked_button.isEnabled()
    patient = first_release_test.choices(workspace, approved)[0].patient_id
    page.send_test(patient)
    qtbot.waitUntil(lambda: not page.send_job.busy, timeout=10_000)
    assert "Test message sent to the staff mobile" in page.result.text()
    assert [t.phone_number for t in notify.texts] == ["+447400900123"] and page.checked_button.isEnabled()
    page.confirm_test("Jo Reception")
    assert page.selected().state == "Due now" and page.send_button.isEnabled()  # type: ignore[union-attr]
    assert "test message checked by Jo Reception" in page.log.toPlainText()


def test_a_surveys_answers_and_other_replies_are_shown_for_its_blocks(
    qtbot: QtBot, window: MainWindow, notify: NotifyStandIn, workspace: Workspace
) -> None:
    from dataclasses import replace

    from desktop.core.clock import to_store, utc_now
    from desktop.core.template import Purpose
    from desktop.gateways.notify import ApiKey, NotifyClient
    from desktop.services import release_board, replies
    from desktop.services.templates import all_templates

    update_settings(workspace, replace(get_settings(workspace), notify_template_id=notify.template_id))
    template = next(t for t in all_templates(workspace) if t.purpose is Purpose.SURVEY)
    draft = ready_campaign(workspace, "Booking survey")
    draft = campaigns.save_draft(
        workspace, replace(draft, purpose=Purpose.SURVEY, template_version_id=template.latest.id)
    )
    survey = approve_and_test(workspace, draft.id)
    moment = batches(workspace.db, survey.id)[0]["planned_at"] + timedelta(minutes=5)
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as client:
        release_board.send_now(workspace, survey.id, 1, client, notify.template_id, lambda: moment)
        sent = [r[0] for r in workspace.db.execute("SELECT recipient FROM messages ORDER BY id LIMIT 2")]
        an_hour_ago = to_store(utc_now() - timedelta(hours=1))
        workspace.db.execute("UPDATE messages SET sent_at = ?", [an_hour_ago])  # the replies come after
        notify.receive(sent[0].lstrip("+"), "YES")
        notify.receive(sent[1].lstrip("+"), "Not sure, I was seen by a locum")
        replies.fetch_replies(workspace, client)
    page = ReleasesPage(workspace, clock=lambda: moment)
    qtbot.addWidget(page)
    page.refresh()
    said = page.survey_label.text()
    assert "'Booking survey (sample patients)': 2 answers. YES 1 (50%), NO 0 (0%), other 1 (50%)." in said
    assert page.others_model.row_count() == 1
    index = page.others_model.index(0, 4)
    assert page.others_model.data(index) == "Not sure, I was seen by a locum"
    assert page.others_model.data(index, Qt.ItemDataRole.ToolTipRole) == "Not sure, I was seen by a locum"
    assert page.others_model.data(page.others_model.index(0, 1), Qt.ItemDataRole.ToolTipRole) is None


def test_the_open_window_sends_a_due_block_at_its_time_once(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, notify: NotifyStandIn
) -> None:
    from dataclasses import replace

    from desktop.ui.due_sender import DueSender

    update_settings(workspace, replace(get_settings(workspace), notify_template_id=notify.template_id))
    approved = approve_and_test(workspace, ready_campaign(workspace).id)
    planned = batches(workspace.db, approved.id)[0]["planned_at"]
    now = [planned - timedelta(minutes=5)]
    sender = DueSender(workspace, clock=lambda: now[0])
    said: list[str] = []
    sender.sent.connect(said.append)
    assert sender.check() is None  # nothing due yet
    now[0] = planned + timedelta(minutes=1)
    assert sender.check() is not None
    qtbot.waitUntil(lambda: not sender.job.busy, timeout=10_000)
    assert said == ["Due blocks sent: 10 texts."] and len(notify.texts) == 10
    assert sender.check() is None and len(notify.texts) == 10  # the block went: nothing is due
