from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from sqlite_utils import Database

from desktop.core.bank_holidays import Region
from desktop.core.cost import Tariff
from desktop.core.phone_hours import PhoneHours
from desktop.core.practice import PracticeSettings
from desktop.services.workspace import Workspace
from desktop.store.settings import has_settings, load_settings, save_settings


def test_defaults_before_anything_is_saved(workspace: Workspace) -> None:
    assert not has_settings(workspace.db)
    assert load_settings(workspace.db) == PracticeSettings()


def test_settings_round_trip_through_the_file(workspace: Workspace) -> None:
    settings = PracticeSettings(
        practice_name="Glen Surgery",
        practice_phone="0131 496 0000",
        sending_start=time(8, 30),
        sending_end=time(17, 15),
        region=Region.SCOTLAND,
        tariff=Tariff(Decimal("1.975"), Decimal("0.175"), annual_free_allowance=5000, allowance_used=12),
        phone_hours=PhoneHours(
            {0: {8: 1, 9: 3}, 5: {9: 0, 10: 2}},
            frozenset({date(2026, 12, 24)}),
            {date(2027, 3, 10): frozenset({13, 14, 15})},
        ),
    )
    save_settings(workspace.db, settings)
    reopened = Database(workspace.path)
    assert load_settings(reopened) == settings
    assert load_settings(reopened).tariff.pence_per_fragment == Decimal("1.975")
    reopened.close()
