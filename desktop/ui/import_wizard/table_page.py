"""Step 2: where the table starts. Title rows above the header are skipped; the user can say otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QProgressBar,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from desktop.gateways.spreadsheets import UnreadableFile
from desktop.services.cohort_import import SourceTable, load_table
from desktop.ui.models.rows import RowsModel
from desktop.ui.widgets import message_label, show_message
from desktop.ui.workers import Worker

if TYPE_CHECKING:
    from desktop.ui.import_wizard.wizard import ImportWizard

PREVIEW_ROWS = 40


class TablePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Find the table")
        self.setSubTitle(
            "The highlighted row holds the column names. Title rows above it and totals below are skipped."
        )
        self.busy = QProgressBar()
        self.busy.setAccessibleName("Reading the file")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.header_spin = QSpinBox()
        self.header_spin.setAccessibleName("Header row")
        self.header_spin.setMinimum(1)
        self.header_spin.setMaximumWidth(90)
        self.header_spin.valueChanged.connect(self._header_changed)
        self.rows_label = QLabel()
        self.message = message_label()
        self.preview_model = RowsModel(self)
        self.preview = QTableView()
        self.preview.setAccessibleName("First rows of the sheet")
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        form = QFormLayout()
        form.addRow("Column names are in row:", self.header_spin)
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addLayout(form)
        layout.addWidget(self.rows_label)
        layout.addWidget(self.message)
        layout.addWidget(self.preview, 1)

    def initializePage(self) -> None:
        self._wizard.table = None
        self.busy.setVisible(True)
        self.rows_label.setText("Reading the file…")
        show_message(self.message, "", "ok")
        self.preview_model.set_rows([], [])
        path, sheet = self._wizard.path, self._wizard.sheet
        assert path is not None
        worker = Worker(lambda progress, cancelled: load_table(path, sheet), expected=(UnreadableFile,))
        worker.finished.connect(self._loaded)
        worker.failed.connect(self._failed)
        self._wizard.run(worker)
        self.completeChanged.emit()

    def cleanupPage(self) -> None:
        self._wizard.stop_worker()

    def isComplete(self) -> bool:
        return self._wizard.table is not None

    def _loaded(self, table: SourceTable) -> None:
        self._wizard.table = table
        self.busy.setVisible(False)
        self.header_spin.blockSignals(True)
        self.header_spin.setMaximum(min(len(table.rows), PREVIEW_ROWS))
        self.header_spin.setValue(table.header_index + 1)
        self.header_spin.blockSignals(False)
        self._show()
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.busy.setVisible(False)
        self.rows_label.setText("")
        show_message(self.message, message, "error")
        self.completeChanged.emit()

    def _header_changed(self, value: int) -> None:
        if self._wizard.table is not None:
            self._wizard.table.set_header_row(value - 1)
            self._show()

    def _show(self) -> None:
        table = self._wizard.table
        assert table is not None
        rows = table.rows[:PREVIEW_ROWS]
        width = max((len(r) for r in rows), default=0)
        letters = [_column_letter(i) for i in range(width)]
        self.preview_model.set_rows(letters, rows, [str(i + 1) for i in range(len(rows))], table.header_index)
        self.preview.scrollTo(self.preview_model.index(table.header_index, 0))
        self.rows_label.setText(f"{table.data_row_count():,} rows of patients below the column names.")


def _column_letter(index: int) -> str:
    """A, B, … Z, AA, AB: as Excel names columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
