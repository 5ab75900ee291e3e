from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.counting import Gateway
from desktop.services.practice import get_settings, update_settings
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow


def test_typing_updates_the_measurement(qtbot: QtBot, window: MainWindow) -> None:
    home = window.home_page
    qtbot.keyClicks(home.editor, "a" * 161)
    assert home.result.text().startswith("161 characters · 2 fragments · GSM-7")
    assert "£0.06 per patient with VAT" in home.result.text()  # 2 x 2.4p + 20%
    assert home.warning.isHidden()
    assert home.fix_button.isHidden()


def export_rules(window: MainWindow, workspace: Workspace) -> None:
    """The practice exports for its own supplier: texts are counted as typed (GSM 03.38)."""
    window._settings_saved(update_settings(workspace, replace(get_settings(workspace), gateway=Gateway.STANDARD)))


def test_a_curly_quote_is_flagged_and_fixed_in_one_click(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    export_rules(window, workspace)
    home = window.home_page
    # Curly quotes arrive by pasting from Word; QTest cannot type them as key presses.
    home.editor.insertPlainText("It’s time for your flu jab — book now")
    assert "UCS-2" in home.result.text()
    assert home.warning.isVisible() and "’" in home.warning.text() and "—" in home.warning.text()
    assert home.fix_button.isVisible()
    qtbot.mouseClick(home.fix_button, Qt.MouseButton.LeftButton)
    assert home.editor.toPlainText() == "It's time for your flu jab - book now"
    assert "GSM-7" in home.result.text()
    assert home.warning.isHidden() and home.fix_button.isHidden()
    home.editor.undo()  # the fix is one undo step
    assert home.editor.toPlainText() == "It’s time for your flu jab — book now"


def test_too_long_is_said_plainly(window: MainWindow, workspace: Workspace) -> None:
    home = window.home_page
    home.editor.setPlainText("a" * 919)
    assert "Too long to send: the limit is 918 characters (GOV.UK Notify's limit)." in home.warning.text()
    export_rules(window, workspace)
    home.editor.setPlainText("ê" * 403)
    assert "Too long to send: the limit is 402 characters (6 texts)." in home.warning.text()


def test_with_notify_a_text_is_counted_as_notify_sends_it(window: MainWindow) -> None:
    home = window.home_page
    home.editor.setPlainText("It’s time for your flu jab — book now")  # Notify sends plain quotes and dashes
    assert home.result.text().startswith("37 characters · 1 fragment · GSM-7") and home.warning.isHidden()
    home.editor.setPlainText("Book now 👍")
    assert "GOV.UK Notify cannot send 👍: patients would see a question mark." in home.warning.text()
    home.editor.setPlainText("Croeso i'r feddygfa, dewch â'ch cerdyn")  # a Welsh letter GSM lacks
    assert "UCS-2" in home.result.text()
