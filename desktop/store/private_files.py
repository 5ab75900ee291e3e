"""The practice's files are its own: the data folder and everything in it readable by its owner only.

On Linux and macOS, folders are made 0700 and files 0600 (and the process's umask keeps new files so);
on Windows, the per-user folder (%LOCALAPPDATA%) is already the user's alone by its own permissions,
so a data file kept elsewhere (a shared drive) is named in the log as not private.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

log = logging.getLogger(__name__)
OWNER_ONLY_UMASK = 0o077


def private_umask() -> None:
    """New files and folders the process makes are its owner's alone (called once, at start)."""
    if os.name == "posix":
        os.umask(OWNER_ONLY_UMASK)


def make_private_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        folder.chmod(stat.S_IRWXU)
    elif not is_private_location(folder):
        log.warning("The data folder is outside the user's own folders: check who else can read it")
    return folder


def make_private_file(path: Path) -> None:
    """The file, and SQLite's write-ahead log and index beside a database, readable by the owner only."""
    if os.name != "posix":
        return
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if each.exists():
            each.chmod(stat.S_IRUSR | stat.S_IWUSR)


def is_private_location(path: Path) -> bool:
    """On Windows: inside the user's own profile (whose permissions exclude other users by default)."""
    if sys.platform != "win32":
        return True
    own = [os.environ.get(name) for name in ("LOCALAPPDATA", "APPDATA", "USERPROFILE")]
    resolved = path.resolve()
    return any(root and resolved.is_relative_to(Path(root).resolve()) for root in own)


def is_owner_only(path: Path) -> bool:
    """Whether nobody but the owner can read or write `path` (always so on Windows, by its folder)."""
    if os.name != "posix":
        return is_private_location(path)
    return path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO) == 0
