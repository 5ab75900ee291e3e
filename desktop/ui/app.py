"""Starting the window: the Qt application, the stylesheet, the database and first-run sample data."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_NAME, __version__
from desktop.resources import resource_path
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.store.database import StoreError
from desktop.ui.main_window import MainWindow
from desktop.ui.workers import jobs

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication) and existing.applicationName() == APP_NAME:
        return existing  # already set up (tests make many windows on one application)
    app = existing or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("PracticeMessaging")
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.svg"))))
    app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    return app


def open_workspace(path: Path | None) -> Workspace:
    workspace = Workspace.open(path)
    if install_sample_data(workspace):
        from desktop.demo.sample_story import install_sample_story  # first run only: it loads the gateways

        install_sample_story(workspace)  # a finished campaign to look at, sent to no one
        log.info("Fresh database: sample data installed")
    return workspace


def run_gui(database: Path | None = None) -> int:
    app = create_application()
    try:
        workspace = open_workspace(database)
    except StoreError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    window = MainWindow(workspace)
    window.show()
    try:
        return app.exec()
    finally:
        # Stop running jobs (an import being saved rolls back) before the database closes.
        jobs().shutdown()
        workspace.close()
