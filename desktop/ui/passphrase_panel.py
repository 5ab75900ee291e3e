"""Settings' manager passphrase: set once by the practice manager, then asked for at every approval. It is
hashed with scrypt in a worker (a twentieth of a second or so each time), and only the hash is kept."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.core.passphrase import MIN_LENGTH, PassphraseError
from desktop.services import approval_rules
from desktop.services.workspace import Workspace
from desktop.ui.widgets import message_label, note, show_message
from desktop.ui.workers import JobSlot, Worker, in_workspace


class PassphrasePanel(QWidget):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self._workspace = workspace
        self.job = JobSlot(self)
        self.state = note("")
        self.current_edit = self._password("Current manager passphrase")
        self.new_edit = self._password("New manager passphrase")
        self.new_edit.setPlaceholderText(f"At least {MIN_LENGTH} characters, such as three words")
        self.repeat_edit = self._password("New manager passphrase again")
        self.set_button = QPushButton()
        self.set_button.clicked.connect(lambda: self.set_passphrase())
        self.message = message_label()
        self.form = QFormLayout()
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow("Current passphrase:", self.current_edit)
        self.form.addRow("New passphrase:", self.new_edit)
        self.form.addRow("New passphrase again:", self.repeat_edit)
        row = QHBoxLayout()
        row.addWidget(self.set_button)
        row.addStretch(1)  # a button its own size, not the form's width
        self.form.addRow("", row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        self._show_state(approval_rules.passphrase_is_set(workspace))

    def _password(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaximumWidth(320)
        return edit

    def _show_state(self, is_set: bool) -> None:
        self.state.setText(
            "A campaign is approved by someone other than the person who prepared it, who gives the manager "
            "passphrase. "
            + (
                "The passphrase is set; to change it, give the current one."
                if is_set
                else "No passphrase is set yet, so any other named person can approve: set one now."
            )
        )
        self.form.setRowVisible(self.current_edit, is_set)  # a first passphrase replaces none
        text = "Change passphrase" if is_set else "Set passphrase"
        self.set_button.setText(text)
        self.set_button.setAccessibleName(text)

    def set_passphrase(self) -> None:
        new, repeat = self.new_edit.text(), self.repeat_edit.text()
        if new != repeat:
            show_message(self.message, "The two new passphrases are not the same: type them again.", "error")
            return
        current = self.current_edit.text()
        path, actor = self._workspace.path, self._workspace.actor
        worker = Worker(
            lambda progress, cancelled: in_workspace(
                path, lambda ws: approval_rules.set_passphrase(ws, new, current), actor
            ),
            expected=(PassphraseError,),
        )
        worker.finished.connect(lambda _: self._done())
        worker.failed.connect(self._failed)
        self.set_button.setEnabled(False)
        self.job.start(worker)

    def _done(self) -> None:
        for edit in (self.current_edit, self.new_edit, self.repeat_edit):
            edit.clear()
        self.set_button.setEnabled(True)
        self._show_state(True)
        show_message(self.message, "Saved. Approving a campaign now needs this passphrase.", "ok")

    def _failed(self, message: str) -> None:
        self.set_button.setEnabled(True)
        show_message(self.message, message, "error")
