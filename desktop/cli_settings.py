"""The settings command: the GOV.UK Notify key kept, checked and removed, never read from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from desktop.cli_common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, open_workspace, read_secret
from desktop.gateways.notify import NotifyKeyError
from desktop.gateways.notify_key import KeyStoreError, notify_url, remove_key, store_key
from desktop.services.notify_setup import NotifySetupError, check_notify, notify_setup


def command_notify_key(args: argparse.Namespace, out: TextIO) -> int:
    try:
        if args.action == "set":
            key = store_key(read_secret("GOV.UK Notify API key: "))
            print(f"Kept in this computer's credential store (service {key.service_id}).", file=out)
            return EXIT_OK
        if args.action == "remove":
            removed = remove_key()
            print("Removed." if removed else "There was no key to remove.", file=out)
            return EXIT_OK
        return _test(args, out)
    except (NotifyKeyError, KeyStoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _test(args: argparse.Namespace, out: TextIO) -> int:
    """The key works, and the template is a text message whose whole body is ((message))."""
    workspace = open_workspace(args.db)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        setup = notify_setup(workspace)
    except NotifySetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        workspace.close()
    try:
        print(check_notify(setup.key, setup.source, notify_url(), setup.template_id), file=out)
    except NotifySetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def command_passphrase(args: argparse.Namespace, out: TextIO) -> int:
    """The manager passphrase set, or changed with the current one: never an argument, only its hash kept."""
    from desktop.core.passphrase import PassphraseError
    from desktop.services.approval_rules import passphrase_is_set, set_passphrase

    workspace = open_workspace(args.db)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        current = read_secret("Current manager passphrase: ") if passphrase_is_set(workspace) else ""
        new = read_secret("New manager passphrase: ")
        if read_secret("New manager passphrase again: ") != new:
            print("error: the two new passphrases are not the same: nothing was changed.", file=sys.stderr)
            return EXIT_BAD_INPUT
        set_passphrase(workspace, new, current)
    except PassphraseError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        workspace.close()
    print("Saved: approving a campaign now needs the manager passphrase.", file=out)
    return EXIT_OK


def command_settings(args: argparse.Namespace, out: TextIO) -> int:
    """settings show | set KEY VALUE | notify-key ..."""
    if args.settings_command == "notify-key":
        return command_notify_key(args, out)
    if args.settings_command == "manager-passphrase":
        return command_passphrase(args, out)
    from desktop.core.practice import SettingsError
    from desktop.services.practice import update_settings
    from desktop.store.settings import load_settings, settings_from_json, settings_to_json

    workspace = open_workspace(args.db)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        stored = settings_to_json(load_settings(workspace.db))
        if args.settings_command == "show":
            flat = {f"{group}.{key}": value for group, values in stored.items() for key, value in values.items()}
            if args.json:
                print(json.dumps(flat, indent=2, ensure_ascii=False), file=out)
            else:
                for key, value in flat.items():
                    shown = ", ".join(value) if isinstance(value, list) else value
                    print(f"{key} = {shown}", file=out)
            return EXIT_OK
        if len(args.pairs) % 2:
            print("error: give each setting's key and then its value.", file=sys.stderr)
            return EXIT_BAD_INPUT
        keys = args.pairs[0::2]
        for key, value in zip(keys, args.pairs[1::2], strict=True):
            group, _, name = key.partition(".")
            if group not in stored or name not in stored[group]:
                print(f"error: there is no setting {key}: `settings show` lists them.", file=sys.stderr)
                return EXIT_BAD_INPUT
            stored[group][name] = _typed(value, stored[group][name])
        try:
            update_settings(workspace, settings_from_json(stored))
        except (SettingsError, ValueError, ArithmeticError) as error:
            print(f"error: nothing was changed: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(f"Saved: {', '.join(keys)}.", file=out)
        return EXIT_OK
    finally:
        workspace.close()


def _typed(value: str, like: object) -> object:
    """The value typed on the command line, in the stored form of the setting it replaces."""
    if isinstance(like, list):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(like, bool):
        return value.strip().lower() in ("yes", "true", "1", "on")
    if isinstance(like, int):
        return int(value)
    return value
