"""A fair comparison: a random share of a campaign's patients held back, texted later or not at all.

Who is held back is decided by a hash of the campaign's recorded seed and the patient's place in the
campaign's cohort (its id), so the same patients are held back every time the campaign is costed,
planned or released, on any computer, and still after their personal data has been deleted.
"""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal

MAX_SHARE = Decimal("0.5")  # beyond half, the campaign is mostly not sent
_SCALE = 2**64


class HoldBackError(ValueError):
    """A share that cannot be held back; the message says why."""


def new_seed() -> str:
    return secrets.token_hex(8)


def check_share(share: Decimal) -> Decimal:
    if not Decimal(0) <= share <= MAX_SHARE:
        raise HoldBackError(f"Hold back between 0% and {MAX_SHARE * 100:.0f}% of the patients.")
    return share


def is_held_back(seed: str, patient_id: int, share: Decimal) -> bool:
    """Whether the patient is in the campaign's held-back share."""
    if share <= 0:
        return False
    digest = hashlib.sha256(f"{seed}:{patient_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") < share * _SCALE
