"""The GOV.UK Notify API key on the Settings page: where it is kept, entering it, checking it, removing it.

The key goes straight from a password box to the computer's credential store: it is never shown,
saved with the other settings, or logged. Checking it asks Notify, so it runs in a worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.gateways.notify import NotifyKeyError
from desktop.gateways.notify_key import (
    KEY_VARIABLE,
    KeySource,
    KeyStoreError,
    current_key,
    notify_url,
    remove_key,
    store_key,
)
from desktop.services.notify_setup import NotifySetupError, check_notify
from desktop.ui.widgets import message_label, show_message
from desktop.ui.workers import JobSlot, Worker


class NotifyKeyPanel(QWidget):
    def __init__(self, template_id: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._template_id = template_id
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.enter_button = QPushButton("Enter key…")
        self.enter_button.clicked.connect(lambda: self.enter_key())
        self.check_button = QPushButton("Check with Notify")
        self.check_button.clicked.connect(self.check)
        self.remove_button = QPushButton("Remove key")
        self.remove_button.clicked.connect(lambda: self.remove())
        self.result = message_label()
        self.check_job = JobSlot(self)
        buttons = QHBoxLayout()
        for button in (self.enter_button, self.check_button, self.remove_button):
            button.setAccessibleName(button.text().rstrip("…"))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.refresh()

    def refresh(self) -> None:
        source: KeySource | None = None
        try:
            found = current_key()
        except (KeyStoreError, NotifyKeyError) as error:
            self.status.setText(str(error))
            found = None
        else:
            if found is None:
                self.status.setText("No API key yet: enter the key from Notify's API integration page.")
            else:
                key, source = found
                where = (
                    f"set by {KEY_VARIABLE} on this computer (change it there)"
                    if source is KeySource.ENVIRONMENT
                    else "kept in this computer's credential store"
                )
                self.status.setText(f"API key for service {key.service_id}: {where}.")
        stored = source is KeySource.CREDENTIAL_STORE
        self.enter_button.setEnabled(source is not KeySource.ENVIRONMENT)
        self.remove_button.setEnabled(stored)
        self.check_button.setEnabled(found is not None and not self.check_job.busy)

    def enter_key(self, text: str | None = None) -> None:
        if text is None:
            text, ok = QInputDialog.getText(
                self, "GOV.UK Notify API key", "Paste the API key from Notify:", QLineEdit.EchoMode.Password
            )
            if not ok or not text.strip():
                return
        try:
            store_key(text)
        except (NotifyKeyError, KeyStoreError) as error:
            show_message(self.result, str(error), "error")
            return
        self.refresh()
        show_message(self.result, "Key kept. Check it with Notify before the first release.", "ok")

    def remove(self, confirm: bool = True) -> None:
        if confirm:
            answer = QMessageBox.question(
                self,
                "Remove key",
                "Remove the GOV.UK Notify API key from this computer? Nothing can be sent until a key is entered.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            remove_key()
        except KeyStoreError as error:
            show_message(self.result, str(error), "error")
            return
        self.refresh()
        show_message(self.result, "Key removed.", "ok")

    def check(self) -> None:
        try:
            found = current_key()
        except (KeyStoreError, NotifyKeyError) as error:
            show_message(self.result, str(error), "error")
            return
        if found is None:
            return
        key, source = found
        template_id, url = self._template_id(), notify_url()
        worker = Worker(lambda progress, cancelled: check_notify(key, source, url, template_id), (NotifySetupError,))
        worker.finished.connect(lambda message: show_message(self.result, message, "ok"))
        worker.failed.connect(lambda message: show_message(self.result, message, "error"))
        worker.ended.connect(self.refresh)
        self.check_job.start(worker)
        self.check_button.setEnabled(False)
        show_message(self.result, "Asking GOV.UK Notify…", "ok")
