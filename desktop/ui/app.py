"""Starting the window: the Qt application, the stylesheet, the database, and the welcome on a first run."""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_NAME, __version__
from desktop.resources import resource_path
from desktop.services.backups import BackupError, latest_backup, replace_damaged
from desktop.services.workspace import Workspace
from desktop.store.backups import damage
from desktop.store.database import StoreError
from desktop.store.paths import default_database_path
from desktop.ui.dialogs.crash import install_crash_reporter
from desktop.ui.dialogs.welcome import welcome_if_first_run
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
    # The stylesheet's colours are for a light window: under a dark system scheme, Fusion's dark palette
    # would put its dark text on dark dialogs. The application keeps its own light look instead.
    app.styleHints().setColorScheme(Qt.ColorScheme.Light)
    app.setPalette(app.style().standardPalette())
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.svg"))))
    app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    return app


def run_gui(database: Path | None = None) -> int:
    app = create_application()
    install_crash_reporter()  # from here on, an unexpected error is logged and shown with a copyable report
    path = database or default_database_path()
    if path.exists() and not check_sound(path):
        return 1
    try:
        workspace = Workspace.open(path)
    except StoreError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    if not welcome_if_first_run(workspace):  # closed without setting up: asked again next time
        workspace.close()
        return 0
    window = MainWindow(workspace)
    window.show()
    try:
        return app.exec()
    finally:
        # Stop running jobs (an import being saved rolls back) before the database closes.
        jobs().shutdown()
        workspace.close()


def check_sound(path: Path) -> bool:
    """Whether the data file may be opened: it is sound, or was damaged and the latest backup put in its
    place with the user's say-so (the damaged file is kept beside it)."""
    problem = damage(path)
    if problem is None:
        return True
    log.error("The data file is damaged: %s", problem)
    latest = latest_backup(path)
    if latest is None:
        QMessageBox.critical(
            None, APP_NAME,
            f"The data file {path} is damaged, and there is no backup of it to restore. Ask your IT support to "
            "look at the file before anything else is done with it.",
        )  # fmt: skip
        return False
    answer = QMessageBox.question(
        None, APP_NAME,
        f"The data file is damaged and cannot be used as it is.\n\nThe latest backup is from {_when(latest)}. "
        "Restore it? Anything done since then will need doing "
        "again; the damaged file is kept beside it for your IT support.",
    )  # fmt: skip
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        aside = replace_damaged(path, latest)
    except BackupError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return False
    log.info("Damaged data file kept as %s; the latest backup restored", aside.name)
    return True


def _when(path: Path) -> str:
    return f"{datetime.fromtimestamp(path.stat().st_mtime):%A %d %B %Y at %H:%M}"
