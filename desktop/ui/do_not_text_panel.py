"""The do-not-text list on the Settings page: NHS numbers and mobiles never texted, whatever the campaign.

Staff add one (with the reason: declined, deceased, moved away...), import a list from the
clinical system, or take one off. STOP replies add themselves. Every campaign leaves these
patients out when it is costed and again as each block is released.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.clock import UK
from desktop.core.exclusions import REASONS, reason_label
from desktop.core.nhs_number import format_nhs_number
from desktop.core.phone import format_mobile
from desktop.services.workspace import Workspace
from desktop.store import do_not_text
from desktop.ui.models.base import ItemsModel
from desktop.ui.widgets import message_label, show_message


class DoNotTextModel(ItemsModel[do_not_text.Entry]):
    columns = ("NHS number or mobile", "Why", "Added", "By")

    def cells(self, e: do_not_text.Entry) -> tuple[object, ...]:
        shown = format_nhs_number(e.value) if e.kind == do_not_text.NHS_NUMBER else format_mobile(e.value)
        return (shown, reason_label(e.reason), f"{e.added_at.astimezone(UK):%d/%m/%Y}", e.added_by)


class DoNotTextPanel(QWidget):
    changed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.model = DoNotTextModel(self)
        self.view = QTableView()
        self.view.setAccessibleName("Do-not-text list")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setMinimumHeight(150)
        for column, width in enumerate((170, 140, 90)):
            self.view.setColumnWidth(column, width)
        self.add_button = QPushButton("Add…")
        self.add_button.setAccessibleName("Add to the do-not-text list")
        self.add_button.clicked.connect(lambda: self.add())
        self.import_button = QPushButton("Import a list…")
        self.import_button.setAccessibleName("Import a do-not-text list")
        self.import_button.clicked.connect(lambda: self.import_file())
        self.remove_button = QPushButton("Take off the list")
        self.remove_button.setAccessibleName("Take off the do-not-text list")
        self.remove_button.clicked.connect(self.remove_selected)
        self.result = message_label()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.import_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_items(do_not_text.entries(self._workspace.db))

    def add(self, value: str | None = None, reason: str | None = None) -> bool:
        from desktop.services import exclusions

        if value is None:
            value, ok = QInputDialog.getText(self, "Do not text", "NHS number or mobile number:")
            if not ok or not value.strip():
                return False
        if reason is None:
            reason = self._ask_reason()
            if reason is None:
                return False
        try:
            added = exclusions.add(self._workspace, value, reason)
        except exclusions.ExclusionError as error:
            show_message(self.result, str(error), "error")
            return False
        show_message(self.result, "Added: never texted by any campaign." if added else "Already on the list.", "ok")
        self.refresh()
        self.changed.emit()
        return added

    def import_file(self, path: Path | None = None, reason: str | None = None) -> None:
        from desktop.gateways.spreadsheets import UnreadableFile
        from desktop.services import exclusions

        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Import a do-not-text list", "", "Spreadsheets and CSV (*.xlsx *.xlsm *.xls *.ods *.csv)"
            )
            if not chosen:
                return
            path = Path(chosen)
        if reason is None:
            reason = self._ask_reason()
            if reason is None:
                return
        try:
            result = exclusions.import_list(self._workspace, path, reason)
        except (exclusions.ExclusionError, UnreadableFile) as error:
            show_message(self.result, str(error), "error")
            return
        said = f"Added {result.added:,}; {result.already:,} were on the list already."
        if result.not_understood:
            rows = ", ".join(map(str, result.not_understood[:10])) + ("…" if len(result.not_understood) > 10 else "")
            said += (
                f" {len(result.not_understood):,} rows had no valid NHS number or mobile and were not added "
                f"(rows {rows}): check them in the file."
            )
        show_message(self.result, said, "error" if result.not_understood else "ok")
        self.refresh()
        self.changed.emit()

    def remove_selected(self) -> None:
        from desktop.services import exclusions

        index = self.view.currentIndex()
        if not index.isValid():
            return
        entry = self.model.item(index.row())
        exclusions.remove(self._workspace, entry.value)
        show_message(self.result, "Taken off the list.", "ok")
        self.refresh()
        self.changed.emit()

    def _ask_reason(self) -> str | None:
        labels = list(REASONS.values())
        label, ok = QInputDialog.getItem(self, "Do not text", "Why?", labels, 0, False)
        return next((key for key, words in REASONS.items() if words == label), None) if ok else None
