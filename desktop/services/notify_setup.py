"""Checking the practice's GOV.UK Notify set-up: the key works and the template is the ((message)) one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from desktop.gateways.notify import ApiKey, NotifyClient, NotifyError, NotifyKeyError
from desktop.gateways.notify_key import KEY_VARIABLE, KeySource, KeyStoreError, current_key, notify_url
from desktop.services.workspace import Workspace
from desktop.store.settings import load_settings

MESSAGE_TEMPLATE = "((message))"


class NotifySetupError(Exception):
    """The set-up does not work; the message says what to change, in plain English."""


@dataclass(frozen=True)
class NotifySetup:
    key: ApiKey
    source: KeySource
    template_id: str


def notify_setup(workspace: Workspace) -> NotifySetup:
    """The template ID and the key sending needs; raises NotifySetupError saying which is missing."""
    template_id = load_settings(workspace.db).notify_template_id
    if not template_id:
        raise NotifySetupError("Set the GOV.UK Notify template ID in Settings first.")
    try:
        found = current_key()
    except (KeyStoreError, NotifyKeyError) as error:
        raise NotifySetupError(str(error)) from error
    if found is None:
        raise NotifySetupError(f"No GOV.UK Notify API key: add it in Settings, or set {KEY_VARIABLE}.")
    return NotifySetup(found[0], found[1], template_id)


@contextmanager
def notify_client(workspace: Workspace) -> Iterator[tuple[NotifyClient, str]]:
    """A client for the practice's key and Notify's address, with the template ID to send through;
    NotifySetupError (before anything is opened) says what is missing."""
    setup = notify_setup(workspace)
    with NotifyClient(setup.key, notify_url()) as client:
        yield client, setup.template_id


def check_notify(key: ApiKey, source: KeySource, url: str, template_id: str) -> str:
    """A sentence saying the set-up works; raises NotifySetupError saying what does not."""
    if not template_id:
        raise NotifySetupError("Set the GOV.UK Notify template ID in Settings first.")
    where = "the environment" if source is KeySource.ENVIRONMENT else "the credential store"
    try:
        with NotifyClient(key, url) as client:
            template = client.template(template_id)
    except NotifyError as error:
        raise NotifySetupError(f"The key from {where} did not work: {error}") from error
    if template.type != "sms" or template.body.strip() != MESSAGE_TEMPLATE:
        raise NotifySetupError(
            f"The key works, but the template is not a text message whose whole message is {MESSAGE_TEMPLATE}: "
            "edit it in Notify, or set the ID of one that is."
        )
    return f"The key (from {where}) works, and the template is right."
