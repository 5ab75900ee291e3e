"""Screenshots of every page and every campaign wizard step, as a new user sees them, for review by eye.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py OUT_DIR [--size 1100x720] [--dark]
    QT_SCALE_FACTOR=1.25 QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py OUT --size 1366x768

A fresh database in a temporary folder is set up as the welcome's samples would be; each page is drawn
at the size asked and saved as PNG (the Settings tabs and wizard steps one by one).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.template import Purpose
from desktop.services import campaigns, first_run
from desktop.services.workspace import Workspace
from desktop.ui.app import create_application
from desktop.ui.main_window import MainWindow


def settle(milliseconds: int = 400) -> None:
    """Let workers finish and the event loop draw what they brought."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def save(widget: QWidget, folder: Path, name: str) -> None:
    settle()
    widget.grab().save(str(folder / f"{name}.png"))


def _dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2d2d2d"),
        (QPalette.ColorRole.WindowText, "#f0f0f0"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#f0f0f0"),
        (QPalette.ColorRole.Button, "#3c3c3c"),
        (QPalette.ColorRole.ButtonText, "#f0f0f0"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1100x720")
    parser.add_argument("--dark", action="store_true", help="the dark colour scheme")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    if args.dark:  # the computer set to a dark scheme before the program starts
        dark = QApplication([])
        QGuiApplication.styleHints().setColorScheme(Qt.ColorScheme.Dark)
        dark.setPalette(_dark_palette())
    app = create_application([])
    with tempfile.TemporaryDirectory() as scratch:
        workspace = Workspace.open(Path(scratch) / "practice.db")
        first_run.install_samples(workspace)
        window = MainWindow(workspace)
        window.resize(width, height)
        window.show()
        for index in range(window.navigation.count()):
            title = window.navigation.item(index).text()
            window.show_area(title)
            save(window, args.out, f"{index + 1}-{title.lower()}")
        settings = window.settings_page
        for tab in range(settings.tabs.count()):
            settings.tabs.setCurrentIndex(tab)
            save(window, args.out, f"7-settings-{tab + 1}-{settings.tabs.tabText(tab).lower().replace(' ', '-')}")
        window.show_area("Campaigns")
        page = window.campaigns_page
        wizard = page.open_wizard(
            campaigns.create_campaign(workspace, "Online consultation invite", Purpose.ONLINE_CONSULTATION)
        )
        if wizard is not None:
            wizard.basics_page.preparer_edit.setText("Jo Reception")
            save(wizard, args.out, "wizard-1")
            wizard.next()
            save(wizard, args.out, "wizard-2-quick-check-unanswered")  # what is missing, said beside Next
            check = wizard.quick_check_page
            for key, group in check.groups.items():
                group.button(0 if key == "impact_measured" else 1).setChecked(True)
            check.objective_edit.setText("More flu jabs booked")
            save(wizard, args.out, "wizard-2-quick-check")
            for step in range(3, 6):
                if not wizard.button(wizard.WizardButton.NextButton).isEnabled():
                    break
                wizard.next()
                settle(2500)  # the cost step works in a worker
                save(wizard, args.out, f"wizard-{step}")
            wizard.reject()
        window.close()
        workspace.close()
    app.processEvents()
    print(f"Screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    sys.exit(main())
