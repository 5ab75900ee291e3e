"""The GOV.UK Notify API key on the Settings page: where it is kept, entering it, checking it, removing it.

The key goes straight from a password box to the computer's credential store: it is never shown,
saved with the other settings, or logged. Finding it and checking it run in workers: a credential
store can be slow to answer (or to load its backends), and Notify is across the network. The
gateway modules (requests, PyJWT, keyring) are imported there too, not when the window is made.
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

from desktop.ui.widgets import message_label, show_message
from desktop.ui.workers import JobSlot, Worker

ENVIRONMENT, CREDENTIAL_STORE = "environment", "credential store"  # desktop.gateways.notify_key.KeySource


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
        self.state_job = JobSlot(self)
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
        """Find where the key is kept (in a worker) and show it."""
        self.status.setText("Looking for the API key…")
        for button in (self.enter_button, self.check_button, self.remove_button):
            button.setEnabled(False)
        worker = Worker(lambda progress, cancelled: _key_state())
        worker.finished.connect(self._show_state)
        self.state_job.start(worker)

    def _show_state(self, state: tuple[str, str | None]) -> None:
        text, source = state
        self.status.setText(text)
        self.enter_button.setEnabled(source != ENVIRONMENT)
        self.remove_button.setEnabled(source == CREDENTIAL_STORE)
        self.check_button.setEnabled(source is not None and not self.check_job.busy)

    def enter_key(self, text: str | None = None) -> None:
        from desktop.gateways.notify import NotifyKeyError
        from desktop.gateways.notify_key import KeyStoreError, store_key

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
        from desktop.gateways.notify_key import KeyStoreError, remove_key

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
        template_id = self._template_id()
        worker = Worker(lambda progress, cancelled: _check(template_id))
        worker.finished.connect(lambda outcome: show_message(self.result, outcome[1], "ok" if outcome[0] else "error"))
        worker.ended.connect(self.refresh)
        self.check_job.start(worker)
        self.check_button.setEnabled(False)
        show_message(self.result, "Asking GOV.UK Notify…", "ok")


def _key_state() -> tuple[str, str | None]:
    """What to say about the key, and where it is kept (None: nowhere usable)."""
    from desktop.gateways.notify import NotifyKeyError
    from desktop.gateways.notify_key import KEY_VARIABLE, KeySource, KeyStoreError, current_key

    try:
        found = current_key()
    except (KeyStoreError, NotifyKeyError) as error:
        return str(error), None
    if found is None:
        return "No API key yet: enter the key from Notify's API integration page.", None
    key, source = found
    where = (
        f"set by {KEY_VARIABLE} on this computer (change it there)"
        if source is KeySource.ENVIRONMENT
        else "kept in this computer's credential store"
    )
    return f"API key for service {key.service_id}: {where}.", source.value


def _check(template_id: str) -> tuple[bool, str]:
    """Whether the key and template work, and the sentence that says so."""
    from desktop.gateways.notify import NotifyKeyError
    from desktop.gateways.notify_key import KeyStoreError, current_key, notify_url
    from desktop.services.notify_setup import NotifySetupError, check_notify

    try:
        found = current_key()
        if found is None:
            return False, "No API key yet."
        return True, check_notify(found[0], found[1], notify_url(), template_id)
    except (KeyStoreError, NotifyKeyError, NotifySetupError) as error:
        return False, str(error)
