"""Record the calls a campaign's releases caused: a total staff counted, the calls about it in each hour,
or the phone system's call log; the response is estimated again (with its 95 % interval) and the rest
re-planned."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.call_log import CallColumns, CallLogError
from desktop.core.campaign import CampaignError
from desktop.core.clock import UK, format_day
from desktop.core.phone_hours import PhoneHours
from desktop.core.schedule import PlanError
from desktop.gateways.spreadsheets import UnreadableFile
from desktop.services import responses
from desktop.services.responses import CallLog, GoneOut, Replanned
from desktop.services.workspace import Workspace
from desktop.ui.widgets import message_label, note, show_message
from desktop.ui.workers import JobSlot, Worker, in_workspace

SAME_COLUMN = "(in the same column)"
TOTAL, BY_HOUR, CALL_LOG = range(3)


class RecordCallsDialog(QDialog):
    def __init__(
        self, workspace: Workspace, campaign_id: int, blocks: list[GoneOut], hours: PhoneHours, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record calls")
        self._workspace, self._campaign_id, self._blocks = workspace, campaign_id, blocks
        self.replanned: Replanned | None = None
        self.log_file: CallLog | None = None
        self.reading = JobSlot(self)
        self.recording = JobSlot(self)
        first = blocks[0].at.astimezone(UK)
        numbers = [b.block for b in blocks]
        which = f"Block {numbers[0]}" if len(numbers) == 1 else f"Blocks {numbers[0]} to {numbers[-1]}"
        texts = sum(b.texts for b in blocks)
        intro = QLabel(f"{which} ({texts:,} messages) went out on {format_day(first.date())} from {first:%H:%M}.")
        intro.setObjectName("callsIntro")
        intro.setWordWrap(True)

        self.total_spin = QSpinBox()
        self.total_spin.setAccessibleName("Calls they caused")
        self.total_spin.setRange(0, 1_000_000)
        total_tab = QWidget()
        total_form = QFormLayout(total_tab)
        total_form.addRow("Calls they caused:", self.total_spin)
        total_form.addRow(note("The calls reception counted as about this campaign, in all, since it went out."))

        self.hours_table = QTableWidget()  # a few dozen cells: the open hours of three days
        self.hours_table.setAccessibleName("Calls about the campaign in each hour")
        self.hour_starts = [hour for day in hours.hours_from(first, 3) for hour in day]
        self.hours_table.setColumnCount(1)
        self.hours_table.setHorizontalHeaderLabels(["Calls about the campaign"])
        self.hours_table.setRowCount(len(self.hour_starts))
        self.hours_table.setVerticalHeaderLabels([_hour_label(h) for h in self.hour_starts])
        self.hours_table.horizontalHeader().setStretchLastSection(True)
        hours_tab = QWidget()
        hours_layout = QVBoxLayout(hours_tab)
        hours_layout.addWidget(
            note(
                "If reception kept a tally, the calls about this campaign in each hour the phones were open. "
                "Leave an hour blank if it was not counted; 0 means no calls about it."
            )
        )
        hours_layout.addWidget(self.hours_table)

        self.file_label = QLabel("No call log chosen.")
        self.choose_button = QPushButton("Choose call log…")
        self.choose_button.setAccessibleName("Choose call log")
        self.choose_button.clicked.connect(lambda: self.choose_file())
        self.time_combo, self.date_combo = QComboBox(), QComboBox()
        self.time_combo.setAccessibleName("Column with each call's time")
        self.date_combo.setAccessibleName("Column with each call's date")
        self.time_combo.setToolTip('The column with each call\'s time, or its date and time ("01/12/2026 09:14")')
        self.date_combo.setToolTip("The column with each call's date, if the time column holds only the time")
        log_tab = QWidget()
        log_form = QFormLayout(log_tab)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.file_label, 1)
        log_form.addRow(row)
        log_form.addRow("Time of each call:", self.time_combo)
        log_form.addRow("Its date:", self.date_combo)
        log_form.addRow(
            note(
                "A spreadsheet or CSV from the phone system, one row per call, with a few weeks before the "
                "campaign: the usual calls of days without a release are taken away. Only the time of each call "
                "is read and only the count of each hour kept: never callers' numbers."
            )
        )

        self.tabs = QTabWidget()
        self.tabs.addTab(total_tab, "Total")
        self.tabs.addTab(hours_tab, "Hour by hour")
        self.tabs.addTab(log_tab, "Call log")
        self.message = message_label()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = self.buttons.addButton("Record and re-plan", QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setAccessibleName("Record and re-plan")
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(560, 480)

    def choose_file(self, path: str | None = None) -> None:
        """Read the chosen call log in a worker: a year of calls is a large sheet."""
        chosen = (
            path
            or QFileDialog.getOpenFileName(
                self, "Call log", "", "Spreadsheets and CSV (*.xlsx *.xls *.xlsm *.ods *.csv *.txt)"
            )[0]
        )
        if not chosen:
            return
        worker = Worker(lambda progress, cancelled: responses.read_call_log(Path(chosen)), expected=(UnreadableFile,))
        worker.finished.connect(lambda log_file: self._read(Path(chosen).name, log_file))
        worker.failed.connect(self._not_read)
        self.choose_button.setEnabled(False)
        show_message(self.message, f"Reading {Path(chosen).name}…", "ok")
        self.reading.start(worker)

    def _read(self, name: str, log_file: CallLog) -> None:
        self.choose_button.setEnabled(True)
        self.log_file = log_file
        self.file_label.setText(name)
        headers = log_file.headers
        self.time_combo.clear()
        self.date_combo.clear()
        self.time_combo.addItems(headers)
        self.date_combo.addItems([SAME_COLUMN, *headers])
        guessed = log_file.guessed
        said = "Choose the column with each call's time." if guessed is None else ""
        if guessed is not None:
            if guessed.time_of_day is None:
                self.time_combo.setCurrentIndex(guessed.when)
            else:
                self.time_combo.setCurrentIndex(guessed.time_of_day)
                self.date_combo.setCurrentIndex(guessed.when + 1)
            if guessed.direction is not None:
                said = f'Calls marked outbound in "{headers[guessed.direction]}" will not be counted.'
        show_message(self.message, said, "ok")

    def _not_read(self, message: str) -> None:
        self.choose_button.setEnabled(True)
        self.log_file = None
        self.file_label.setText("No call log chosen.")
        show_message(self.message, message, "error")

    def record(self) -> None:
        """Record what the chosen tab holds and re-plan, in a worker: a call log may be a year of calls."""
        work = self._work()
        if work is None:
            return
        path, actor = self._workspace.path, self._workspace.actor

        def job(progress: Callable[[str, int, int], None], cancelled: Callable[[], bool]) -> Replanned:
            return in_workspace(path, work, actor)

        worker = Worker(job, expected=(CampaignError, PlanError, CallLogError))
        worker.finished.connect(self._recorded)
        worker.failed.connect(self._failed)
        self.record_button.setEnabled(False)
        show_message(self.message, "Recording and re-planning…", "ok")
        self.recording.start(worker)

    def _work(self) -> Callable[[Workspace], Replanned] | None:
        """What recording the chosen tab does, or None (with the reason shown) when it is not ready."""
        campaign_id = self._campaign_id
        tab = self.tabs.currentIndex()
        if tab == TOTAL:
            calls, numbers = self.total_spin.value(), [b.block for b in self._blocks]
            return lambda ws: responses.record_responses(ws, campaign_id, numbers, calls)
        if tab == BY_HOUR:
            counts = self._typed_hours()
            if counts is None:
                return None
            return lambda ws: responses.record_hourly_tally(ws, campaign_id, counts)
        log_file = self.log_file
        if log_file is None:
            show_message(self.message, "Choose the phone system's call log first.", "error")
            return None
        time_column, date_column = self.time_combo.currentIndex(), self.date_combo.currentIndex() - 1
        direction = log_file.guessed.direction if log_file.guessed else None
        columns = (
            CallColumns(date_column, time_column, direction)
            if date_column >= 0
            else CallColumns(time_column, direction=direction)
        )

        def from_log(ws: Workspace) -> Replanned:
            responses.import_call_log(ws, log_file, columns)
            return responses.learn_from_hours(ws, campaign_id)

        return from_log

    def _typed_hours(self) -> dict[datetime, int] | None:
        counts: dict[datetime, int] = {}
        for row, hour in enumerate(self.hour_starts):
            item = self.hours_table.item(row, 0)
            text = item.text().strip() if item else ""
            if not text:
                continue
            if not text.isdigit():
                show_message(self.message, f"{_hour_label(hour)}: enter the number of calls, e.g. 14.", "error")
                return None
            counts[hour] = int(text)
        if not counts:
            show_message(self.message, "Enter the calls of at least the hours after the release.", "error")
            return None
        return counts

    def set_hour(self, row: int, calls: int) -> None:
        self.hours_table.setItem(row, 0, QTableWidgetItem(str(calls)))

    def _recorded(self, replanned: Replanned) -> None:
        self.replanned = replanned
        self.accept()

    def _failed(self, message: str) -> None:
        self.record_button.setEnabled(True)
        show_message(self.message, message, "error")


def _hour_label(hour: datetime) -> str:
    return f"{hour:%a} {hour.day} {hour:%b %H:00}"
