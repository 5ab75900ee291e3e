"""The Settings page's Notify key panel, with an in-memory credential store and the stand-in Notify."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify_key import KEY_VARIABLE, URL_VARIABLE
from desktop.ui.main_window import MainWindow
from desktop.ui.notify_key_panel import NotifyKeyPanel
from tests.keyrings import MemoryKeyring


@pytest.fixture
def notify(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> Iterator[NotifyStandIn]:
    service = NotifyStandIn().start()
    monkeypatch.setenv(URL_VARIABLE, service.url)
    yield service
    service.stop()


@pytest.fixture
def panel(qtbot: QtBot, window: MainWindow, notify: NotifyStandIn) -> NotifyKeyPanel:
    window.show_area("Settings")
    page = window.settings_page
    page.template_id_edit.setText(notify.template_id)
    page.notify_key.refresh()
    found(qtbot, page.notify_key)
    return page.notify_key


def found(qtbot: QtBot, panel: NotifyKeyPanel) -> None:
    """Wait for the worker that looks for the key (the credential store is asked off the UI thread)."""
    qtbot.waitUntil(lambda: not panel.state_job.busy and "Looking" not in panel.status.text(), timeout=5000)


def test_a_key_is_entered_checked_with_notify_and_removed(
    qtbot: QtBot, panel: NotifyKeyPanel, notify: NotifyStandIn
) -> None:
    assert "No API key yet" in panel.status.text() and not panel.check_button.isEnabled()
    panel.enter_key(notify.api_key)
    found(qtbot, panel)
    assert "credential store" in panel.status.text() and notify.secret not in panel.status.text()
    assert panel.check_button.isEnabled() and panel.remove_button.isEnabled()
    panel.check_button.click()
    qtbot.waitUntil(lambda: "works" in panel.result.text(), timeout=5000)
    assert panel.result.property("kind") == "ok"
    panel.remove(confirm=False)
    found(qtbot, panel)
    assert "No API key yet" in panel.status.text() and not panel.remove_button.isEnabled()


def test_a_wrong_template_is_named_without_freezing_the_window(
    qtbot: QtBot, window: MainWindow, panel: NotifyKeyPanel, notify: NotifyStandIn
) -> None:
    notify.templates["11111111-2222-3333-4444-555555555555"] = ("sms", "Hello ((name))")
    window.settings_page.template_id_edit.setText("11111111-2222-3333-4444-555555555555")
    panel.enter_key(notify.api_key)
    found(qtbot, panel)
    notify.answer_after = 0.3  # a slow network: the answer comes through a worker
    panel.check_button.click()
    assert not panel.check_button.isEnabled()  # one check at a time
    qtbot.waitUntil(lambda: "((message))" in panel.result.text(), timeout=5000)
    found(qtbot, panel)
    assert panel.result.property("kind") == "error" and panel.check_button.isEnabled()


def test_text_that_is_not_a_key_is_refused_and_nothing_is_kept(qtbot: QtBot, panel: NotifyKeyPanel) -> None:
    panel.enter_key("password123")
    found(qtbot, panel)
    assert "not a GOV.UK Notify API key" in panel.result.text()
    assert "No API key yet" in panel.status.text()


def test_a_key_from_the_environment_is_shown_and_not_changed_here(
    qtbot: QtBot, panel: NotifyKeyPanel, notify: NotifyStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_VARIABLE, notify.api_key)
    panel.refresh()
    found(qtbot, panel)
    assert KEY_VARIABLE in panel.status.text()
    assert not panel.enter_button.isEnabled() and not panel.remove_button.isEnabled()
    assert panel.check_button.isEnabled()
