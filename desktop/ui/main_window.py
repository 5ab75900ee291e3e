"""The main window: navigation between the product's areas, a status bar and the About box."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import cast

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop import APP_NAME
from desktop.core.clock import utc_now
from desktop.core.practice import PracticeSettings
from desktop.services.backups import daily_backup
from desktop.services.campaigns import upcoming_releases
from desktop.services.practice import get_settings
from desktop.services.retention import Purged, apply_retention
from desktop.services.workspace import Workspace
from desktop.ui.campaigns import CampaignsPage
from desktop.ui.dialogs.about import AboutDialog
from desktop.ui.due_sender import DueSender
from desktop.ui.help_texts import add_tips
from desktop.ui.pages.cohorts import CohortsPage
from desktop.ui.pages.home import HomePage
from desktop.ui.pages.settings import SettingsPage
from desktop.ui.releases import ReleasesPage
from desktop.ui.reports.page import OutcomesPage
from desktop.ui.templates import TemplatesPage
from desktop.ui.workers import JobSlot, Worker, in_workspace


class MainWindow(QMainWindow):
    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._clock = clock  # what the Releases page takes as now (tests set it)
        self.retention_job = JobSlot(self)
        self._settings = get_settings(workspace)
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self.setMinimumSize(QSize(860, 560))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Areas")
        self.navigation.setFixedWidth(190)
        self.pages = QStackedWidget()
        # Each page is made the first time it is shown: making them all (and styling every
        # widget) as the window opened froze it for a quarter of a second.
        self._factories: dict[str, Callable[[], QWidget]] = {
            "Home": self._make_home,
            "Cohorts": self._make_cohorts,
            "Templates": self._make_templates,
            "Campaigns": self._make_campaigns,
            "Releases": self._make_releases,
            "Outcomes": self._make_outcomes,
            "Settings": self._make_settings,
        }
        self._made: dict[str, QWidget] = {}
        for title in self._factories:
            item = QListWidgetItem(title)
            item.setSizeHint(QSize(0, 40))
            self.navigation.addItem(item)
            self.pages.addWidget(QWidget())  # stands in until the page is made
        self.navigation.currentRowChanged.connect(self._show_row)
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
        self._show_practice(self._settings)
        self._show_upcoming()
        # Due blocks go at their time while the window is open, as send-due sends them when it is not.
        self.due_sender = DueSender(workspace, clock, self)
        self.due_sender.sent.connect(self._due_sent)
        self.statusBar().showMessage("Ready. Nothing is sent until a campaign is approved and released.", 8000)
        self._apply_retention()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The timers that read the database every minute stop with the window: its database closes next.
        self.due_sender.stop()
        if "Releases" in self._made:
            self.releases_page.stop()
        super().closeEvent(event)

    def _apply_retention(self) -> None:
        """In a worker: delete the personal data of campaigns that ended longer ago than Settings keep it,
        then make today's backup (if not made yet), keeping a week's."""
        path, actor = self._workspace.path, self._workspace.actor
        worker = Worker(lambda progress, cancelled: in_workspace(path, _retain_and_back_up, actor))
        worker.finished.connect(self._retained)
        self.retention_job.start(worker)

    def _retained(self, purged: Purged) -> None:
        if purged.campaigns:
            self._status(f"Deleted the personal data of {len(purged.campaigns):,} campaigns past the retention period.")

    def page(self, title: str) -> QWidget:
        """The page of an area, made now if it has not been shown yet."""
        made = self._made.get(title)
        if made is None:
            made = self._made[title] = self._factories[title]()
            add_tips(made)
            index = list(self._factories).index(title)
            placeholder = self.pages.widget(index)
            self.pages.insertWidget(index, made)
            if placeholder is not None:
                self.pages.removeWidget(placeholder)
                placeholder.deleteLater()
        return made

    @property
    def home_page(self) -> HomePage:
        return cast(HomePage, self.page("Home"))

    @property
    def cohorts_page(self) -> CohortsPage:
        return cast(CohortsPage, self.page("Cohorts"))

    @property
    def templates_page(self) -> TemplatesPage:
        return cast(TemplatesPage, self.page("Templates"))

    @property
    def campaigns_page(self) -> CampaignsPage:
        return cast(CampaignsPage, self.page("Campaigns"))

    @property
    def releases_page(self) -> ReleasesPage:
        return cast(ReleasesPage, self.page("Releases"))

    @property
    def outcomes_page(self) -> OutcomesPage:
        return cast(OutcomesPage, self.page("Outcomes"))

    @property
    def settings_page(self) -> SettingsPage:
        return cast(SettingsPage, self.page("Settings"))

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

    def _show_row(self, row: int) -> None:
        if row >= 0:
            self.page(list(self._factories)[row])
            self.pages.setCurrentIndex(row)

    def _make_home(self) -> HomePage:
        return HomePage(self._settings)

    def _make_cohorts(self) -> CohortsPage:
        page = CohortsPage(self._workspace)
        page.changed.connect(self._status)
        page.changed.connect(self._cohorts_changed)
        return page

    def _make_templates(self) -> TemplatesPage:
        page = TemplatesPage(self._workspace, self._settings)
        page.changed.connect(self._status)
        return page

    def _make_campaigns(self) -> CampaignsPage:
        page = CampaignsPage(self._workspace)
        page.changed.connect(self._status)
        page.updated.connect(self._show_upcoming)
        return page

    def _make_releases(self) -> ReleasesPage:
        page = ReleasesPage(self._workspace, clock=self._clock)
        page.changed.connect(self._status)
        page.sent.connect(self._show_upcoming)
        return page

    def _make_outcomes(self) -> OutcomesPage:
        page = OutcomesPage(self._workspace)
        page.changed.connect(self._status)
        return page

    def _make_settings(self) -> SettingsPage:
        page = SettingsPage(self._workspace, self._settings)
        page.saved.connect(self._settings_saved)
        page.restored.connect(self._restored)
        return page

    def _restored(self, name: str) -> None:
        """The data was replaced by a backup: every page would show the old, so the program closes."""
        QMessageBox.information(
            self, APP_NAME,
            f"The data has been restored from {name}. {APP_NAME} will close now: open it again to go on with "
            "the restored data.",
        )  # fmt: skip
        self.close()

    def _due_sent(self, message: str) -> None:
        self._status(message)
        self._show_upcoming()
        if "Releases" in self._made:
            self.releases_page.refresh()

    def _status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _cohorts_changed(self) -> None:
        if "Templates" in self._made:  # a page not made yet reads the cohorts when it is
            self.templates_page.cohorts_changed()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        # Every area from the keyboard: Ctrl+1 for Home to Ctrl+7 for Settings, listed in the menu to be found
        go_menu = self.menuBar().addMenu("&Go")
        for number, title in enumerate(self._factories, start=1):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, shown=title: self.show_area(shown))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction(f"&About {APP_NAME}", self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _settings_saved(self, settings: PracticeSettings) -> None:
        self._settings = settings
        self.home_page.show_settings(settings)
        if "Templates" in self._made:
            self.templates_page.set_settings(settings)
        self._show_practice(settings)
        self._show_upcoming()
        self.statusBar().showMessage("Settings saved.", 5000)

    def _show_upcoming(self) -> None:
        self.home_page.show_upcoming(upcoming_releases(self._workspace))

    def _show_practice(self, settings: PracticeSettings) -> None:
        self.practice_label.setText(settings.practice_name or "Practice not set up")


def _retain_and_back_up(workspace: Workspace) -> Purged:
    purged = apply_retention(workspace)
    daily_backup(workspace)
    return purged
