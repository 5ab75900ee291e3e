"""Templates: the library by purpose, the editor, and the preview with the cohort's cost."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.practice import PracticeSettings
from desktop.core.template import Purpose
from desktop.services import templates
from desktop.services.workspace import Workspace
from desktop.ui.help_texts import page_intro
from desktop.ui.templates.editor import TemplateEditor
from desktop.ui.templates.preview import PreviewPanel
from desktop.ui.widgets import heading

_ID = Qt.ItemDataRole.UserRole


class TemplatesPage(QWidget):
    changed = Signal(str)  # a message for the status bar

    def __init__(self, workspace: Workspace, settings: PracticeSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Templates")
        self._workspace = workspace
        self._settings = settings

        self.library = QTreeWidget()  # a few dozen templates at most: a tree widget is the right size
        self.library.setAccessibleName("Template library")
        self.library.setHeaderHidden(True)
        self.library.setIndentation(12)
        self.library.setColumnCount(2)  # name, and fragments at the longest realistic rendering
        self.library.header().setStretchLastSection(False)
        self.library.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.library.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.library.currentItemChanged.connect(self._chosen)
        self.archived_check = QCheckBox("Show archived")
        self.archived_check.setAccessibleName("Show archived templates")
        self.archived_check.toggled.connect(lambda: self.refresh())
        self.new_button = QPushButton("New")
        self.new_button.setAccessibleName("New template")
        self.new_button.clicked.connect(self.new_template)
        self.duplicate_button = QPushButton("Duplicate")
        self.duplicate_button.setAccessibleName("Duplicate template")
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.archive_button = QPushButton("Archive")
        self.archive_button.setAccessibleName("Archive template")
        self.archive_button.clicked.connect(self.archive_selected)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.archive_button):
            buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.library, 1)
        left_layout.addWidget(self.archived_check)
        left_layout.addLayout(buttons)

        self.editor = TemplateEditor(workspace, settings)
        self.preview = PreviewPanel(workspace, settings)
        self.editor.changed.connect(self.preview.show_draft)
        self.editor.saved.connect(self._saved)
        self.preview.cohort_changed.connect(self.editor.set_cohort)
        self.preview.refresh_cohorts()  # now connected: tells the editor which cohort to measure against

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 360, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading("Templates"))
        layout.addWidget(page_intro("Templates"))
        layout.addWidget(splitter, 1)
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        """Reload the library grouped by purpose, keeping or moving the selection."""
        current = self.selected_id() if select is None else select
        self.library.blockSignals(True)
        self.library.clear()
        chosen: QTreeWidgetItem | None = None
        stored = templates.all_templates(self._workspace, self.archived_check.isChecked())
        for purpose in Purpose:
            group = QTreeWidgetItem([purpose.label])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.library.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for t in (t for t in stored if t.purpose is purpose):
                fragments = self._fragments(t)
                item = QTreeWidgetItem([t.name + (" (archived)" if t.archived else ""), fragments])
                item.setData(0, _ID, t.id)
                item.setToolTip(0, f"{t.name}\nVersion {t.latest.version}, saved by {t.latest.created_by}")
                group.addChild(item)
                if t.id == current or (chosen is None and current is None):
                    chosen = item
        self.library.expandAll()
        self.library.blockSignals(False)
        if chosen is not None:
            self.library.setCurrentItem(chosen)
        else:
            self.editor.load(None)
        self._enable()

    def selected_id(self) -> int | None:
        item = self.library.currentItem()
        value = item.data(0, _ID) if item is not None else None
        return int(value) if value is not None else None

    def set_settings(self, settings: PracticeSettings) -> None:
        """New reply wording or prices: every template is measured again."""
        self._settings = settings
        self.editor.set_settings(settings)
        self.preview.set_settings(settings)
        self.refresh()

    def cohorts_changed(self) -> None:
        self.preview.refresh_cohorts()

    def new_template(self) -> None:
        if not self._may_leave():
            return
        self.library.blockSignals(True)
        self.library.setCurrentIndex(QModelIndex())
        self.library.blockSignals(False)
        self.editor.load(None)
        self.editor.name_edit.setFocus()
        self._enable()

    def duplicate_selected(self) -> None:
        template_id = self.selected_id()
        if template_id is not None and self._may_leave():
            copy = templates.duplicate_template(self._workspace, template_id)
            self.refresh(select=copy.id)
            self.changed.emit(f"Made '{copy.name}'.")

    def archive_selected(self) -> None:
        template_id = self.selected_id()
        found = templates.template(self._workspace, template_id) if template_id is not None else None
        if found is None:
            return
        templates.archive_template(self._workspace, found.id, archived=not found.archived)
        self.refresh()
        self.changed.emit(f"{'Restored' if found.archived else 'Archived'} '{found.name}'.")

    def _chosen(self, item: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        template_id = item.data(0, _ID) if item is not None else None
        if template_id is None:
            return
        if template_id == self.editor.template_id():
            self._enable()  # already in the editor (just saved): keep it, and its "Saved" message
            return
        if not self._may_leave():
            self.library.blockSignals(True)
            if previous is not None:
                self.library.setCurrentItem(previous)
            self.library.blockSignals(False)
            return
        self.editor.load(templates.template(self._workspace, int(template_id)))
        self._enable()

    def _fragments(self, template: templates.Template) -> str:
        latest = template.latest
        draft = templates.TemplateDraft(template.name, template.purpose, latest.body, latest.approving_clinician)
        fragments = templates.check_draft(draft, self._settings).measurement.fragments
        return f"{fragments} fragment{'s' if fragments != 1 else ''}"

    def _saved(self, template_id: int) -> None:
        self.refresh(select=template_id)
        self.changed.emit("Template saved. Campaigns keep the version they were approved with.")

    def _may_leave(self) -> bool:
        """Unsaved changes are never dropped without asking."""
        if not self.editor.is_modified():
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            "This template has changes that are not saved. Discard them?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _enable(self) -> None:
        template_id = self.selected_id()
        found = templates.template(self._workspace, template_id) if template_id is not None else None
        self.duplicate_button.setEnabled(found is not None)
        self.archive_button.setEnabled(found is not None)
        self.archive_button.setText("Restore" if found is not None and found.archived else "Archive")
