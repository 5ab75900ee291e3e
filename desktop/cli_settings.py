"""The settings command: the GOV.UK Notify key kept, checked and removed, never read from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from desktop.cli_common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, open_workspace
from desktop.gateways.notify import NotifyKeyError
from desktop.gateways.notify_key import KeyStoreError, notify_url, remove_key, store_key
from desktop.services.notify_setup import NotifySetupError, check_notify, notify_setup


def command_notify_key(args: argparse.Namespace, out: TextIO) -> int:
    try:
        if args.action == "set":
            key = store_key(_read_key())
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


def _read_key() -> str:
    """From a prompt that does not echo, or from standard input when it is not a terminal."""
    if sys.stdin.isatty():
        return getpass.getpass("GOV.UK Notify API key: ")
    return sys.stdin.readline()


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
