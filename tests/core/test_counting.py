"""Counting and pricing by the gateway's rules: Notify's dated prices, its prefix, its double rate for the
Crown dependencies, and the characters it sends as "?"."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.cost import Tariff, estimate
from desktop.core.costing import cost_cohort
from desktop.core.counting import QUESTION_MARK, UNICODE, Counting, Gateway, notify_price_on
from desktop.core.phone import is_crown_dependency
from desktop.core.practice import PracticeSettings
from desktop.core.template import CompiledTemplate

NOTIFY = Counting(Gateway.NOTIFY)
STANDARD = Counting(Gateway.STANDARD)


@pytest.mark.parametrize(
    ("day", "pence"),
    [
        (date(2025, 4, 1), "2.33"),
        (date(2026, 3, 31), "2.33"),
        (date(2026, 4, 1), "2.4"),
        (date(2027, 1, 5), "2.4"),
        (date(2024, 6, 1), "2.33"),  # before the first price known: the earliest
    ],
)
def test_notifys_price_is_the_one_in_force_on_the_day(day: date, pence: str) -> None:
    assert notify_price_on(day) == Decimal(pence)


def test_the_practice_pays_notifys_dated_price_or_its_own_suppliers() -> None:
    settings = PracticeSettings(tariff=Tariff(Decimal("3.5")))
    assert settings.tariff_on(date(2026, 3, 1)).pence_per_fragment == Decimal("2.33")
    assert settings.tariff_on(date(2026, 5, 1)).pence_per_fragment == Decimal("2.4")
    exported = PracticeSettings(tariff=Tariff(Decimal("3.5")), gateway=Gateway.STANDARD)
    assert exported.tariff_on(date(2026, 5, 1)).pence_per_fragment == Decimal("3.5")
    assert Tariff().pence_per_fragment == Decimal("2.4")  # VAT is added to it, not already in it


def test_the_service_name_prefix_is_billed_but_not_held_to_the_limit() -> None:
    assert NOTIFY.measure("a" * 150).fragments == 1
    assert Counting(Gateway.NOTIFY, "Riverside Surgery").measure("a" * 150).fragments == 2
    assert not Counting(Gateway.NOTIFY, "Riverside Surgery").measure("a" * 918).too_long
    assert PracticeSettings(notify_prefix="Riverside Surgery").counting.prefix == "Riverside Surgery"
    assert PracticeSettings(notify_prefix="Riverside", gateway=Gateway.STANDARD).counting.prefix == ""


def test_notifys_limit_is_918_characters_for_either_encoding() -> None:
    assert NOTIFY.measure("a" * 918).too_long is False and NOTIFY.measure("a" * 919).too_long is True
    assert NOTIFY.measure("ŵ" * 918).fragments == 14 and not NOTIFY.measure("ŵ" * 918).too_long
    assert STANDARD.measure("ŵ" * 403).too_long  # six UCS-2 fragments hold 402


def test_the_editor_marks_what_each_gateway_treats_differently() -> None:
    assert [NOTIFY.flag(ch) for ch in "a’😀ŵé"] == [None, None, QUESTION_MARK, UNICODE, None]
    assert [STANDARD.flag(ch) for ch in "a’😀ŵé"] == [None, UNICODE, UNICODE, UNICODE, None]
    assert NOTIFY.question_marks("Hi 😀 and 👍") == ("😀", "👍") and STANDARD.question_marks("Hi 😀") == ()


def test_crown_dependency_numbers_are_found_as_phonenumbers_finds_them() -> None:
    chosen = random.Random(7)
    for prefix in range(7000, 8000):
        number = f"+44{prefix}{chosen.randrange(10**6):06d}"
        region = phonenumbers.region_code_for_number(phonenumbers.parse(number))
        assert is_crown_dependency(number) == (region in ("GG", "JE", "IM")), number
    assert is_crown_dependency("+447781123456") and is_crown_dependency("+447624123456")
    assert not is_crown_dependency("+447400123456") and not is_crown_dependency("+353861234567")


def test_notify_bills_texts_to_the_crown_dependencies_twice() -> None:
    template = CompiledTemplate.compile("Dear ((first_name)), your flu jab is due.", "Do not reply.")
    rows = [
        {"first_name": "Ann", "mobile": "+447400123456"},
        {"first_name": "Bob", "mobile": "+447781123456"},  # Guernsey
        {"first_name": "Cat", "mobile": "+447624123456"},  # Isle of Man
    ]
    tariff = Tariff(Decimal("2.4"))
    costed = cost_cohort(template, rows, tariff, counting=NOTIFY).estimate
    assert (costed.fragments, costed.crown_dependency_messages, costed.extra_fragments) == (3, 2, 2)
    assert costed.cost_before_vat == 5 * Decimal("2.4")
    exported = cost_cohort(template, rows, tariff, counting=STANDARD).estimate
    assert (exported.extra_fragments, exported.cost_before_vat) == (0, 3 * Decimal("2.4"))
    assert estimate(["hi"], Tariff(Decimal(1), annual_free_allowance=2), (1, 1)).billable_fragments == 0


def test_names_notify_sends_as_question_marks_are_counted_not_blocked() -> None:
    template = CompiledTemplate.compile("Dear ((first_name)), your flu jab is due.", "Do not reply.")
    rows = [{"first_name": "Łukasz"}, {"first_name": "Zoë"}, {"first_name": "Ольга"}, {"first_name": "Ольга"}]
    costing = cost_cohort(template, rows, Tariff(), counting=NOTIFY)
    assert costing.question_marks == {"Ольга": 2}  # Ł becomes L and ë is kept: only Cyrillic is lost
    assert costing.estimate.messages == 4
    assert costing.estimate.unicode_messages == 1  # ë is a Welsh letter GSM lacks: Notify keeps it, as UCS-2


_CHARS = "ab ,.\n\t{€’😀ŵé"


@settings(max_examples=600, deadline=None)
@given(
    st.text(alphabet=_CHARS, max_size=12),
    st.lists(st.text(alphabet=_CHARS, min_size=1, max_size=8), min_size=1, max_size=6),
    st.sampled_from(["", "Riverside Surgery", "Meddygfa Ŵyn"]),
)
def test_each_text_of_a_cohort_is_counted_as_notify_would_count_it_alone(
    between: str, names: list[str], prefix: str
) -> None:
    """The quick count of plain texts, value by value, agrees with measuring every text in full."""
    from desktop.core.costing import RowMeasurer
    from desktop.core.notify_rules import notify_measurement

    template = CompiledTemplate.compile(f"Dear ((first_name)){between}((surname)) hi", "Do not reply.")
    measure_row = RowMeasurer(template, Counting(Gateway.NOTIFY, prefix))
    billed = f"{prefix}: " if prefix else ""
    for first, last in zip(names, reversed(names), strict=True):
        message = template.render({"first_name": first, "surname": last})
        assert measure_row({"first_name": first, "surname": last}, message)[0] == notify_measurement(message, billed)


def test_only_notify_changes_what_is_sent() -> None:
    assert NOTIFY.sent_text("It’s  due") == "It's due" and STANDARD.sent_text("It’s  due") == "It’s  due"


@pytest.mark.parametrize(
    ("text", "encoding", "characters", "fragments"),
    [
        ("{" * 80, "GSM-7", 160, 1),  # an extension character takes two septets
        ("{" * 81, "GSM-7", 162, 2),
        ("€" + "a" * 159, "GSM-7", 161, 2),
        ("€" + "a" * 158, "GSM-7", 160, 1),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("ŵ{{", "UCS-2", 3, 1),  # in UCS-2 every character is one unit
        ("ŵ" * 70, "UCS-2", 70, 1),
        ("ŵ" * 71, "UCS-2", 71, 2),
        ("", "GSM-7", 0, 1),
    ],
)
def test_notify_counts_septets_or_units_as_it_bills(text: str, encoding: str, characters: int, fragments: int) -> None:
    m = NOTIFY.measure(text)
    assert (m.encoding, m.characters, m.fragments) == (encoding, characters, fragments)


def test_an_empty_text_is_not_billed_for_its_prefix() -> None:
    assert Counting(Gateway.NOTIFY, "Riverside Surgery").measure("").characters == 0


def test_the_templates_own_unsendable_characters_are_not_counted_against_patients() -> None:
    template = CompiledTemplate.compile("Hi ((first_name)), book now 💉 ((surname))", "Do not reply.")
    rows = [{"first_name": "Ольга", "surname": "Lee"}, {"first_name": "Ann", "surname": "Lee"}]
    assert cost_cohort(template, rows, Tariff(), counting=NOTIFY).question_marks == {"Ольга": 1}


def test_the_practices_notify_choices_are_tidied_when_saved() -> None:
    from desktop.core.practice import SettingsError, validate

    base = PracticeSettings(practice_name="Riverside", practice_phone="0113 243 4567")
    tidy = validate(
        replace(
            base, notify_prefix="  Riverside   Surgery: ", export_folder="  C:\\Exports  ", staff_mobile="07400900123"
        )
    )
    assert (tidy.notify_prefix, tidy.export_folder, tidy.staff_mobile) == (
        "Riverside Surgery",
        "C:\\Exports",
        "+447400900123",
    )
    assert validate(replace(base, staff_mobile="  ")).staff_mobile == ""
    with pytest.raises(SettingsError, match=r"^The staff mobile for test texts: .*not a mobile"):
        validate(replace(base, staff_mobile="0113 243 4567"))


def test_a_reason_is_shown_in_words() -> None:
    from desktop.core.exclusions import reason_label

    assert [reason_label(r) for r in ("declined", "moved", "stop", "other")] == [
        "Declined texts",
        "Moved away",
        "Replied STOP",
        "Other",
    ]
    assert reason_label("from the old system") == "from the old system" and reason_label("") == "Other"


def test_only_a_uk_number_can_be_a_crown_dependencys() -> None:
    assert not is_crown_dependency("+127781123456")  # its digits after "+12" look like a Guernsey mobile


def test_a_patient_without_a_value_is_counted_missing_under_notifys_rules_too() -> None:
    template = CompiledTemplate.compile("Dear ((first_name)), book now.", "Do not reply.")
    costing = cost_cohort(template, [{"first_name": ""}], Tariff(), counting=NOTIFY)
    assert costing.missing == {"first_name": 1} and costing.estimate.messages == 0
