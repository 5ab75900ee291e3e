"""Logging for developers: a rotating file in the user's log folder. Never patient data or secrets."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from platformdirs import user_log_path

from desktop.store.paths import APP_DIR_NAME
from desktop.store.private_files import make_private_file, make_private_folder

_OURS = "_practice_messaging"  # marks our handlers, so configuring twice replaces rather than adds


def configure_logging(verbose: bool = False, console: bool = True, log_dir: Path | None = None) -> Path | None:
    """Log to a file, and to stderr if `console`; returns the file, or None if it cannot be written.

    Commands keep stderr for their one-line errors, so they pass console=False unless --verbose.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if console:
        stream = logging.StreamHandler()
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        _add(root, stream)
    folder = log_dir or user_log_path(APP_DIR_NAME, appauthor=False)
    try:
        make_private_folder(folder)
        handler = logging.handlers.RotatingFileHandler(
            folder / "practice-messaging.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        _add(root, logging.NullHandler())  # nowhere to write: stay quiet rather than print to the user
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _add(root, handler)
    make_private_file(Path(handler.baseFilename))  # one written before its folder was made private
    return Path(handler.baseFilename)


def _add(root: logging.Logger, handler: logging.Handler) -> None:
    setattr(handler, _OURS, True)
    root.addHandler(handler)
