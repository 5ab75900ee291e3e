"""The main window: navigation between the product's areas, a status bar and the About box."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop import APP_NAME
from desktop.core.practice import PracticeSettings
from desktop.services.campaigns import upcoming_releases
from desktop.services.practice import get_settings
from desktop.services.workspace import Workspace
from desktop.ui.campaigns import CampaignsPage
from desktop.ui.dialogs.about import AboutDialog
from desktop.ui.pages.area import AreaPage
from desktop.ui.pages.cohorts import CohortsPage
from desktop.ui.pages.home import HomePage
from desktop.ui.pages.settings import SettingsPage
from desktop.ui.templates import TemplatesPage

# The areas still to come, each described by what it will do for the practice.
_AREAS: dict[str, tuple[str, list[str]]] = {
    "Releases": (
        "Send the blocks that are due, or export them for upload into your messaging product.",
        ["Each patient is texted exactly once, even if the computer restarts mid-release"],
    ),
    "Outcomes": (
        "See what each campaign achieved against its objective, and what it cost.",
        ["Delivery, survey answers and calls recorded after each block", "Costs against the monthly budget"],
    ),
}


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        settings = get_settings(workspace)
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self.setMinimumSize(QSize(860, 560))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Areas")
        self.navigation.setFixedWidth(190)
        self.pages = QStackedWidget()

        self.home_page = HomePage(settings)
        self.settings_page = SettingsPage(workspace, settings)
        self.settings_page.saved.connect(self._settings_saved)
        self.cohorts_page = CohortsPage(workspace)
        self.cohorts_page.changed.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self._add_page("Home", self.home_page)
        self._add_page("Cohorts", self.cohorts_page)
        self.templates_page = TemplatesPage(workspace, settings)
        self.templates_page.changed.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.cohorts_page.changed.connect(lambda _: self.templates_page.cohorts_changed())
        self._add_page("Templates", self.templates_page)
        self.campaigns_page = CampaignsPage(workspace)
        self.campaigns_page.changed.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.campaigns_page.updated.connect(self._show_upcoming)
        self._add_page("Campaigns", self.campaigns_page)
        for title, (purpose, points) in _AREAS.items():
            self._add_page(title, AreaPage(title, purpose, points))
        self._add_page("Settings", self.settings_page)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_menus()

        self.practice_label = QLabel()
        self.database_label = QLabel(workspace.path.name)
        self.database_label.setToolTip(f"Data file: {workspace.path}")
        self.statusBar().addPermanentWidget(self.practice_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self._show_practice(settings)
        self._show_upcoming()
        self.statusBar().showMessage("Ready. Nothing is sent until a campaign is approved and released.", 8000)

    def show_area(self, title: str) -> None:
        matches = self.navigation.findItems(title, Qt.MatchFlag.MatchExactly)
        if matches:
            self.navigation.setCurrentItem(matches[0])

    def current_area(self) -> str:
        item = self.navigation.currentItem()
        return item.text() if item else ""

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self._workspace.path, self)
        dialog.open()
        return dialog

    def _add_page(self, title: str, page: QWidget) -> None:
        item = QListWidgetItem(title)
        item.setSizeHint(QSize(0, 40))
        self.navigation.addItem(item)
        self.pages.addWidget(page)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction(f"&About {APP_NAME}", self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _settings_saved(self, settings: PracticeSettings) -> None:
        self.home_page.show_settings(settings)
        self.templates_page.set_settings(settings)
        self._show_practice(settings)
        self._show_upcoming()
        self.statusBar().showMessage("Settings saved.", 5000)

    def _show_upcoming(self) -> None:
        self.home_page.show_upcoming(upcoming_releases(self._workspace))

    def _show_practice(self, settings: PracticeSettings) -> None:
        self.practice_label.setText(settings.practice_name or "Practice not set up")
