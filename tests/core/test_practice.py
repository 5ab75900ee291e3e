from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest

from desktop.core.bank_holidays import Region, bank_holidays, next_bank_holidays
from desktop.core.phone_hours import PhoneHours
from desktop.core.practice import PracticeSettings, SettingsError, validate
from desktop.core.records import Coding
from desktop.core.template import Purpose

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


def test_a_survey_ends_with_the_survey_wording_and_everything_else_with_the_reply_wording() -> None:
    from desktop.core.template import Purpose

    settings = PracticeSettings(
        footer="Replies are not read.", survey_footer="Reply YES or NO only, no medical issues."
    )
    assert settings.footer_for(Purpose.SURVEY) == "Reply YES or NO only, no medical issues."
    assert all(settings.footer_for(p) == "Replies are not read." for p in Purpose if p is not Purpose.SURVEY)


def complete(**changes: object) -> PracticeSettings:
    base = PracticeSettings(practice_name="Riverside Surgery", practice_phone="0113 243 4567")
    return replace(base, **changes)  # type: ignore[arg-type]


def test_validation_returns_every_setting_tidied() -> None:
    tidied = validate(
        complete(
            practice_name="  Riverside   Surgery ",
            footer="  Please do not reply:   replies are not read. ",
            survey_footer=" Reply with your answer only, never with medical issues. ",
            website=" https://riverside.nhs.uk ",
            allowed_domains=("https://www.riverside.nhs.uk/", "nhs.uk", "NHS.uk"),
        )
    )
    assert tidied.practice_name == "Riverside Surgery"
    assert tidied.footer == "Please do not reply: replies are not read."
    assert tidied.survey_footer == "Reply with your answer only, never with medical issues."
    assert tidied.website == "https://riverside.nhs.uk"
    assert tidied.allowed_domains == ("riverside.nhs.uk", "nhs.uk")


def test_a_name_of_sixty_characters_is_allowed_and_one_more_is_not() -> None:
    assert validate(complete(practice_name="R" * 60)).practice_name == "R" * 60
    with pytest.raises(SettingsError, match="60 characters or fewer"):
        validate(complete(practice_name="R" * 61))


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"practice_phone": ""}, "Enter the practice phone number patients should call."),
        ({"footer": "Thanks!"}, "The wording must tell patients that replies are not read"),
        ({"footer": "   "}, "The reply wording cannot be empty."),
        ({"monthly_budget": Decimal(-1)}, "The monthly budget cannot be negative."),
        ({"allowed_domains": ("localhost",)}, "Each allowed website should be a domain such as nhs.uk."),
        ({"notify_template_id": "my template"}, "The GOV.UK Notify template ID is the long code"),
        ({"phone_hours": PhoneHours({0: {9: 0}})}, "Give at least one hour in which reception can take extra calls"),
        ({"retention_days": 0}, "Keep a campaign's personal data between 1 and 1,095 days"),
        ({"coding": {Purpose.SURVEY: Coding("123", "x")}}, "A SNOMED CT concept ID is 6 to 18 digits"),
    ],
)
def test_settings_that_cannot_be_saved_say_why(changes: dict[str, object], reason: str) -> None:
    with pytest.raises(SettingsError) as refused:
        validate(complete(**changes))
    assert str(refused.value).startswith(reason)


def test_the_next_bank_holidays_include_one_on_the_day_asked_and_reach_into_next_year() -> None:
    assert next_bank_holidays(Region.ENGLAND_AND_WALES, date(2026, 12, 25), 1) == [
        (date(2026, 12, 25), "Christmas Day")
    ]
    after_boxing_day = next_bank_holidays(Region.ENGLAND_AND_WALES, date(2026, 12, 29), 3)
    assert [day for day, _ in after_boxing_day] == [date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29)]
    assert len(next_bank_holidays(Region.SCOTLAND, date(2026, 1, 1))) == 3  # three by default


def test_the_notify_template_id_is_kept_in_one_form_and_may_be_left_blank() -> None:
    written = " {8E3C1F9A-5B2D-4C7E-9F10-2A6B4D8C0E13} "
    tidy = validate(replace(GOOD, notify_template_id=written)).notify_template_id
    assert tidy == "8e3c1f9a-5b2d-4c7e-9f10-2a6b4d8c0e13"
    assert validate(replace(GOOD, notify_template_id="  ")).notify_template_id == ""
