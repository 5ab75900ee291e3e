"""Where the database lives when the user does not say."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path, user_documents_path

APP_DIR_NAME = "PracticeMessaging"
DATABASE_FILE = "practice-messaging.db"


def default_database_path() -> Path:
    """The per-user data folder (e.g. %LOCALAPPDATA%\\PracticeMessaging on Windows)."""
    return user_data_path(APP_DIR_NAME, appauthor=False) / DATABASE_FILE


def default_export_folder() -> Path:
    """Where blocks exported for upload are written unless Settings say otherwise (in Documents)."""
    return user_documents_path() / "Practice Messaging exports"
