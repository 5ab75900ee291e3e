from __future__ import annotations

from datetime import date, time

import pytest

from desktop.core.bank_holidays import Region, bank_holidays, next_bank_holidays
from desktop.core.practice import PracticeSettings, SettingsError, validate

GOOD = PracticeSettings(practice_name="  Riverside   Surgery ", practice_phone="01132434567")


def test_validate_tidies_name_and_phone() -> None:
    tidy = validate(GOOD)
    assert tidy.practice_name == "Riverside Surgery"
    assert tidy.practice_phone == "0113 243 4567"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"practice_name": " "}, "Enter the practice name"),
        ({"practice_name": "x" * 61}, "too long"),
        ({"practice_phone": "12"}, "not a valid UK number"),
        ({"sending_start": time(16), "sending_end": time(9)}, "start before they end"),
        ({"sending_start": time(9), "sending_end": time(9)}, "start before they end"),
    ],
)
def test_validate_refuses_with_a_reason(changes: dict[str, object], reason: str) -> None:
    from dataclasses import replace

    with pytest.raises(SettingsError, match=reason):
        validate(replace(GOOD, **changes))  # type: ignore[arg-type]


def test_bank_holidays_differ_by_region() -> None:
    england = bank_holidays(Region.ENGLAND_AND_WALES, [2026])
    scotland = bank_holidays(Region.SCOTLAND, [2026])
    northern_ireland = bank_holidays(Region.NORTHERN_IRELAND, [2026])
    assert date(2026, 8, 31) in england and date(2026, 8, 31) not in scotland  # summer bank holiday
    assert date(2026, 8, 3) in scotland
    assert date(2026, 1, 2) in scotland and date(2026, 1, 2) not in england
    assert date(2026, 3, 17) in northern_ireland  # St Patrick's Day
    assert date(2026, 4, 3) in england  # Good Friday


def test_next_bank_holidays_from_a_date() -> None:
    upcoming = next_bank_holidays(Region.ENGLAND_AND_WALES, date(2026, 12, 20), 2)
    assert [day for day, _ in upcoming] == [date(2026, 12, 25), date(2026, 12, 26)]
    assert upcoming[0][1] == "Christmas Day"
