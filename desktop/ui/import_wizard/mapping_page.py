"""Step 3: which column is which. The guesses are shown; the user confirms or corrects them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from desktop.core.cohort import cell_text
from desktop.core.columns import Field
from desktop.ui.import_wizard.consent_panel import ConsentPanel
from desktop.ui.models.rows import RowsModel
from desktop.ui.widgets import note

if TYPE_CHECKING:
    from desktop.ui.import_wizard.wizard import ImportWizard

PREVIEW_ROWS = 8
NOT_IN_FILE = -1


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Match the columns")
        self.setSubTitle("Check which column holds each detail. Other columns are kept for use in messages.")
        self.combos: dict[Field, QComboBox] = {}
        grid = QGridLayout()
        for position, field in enumerate(Field):
            combo = QComboBox()
            combo.setAccessibleName(field.label)
            combo.currentIndexChanged.connect(lambda _, f=field: self._changed(f))
            self.combos[field] = combo
            row, column = divmod(position, 2)
            grid.addWidget(QLabel(field.label + ":"), row, column * 2)
            grid.addWidget(combo, row, column * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.hint = QLabel()
        self.hint.setObjectName("warning")
        self.consent = ConsentPanel()
        self.consent.changed.connect(self._consent_changed)
        self.extras_label = note("")
        self.preview_model = RowsModel(self)
        self.preview = QTableView()
        self.preview.setAccessibleName("Preview of the first patients")
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.hint)
        layout.addWidget(self.consent)
        layout.addWidget(self.extras_label)
        layout.addWidget(self.preview, 1)

    def initializePage(self) -> None:
        table = self._wizard.table
        assert table is not None
        headers = [cell_text(h) or f"(column {i + 1})" for i, h in enumerate(table.headers)]
        for combo in self.combos.values():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("— not in this list —", NOT_IN_FILE)
            for column, header in enumerate(headers):
                combo.addItem(header, column)
            combo.blockSignals(False)
        self._show()

    def isComplete(self) -> bool:
        table = self._wizard.table
        return table is not None and table.mapping.column(Field.MOBILE) is not None

    def _changed(self, field: Field) -> None:
        table = self._wizard.table
        if table is None:
            return
        column = self.combos[field].currentData()
        table.mapping = table.mapping.with_field(
            field, None if column in (None, NOT_IN_FILE) else column, table.headers
        )
        self._show()
        self.completeChanged.emit()

    def _consent_changed(self) -> None:
        self._show()
        self.completeChanged.emit()

    def _show(self) -> None:
        table = self._wizard.table
        assert table is not None
        mapping = table.mapping
        for field, combo in self.combos.items():  # a column moved to one field leaves another
            combo.blockSignals(True)
            column = mapping.column(field)
            combo.setCurrentIndex(combo.findData(NOT_IN_FILE if column is None else column))
            combo.blockSignals(False)
        by_column = {column: f"(({name}))" for name, column in mapping.extras.items()}
        by_column.update({column: "SMS consent (refusals)" for column in mapping.more_consent})
        by_column.update({column: field.label for field, column in mapping.fields.items()})  # an appointment's too
        headers = [by_column.get(i, "not used") for i in range(len(table.headers))]
        sample = []
        for _, row in table.data_rows():
            sample.append(row)
            if len(sample) == PREVIEW_ROWS:
                break
        self.preview_model.set_rows(headers, sample)
        self.preview.resizeColumnsToContents()  # eight rows: cheap, and nothing is cut off
        self.hint.setText("" if self.isComplete() else "Choose the column that holds mobile numbers to continue.")
        extras = ", ".join(f"(({name}))" for name in mapping.extras)
        self.extras_label.setText(f"Kept for messages: {extras}" if extras else "")
        self.consent.show_table(table)
