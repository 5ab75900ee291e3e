"""Shared fixtures: a real database file in a temporary folder, and Qt without a screen."""

from __future__ import annotations

import os

# Set before any Qt import so the tests never need a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.services.workspace import Workspace


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the database and log of every test (and its subprocesses) out of the real user folders."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "user-state"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "practice.db"


@pytest.fixture
def workspace(db_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(db_path)
    ws.actor = "test.user"
    yield ws
    ws.close()
