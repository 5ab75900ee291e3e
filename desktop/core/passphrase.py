"""The practice manager's approval passphrase, kept only as a salted scrypt hash: never the words."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

MIN_LENGTH = 8
# scrypt's cost: about a twentieth of a second a check, so guessing is slow and approving is not
_N, _R, _P = 2**14, 8, 1


class PassphraseError(ValueError):
    """A passphrase that cannot be set or does not match; the message says why."""


@dataclass(frozen=True)
class PassphraseHash:
    salt: str  # hex
    digest: str  # hex

    def matches(self, passphrase: str) -> bool:
        return hmac.compare_digest(_digest(passphrase, bytes.fromhex(self.salt)), self.digest)

    def to_json(self) -> dict[str, str]:
        return {"scheme": "scrypt", "salt": self.salt, "digest": self.digest}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> PassphraseHash:
        return cls(data["salt"], data["digest"])


def hash_passphrase(passphrase: str) -> PassphraseHash:
    if len(passphrase.strip()) < MIN_LENGTH:
        raise PassphraseError(f"Choose a passphrase of at least {MIN_LENGTH} characters, such as three words.")
    salt = secrets.token_bytes(16)
    return PassphraseHash(salt.hex(), _digest(passphrase, salt))


def _digest(passphrase: str, salt: bytes) -> str:
    return hashlib.scrypt(passphrase.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32).hex()


def same_person(first: str, second: str) -> bool:
    """Whether two names people typed are the same name ("sam  patel" is "Sam Patel")."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()
