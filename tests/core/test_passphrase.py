from __future__ import annotations

import pytest

from desktop.core.passphrase import MIN_LENGTH, PassphraseError, PassphraseHash, hash_passphrase, same_person


def test_a_passphrase_is_kept_only_as_its_salted_hash() -> None:
    kept = hash_passphrase("correct horse battery")
    assert kept.matches("correct horse battery") and not kept.matches("correct horse batter")
    assert "correct" not in str(kept.to_json()) and len(kept.digest) == 64 and len(kept.salt) == 32
    assert hash_passphrase("correct horse battery").salt != kept.salt  # a new salt each time
    assert PassphraseHash.from_json(kept.to_json()) == kept
    assert kept.to_json()["scheme"] == "scrypt"


@pytest.mark.parametrize("weak", ["", "short", " " * 12, "1234567"])
def test_a_passphrase_too_short_is_refused(weak: str) -> None:
    with pytest.raises(PassphraseError, match=f"at least {MIN_LENGTH} characters"):
        hash_passphrase(weak)
    assert hash_passphrase("x" * MIN_LENGTH).matches("x" * MIN_LENGTH)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [("Sam Patel", "sam  patel", True), (" Sam Patel ", "SAM PATEL", True), ("Sam Patel", "Sam Patil", False)],
)
def test_the_same_name_however_it_is_typed(first: str, second: str, same: bool) -> None:
    assert same_person(first, second) is same
