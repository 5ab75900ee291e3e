"""The template editor: the message, its locked reply wording, and a live count of what it costs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.cost import estimate, format_pounds
from desktop.core.practice import PracticeSettings
from desktop.core.sms import gsm_safe
from desktop.core.template import STANDARD_PLACEHOLDERS, Purpose, TemplateError
from desktop.services import templates
from desktop.services.templates import Template, TemplateCheck, TemplateDraft
from desktop.services.workspace import Workspace
from desktop.ui.templates.highlighter import MessageHighlighter
from desktop.ui.widgets import message_label, show_message


class TemplateEditor(QWidget):
    changed = Signal(object)  # the TemplateDraft as it now stands
    saved = Signal(int)  # the template's id

    def __init__(self, workspace: Workspace, settings: PracticeSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._settings = settings
        self._template: Template | None = None
        self._longest: dict[str, str] = {}
        self._fields: list[str] | None = None
        self.check: TemplateCheck | None = None

        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Template name")
        self.name_edit.setMaxLength(80)
        self.purpose_combo = QComboBox()
        self.purpose_combo.setAccessibleName("Purpose")
        for purpose in Purpose:
            self.purpose_combo.addItem(purpose.label, purpose.value)
        self.purpose_note = QLabel()
        self.purpose_note.setObjectName("note")
        self.purpose_note.setWordWrap(True)
        self.clinician_edit = QLineEdit()
        self.clinician_edit.setAccessibleName("Approving clinician")
        self.clinician_edit.setPlaceholderText("The clinician who approved this health information")
        self.clinician_label = QLabel("Approved by:")

        self.body_edit = QPlainTextEdit()
        self.body_edit.setAccessibleName("Message")
        self.body_edit.setPlaceholderText("Write the message. The reply wording below is added to every text.")
        self.body_edit.setMinimumHeight(120)
        self.highlighter = MessageHighlighter(self.body_edit.document(), settings.counting)
        self.insert_combo = QComboBox()
        self.insert_combo.setAccessibleName("Insert a placeholder")
        self.insert_combo.activated.connect(self._insert_placeholder)
        self.footer_label = QLabel()
        self.footer_label.setObjectName("lockedFooter")
        self.footer_label.setAccessibleName("Reply wording, added to every message")
        self.footer_label.setWordWrap(True)
        self.footer_label.setToolTip("Every message ends with this. It can be changed only in Settings.")

        self.counter = QLabel()
        self.counter.setObjectName("measurement")
        self.counter.setAccessibleName("Length and cost")
        self.counter.setWordWrap(True)
        self.fix_button = QPushButton("Fix punctuation")
        self.fix_button.setAccessibleName("Replace look-alike punctuation")
        self.fix_button.setToolTip("Replace curly quotes, long dashes and odd spaces with plain ones, which cost less")
        self.fix_button.clicked.connect(self.make_gsm_safe)
        self.problems = QLabel()
        self.problems.setObjectName("warning")
        self.problems.setWordWrap(True)
        self.message = message_label()
        self.save_button = QPushButton("Save template")
        self.save_button.setAccessibleName("Save template")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)

        form = QFormLayout()
        form.addRow("Name:", self.name_edit)
        form.addRow("Purpose:", self.purpose_combo)
        form.addRow("", self.purpose_note)
        form.addRow(self.clinician_label, self.clinician_edit)
        insert_row = QHBoxLayout()
        insert_row.addWidget(self.fix_button)
        insert_row.addStretch(1)
        insert_row.addWidget(self.insert_combo)
        save_row = QHBoxLayout()
        save_row.addWidget(self.message, 1)
        save_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(insert_row)
        layout.addWidget(self.body_edit, 1)
        layout.addWidget(self.footer_label)
        layout.addWidget(self.counter)
        layout.addWidget(self.problems)
        layout.addLayout(save_row)

        for signal in (self.name_edit.textChanged, self.clinician_edit.textChanged, self.body_edit.textChanged):
            signal.connect(self.recheck)
        self.purpose_combo.currentIndexChanged.connect(self.recheck)
        self._fill_placeholders()
        self.load(None)

    def load(self, template: Template | None, purpose: Purpose = Purpose.CALL_TO_ACTION) -> None:
        """Edit a stored template, or start a new one."""
        self._template = template
        self.name_edit.setText(template.name if template else "")
        chosen = template.purpose if template else purpose
        self.purpose_combo.setCurrentIndex(self.purpose_combo.findData(chosen.value))
        self.body_edit.setPlainText(template.latest.body if template else "")
        self.clinician_edit.setText(template.latest.approving_clinician if template else "")
        show_message(self.message, "", "ok")
        self.recheck()

    def template_id(self) -> int | None:
        return self._template.id if self._template else None

    def set_settings(self, settings: PracticeSettings) -> None:
        self._settings = settings
        self.highlighter.set_counting(settings.counting)
        self.recheck()

    def set_cohort(self, longest: dict[str, str], fields: list[str] | None) -> None:
        """Measure at a cohort's longest realistic values, and offer its columns as placeholders."""
        self._longest, self._fields = longest, fields
        self._fill_placeholders()
        self.recheck()

    def draft(self) -> TemplateDraft:
        return TemplateDraft(
            self.name_edit.text(), self.purpose(), self.body_edit.toPlainText(), self.clinician_edit.text()
        )

    def purpose(self) -> Purpose:
        return Purpose(self.purpose_combo.currentData() or Purpose.CALL_TO_ACTION.value)

    def is_modified(self) -> bool:
        if self._template is None:
            return bool(self.body_edit.toPlainText().strip() or self.name_edit.text().strip())
        latest = self._template.latest
        return self.draft() != TemplateDraft(
            self._template.name, self._template.purpose, latest.body, latest.approving_clinician
        )

    def recheck(self) -> None:
        draft = self.draft()
        purpose = draft.purpose
        self.purpose_note.setText(purpose.description)
        health = purpose is Purpose.HEALTH_INFORMATION
        self.clinician_edit.setVisible(health)
        self.clinician_label.setVisible(health)
        self.footer_label.setText(f"Locked, added to every message: {self._settings.footer_for(purpose)}")
        check = templates.check_draft(draft, self._settings, self._longest, self._fields)
        self.check = check
        m = check.measurement
        per_message = estimate([m], self._settings.current_tariff).cost_after_vat
        self.counter.setText(
            f"At its longest: {m.characters} characters · {m.fragments} fragment{'s' if m.fragments != 1 else ''}"
            f" · {m.encoding} · {m.remaining} left before the next fragment · {format_pounds(per_message)}"
            " a message with VAT"
        )
        self.fix_button.setVisible(bool(gsm_safe(draft.body).changes))
        lines = [f"• {p}" for p in check.problems] + [f"• {w}" for w in check.warnings]
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        self.save_button.setEnabled(not check.problems and self.is_modified())
        self.changed.emit(draft)

    def make_gsm_safe(self) -> None:
        """Replace curly quotes, long dashes and odd spaces in one undoable step."""
        cursor = self.body_edit.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(gsm_safe(self.body_edit.toPlainText()).text)

    def save(self) -> bool:
        try:
            saved = templates.save_template(
                self._workspace, self._template.id if self._template else None, self.draft()
            )
        except TemplateError as error:
            show_message(self.message, str(error), "error")
            return False
        version = saved.latest.version
        self.load(saved)
        show_message(self.message, f"Saved as version {version}.", "ok")
        self.saved.emit(saved.id)
        return True

    def _fill_placeholders(self) -> None:
        self.insert_combo.clear()
        self.insert_combo.addItem("Insert placeholder…", "")
        for name in (*STANDARD_PLACEHOLDERS, *(self._fields or [])):
            self.insert_combo.addItem(f"(({name}))", name)

    def _insert_placeholder(self, index: int) -> None:
        name = self.insert_combo.itemData(index)
        if name:
            self.body_edit.insertPlainText(f"(({name}))")
            self.body_edit.setFocus()
        self.insert_combo.setCurrentIndex(0)
