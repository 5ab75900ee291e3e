"""What an unexpected error shows: a plain apology, and a report to copy for IT support (no patient data).

The error is logged, and the window carries on where it can: Qt keeps running after a slot raises, and
a background job's bug ends only that job.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.crash_report import log_crash


class CrashDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}: something went wrong")
        self.setAccessibleName("Something went wrong")
        said = QLabel(
            "Something went wrong inside Practice Messaging. What you were doing may not have finished, but "
            "nothing already saved has been lost, and you can carry on.<br><br>If it happens again, copy the "
            "report below and send it to whoever supports this program. It holds no patient data."
        )
        said.setWordWrap(True)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Crash report")
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.copy_button = QPushButton("Copy report")
        self.copy_button.setAccessibleName("Copy report")
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(said)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())
        self.copy_button.setText("Copied")


class CrashReporter(QObject):
    """Catches what nothing else did (sys.excepthook and threading.excepthook), logs its report and shows it.

    A report from any thread reaches the window through a queued signal; while one dialog is open, later
    reports are only logged, so a fault that repeats does not pile up dialogs.
    """

    _reported = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self._reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_excepthook

    def excepthook(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:  # fmt: skip
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        self.report(error.with_traceback(trace))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.report(args.exc_value.with_traceback(args.exc_traceback))

    def report(self, error: BaseException) -> None:
        """Log the error's report and show it (from any thread)."""
        self._reported.emit(log_crash(error, {"Qt": qVersion(), "PySide6": pyside_version}))

    def _show(self, report: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return  # logged; one dialog at a time
        self.dialog = CrashDialog(report, QApplication.activeWindow())
        self.dialog.open()


_reporter: CrashReporter | None = None


def install_crash_reporter() -> CrashReporter:
    """Once per application: unexpected errors are logged and shown from now on."""
    global _reporter
    if _reporter is None:
        _reporter = CrashReporter(QApplication.instance())
        _reporter.install()
    return _reporter


def report_crash(error: BaseException) -> None:
    """A bug caught somewhere that carries on (a background job): logged, and shown once there is a window."""
    if _reporter is None:
        log_crash(error)
    else:
        _reporter.report(error)
