"""Copies of the database made with SQLite's online backup (consistent while the program runs), where
they are kept, and how a damaged file is told apart. Backups are the owner's alone, like the database."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from desktop.store.private_files import make_private_file, make_private_folder

log = logging.getLogger(__name__)
BACKUP_FOLDER = "Backups"
KEEP_DAILY = 7  # the last seven days' copies; older ones (and what was purged since) are deleted
_DAILY = re.compile(r"^daily-(\d{4}-\d{2}-\d{2})\.db$")
_BEFORE_UPGRADE = re.compile(r"^before-schema-\d+-(\d{4}-\d{2}-\d{2})T\d{6}\.db$")


@dataclass(frozen=True)
class Backup:
    path: Path
    day: date


def backup_folder(database: Path) -> Path:
    return database.parent / BACKUP_FOLDER


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """`source` copied into `target` with SQLite's backup API, written beside it and moved into place."""
    make_private_folder(target.parent)
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    try:
        copy = sqlite3.connect(part)
        try:
            source.backup(copy)
        finally:
            copy.close()
        make_private_file(part)
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)
    return target


def backup_before_upgrade(connection: sqlite3.Connection, database: Path, version: int) -> Path:
    """A copy of the database as it was, before its schema is migrated from `version`."""
    stamp = datetime.now().strftime("%Y-%m-%dT%H%M%S")
    return copy_database(connection, backup_folder(database) / f"before-schema-{version}-{stamp}.db")


def daily_backups(database: Path) -> list[Backup]:
    """The automatic copies, newest first (the daily ones and those made before an upgrade)."""
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _DAILY.match(path.name) or _BEFORE_UPGRADE.match(path.name)
        if match:
            found.append(Backup(path, date.fromisoformat(match.group(1))))
    return sorted(found, key=lambda b: (b.day, b.path.name), reverse=True)


def make_daily_backup(connection: sqlite3.Connection, database: Path, today: date) -> Path | None:
    """Today's copy, if there is none yet; then only the last seven days' copies are kept."""
    target = backup_folder(database) / f"daily-{today.isoformat()}.db"
    made = None if target.exists() else copy_database(connection, target)
    keep_last_week(database, today)
    return made


def keep_last_week(database: Path, today: date) -> None:
    """Delete the daily copies beyond the newest seven, and any copy over a week old: personal data that
    was purged or passed its retention period is gone from the backups within a week."""
    daily = [b for b in daily_backups(database) if _DAILY.match(b.path.name)]
    old = {b.path for b in daily[KEEP_DAILY:]}
    old |= {b.path for b in daily_backups(database) if b.day < today - timedelta(days=KEEP_DAILY)}
    for path in old:
        path.unlink(missing_ok=True)
        log.info("Backup removed: %s", path.name)


def damage(database: Path) -> str | None:
    """What SQLite's quick check finds wrong with the file, or None when it is sound."""
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            found = [row[0] for row in connection.execute("PRAGMA quick_check(5)")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if found == ["ok"] else "; ".join(found)
