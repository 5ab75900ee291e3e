"""The Notify key in the credential store (an in-memory one here), or in the environment."""

from __future__ import annotations

import uuid

import keyring
import pytest
from keyring.backends import fail

from desktop.gateways.notify import NOTIFY_URL, NotifyKeyError
from desktop.gateways.notify_key import (
    KEY_VARIABLE,
    URL_VARIABLE,
    KeySource,
    KeyStoreError,
    current_key,
    notify_url,
    remove_key,
    store_key,
)
from tests.keyrings import MemoryKeyring

SERVICE_ID, SECRET = str(uuid.uuid4()), str(uuid.uuid4())
KEY = f"practice_live-{SERVICE_ID}-{SECRET}"


def test_a_key_is_kept_in_the_credential_store_and_read_back(memory_keyring: MemoryKeyring) -> None:
    assert current_key() is None
    assert store_key(f"  {KEY}\n").service_id == SERVICE_ID
    assert list(memory_keyring.passwords.values()) == [KEY]
    key, source = current_key() or (None, None)
    assert key is not None and key.secret == SECRET and source is KeySource.CREDENTIAL_STORE
    assert remove_key() is True and current_key() is None
    assert remove_key() is False  # nothing left to remove


def test_a_text_that_is_not_a_key_is_never_stored(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(NotifyKeyError):
        store_key("my-password")
    assert memory_keyring.passwords == {}


def test_the_environment_comes_first(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    store_key(KEY)
    other_service = str(uuid.uuid4())
    monkeypatch.setenv(KEY_VARIABLE, f"script-{other_service}-{uuid.uuid4()}")
    key, source = current_key() or (None, None)
    assert key is not None and key.service_id == other_service and source is KeySource.ENVIRONMENT


def test_the_address_can_be_pointed_elsewhere(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    assert notify_url() == NOTIFY_URL
    monkeypatch.setenv(URL_VARIABLE, "http://127.0.0.1:8080")
    assert notify_url() == "http://127.0.0.1:8080"


def test_without_a_credential_store_the_environment_variable_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        for attempt in (current_key, lambda: store_key(KEY), remove_key):
            with pytest.raises(KeyStoreError, match=KEY_VARIABLE):
                attempt()
        monkeypatch.setenv(KEY_VARIABLE, KEY)
        assert current_key() is not None  # the environment still works
    finally:
        keyring.set_keyring(previous)
