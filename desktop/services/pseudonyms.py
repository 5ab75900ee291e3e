"""NHS numbers in place of which a keyed hash is kept once a campaign's personal data is deleted, so a
later follow-up list still matches its patients while the number itself is gone.

The key is a file beside the database, never in it, readable by its owner only: a copy of the database
(or of one of its backups) alone cannot be matched back to anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

PREFIX = "h:"  # a pseudonym, never an NHS number (ten digits)


def key_path(database: Path) -> Path:
    return database.with_name(database.name + ".pseudonym-key")


def pseudonym_key(database: Path) -> bytes:
    """The key for the database at `database`, made (owner-only) the first time it is needed."""
    path = key_path(database)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def pseudonym(key: bytes, nhs_number: str) -> str:
    return PREFIX + hmac.new(key, nhs_number.encode(), hashlib.sha256).hexdigest()


def is_pseudonym(value: str | None) -> bool:
    return bool(value) and str(value).startswith(PREFIX)
