"""An unexpected error in the window: logged, shown with a copyable report, and the window carries on."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.ui.dialogs.crash import CrashReporter
from desktop.ui.main_window import MainWindow

PATIENT = "Margaret Smith, 07700 900123"


def _broken_slot() -> None:
    raise ZeroDivisionError(PATIENT)


def test_an_error_nothing_caught_shows_a_report_to_copy_and_the_window_goes_on(
    qtbot: QtBot, window: MainWindow, caplog: pytest.LogCaptureFixture
) -> None:
    reporter = CrashReporter()
    try:
        _broken_slot()
    except ZeroDivisionError:
        kind, error, trace = sys.exc_info()
    with caplog.at_level(logging.ERROR, logger="desktop.crash_report"):
        reporter.excepthook(kind, error, trace)  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    assert dialog is not None
    report = dialog.report.toPlainText()
    assert "builtins.ZeroDivisionError" in report and "in _broken_slot" in report and "Qt " in report
    assert "Margaret" not in report and "07700" not in report and "Margaret" not in caplog.text
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == report and dialog.copy_button.text() == "Copied"

    reporter.excepthook(kind, error, trace)  # type: ignore[arg-type]  # again while it is open: logged only
    qtbot.wait(20)
    assert reporter.dialog is dialog and caplog.text.count("Unexpected error") == 2
    dialog.reject()
    window.show_area("Templates")  # still usable
    assert window.templates_page.isVisible()


def test_an_error_on_another_thread_reaches_the_window(qtbot: QtBot) -> None:
    reporter = CrashReporter()
    before = sys.excepthook, threading.excepthook
    reporter.install()
    try:
        thread = threading.Thread(target=_broken_slot)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
        assert reporter.dialog is not None and "in _broken_slot" in reporter.dialog.report.toPlainText()
        reporter.dialog.reject()
    finally:
        sys.excepthook, threading.excepthook = before


def test_the_window_keeps_its_light_colours_whatever_the_system_scheme(window: MainWindow) -> None:
    """The stylesheet's dark text is for a light window: a dark system scheme must not darken dialogs."""
    from PySide6.QtGui import QPalette

    # (the offscreen platform keeps no colour scheme: scripts/screenshots.py --dark shows the whole effect)
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() > 200
