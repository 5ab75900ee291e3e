"""Checking the practice's GOV.UK Notify set-up: the key works and the template is the ((message)) one."""

from __future__ import annotations

from desktop.gateways.notify import ApiKey, NotifyClient, NotifyError
from desktop.gateways.notify_key import KeySource

MESSAGE_TEMPLATE = "((message))"


class NotifySetupError(Exception):
    """The set-up does not work; the message says what to change, in plain English."""


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
