"""Shared fixtures: a real database file in a temporary folder, Qt without a screen, and the stand-in
for GOV.UK Notify on 127.0.0.1."""

from __future__ import annotations

import os

# Set before any Qt import so the tests never need a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify_key import KEY_VARIABLE, URL_VARIABLE
from desktop.services.workspace import Workspace
from tests.keyrings import MemoryKeyring


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


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """A credential store in memory in place of the computer's, and no Notify key or address from the environment."""
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    monkeypatch.delenv(URL_VARIABLE, raising=False)
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture
def notify() -> Iterator[NotifyStandIn]:
    """The stand-in Notify, serving on a free port of 127.0.0.1 for the test."""
    service = NotifyStandIn().start()
    yield service
    service.stop()


@pytest.fixture
def notify_env(notify: NotifyStandIn, monkeypatch: pytest.MonkeyPatch) -> NotifyStandIn:
    """The stand-in's key and address in the environment, where the window and the commands read them."""
    monkeypatch.setenv(URL_VARIABLE, notify.url)
    monkeypatch.setenv(KEY_VARIABLE, notify.api_key)
    return notify
