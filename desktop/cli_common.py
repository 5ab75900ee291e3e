"""What the commands share: exit statuses and opening the database with a one-line error."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from desktop.services.workspace import Workspace
from desktop.store.database import StoreError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def open_workspace(path: Path | None) -> Workspace | None:
    """The database, or None after printing why it cannot be opened."""
    try:
        return Workspace.open(path)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def read_secret(prompt: str) -> str:
    """A secret from a prompt that does not echo, or the next line of standard input when it is not a terminal:
    never from the command line, where the shell's history and the process list would keep it."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")
