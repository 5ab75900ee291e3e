"""Cohorts: the imported patient lists, and the patients of the one selected."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.cohort import PatientStatus
from desktop.services import cohorts
from desktop.services.sample_data import SAMPLE_WARNING
from desktop.services.workspace import Workspace
from desktop.ui.help_texts import page_intro
from desktop.ui.import_wizard import ImportWizard
from desktop.ui.models.cohorts import CohortListModel
from desktop.ui.models.patients import PatientsModel
from desktop.ui.widgets import heading, note
from desktop.ui.workers import JobSlot, Worker, in_workspace

_FILTERS: list[tuple[str, PatientStatus | None]] = [
    ("All patients", None),
    ("Ready to text", PatientStatus.VALID),
    ("Not accepted", PatientStatus.INVALID),
    ("Duplicates", PatientStatus.DUPLICATE),
    ("Declined SMS", PatientStatus.OPTED_OUT),
]


class CohortsPage(QWidget):
    changed = Signal(str)  # a message for the status bar

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Cohorts")
        self._workspace = workspace
        self.wizard: ImportWizard | None = None
        self.delete_job = JobSlot(self)

        self.import_button = QPushButton("Import patient list…")
        self.import_button.setAccessibleName("Import patient list")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda: self.start_import())
        self.delete_button = QPushButton("Delete cohort")
        self.delete_button.setAccessibleName("Delete cohort")
        self.delete_button.clicked.connect(self.delete_selected)
        top = QHBoxLayout()
        top.addWidget(heading("Cohorts"))
        top.addStretch(1)
        top.addWidget(self.delete_button)
        top.addWidget(self.import_button)

        self.cohort_model = CohortListModel(self)
        self.cohort_view = QTableView()
        self.cohort_view.setAccessibleName("Cohorts")
        self.cohort_view.setModel(self.cohort_model)
        self._table_defaults(self.cohort_view)
        _set_widths(self.cohort_view, [0, 125, 90, 75, 100, 100, 100], stretch=0)
        self._selecting = False  # refresh() is choosing the row itself
        self.cohort_view.selectionModel().currentRowChanged.connect(self._row_chosen)

        self.summary = QLabel()
        self.summary.setObjectName("note")
        self.summary.setWordWrap(True)
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName("Show")
        for label, status in _FILTERS:
            self.filter_combo.addItem(label, status.value if status else "")
        self.filter_combo.currentIndexChanged.connect(self._show_patients)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Search patients")
        self.search_edit.setPlaceholderText("Search: start of a name, NHS number or mobile")
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)  # wait for a pause in typing before querying
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._show_patients)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.shown_label = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        filters.addWidget(self.filter_combo)
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.shown_label)

        self.patients_model = PatientsModel(workspace, self)
        self.patients_view = QTableView()
        self.patients_view.setAccessibleName("Patients")
        self.patients_view.setModel(self.patients_model)
        self._table_defaults(self.patients_view)
        _set_widths(self.patients_view, [55, 150, 110, 220, 100, 115, 0], stretch=6)
        self.patients_view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.patients_view.setSortingEnabled(True)  # the model sorts in the database

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.summary)
        lower_layout.addLayout(filters)
        lower_layout.addWidget(self.patients_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.cohort_view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([170, 430])

        self.empty_note = note(
            "No patient lists yet. Import an Excel or CSV export from your clinical system to start a campaign."
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(top)
        layout.addWidget(page_intro("Cohorts"))
        layout.addWidget(self.empty_note)
        layout.addWidget(splitter, 1)
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        """Reload the cohort list, keeping (or moving to) a selection."""
        current = self.selected_cohort_id() if select is None else select
        self.cohort_model.set_cohorts(cohorts.all_cohorts(self._workspace))
        row = self.cohort_model.row_of(current) if current is not None else None
        if row is None and self.cohort_model.rowCount() > 0:
            row = 0
        if row is not None:
            self._selecting = True  # the patients are shown once, below
            self.cohort_view.selectRow(row)
            self._selecting = False
        self.empty_note.setVisible(self.cohort_model.rowCount() == 0)
        self._show_patients()

    def selected_cohort_id(self) -> int | None:
        index = self.cohort_view.currentIndex()
        return self.cohort_model.cohort(index.row()).id if index.isValid() else None

    def start_import(self, path: Path | None = None) -> ImportWizard:
        if self.wizard is not None and not self.wizard.isVisible():
            self.wizard.deleteLater()  # one wizard at a time, not one per import for the session
        self.wizard = ImportWizard(self._workspace, path, self)
        self.wizard.imported.connect(self._imported)
        self.wizard.open()
        return self.wizard

    def delete_selected(self) -> None:
        index = self.cohort_view.currentIndex()
        if not index.isValid():
            return
        summary = self.cohort_model.cohort(index.row())
        answer = QMessageBox.question(
            self,
            "Delete cohort",
            f"Delete '{summary.name}' and its {summary.counts.rows_read:,} patients from this computer?\n\n"
            "The file it was imported from is not touched.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        path, actor, cohort_id = self._workspace.path, self._workspace.actor, summary.id
        worker = Worker(
            lambda progress, cancelled: in_workspace(path, lambda ws: cohorts.remove_cohort(ws, cohort_id), actor),
            expected=(cohorts.CohortInUse,),
        )
        worker.finished.connect(lambda _: self._deleted(summary.name))
        worker.failed.connect(lambda message: QMessageBox.warning(self, "Delete cohort", message))
        worker.ended.connect(self._enable)
        self.delete_job.start(worker)
        self._enable()
        self.changed.emit(f"Deleting the cohort '{summary.name}'…")

    def _deleted(self, name: str) -> None:
        self.refresh()
        self.changed.emit(f"Deleted the cohort '{name}'.")

    def _enable(self) -> None:
        busy = self.delete_job.busy
        self.delete_button.setEnabled(not busy and self.selected_cohort_id() is not None)
        self.import_button.setEnabled(not busy)

    def _imported(self, cohort_id: int) -> None:
        self.refresh(select=cohort_id)
        summary = cohorts.cohort(self._workspace, cohort_id)
        if summary is not None:
            self.changed.emit(f"Imported '{summary.name}': {summary.counts.accepted:,} patients ready to text.")

    def _row_chosen(self) -> None:
        if not self._selecting:
            self._show_patients()

    def _show_patients(self) -> None:
        cohort_id = self.selected_cohort_id()
        value = self.filter_combo.currentData()
        status = PatientStatus(value) if value else None
        self.patients_model.show(cohort_id, status, self.search_edit.text())
        self._enable()
        self.shown_label.setText(f"{self.patients_model.total:,} shown" if cohort_id else "")
        summary = cohorts.cohort(self._workspace, cohort_id) if cohort_id else None
        if summary is None:
            self.summary.setText("")
            return
        c = summary.counts
        self.summary.setText(
            f"<b>{summary.name}</b> from {summary.source_file or 'an unknown file'}: "
            f"{c.accepted:,} ready to text, {c.rejected:,} not accepted, {c.duplicates:,} duplicates, "
            f"{c.opted_out:,} declined SMS, {c.no_preference:,} with no SMS preference recorded, "
            f"{c.shared_numbers:,} mobile numbers shared by more than one patient."
            + (f"<br><span style='color:#8a5a00'><b>{SAMPLE_WARNING}</b></span>" if summary.is_sample else "")
        )

    @staticmethod
    def _table_defaults(view: QTableView) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(24)
        view.horizontalHeader().setHighlightSections(False)


def _set_widths(view: QTableView, widths: list[int], stretch: int) -> None:
    """Fixed starting widths (sizing to contents would read every row); one column takes the rest."""
    header = view.horizontalHeader()
    for column, width in enumerate(widths):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            header.resizeSection(column, width)
