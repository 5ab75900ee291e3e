"""Backing up and restoring the practice's data: a copy made now to a file the user picks, a copy each
day kept for a week, and a restore from a copy (the file as it was first kept aside), each checked so
that a damaged or foreign file, or one from a newer version, is refused before anything changes."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.backups import backup_folder, copy_database, daily_backups, damage, make_daily_backup
from desktop.store.database import migrate
from desktop.store.migrations import LATEST_VERSION

log = logging.getLogger(__name__)


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why, in plain words."""


@dataclass(frozen=True)
class Restored:
    source: Path
    kept_aside: Path  # the data as it was before the restore


def back_up_now(workspace: Workspace, target: Path) -> Path:
    """A copy of the data, consistent while the program runs, to a file the user chose."""
    if target.resolve() == workspace.path.resolve():
        raise BackupError("Choose another file: that is the data file itself.")
    try:
        copy_database(workspace.db.conn, target)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"The copy could not be written to {target}: {error}.") from error
    audit.record(workspace.db, workspace.actor, "data.backed_up", None, None)
    return target


def daily_backup(workspace: Workspace, today: date | None = None) -> Path | None:
    """Today's automatic copy, if not made yet; copies older than a week are deleted."""
    try:
        return make_daily_backup(workspace.db.conn, workspace.path, today or date.today())
    except (OSError, sqlite3.Error) as error:  # a full disk must not stop the program: said in the log
        log.warning("Daily backup not made: %s", error)
        return None


def latest_backup(database: Path) -> Path | None:
    found = daily_backups(database)
    return found[0].path if found else None


def check_backup(source: Path) -> int:
    """The copy's schema version, or BackupError when it is not a sound copy of this program's data."""
    if not source.is_file():
        raise BackupError(f"The file {source.name} cannot be found.")
    problem = damage(source)
    if problem is not None:
        raise BackupError(f"{source.name} is damaged or is not a database: it cannot be restored.")
    connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()
    if version == 0 or "settings" not in tables:
        raise BackupError(f"{source.name} is not a copy of Practice Messaging's data.")
    if version > LATEST_VERSION:
        raise BackupError(f"{source.name} was made by a newer version of Practice Messaging: install it first.")
    return version


def restore(workspace: Workspace, source: Path) -> Restored:
    """The data replaced by the copy in `source` (brought up to this version's schema), the data as it
    was kept aside first. The program should be opened again afterwards, on the restored data."""
    check_backup(source)
    stamp = datetime.now().strftime("%Y-%m-%dT%H%M%S")
    aside = copy_database(workspace.db.conn, backup_folder(workspace.path) / f"before-restore-{stamp}.db")
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        copy.backup(workspace.db.conn)
    except sqlite3.Error as error:
        raise BackupError(f"The copy could not be restored: {error}. The data is as it was.") from error
    finally:
        copy.close()
    migrate(workspace.db)
    audit.record(workspace.db, workspace.actor, "data.restored", None, None, source=source.name)
    log.info("Data restored from %s; the earlier data is in %s", source.name, aside.name)
    return Restored(source, aside)


def replace_damaged(database: Path, backup: Path) -> Path:
    """Before the program opens a damaged file: the file moved aside, the backup copied in its place."""
    check_backup(backup)
    stamp = datetime.now().strftime("%Y-%m-%dT%H%M%S")
    aside = database.with_name(f"{database.name}.damaged-{stamp}")
    database.replace(aside)
    for extra in ("-wal", "-shm"):
        database.with_name(database.name + extra).unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        copy_database(source, database)
    finally:
        source.close()
    return aside
