from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow


def test_typing_updates_the_measurement(qtbot: QtBot, window: MainWindow) -> None:
    home = window.home_page
    qtbot.keyClicks(home.editor, "a" * 161)
    assert home.result.text().startswith("161 characters · 2 fragments · GSM-7")
    assert "£0.06 per patient with VAT" in home.result.text()  # 2 x 2.64p + 20%
    assert home.warning.isHidden()
    assert home.fix_button.isHidden()


def test_a_curly_quote_is_flagged_and_fixed_in_one_click(qtbot: QtBot, window: MainWindow) -> None:
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


def test_too_long_is_said_plainly(window: MainWindow) -> None:
    home = window.home_page
    home.editor.setPlainText("a" * 919)
    assert "Too long to send: the limit is 918 characters." in home.warning.text()
