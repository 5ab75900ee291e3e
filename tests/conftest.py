"""Shared fixtures: a real database file in a temporary folder, and Qt without a screen."""

from __future__ import annotations

import os

# Set before any Qt import so the tests never need a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.services.workspace import Workspace


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "practice.db"


@pytest.fixture
def workspace(db_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(db_path)
    ws.actor = "test.user"
    yield ws
    ws.close()
