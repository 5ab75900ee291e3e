"""Why a number is on the practice's do-not-text list, as staff choose it."""

from __future__ import annotations

REASONS = {  # stored key -> the words shown
    "declined": "Declined texts",
    "deceased": "Deceased",
    "moved": "Moved away",
    "stop": "Replied STOP",
    "other": "Other",
}


def reason_label(reason: str) -> str:
    return REASONS.get(reason, reason or REASONS["other"])
