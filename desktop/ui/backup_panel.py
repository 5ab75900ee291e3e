"""Settings' backups: a copy of the data now, to a file chosen; a restore from a copy (the data as it was
kept aside first); and where the automatic daily copies of the last week are. Both run in a worker: a
large practice's file takes a few seconds to copy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop.services import backups
from desktop.services.workspace import Workspace
from desktop.store.backups import KEEP_DAILY, backup_folder, daily_backups
from desktop.ui.widgets import message_label, note, show_message
from desktop.ui.workers import JobSlot, Worker, in_workspace


class BackupPanel(QWidget):
    restored = Signal(str)  # the file restored from: the program should be opened again

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self._workspace = workspace
        self.job = JobSlot(self)
        self.backup_button = QPushButton("Back up now…")
        self.backup_button.setAccessibleName("Back up now")
        self.backup_button.setToolTip("A copy of all the practice's data, to a file you choose (a USB stick, say)")
        self.backup_button.clicked.connect(lambda: self.back_up())
        self.restore_button = QPushButton("Restore from a backup…")
        self.restore_button.setAccessibleName("Restore from a backup")
        self.restore_button.setToolTip("Replace the data with a copy made earlier; the data as it is now is kept aside")
        self.restore_button.clicked.connect(lambda: self.restore())
        self.where = note("")
        self.message = message_label()
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.where)
        layout.addWidget(self.message)
        self.show_where()

    def show_where(self) -> None:
        folder = backup_folder(self._workspace.path)
        found = daily_backups(self._workspace.path)
        latest = f" The latest is from {found[0].day:%d/%m/%Y}." if found else ""
        self.where.setText(
            f"A copy is made each day the program or send-due runs, and the last {KEEP_DAILY} days' are kept "
            f"in {folder}.{latest} Copies older than a week are deleted, with whatever personal data was "
            "deleted since."
        )

    def back_up(self, target: str | None = None) -> None:
        chosen = (
            target
            or QFileDialog.getSaveFileName(
                self, "Back up now", "Practice Messaging backup.db", "Practice Messaging data (*.db)"
            )[0]
        )
        if not chosen:
            return
        path = Path(chosen)
        self._run(lambda ws: backups.back_up_now(ws, path), lambda _: self._done(f"Backed up to {path}."))

    def restore(self, source: str | None = None) -> None:
        chosen = (
            source
            or QFileDialog.getOpenFileName(
                self,
                "Restore from a backup",
                str(backup_folder(self._workspace.path)),
                "Practice Messaging data (*.db)",
            )[0]
        )
        if not chosen:
            return
        path = Path(chosen)
        try:
            backups.check_backup(path)
        except backups.BackupError as error:
            show_message(self.message, str(error), "error")
            return
        answer = QMessageBox.question(
            self, "Restore from a backup",
            f"Replace all the practice's data with the copy in {path.name}? Anything done since it was made "
            "will need doing again. The data as it is now is kept aside in the backups folder first.",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(lambda ws: backups.restore(ws, path), lambda _: self.restored.emit(path.name))

    def _run(self, work: Callable[[Workspace], object], done: Callable[[object], None]) -> None:
        path, actor = self._workspace.path, self._workspace.actor
        worker = Worker(lambda progress, cancelled: in_workspace(path, work, actor), expected=(backups.BackupError,))
        worker.finished.connect(done)
        worker.failed.connect(self._failed)
        for button in (self.backup_button, self.restore_button):
            button.setEnabled(False)
        show_message(self.message, "Copying the data…", "ok")
        self.job.start(worker)

    def _done(self, said: str) -> None:
        for button in (self.backup_button, self.restore_button):
            button.setEnabled(True)
        show_message(self.message, said, "ok")
        self.show_where()

    def _failed(self, message: str) -> None:
        for button in (self.backup_button, self.restore_button):
            button.setEnabled(True)
        show_message(self.message, message, "error")
