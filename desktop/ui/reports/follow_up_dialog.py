"""Import a campaign's follow-up list: the file read in a worker, its columns guessed from the headings and
shown for staff to confirm or change, then matched to the campaign's patients in a worker."""

from __future__ import annotations

from collections.abc import Callable
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
    QVBoxLayout,
    QWidget,
)

from desktop.core.campaign import CampaignError
from desktop.core.follow_up import FollowUpColumns, FollowUpError
from desktop.gateways.spreadsheets import UnreadableFile
from desktop.services import outcomes
from desktop.services.outcomes import FollowUpFile, OutcomeImport
from desktop.services.workspace import Workspace
from desktop.ui.widgets import message_label, note, show_message
from desktop.ui.workers import JobSlot, Worker, in_workspace

NONE = "— not in this list —"
FIELDS = (
    ("nhs_number", "NHS number", "The column of NHS numbers: how the list is matched to the campaign's patients."),
    ("outcome", "Outcome", 'What happened ("Vaccinated", "Attended", "DNA"...). None: everyone listed did it.'),
    ("day", "Date", "When it happened (optional)."),
    ("booked", "Date booked", "When the appointment was booked: missed appointments by how far ahead (optional)."),
    ("appointment", "Appointment date", "The appointment's date (optional)."),
)


class FollowUpDialog(QDialog):
    def __init__(self, workspace: Workspace, campaign_id: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a follow-up list")
        self._workspace, self._campaign_id = workspace, campaign_id
        self.file: FollowUpFile | None = None
        self.imported: OutcomeImport | None = None
        self.reading, self.importing = JobSlot(self), JobSlot(self)
        intro = note(
            "A list from the clinical system of what happened after the texts: who was vaccinated or booked, who "
            "attended or missed their appointment. It is matched to the campaign's patients by NHS number; rows "
            "of other patients are not kept, nor any name."
        )
        self.choose_button = QPushButton("Choose list…")
        self.choose_button.setAccessibleName("Choose follow-up list")
        self.choose_button.clicked.connect(lambda: self.choose_file())
        self.file_label = QLabel("No list chosen.")
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.file_label, 1)
        form.addRow(row)
        for name, label, tip in FIELDS:
            combo = QComboBox()
            combo.setAccessibleName(label)
            combo.setToolTip(tip)
            combo.setEnabled(False)
            self.combos[name] = combo
            form.addRow(f"{label}:", combo)
        self.message = message_label()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import and measure", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setAccessibleName("Import and measure")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(560, 380)

    def choose_file(self, path: str | None = None) -> None:
        chosen = (
            path
            or QFileDialog.getOpenFileName(
                self, "Follow-up list", "", "Spreadsheets and CSV (*.xlsx *.xls *.xlsm *.ods *.csv *.txt)"
            )[0]
        )
        if not chosen:
            return
        worker = Worker(
            lambda progress, cancelled: outcomes.read_follow_up_file(Path(chosen)), expected=(UnreadableFile,)
        )
        worker.finished.connect(lambda file: self._read(Path(chosen).name, file))
        worker.failed.connect(self._not_read)
        self.choose_button.setEnabled(False)
        show_message(self.message, f"Reading {Path(chosen).name}…", "ok")
        self.reading.start(worker)

    def _read(self, name: str, file: FollowUpFile) -> None:
        self.choose_button.setEnabled(True)
        self.file = file
        self.file_label.setText(name)
        guessed = file.guessed
        for field, combo in self.combos.items():
            combo.clear()
            combo.addItem(NONE, -1)
            for column, heading in enumerate(file.headers):
                combo.addItem(heading or f"(column {column + 1})", column)
            found = getattr(guessed, field) if guessed else None
            combo.setCurrentIndex(combo.findData(-1 if found is None else found))
            combo.setEnabled(True)
        self.import_button.setEnabled(True)
        show_message(
            self.message,
            "" if guessed else "Choose the column of NHS numbers: none of the headings names one.",
            "ok" if guessed else "error",
        )

    def _not_read(self, message: str) -> None:
        self.choose_button.setEnabled(True)
        self.file = None
        self.file_label.setText("No list chosen.")
        self.import_button.setEnabled(False)
        show_message(self.message, message, "error")

    def columns(self) -> FollowUpColumns | None:
        chosen = {field: combo.currentData() for field, combo in self.combos.items()}
        picked = {field: None if column in (None, -1) else column for field, column in chosen.items()}
        nhs = picked.pop("nhs_number")
        return None if nhs is None else FollowUpColumns(nhs, **picked)

    def start_import(self) -> None:
        file, columns = self.file, self.columns()
        if file is None:
            show_message(self.message, "Choose the follow-up list first.", "error")
            return
        if columns is None:
            show_message(self.message, "Choose the column of NHS numbers.", "error")
            return
        path, actor, campaign_id = self._workspace.path, self._workspace.actor, self._campaign_id

        def job(progress: Callable[[str, int, int], None], cancelled: Callable[[], bool]) -> OutcomeImport:
            return in_workspace(path, lambda ws: outcomes.import_outcome(ws, campaign_id, file, columns), actor)

        worker = Worker(job, expected=(CampaignError, FollowUpError))
        worker.finished.connect(self._imported)
        worker.failed.connect(self._failed)
        self.import_button.setEnabled(False)
        show_message(self.message, "Matching the list to the campaign's patients…", "ok")
        self.importing.start(worker)

    def _imported(self, result: OutcomeImport) -> None:
        self.imported = result
        self.accept()

    def _failed(self, message: str) -> None:
        self.import_button.setEnabled(True)
        show_message(self.message, message, "error")
