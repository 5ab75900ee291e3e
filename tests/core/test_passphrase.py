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


def test_the_hash_is_scrypt_at_its_full_cost() -> None:
    """A known answer (scrypt, N=2**14, r=8, p=1, 32 bytes): a cheaper setting would make guessing easy."""
    kept = PassphraseHash(
        "00112233445566778899aabbccddeeff", "8cc0de9218d3d6723ae203a934c046cf2bb9aa70723c2cf4b1cf06ca35c89adb"
    )
    assert kept.matches("correct horse battery") and not kept.matches("Correct horse battery")
