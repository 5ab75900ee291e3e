"""The open database and the person using it: what every use case needs."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from desktop.store.database import open_database
from desktop.store.paths import default_database_path


def current_user() -> str:
    """The Windows/Linux login name, recorded in the audit log."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name, e.g. in a service account without USERNAME
        return "unknown"


@dataclass
class Workspace:
    db: Database
    path: Path
    actor: str = field(default_factory=current_user)

    @classmethod
    def open(cls, path: Path | str | None = None) -> Workspace:
        path = Path(path) if path else default_database_path()
        return cls(open_database(path), path)

    def close(self) -> None:
        self.db.close()
