"""Releases: today's and upcoming blocks across campaigns, Send now with live progress, Pause, Resume,
Cancel, and what became of each text: by block, by patient, numbers not in use, and a log.

Sending runs in a worker with its own database connection (desktop.ui.releases.jobs); Pause and
Cancel change the campaign here, and the sender sees it between texts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.campaign import CampaignError
from desktop.core.clock import utc_now
from desktop.core.cost import format_pounds
from desktop.services import campaigns, first_release_test, release_board, replies
from desktop.services.export import confirm_export
from desktop.services.release_board import BlockView
from desktop.services.send_due import sending_allowed
from desktop.services.workspace import Workspace
from desktop.store.settings import load_settings
from desktop.ui.help_texts import page_intro
from desktop.ui.releases import jobs
from desktop.ui.releases.models import BlocksModel, FailedNumbersModel, OtherRepliesModel, PatientTextsModel
from desktop.ui.widgets import heading, message_label, note, show_message
from desktop.ui.workers import JobSlot, Worker, in_workspace

REFRESH_MS = 60_000  # the board is read again each minute, so "Due now" and "Overdue" stay true
BOARD_WHILE_SENDING = 2.0  # seconds between readings of the board while a block is sending


class ReleasesPage(QWidget):
    changed = Signal(str)  # a message for the status bar
    sent = Signal()  # a release finished (the campaigns and home pages may show new figures)

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Releases")
        self._workspace = workspace
        self._clock = clock
        self.send_job = JobSlot(self)
        self.refresh_job = JobSlot(self)
        self._sending: tuple[int, int] | None = None  # (campaign, block) being sent
        self._board_read_at = 0.0

        self.hours_label = QLabel()
        self.hours_label.setObjectName("note")
        self.send_button = QPushButton("Send now…")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(lambda: self.send_selected())
        self.pause_button = QPushButton("Pause")
        self.pause_button.clicked.connect(lambda: self._act(campaigns.pause, "paused"))
        self.resume_button = QPushButton("Resume")
        self.resume_button.clicked.connect(lambda: self._act(campaigns.resume, "resumed"))
        self.cancel_button = QPushButton("Cancel campaign…")
        self.cancel_button.clicked.connect(lambda: self.cancel_selected())
        self.export_button = QPushButton("Export for upload…")
        self.export_button.setToolTip("Write the block as files to upload into your messaging product or Notify")
        self.export_button.clicked.connect(lambda: self.export_selected())
        self.confirm_button = QPushButton("Confirm export…")
        self.confirm_button.setToolTip("Say whether the exported texts were sent")
        self.confirm_button.clicked.connect(lambda: self.confirm_selected())
        self.test_button = QPushButton("Send test…")
        self.test_button.setToolTip(
            "Before the first release: the message for a patient you choose, to the staff mobile"
        )
        self.test_button.clicked.connect(lambda: self.send_test())
        self.checked_button = QPushButton("Test looked right…")
        self.checked_button.clicked.connect(lambda: self.confirm_test())
        self.statuses_button = QPushButton("Ask Notify for delivery")
        self.statuses_button.setToolTip("Fetch what became of this week's texts (send-due does this too)")
        self.statuses_button.clicked.connect(self.refresh_statuses)
        for button, name in (
            (self.send_button, "Send now"),
            (self.pause_button, "Pause campaign"),
            (self.resume_button, "Resume campaign"),
            (self.cancel_button, "Cancel campaign"),
            (self.statuses_button, "Ask Notify for delivery"),
            (self.export_button, "Export for upload"),
            (self.confirm_button, "Confirm export"),
            (self.test_button, "Send test message"),
            (self.checked_button, "Test looked right"),
        ):
            button.setAccessibleName(name)
        # Two rows: what can be done with the selected block, then with its campaign.
        actions = QVBoxLayout()
        block_row = QHBoxLayout()
        for button in (
            self.test_button,
            self.checked_button,
            self.send_button,
            self.export_button,
            self.confirm_button,
        ):
            block_row.addWidget(button)
        block_row.addStretch(1)
        campaign_row = QHBoxLayout()
        for button in (self.pause_button, self.resume_button, self.cancel_button):
            campaign_row.addWidget(button)
        campaign_row.addStretch(1)
        campaign_row.addWidget(self.statuses_button)
        actions.addLayout(block_row)
        actions.addLayout(campaign_row)

        self.model = BlocksModel(self)
        self.view = QTableView()
        self.view.setAccessibleName("Releases")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        # the campaign's name takes what the counts leave, so every column shows at the smallest window
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((0, 55, 120, 60, 115, 60, 75, 60, 75)):
            if column:
                self.view.setColumnWidth(column, width)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Sending progress")
        self.progress.setVisible(False)
        self.live_label = QLabel()
        self.live_label.setVisible(False)
        self.result = message_label()
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAccessibleName("The selected block")

        self.lookup_edit = QLineEdit()
        self.lookup_edit.setPlaceholderText("NHS number or mobile")
        self.lookup_edit.setAccessibleName("Patient look-up")
        self.lookup_edit.returnPressed.connect(self.look_up)
        lookup_button = QPushButton("Look up")
        lookup_button.clicked.connect(self.look_up)
        self.lookup_message = QLabel()
        self.lookup_message.setWordWrap(True)
        self.texts_model = PatientTextsModel(self)
        self.texts_view = _table(self.texts_model, "The patient's texts", (120, 150, 170, 110, 200))
        lookup = QWidget()
        lookup_layout = QVBoxLayout(lookup)
        row = QHBoxLayout()
        row.addWidget(QLabel("Was this patient texted?"))
        row.addWidget(self.lookup_edit, 1)
        row.addWidget(lookup_button)
        lookup_layout.addLayout(row)
        lookup_layout.addWidget(self.lookup_message)
        lookup_layout.addWidget(self.texts_view, 1)

        self.failed_model = FailedNumbersModel(self)
        self.failed_view = _table(self.failed_model, "Numbers not in use", (125, 200, 210, 110))
        failed = QWidget()
        failed_layout = QVBoxLayout(failed)
        failed_layout.addWidget(
            note("Notify said these numbers are not in use (last 90 days). Correct the patients' records.")
        )
        failed_layout.addWidget(self.failed_view, 1)

        self.survey_label = QLabel()
        self.survey_label.setWordWrap(True)
        self.survey_label.setAccessibleName("Survey answers")
        self.others_model = OtherRepliesModel(self)
        self.others_view = _table(self.others_model, "Other survey replies", (125, 180, 110, 110))
        survey = QWidget()
        survey_layout = QVBoxLayout(survey)
        survey_layout.addWidget(self.survey_label)
        survey_layout.addWidget(self.others_view, 1)

        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setAccessibleName("What happened")

        self.tabs = QTabWidget()
        self.tabs.addTab(lookup, "Patient look-up")
        self.tabs.addTab(failed, "Numbers not in use")
        self.tabs.addTab(survey, "Survey replies")
        self.tabs.addTab(self.log, "What happened")

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.view, 1)
        upper_layout.addLayout(actions)
        upper_layout.addWidget(self.progress)
        upper_layout.addWidget(self.live_label)
        upper_layout.addWidget(self.result)
        upper_layout.addWidget(self.details)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.tabs)
        splitter.setSizes([380, 220])
        self.empty_note = note(
            "Nothing to release yet. An approved campaign's blocks appear here when they are planned; "
            "they go at their time from the open window or from `send-due`, or now with Send now."
        )
        top = QHBoxLayout()
        top.addWidget(heading("Releases"))
        top.addStretch(1)
        top.addWidget(self.hours_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(top)
        layout.addWidget(page_intro("Releases"))
        layout.addWidget(self.empty_note)
        layout.addWidget(splitter, 1)
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: self.refresh())
        self._timer.start(REFRESH_MS)
        self.refresh()

    def stop(self) -> None:
        """No more minutely reading of the board: the window is closing."""
        self._timer.stop()

    # The board

    def refresh(self, now: datetime | None = None) -> None:
        moment = now or self._clock()
        self._board_read_at = time.monotonic()
        current = self.selected()
        self.model.set_views(release_board.board(self._workspace, moment))
        row = self.model.row_of(current.campaign_id, current.sequence) if current else None
        if row is None:
            row = next((r for r in range(self.model.row_count()) if self.model.view(r).state != "Sent"), 0)
        if self.model.row_count():
            self.view.selectRow(row)
        self.empty_note.setVisible(self.model.row_count() == 0)
        allowed = sending_allowed(self._workspace, moment)
        self.hours_label.setText(
            "Within the sending hours now" if allowed else "Outside the sending hours now: nothing is sent"
        )
        self.failed_model.set_items(release_board.failed_numbers(self._workspace))
        self.log.setPlainText("\n".join(release_board.activity(self._workspace)))
        self._show_selected()

    def selected(self) -> BlockView | None:
        index = self.view.currentIndex()
        return self.model.view(index.row()) if index.isValid() and index.row() < self.model.row_count() else None

    def _show_selected(self) -> None:
        view = self.selected()
        sending = self.send_job.busy
        status = view.campaign_status.value if view else None
        self.send_button.setEnabled(view is not None and view.can_send_now and not sending)
        self.export_button.setEnabled(view is not None and view.can_export and not sending)
        self.confirm_button.setEnabled(view is not None and view.exported > 0)
        self.test_button.setEnabled(view is not None and view.needs_test and status == "approved" and not sending)
        self.checked_button.setEnabled(view is not None and view.test_sent)
        self.pause_button.setEnabled(status == "approved")
        self.resume_button.setEnabled(status == "paused" and not sending)
        self.cancel_button.setEnabled(status in ("approved", "paused"))
        if view is None:
            self.details.setText("")
        else:
            same = [self.model.view(r) for r in range(self.model.row_count())]
            self.details.setText(
                _details(view) + _campaign_totals([v for v in same if v.campaign_id == view.campaign_id])
            )
        self._show_survey(view)

    def _show_survey(self, view: BlockView | None) -> None:
        if view is None or not view.is_survey:
            self.survey_label.setText(
                "Select a block of a survey to see its answers. Replies to other texts are not read."
            )
            self.others_model.set_items([])
            return
        results = replies.survey_results(self._workspace, view.campaign_id)
        total = results.total

        def share(n: int) -> str:
            return f"{n:,} ({n * 100 // total}%)" if total else "0"

        self.survey_label.setText(
            f"'{view.campaign}': {total:,} answers. YES {share(results.yes)}, NO {share(results.no)}, "
            f"other {share(results.other)}. Other replies are listed so you can decide whether to call; "
            "they are never answered by text."
        )
        self.others_model.set_items(results.others)

    # Actions

    def send_selected(self, confirm: bool = True) -> Worker | None:
        view = self.selected()
        if view is None or not view.can_send_now:
            return None
        count = view.waiting if view.block_status == "releasing" else view.size
        if confirm:
            answer = QMessageBox.question(
                self,
                "Send now",
                f"Send block {view.sequence} of '{view.campaign}' now?\n\n"
                f"About {count:,} texts, costing about {format_pounds(view.estimated_cost)} including VAT. "
                "Texts cannot be recalled once sent.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        path, actor = self._workspace.path, self._workspace.actor
        campaign_id, sequence, clock = view.campaign_id, view.sequence, self._clock
        worker = Worker(
            lambda progress, cancelled: in_workspace(
                path, lambda ws: jobs.send(ws, campaign_id, sequence, progress, clock), actor
            )
        )
        worker.progress.connect(lambda _stage, done, total: self._show_progress(done, total))
        worker.finished.connect(self._sent)
        worker.ended.connect(self._send_ended)
        self._sending = (campaign_id, sequence)
        self._board_read_at = 0.0  # the first progress shows the block as sending
        self.progress.setRange(0, count)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.live_label.setText(f"Sending block {sequence} of '{view.campaign}'…")
        self.live_label.setVisible(True)
        show_message(self.result, "", "ok")
        self.send_job.start(worker)
        self._show_selected()
        return worker

    def export_selected(self, folder: Path | None = None) -> Worker | None:
        """Write the block for upload (in a worker: a large block takes a moment)."""
        view = self.selected()
        if view is None or not view.can_export:
            return None
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, f"Export block {view.sequence} of '{view.campaign}' to")
            if not chosen:
                return None
            folder = Path(chosen)
        path, actor, clock = self._workspace.path, self._workspace.actor, self._clock
        campaign_id, sequence, target = view.campaign_id, view.sequence, folder
        worker = Worker(
            lambda progress, cancelled: in_workspace(
                path, lambda ws: jobs.export(ws, campaign_id, sequence, target, clock()), actor
            ),
            expected=(CampaignError,),
        )
        worker.finished.connect(lambda said: self._exported(sequence, said))
        worker.failed.connect(lambda said: show_message(self.result, said, "error"))
        worker.ended.connect(self.refresh)
        self.export_button.setEnabled(False)
        self.send_job.start(worker)
        return worker

    def _exported(self, sequence: int, said: str) -> None:
        show_message(self.result, said, "ok")
        self.changed.emit(f"Block {sequence} exported.")

    def confirm_selected(self, sent: bool | None = None) -> None:
        view = self.selected()
        if view is None or not view.exported:
            return
        if sent is None:
            box = QMessageBox(self)
            box.setWindowTitle("Confirm export")
            box.setText(f"Were the {view.exported:,} exported texts of block {view.sequence} sent?")
            box.setInformativeText("If they were not, the block waits to be exported or sent again.")
            sent_button = box.addButton("They were sent", QMessageBox.ButtonRole.YesRole)
            unsent_button = box.addButton("They were not sent", QMessageBox.ButtonRole.NoRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() not in (sent_button, unsent_button):
                return
            sent = box.clickedButton() is sent_button
        try:
            count = confirm_export(self._workspace, view.campaign_id, view.sequence, sent, self._clock())
        except CampaignError as error:
            show_message(self.result, str(error), "error")
            return
        said = (
            f"Block {view.sequence}: {count:,} texts recorded as sent."
            if sent
            else f"Block {view.sequence} was not sent: it waits to be released again."
        )
        show_message(self.result, said, "ok")
        self.changed.emit(said)
        self.refresh()

    def send_test(self, patient: int | None = None, folder: Path | None = None) -> Worker | None:
        """The test message for a patient staff choose: to the staff mobile, or as a sample file."""
        view = self.selected()
        if view is None or not view.needs_test:
            return None
        campaign = campaigns.get(self._workspace, view.campaign_id)
        if patient is None:
            options = first_release_test.choices(self._workspace, campaign)
            labels = [choice.label for choice in options]
            label, ok = QInputDialog.getItem(
                self, "Send test", "Render the test message for which patient?", labels, 0, False
            )
            if not ok or label not in labels:
                return None
            patient = options[labels.index(label)].patient_id
        notify = load_settings(self._workspace.db).counting.is_notify
        if not notify and folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "Write the sample test message to")
            if not chosen:
                return None
            folder = Path(chosen)
        path, actor, campaign_id, who, target = (
            self._workspace.path,
            self._workspace.actor,
            view.campaign_id,
            patient,
            folder,
        )
        worker = Worker(
            lambda progress, cancelled: in_workspace(
                path, lambda ws: jobs.send_test(ws, campaign_id, who, target), actor
            ),
            expected=(CampaignError,),
        )
        worker.finished.connect(lambda said: show_message(self.result, said, "ok"))
        worker.failed.connect(lambda said: show_message(self.result, said, "error"))
        worker.ended.connect(self.refresh)
        self.test_button.setEnabled(False)
        self.send_job.start(worker)
        return worker

    def confirm_test(self, by: str | None = None) -> None:
        view = self.selected()
        if view is None or not view.test_sent:
            return
        if by is None:
            by, ok = QInputDialog.getText(
                self, "Test looked right", "The test text looked right. Who checked it (your name)?"
            )
            if not ok:
                return
        try:
            first_release_test.confirm_test(self._workspace, view.campaign_id, by)
        except CampaignError as error:
            show_message(self.result, str(error), "error")
            return
        said = f"Test message of '{view.campaign}' checked: its first block can go."
        show_message(self.result, said, "ok")
        self.changed.emit(said)
        self.refresh()

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, done, 1))
        self.progress.setValue(done)
        self.live_label.setText(f"{done:,} of {total:,} texts handed to GOV.UK Notify")
        if time.monotonic() - self._board_read_at >= BOARD_WHILE_SENDING:
            self.refresh()  # the table's counts, as each group of texts is written

    def _sent(self, outcome: tuple[bool, str]) -> None:
        ok, said = outcome
        show_message(self.result, said, "ok" if ok else "error")
        self.changed.emit(said)

    def _send_ended(self) -> None:
        self._sending = None
        self.progress.setVisible(False)
        self.live_label.setVisible(False)
        self.refresh()
        self.sent.emit()

    def cancel_selected(self, confirm: bool = True) -> None:
        view = self.selected()
        if view is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                "Cancel campaign",
                f"Cancel '{view.campaign}'? Texts not yet sent will not be sent, and it cannot be restarted.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._act(campaigns.cancel, "cancelled")

    def _act(self, action: Any, done: str) -> None:
        view = self.selected()
        if view is None:
            return
        try:
            action(self._workspace, view.campaign_id)
        except CampaignError as error:
            show_message(self.result, str(error), "error")
            return
        said = f"'{view.campaign}' {done}."
        if done != "resumed" and self._sending and self._sending[0] == view.campaign_id:
            said += " Sending stops after the text now going."
        show_message(self.result, said, "ok")
        self.changed.emit(said)
        self.refresh()

    def refresh_statuses(self) -> Worker:
        path = self._workspace.path
        worker = Worker(lambda progress, cancelled: in_workspace(path, jobs.refresh_statuses))
        worker.finished.connect(self._statuses_refreshed)
        self.statuses_button.setEnabled(False)
        worker.ended.connect(lambda: self.statuses_button.setEnabled(True))
        self.refresh_job.start(worker)
        return worker

    def _statuses_refreshed(self, said: str) -> None:
        show_message(self.result, said, "ok")
        self.refresh()

    def look_up(self) -> None:
        try:
            found = release_board.look_up(self._workspace, self.lookup_edit.text())
        except CampaignError as error:
            self.texts_model.set_items([])
            self.lookup_message.setText(str(error))
            return
        self.texts_model.set_items(found)
        self.lookup_message.setText(
            f"{len(found)} text{'s' if len(found) != 1 else ''} found, newest first."
            if found
            else "No text from Practice Messaging has gone to this patient or number."
        )


def _table(model: Any, name: str, widths: tuple[int, ...]) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view


def _campaign_totals(views: list[BlockView]) -> str:
    """The campaign's figures over the blocks on the page, after the block's own."""
    if len(views) < 2 or not any(v.counts for v in views):
        return ""
    sent, delivered, failed = (sum(getattr(v, name) for v in views) for name in ("sent", "delivered", "failed"))
    estimated = sum((v.estimated_cost for v in views if v.counts), Decimal(0))
    return (
        f"<br>Campaign so far: {sent:,} sent, {delivered:,} delivered, {failed:,} not delivered; "
        f"estimated {format_pounds(estimated)} for the blocks released."
    )


def _details(view: BlockView) -> str:
    parts = [f"<b>{view.campaign}, block {view.sequence}</b>: {view.state.lower()}."]
    if view.counts:
        parts.append(
            f"{view.sent:,} sent, {view.delivered:,} delivered, {view.failed:,} not delivered, "
            f"{view.waiting:,} waiting"
            + (" (recorded 25 texts at a time while sending)." if view.state == "Sending" else ".")
        )
    failures = release_board.failures_by_reason(view.counts)
    if failures:
        parts.append(
            "Not delivered: " + "; ".join(f"{words.split(': ')[-1]} {n:,}" for words, n in failures.items()) + "."
        )
    if view.left_out:
        parts.append(
            "Left out when queued: " + ", ".join(f"{reason} {n:,}" for reason, n in view.left_out.items()) + "."
        )
    cost = f"Estimated {format_pounds(view.estimated_cost)}"
    if view.real_cost is not None:
        cost += f"; Notify's cost {format_pounds(view.real_cost)} (both with VAT)"
    parts.append(cost + ".")
    return " ".join(parts)
