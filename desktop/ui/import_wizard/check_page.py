"""Step 4: every row checked, the counts and the problems shown, then the import itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from desktop.core.cohort import ValidatedCohort
from desktop.core.columns import Field
from desktop.services.cohort_import import Progress, default_name, save_cohort, save_problems_report, validate_table
from desktop.ui.models.rows import RowsModel
from desktop.ui.widgets import message_label, show_message
from desktop.ui.workers import Worker, in_workspace

if TYPE_CHECKING:
    from desktop.ui.import_wizard.wizard import ImportWizard

_COUNTS = (
    ("rows_read", "Rows read"),
    ("accepted", "Ready to text"),
    ("rejected", "Not accepted"),
    ("duplicates", "Duplicates"),
    ("opted_out", "Declined SMS"),
    ("shared_numbers", "Shared mobile numbers"),
    ("no_preference", "No SMS preference recorded"),
)


class CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._saving = False
        self.setTitle("Check and import")
        self.setSubTitle("Every row has been checked. Rows that were not accepted are listed with the reason.")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.stage = QLabel()
        self.count_labels: dict[str, QLabel] = {}
        counts = QGridLayout()
        for position, (key, title) in enumerate(_COUNTS):
            value = QLabel("–")
            value.setObjectName("countValue")
            value.setAccessibleName(title)
            self.count_labels[key] = value
            row, column = divmod(position, 3)
            counts.addWidget(QLabel(title + ":"), row, column * 2)
            counts.addWidget(value, row, column * 2 + 1)
        self.problems_model = RowsModel(self)
        self.problems = QTableView()
        self.problems.setAccessibleName("Rows not accepted")
        self.problems.setModel(self.problems_model)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.verticalHeader().setVisible(False)
        self.problems.verticalHeader().setDefaultSectionSize(24)
        self.report_button = QPushButton("Save problems report…")
        self.report_button.setAccessibleName("Save problems report")
        self.report_button.setToolTip("An Excel file of the rows not accepted, to fix and import again")
        self.report_button.clicked.connect(self._save_report)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Cohort name")
        self.name_edit.setMaxLength(80)
        self.message = message_label()

        report_row = QHBoxLayout()
        report_row.addStretch(1)
        report_row.addWidget(self.report_button)
        form = QFormLayout()
        form.addRow("Name this cohort:", self.name_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addLayout(counts)
        layout.addWidget(self.problems, 1)
        layout.addLayout(report_row)
        layout.addLayout(form)
        layout.addWidget(self.message)

    def initializePage(self) -> None:
        table = self._wizard.table
        assert table is not None
        self._wizard.validated = None
        self._set_busy("Checking every row…")
        for label in self.count_labels.values():
            label.setText("–")
        self.problems_model.set_rows([], [])
        self.report_button.setEnabled(False)
        if not self.name_edit.text():
            self.name_edit.setText(default_name(table.path))
        worker = Worker(lambda progress, cancelled: validate_table(table, progress, cancelled))
        worker.finished.connect(self._checked)
        self._connect(worker)
        self._wizard.run(worker)

    def cleanupPage(self) -> None:
        if not self._saving:  # a save under way finishes (or rolls back), and the wizard closes when stored
            self._wizard.stop_worker()

    def isComplete(self) -> bool:
        validated = self._wizard.validated
        return validated is not None and validated.counts.accepted > 0 and not self._saving

    def validatePage(self) -> bool:
        """Finish starts the import in the background; the wizard closes when it is stored."""
        if self._wizard.cohort_id is not None:
            return True
        table, validated = self._wizard.table, self._wizard.validated
        assert table is not None and validated is not None
        path, actor, name = self._wizard.workspace.path, self._wizard.workspace.actor, self.name_edit.text()

        def job(progress: Progress, cancelled: Callable[[], bool]) -> int:
            return in_workspace(
                path, lambda workspace: save_cohort(workspace, table, validated, name, progress, cancelled), actor
            )

        self._saving = True
        self._set_busy("Importing…")
        self.completeChanged.emit()
        worker = Worker(job)
        worker.finished.connect(self._wizard.imported_as)
        self._connect(worker)
        self._wizard.run(worker)
        return False

    def _connect(self, worker: Worker) -> None:
        worker.progress.connect(self._progress)
        worker.failed.connect(self._failed)
        worker.cancelled.connect(self._stopped)

    def _set_busy(self, text: str) -> None:
        self.stage.setText(text)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        show_message(self.message, "", "ok")

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.stage.setText(f"{stage}: {done:,} of {total:,}")
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _checked(self, validated: ValidatedCohort) -> None:
        self._wizard.validated = validated
        self.progress.setVisible(False)
        c = validated.counts
        for key, _ in _COUNTS:
            self.count_labels[key].setText(f"{getattr(c, key):,}")
        self.stage.setText(
            f"{c.accepted:,} of {c.rows_read:,} patients can be texted."
            + (f" {len(validated.rejected):,} rows were not accepted." if validated.rejected else "")
        )
        self.problems_model.set_rows(
            ["Row", "Problem", *validated.headers],
            [[r.source_row, r.reason, *r.cells] for r in validated.rejected],
        )
        self.problems.setColumnWidth(0, 60)
        self.problems.setColumnWidth(1, 380)
        self.report_button.setEnabled(bool(validated.rejected))
        table = self._wizard.table
        if c.accepted == 0:
            show_message(
                self.message,
                "None of the rows can be texted, so there is nothing to import. Save the problems report to see why.",
                "error",
            )
        elif table is not None and table.mapping.column(Field.CONSENT) is None:
            show_message(  # said again where the import is confirmed
                self.message,
                "This list has no SMS consent column, so patients who declined texts cannot be left out. "
                "Go back to choose it if the list has one.",
                "error",
            )
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self._saving = False
        self.progress.setVisible(False)
        self.stage.setText("")
        show_message(self.message, message, "error")
        self.completeChanged.emit()

    def _stopped(self) -> None:
        self._saving = False
        self.progress.setVisible(False)
        self.stage.setText("Stopped. Nothing was imported.")
        self.completeChanged.emit()

    def _save_report(self) -> None:
        validated, table = self._wizard.validated, self._wizard.table
        if validated is None or table is None:
            return
        suggested = str(table.path.with_name(f"{table.path.stem} - problems.xlsx"))
        chosen, _ = QFileDialog.getSaveFileName(self, "Save problems report", suggested, "Excel workbook (*.xlsx)")
        if chosen:
            self.save_report_to(Path(chosen))

    def save_report_to(self, path: Path) -> None:
        validated = self._wizard.validated
        assert validated is not None
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            save_problems_report(validated, path)
        except OSError as error:
            show_message(
                self.message,
                f"The report cannot be saved there: {error.strerror or error}. "
                "If it is open in Excel, close it and try again.",
                "error",
            )
            return
        show_message(self.message, f"Problems report saved: {path.name}", "ok")
