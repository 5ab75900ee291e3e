"""Who is held back for a fair comparison: a reproducible share, chosen by the recorded seed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.core.holdback import MAX_SHARE, HoldBackError, check_share, is_held_back, new_seed


def test_the_share_held_back_is_about_the_share_chosen_and_the_same_every_time() -> None:
    held = [p for p in range(20_000) if is_held_back("seed-1", p, Decimal("0.1"))]
    assert 1_850 < len(held) < 2_150
    assert held == [p for p in range(20_000) if is_held_back("seed-1", p, Decimal("0.1"))]
    other = {p for p in range(20_000) if is_held_back("seed-2", p, Decimal("0.1"))}
    assert len(other & set(held)) < 400  # another seed, another group


def test_no_share_holds_nobody_back_and_half_holds_back_about_half() -> None:
    assert not any(is_held_back("s", p, Decimal(0)) for p in range(1_000))
    assert 450 < sum(is_held_back("s", p, MAX_SHARE) for p in range(1_000)) < 550
    assert sum(is_held_back("s", p, Decimal("0.999")) for p in range(1_000)) > 990


def test_a_larger_share_holds_back_everyone_a_smaller_one_did() -> None:
    small = {p for p in range(5_000) if is_held_back("s", p, Decimal("0.05"))}
    large = {p for p in range(5_000) if is_held_back("s", p, Decimal("0.2"))}
    assert small < large


def test_shares_outside_none_to_half_are_refused() -> None:
    assert check_share(Decimal("0.1")) == Decimal("0.1") and check_share(Decimal(0)) == 0
    assert check_share(MAX_SHARE) == MAX_SHARE
    for bad in (Decimal("-0.01"), Decimal("0.51"), Decimal(1)):
        with pytest.raises(HoldBackError, match="between 0% and 50%"):
            check_share(bad)


def test_seeds_differ() -> None:
    assert len({new_seed() for _ in range(50)}) == 50 and len(new_seed()) == 16
