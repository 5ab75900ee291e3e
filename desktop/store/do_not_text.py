"""The practice-wide do-not-text list: NHS numbers and mobiles that are never texted, whatever the campaign."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from desktop.core.clock import from_store, to_store

NHS_NUMBER, MOBILE = "nhs_number", "mobile"


@dataclass(frozen=True)
class Entry:
    kind: str  # NHS_NUMBER (ten digits) or MOBILE (E.164)
    value: str
    reason: str
    added_at: datetime
    added_by: str


def add(db: Database, entries: Iterable[tuple[str, str, str]], actor: str, now: datetime) -> int:
    """Add (kind, value, reason) entries, in the caller's transaction; one already listed keeps its reason.

    Returns how many were new.
    """
    cursor = db.conn.executemany(
        "INSERT INTO do_not_text (kind, value, reason, added_at, added_by) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, value) DO NOTHING",
        [(kind, value, reason, to_store(now), actor) for kind, value, reason in entries],
    )
    return cursor.rowcount


def remove(db: Database, kind: str, value: str) -> bool:
    return db.execute("DELETE FROM do_not_text WHERE kind = ? AND value = ?", [kind, value]).rowcount == 1


def entries(db: Database) -> list[Entry]:
    rows = db.execute("SELECT kind, value, reason, added_at, added_by FROM do_not_text ORDER BY id DESC")
    return [Entry(kind, value, reason, from_store(at), by) for kind, value, reason, at, by in rows]


def reasons_by_value(db: Database) -> tuple[dict[str, str], dict[str, str]]:
    """({NHS number: reason}, {mobile: reason}): what choosing recipients checks each patient against."""
    by_nhs: dict[str, str] = {}
    by_mobile: dict[str, str] = {}
    for kind, value, reason in db.execute("SELECT kind, value, reason FROM do_not_text"):
        (by_nhs if kind == NHS_NUMBER else by_mobile)[value] = reason
    return by_nhs, by_mobile
