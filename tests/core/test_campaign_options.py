"""A campaign's options survive being stored, and missing ones read as the defaults."""

from __future__ import annotations

from decimal import Decimal

from desktop.core.campaign import CampaignOptions


def test_every_option_survives_the_round_trip() -> None:
    options = CampaignOptions(
        once_per_mobile=False,
        exclude_recent_days=14,
        keep_recent_same_purpose=True,
        refreshed_cohort_id=7,
        hold_back=Decimal("0.1"),
        hold_back_seed="abc",
        hold_back_released=True,
    )
    assert CampaignOptions.from_json(options.to_json()) == options
    assert options.to_json() == {
        "once_per_mobile": False,
        "exclude_recent_days": 14,
        "keep_recent_same_purpose": True,
        "refreshed_cohort_id": 7,
        "hold_back": "0.1",
        "hold_back_seed": "abc",
        "hold_back_released": True,
    }


def test_options_saved_before_they_existed_read_as_the_defaults() -> None:
    assert CampaignOptions.from_json({}) == CampaignOptions()
    assert CampaignOptions() == CampaignOptions(True, 0, False, None, Decimal(0), "", False)


def test_holding_back_is_a_share_not_yet_released() -> None:
    assert not CampaignOptions().holding_back
    assert CampaignOptions(hold_back=Decimal("0.1")).holding_back
    assert not CampaignOptions(hold_back=Decimal("0.1"), hold_back_released=True).holding_back
