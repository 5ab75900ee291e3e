"""A campaign's options survive being saved and read back."""

from __future__ import annotations

from desktop.core.campaign import CampaignOptions


def test_options_keep_every_choice_through_json() -> None:
    chosen = CampaignOptions(once_per_mobile=False, exclude_recent_days=14)
    assert CampaignOptions.from_json(chosen.to_json()) == chosen
    assert chosen != CampaignOptions()  # neither is the default, so a dropped one is seen


def test_options_saved_before_a_choice_existed_read_as_its_default() -> None:
    assert CampaignOptions.from_json({}) == CampaignOptions(once_per_mobile=True, exclude_recent_days=0)
