"""Opening the database: pragmas, schema version and forward migrations."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from desktop.core.search import name_tokens, number_tokens
from desktop.store.backups import backup_before_upgrade
from desktop.store.migrations import MIGRATIONS, Statement
from desktop.store.paths import APP_DIR_NAME
from desktop.store.private_files import make_private_file, make_private_folder

log = logging.getLogger(__name__)


class StoreError(RuntimeError):
    """The database cannot be used; the message says why in plain English."""


def open_database(path: Path | str, migrations: list[tuple[Statement, ...]] = MIGRATIONS) -> Database:
    """Open (creating if need be) the database at `path` and bring its schema up to date."""
    path = Path(path)
    try:
        folder_is_new = not path.parent.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        if folder_is_new or path.parent.name == APP_DIR_NAME:  # ours: owner only (never a folder the user chose)
            make_private_folder(path.parent)
        db = Database(path)
    except (OSError, sqlite3.Error) as error:
        log.error("Cannot open database %s: %s", path, error)
        raise StoreError(f"The database at {path} cannot be opened: {error}.") from error
    try:
        _configure(db)
        version = schema_version(db)
        if 0 < version < len(migrations):  # an older file: copied as it is before anything changes
            backup_before_upgrade(db.conn, path, version)
        migrate(db, migrations)
    except sqlite3.OperationalError as error:
        db.close()
        if "no such module" not in str(error):
            log.error("Database %s is unusable: %s", path, error)
            raise StoreError(f"The file {path} is not a Practice Messaging database, or it is damaged.") from error
        log.error("SQLite lacks a module the schema needs: %s", error)  # e.g. fts5, for searching patients
        raise StoreError(
            "The SQLite library on this computer lacks a part this program needs "
            f"({str(error).removeprefix('no such module: ')}). Install Practice Messaging with its installer, "
            "which brings its own."
        ) from error
    except sqlite3.DatabaseError as error:
        db.close()
        log.error("Database %s is unusable: %s", path, error)
        raise StoreError(f"The file {path} is not a Practice Messaging database, or it is damaged.") from error
    except StoreError:
        db.close()
        raise
    make_private_file(path)
    return db


def _configure(db: Database) -> None:
    db.execute("PRAGMA busy_timeout = 5000")  # a worker thread's connection may wait on the UI's
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA secure_delete = ON")  # what is deleted is overwritten: purged personal data is gone
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.enable_wal()
    # What the search index is built from, so a migration can fill it in SQL (imports fill it as they store).
    db.conn.create_function("pm_name_tokens", 2, name_tokens, deterministic=True)
    db.conn.create_function("pm_number_tokens", 2, number_tokens, deterministic=True)


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, migrations: list[tuple[Statement, ...]] = MIGRATIONS) -> int:
    """Apply the migrations the database has not had yet, each in its own transaction."""
    current = schema_version(db)
    if current > len(migrations):
        raise StoreError(
            "This database was last used by a newer version of Practice Messaging. "
            "Install the newer version to open it."
        )
    for version, statements in enumerate(migrations[current:], start=current + 1):
        with db.atomic():
            for statement in statements:
                if callable(statement):
                    statement(db)
                else:
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {version}")
        log.info("Database schema migrated to version %d", version)
    return schema_version(db)
