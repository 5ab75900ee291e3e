"""Backups from Settings, and a damaged data file met as the program opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.services import backups
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.store.backups import damage
from desktop.ui.app import check_sound, create_application
from desktop.ui.main_window import MainWindow


def test_a_copy_is_made_now_and_restored_from_settings(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.show_area("Settings")
    page = window.settings_page
    page.show_tab("Records and data")
    panel = page.backups
    panel.back_up(str(tmp_path / "copy.db"))
    qtbot.waitUntil(lambda: panel.message.text() == f"Backed up to {tmp_path / 'copy.db'}.", timeout=10_000)
    assert panel.backup_button.isEnabled()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database" * 200)
    panel.restore(str(garbage))
    assert "is damaged or is not a database" in panel.message.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    with qtbot.waitSignal(page.restored, timeout=10_000):
        panel.restore(str(tmp_path / "copy.db"))
    assert not window.isVisible()  # closed: opened again on the restored data


def test_a_damaged_file_is_offered_its_latest_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    create_application([])
    path = tmp_path / "practice.db"
    workspace = Workspace.open(path)
    install_sample_data(workspace)
    backups.daily_backup(workspace)
    workspace.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    workspace.close()
    content = bytearray(path.read_bytes())
    content[4096 * 3 : 4096 * 6] = b"\xff" * (4096 * 3)
    path.write_bytes(bytes(content))
    asked: list[str] = []

    def answer(no: bool) -> object:
        def ask(parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
            asked.append(text)
            return QMessageBox.StandardButton.No if no else QMessageBox.StandardButton.Yes

        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(no=True))
    assert not check_sound(path) and damage(path) is not None  # the user said no: nothing touched
    assert asked[0].startswith("The data file is damaged and cannot be used as it is.")
    assert "The latest backup is from" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", answer(no=False))
    assert check_sound(path) and damage(path) is None


def test_a_damaged_file_without_a_copy_is_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    create_application([])
    path = tmp_path / "practice.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: said.append(text))
    assert not check_sound(path)
    assert said and "is damaged, and there is no backup of it to restore" in said[0]
