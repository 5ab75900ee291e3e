"""Logging for developers: a rotating file in the user's log folder. Never patient data or secrets."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from platformdirs import user_log_path

from desktop.store.paths import APP_DIR_NAME


def configure_logging(verbose: bool = False, log_dir: Path | None = None) -> Path | None:
    """Log to a file (and warnings to stderr); returns the file, or None if it cannot be written."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root.addHandler(console)
    folder = log_dir or user_log_path(APP_DIR_NAME, appauthor=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / "practice-messaging.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        logging.getLogger(__name__).warning("Cannot write a log file in %s", folder)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return Path(handler.baseFilename)
