"""settings notify-key: the key from standard input into the credential store, checked with the stand-in Notify."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify_key import URL_VARIABLE
from desktop.services.practice import update_settings
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.store.settings import load_settings
from tests.keyrings import MemoryKeyring


@pytest.fixture
def notify(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> Iterator[NotifyStandIn]:
    service = NotifyStandIn().start()
    monkeypatch.setenv(URL_VARIABLE, service.url)
    yield service
    service.stop()


def run(db_path: Path, action: str, monkeypatch: pytest.MonkeyPatch, typed: str = "") -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    out = io.StringIO()
    return main(["--db", str(db_path), "settings", "notify-key", action], stdout=out), out.getvalue()


def with_template(db_path: Path, template_id: str) -> None:
    workspace = Workspace.open(db_path)
    install_sample_data(workspace)
    update_settings(workspace, replace(load_settings(workspace.db), notify_template_id=template_id))
    workspace.close()


def test_the_key_is_read_from_standard_input_kept_and_never_printed(
    db_path: Path, memory_keyring: MemoryKeyring, notify: NotifyStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out = run(db_path, "set", monkeypatch, notify.api_key + "\n")
    assert status == 0 and notify.service_id in out and notify.secret not in out
    assert list(memory_keyring.passwords.values()) == [notify.api_key]


def test_a_text_that_is_not_a_key_is_refused(
    db_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_path, "set", monkeypatch, "hunter2\n")[0] == 2
    assert "not a GOV.UK Notify API key" in capsys.readouterr().err and memory_keyring.passwords == {}


def test_the_key_and_the_template_are_checked_with_notify(
    db_path: Path, memory_keyring: MemoryKeyring, notify: NotifyStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_template(db_path, notify.template_id)
    run(db_path, "set", monkeypatch, notify.api_key)
    status, out = run(db_path, "test", monkeypatch)
    assert status == 0 and "works" in out


def test_a_template_that_is_not_the_message_one_is_named(
    db_path: Path,
    memory_keyring: MemoryKeyring,
    notify: NotifyStandIn,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    other = str(uuid.uuid4())
    notify.templates[other] = ("sms", "Hello ((name))")
    with_template(db_path, other)
    run(db_path, "set", monkeypatch, notify.api_key)
    assert run(db_path, "test", monkeypatch)[0] == 1
    assert "((message))" in capsys.readouterr().err


def test_a_key_notify_does_not_accept_is_said_plainly(
    db_path: Path,
    memory_keyring: MemoryKeyring,
    notify: NotifyStandIn,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with_template(db_path, notify.template_id)
    run(db_path, "set", monkeypatch, f"old-{notify.service_id}-{uuid.uuid4()}")
    assert run(db_path, "test", monkeypatch)[0] == 1
    assert "did not accept the API key" in capsys.readouterr().err


def test_removing_the_key(db_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    run(db_path, "set", monkeypatch, f"k-{uuid.uuid4()}-{uuid.uuid4()}")
    assert run(db_path, "remove", monkeypatch)[1].strip() == "Removed."
    assert run(db_path, "remove", monkeypatch)[1].strip() == "There was no key to remove."
    assert memory_keyring.passwords == {}
