from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.ui.app import create_application
from desktop.ui.main_window import MainWindow
from desktop.ui.workers import jobs


@pytest.fixture(autouse=True)
def no_job_outlives_its_test() -> Iterator[None]:
    """Every job a test started has ended, and its signals been handled, before the next test."""
    yield
    assert jobs().shutdown(10_000), "a background job was still running after the test"


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace) -> Iterator[MainWindow]:
    create_application([])  # the real stylesheet and icon, on pytest-qt's QApplication
    install_sample_data(workspace)
    main_window = MainWindow(workspace)
    qtbot.addWidget(main_window)
    main_window.show()
    qtbot.waitExposed(main_window)
    yield main_window
