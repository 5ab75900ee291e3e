"""Help where it is needed: each page says what it is for, fields that are not obvious explain themselves,
and every area is reached from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.template import Purpose
from desktop.services import campaigns
from desktop.ui.dialogs.welcome import WelcomeDialog
from desktop.ui.help_texts import FIELD_TIPS, PAGE_PURPOSE
from desktop.ui.import_wizard import ImportWizard
from desktop.ui.main_window import MainWindow


@pytest.mark.parametrize("title", list(PAGE_PURPOSE))
def test_each_page_says_what_it_is_for(window: MainWindow, title: str) -> None:
    window.show_area(title)
    intros = [
        label for label in window.page(title).findChildren(QLabel) if label.accessibleName() == f"What {title} is for"
    ]
    assert len(intros) == 1 and intros[0].text() == PAGE_PURPOSE[title] and intros[0].isVisible()


def test_every_field_the_tips_name_exists_and_shows_its_tip(window: MainWindow) -> None:
    """A renamed field would lose its tip silently: every tip must find its field."""
    roots: list[QWidget] = [window.page(title) for title in ("Cohorts", "Templates", "Campaigns", "Settings")]
    window.show_area("Settings")
    for tab in range(window.settings_page.tabs.count()):  # a tab's groups join the page when first shown
        window.settings_page.tabs.setCurrentIndex(tab)
    workspace = window.campaigns_page._workspace
    draft = campaigns.create_campaign(workspace, "Help", Purpose.CALL_TO_ACTION)
    roots.append(window.campaigns_page.open_wizard(draft))
    roots.append(ImportWizard(workspace))
    roots.append(WelcomeDialog(workspace.path, workspace.actor))
    found: dict[str, list[QWidget]] = {}
    for root in roots:
        for widget in root.findChildren(QWidget):
            found.setdefault(widget.accessibleName(), []).append(widget)
    missing = [name for name in FIELD_TIPS if name not in found]
    assert missing == [], missing
    for name, tip in FIELD_TIPS.items():
        assert all(widget.toolTip() for widget in found[name]), name
        assert any(widget.toolTip() == tip for widget in found[name]), name
    for root in roots[-3:]:
        root.deleteLater()


def test_every_area_is_reached_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    for number, title in enumerate(["Home", "Cohorts", "Templates", "Campaigns", "Releases", "Outcomes", "Settings"]):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_area() == title


def _unnamed(root: QWidget) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTabBar

    controls = [
        w
        for kind in (QLineEdit, QAbstractSpinBox, QComboBox, QAbstractButton, QPlainTextEdit)
        for w in root.findChildren(kind)
        if not isinstance(w.parent(), QAbstractSpinBox | QComboBox | QTabBar | QLineEdit)
        and not w.objectName().startswith(("qt_", "__qt__"))  # Qt's own: a table's corner, a wizard's buttons
    ]
    assert controls
    return [f"{type(w).__name__}:{getattr(w, 'text', lambda: '')()}" for w in controls if not w.accessibleName()]


def test_every_control_of_the_wizards_and_the_welcome_has_an_accessible_name(window: MainWindow) -> None:
    workspace = window.campaigns_page._workspace
    campaign_wizard = window.campaigns_page.open_wizard(campaigns.create_campaign(workspace, "A", Purpose.SURVEY))
    for root in (campaign_wizard, ImportWizard(workspace), WelcomeDialog(workspace.path, workspace.actor)):
        assert _unnamed(root) == [], type(root).__name__
        root.deleteLater()
