"""A campaign's options survive being stored, and missing ones read as the defaults."""

from __future__ import annotations

from desktop.core.campaign import CampaignOptions


def test_every_option_survives_the_round_trip() -> None:
    options = CampaignOptions(
        once_per_mobile=False, exclude_recent_days=14, keep_recent_same_purpose=True, refreshed_cohort_id=7
    )
    assert CampaignOptions.from_json(options.to_json()) == options
    assert options.to_json() == {
        "once_per_mobile": False,
        "exclude_recent_days": 14,
        "keep_recent_same_purpose": True,
        "refreshed_cohort_id": 7,
    }


def test_options_saved_before_they_existed_read_as_the_defaults() -> None:
    assert CampaignOptions.from_json({}) == CampaignOptions()
    assert CampaignOptions() == CampaignOptions(True, 0, False, None)
