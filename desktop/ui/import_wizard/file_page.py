"""Step 1: the file and the sheet."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWizardPage,
)

from desktop.gateways.spreadsheets import FILE_FILTER, TEXT_SUFFIXES, Sheet, UnreadableFile
from desktop.services.cohort_import import sheets_of
from desktop.ui.widgets import message_label, show_message

if TYPE_CHECKING:
    from desktop.ui.import_wizard.wizard import ImportWizard


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._sheets: list[Sheet] = []
        self.setTitle("Choose the patient list")
        self.setSubTitle(
            "An Excel workbook (.xlsx, .xls) or CSV file exported from EMIS Web, SystmOne or made by hand."
        )
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("File to import")
        self.path_edit.setPlaceholderText("Choose a file…")
        self.path_edit.editingFinished.connect(self.load_sheets)
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Browse for a file")
        browse.clicked.connect(self._browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet")
        self.hidden_check = QCheckBox("Show hidden sheets")
        self.hidden_check.setAccessibleName("Show hidden sheets")
        self.hidden_check.toggled.connect(self._fill_sheets)
        self.message = message_label()

        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("File:", row)
        form.addRow("Sheet:", self.sheet_combo)
        form.addRow("", self.hidden_check)
        form.addRow(self.message)

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        self.load_sheets()

    def load_sheets(self) -> None:
        text = self.path_edit.text().strip()
        self._sheets = []
        show_message(self.message, "", "ok")
        if text:
            try:
                self._sheets = sheets_of(Path(text))
            except UnreadableFile as error:
                show_message(self.message, str(error), "error")
        self._fill_sheets()

    def isComplete(self) -> bool:
        return bool(self._sheets) and self.sheet_combo.count() > 0

    def validatePage(self) -> bool:
        self._wizard.path = Path(self.path_edit.text().strip())
        is_text = self._wizard.path.suffix.lower() in TEXT_SUFFIXES  # a CSV's one "sheet" is only its name
        self._wizard.sheet = None if is_text else self.sheet_combo.currentData()
        return True

    def _fill_sheets(self) -> None:
        self.sheet_combo.clear()
        shown = [s for s in self._sheets if self.hidden_check.isChecked() or not s.hidden]
        for sheet in shown:
            self.sheet_combo.addItem(sheet.name + (" (hidden)" if sheet.hidden else ""), sheet.name)
        self.sheet_combo.setEnabled(len(shown) > 1)
        self.hidden_check.setVisible(any(s.hidden for s in self._sheets))
        if self._sheets and not shown:
            show_message(self.message, "Every sheet in this workbook is hidden: tick 'Show hidden sheets'.", "error")
        self.completeChanged.emit()

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose a patient list", self.path_edit.text(), FILE_FILTER)
        if chosen:
            self.set_path(Path(chosen))
