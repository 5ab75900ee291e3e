"""Where the GOV.UK Notify API key lives: the operating system's credential store, never the database.

Windows keeps it in Credential Manager (macOS: Keychain; Linux desktops: Secret Service), through
`keyring`. For scripted runs, and machines with no credential store (a Linux server without a
desktop session), two environment variables take precedence:
  PRACTICE_MESSAGING_NOTIFY_KEY  the API key
  PRACTICE_MESSAGING_NOTIFY_URL  the API's base URL (default: Notify's public one; the demo's stand-in)
The key is never logged, shown, written to the database or taken from a command line.
"""

from __future__ import annotations

import os
from enum import StrEnum

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from desktop.gateways.notify import NOTIFY_URL, ApiKey

KEY_VARIABLE = "PRACTICE_MESSAGING_NOTIFY_KEY"
URL_VARIABLE = "PRACTICE_MESSAGING_NOTIFY_URL"
_SERVICE = "Practice Messaging"
_ACCOUNT = "GOV.UK Notify API key"


class KeySource(StrEnum):
    ENVIRONMENT = "environment"
    CREDENTIAL_STORE = "credential store"


class KeyStoreError(Exception):
    """The credential store cannot be used; the message says what to do instead."""


_NO_STORE = (
    "This computer has no credential store to keep the GOV.UK Notify key in. "
    f"Set the environment variable {KEY_VARIABLE} to the key instead (for the account that sends)."
)


def current_key() -> tuple[ApiKey, KeySource] | None:
    """The key to send with, and where it came from; None when none has been given."""
    from_environment = os.environ.get(KEY_VARIABLE, "").strip()
    if from_environment:
        return ApiKey.parse(from_environment), KeySource.ENVIRONMENT
    try:
        stored = keyring.get_password(_SERVICE, _ACCOUNT)
    except KeyringError as error:
        raise KeyStoreError(_NO_STORE) from error
    return (ApiKey.parse(stored), KeySource.CREDENTIAL_STORE) if stored else None


def store_key(text: str) -> ApiKey:
    """Check the key's form and keep it in the credential store; raises NotifyKeyError or KeyStoreError."""
    key = ApiKey.parse(text)
    try:
        keyring.set_password(_SERVICE, _ACCOUNT, text.strip())
    except KeyringError as error:
        raise KeyStoreError(_NO_STORE) from error
    return key


def remove_key() -> bool:
    """Forget the stored key; False when there was none."""
    try:
        keyring.delete_password(_SERVICE, _ACCOUNT)
    except PasswordDeleteError:
        return False
    except KeyringError as error:
        raise KeyStoreError(_NO_STORE) from error
    return True


def notify_url() -> str:
    return os.environ.get(URL_VARIABLE, "").strip() or NOTIFY_URL
