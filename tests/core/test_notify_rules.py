"""Counting as GOV.UK Notify sends and bills (facts: ../shared/notify.md, from notifications-utils)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.notify_rules import (
    CHARACTER_LIMIT,
    measure_for_notify,
    normalise_whitespace,
    sanitise,
    sent_as_question_marks,
)
from desktop.core.sms import GSM_7, UCS_2


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("Book now \u2013 it\u2019s quick\u2026", "Book now - it's quick..."),  # dash, curly quote, ellipsis
        ("\u201cYes\u201d or \u201eno\u201d, \u201asingle\u2018", '"Yes" or "no", \'single\''),
        ("non\u2011breaking \u2014 minus \u2212", "non-breaking - minus -"),
        (
            "Fran\u00e7oise, Jo\u00e3o, \u0160imon, \u011eul, \u0130pek, \u021aara",
            "Francoise, Joao, Simon, Gul, Ipek, Tara",
        ),
        ("\u0141ucja \u0142", "Lucja l"),
        ("Emoji \U0001f642 \u2022 \u00ab\u00bb \u00b0 \u00a9 \u2122 \u00bd", "Emoji ? ? ?? ? ? ? ?"),
        ("Cyrillic \u0416 Chinese \u4e2d", "Cyrillic ? Chinese ?"),
        ("dotless \u0131, Vietnamese \u1ec7", "dotless ?, Vietnamese ?"),
        ("e\u0301", "e?"),  # a lone combining accent
        ("\u2026", "..."),  # a text of nothing GSM has is still made sendable
        ("\U0001f642", "?"),
        ("GSM stays: \u00e9\u00e8\u00f1\u00fc\u00c7 \u20ac[]", "GSM stays: \u00e9\u00e8\u00f1\u00fc\u00c7 \u20ac[]"),
        (
            "Welsh stays: \u0175 \u0177 \u00e2 \u00ea \u1e83 \u1ef3 \u00cf",
            "Welsh stays: \u0175 \u0177 \u00e2 \u00ea \u1e83 \u1ef3 \u00cf",
        ),
    ],
)
def test_characters_are_sent_as_notify_sends_them(typed: str, sent: str) -> None:
    assert sanitise(typed) == sent


@pytest.mark.parametrize(
    ("typed", "tidied"),
    [
        ("  two   spaces\tand tab  ", "two spaces and tab"),
        ("zero\u200bwidth\u200c\u200d\u2060\ufeff\u180e marks", "zerowidth marks"),
        ("no\u00a0break\u202fnarrow", "no break narrow"),
        ("a\r\nb\rc\fd\ve\u2028f\u2029g\u0085h", "a\nb\nc\nd\ne\nf\ng\nh"),
        ("one\n\n\n\ntwo", "one\n\ntwo"),
        ("before , comma and stop .", "before, comma and stop."),
        ("\n\n  trimmed  \n\n", "trimmed"),
    ],
)
def test_whitespace_is_tidied_first(typed: str, tidied: str) -> None:
    assert normalise_whitespace(typed) == tidied


def test_a_smart_quote_costs_nothing_with_notify() -> None:
    """With GSM counting a curly apostrophe makes the text UCS-2; Notify sends a plain one."""
    text = "Your flu jab is due. It\u2019s quick to book online. Do not reply: replies are not read." * 2
    measured = measure_for_notify(text).measurement
    assert measured.encoding == GSM_7 and measured.fragments == 2


def test_only_a_welsh_letter_gsm_lacks_makes_a_text_unicode() -> None:
    assert measure_for_notify("Diolch \u0175").measurement.encoding == UCS_2
    assert measure_for_notify("Diolch \u0175").measurement.non_gsm == ("\u0175",)
    assert measure_for_notify("Caf\u00e9 \U0001f642").measurement.encoding == GSM_7  # é is GSM, the emoji becomes ?


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("a" * 159 + "\u20ac", 2),  # € takes two septets: 161
        ("\u0175" * 70, 1),
        ("\u0175" * 71, 2),
        ("\u0175" * 134, 2),
        ("\u0175" * 135, 3),
        ("", 1),  # Notify still reports one fragment for an empty text
        ("\u0175" * 69 + "\u20ac", 1),  # in UCS-2 the euro sign is one unit like any other
    ],
)
def test_fragments_are_counted_as_notify_counts_them(text: str, fragments: int) -> None:
    assert measure_for_notify(text).measurement.fragments == fragments


def test_an_escape_pair_is_not_pushed_to_the_next_fragment() -> None:
    """Notify divides plainly: 153 septets a part, even when a € straddles the boundary."""
    assert measure_for_notify("a" * 152 + "\u20ac" + "a" * 152).measurement.fragments == 2  # 306 septets


def test_the_service_name_prefix_is_billed_but_not_limited() -> None:
    text = "a" * 150
    assert measure_for_notify(text).measurement.fragments == 1
    with_prefix = measure_for_notify(text, prefix="Riverside Surgery: ")
    assert with_prefix.measurement.fragments == 2 and with_prefix.measurement.characters == 169
    assert with_prefix.sent_text == text
    assert measure_for_notify("  ", prefix="Riverside Surgery: ").measurement.characters == 0  # nothing to send


def test_the_limit_is_918_characters_whatever_the_encoding() -> None:
    assert not measure_for_notify("a" * CHARACTER_LIMIT).too_long
    assert measure_for_notify("a" * (CHARACTER_LIMIT + 1)).too_long
    assert not measure_for_notify("a" * (CHARACTER_LIMIT - 1) + "\u20ac").too_long  # 919 septets, 7 fragments
    assert measure_for_notify("a" * (CHARACTER_LIMIT - 1) + "\u20ac").measurement.fragments == 7
    assert not measure_for_notify("\u0175" * CHARACTER_LIMIT).too_long  # UCS-2: 14 fragments, still allowed
    assert measure_for_notify("\u0175" * CHARACTER_LIMIT).measurement.fragments == 14
    assert not measure_for_notify("a" * 900 + "\u2026").too_long  # the ellipsis becomes three: 903


def test_what_arrives_as_a_question_mark_is_named_once() -> None:
    assert sent_as_question_marks("Hi \U0001f642 \U0001f642 \u2022 ? caf\u00e9") == ("\U0001f642", "\u2022")
    assert measure_for_notify("Hi \U0001f642").question_marks == ("\U0001f642",)
    assert sent_as_question_marks("Plain text? Yes.") == ()


@settings(max_examples=2000)
@given(st.text(alphabet=" \n\t\r,.ab\u00a0\u200b\u2028\x0b\x1c\u3000", max_size=14))
def test_the_quick_check_for_tidy_text_never_skips_a_change(text: str) -> None:
    from desktop.core.notify_rules import _tidy

    assert normalise_whitespace(text) == _tidy(text)


@settings(max_examples=2000)
@given(st.text(alphabet=" \n\t\r,.aé{€’😀ŵ\u00a0", max_size=20) | st.text(alphabet="ab ", min_size=150, max_size=330))
def test_the_quick_count_of_a_plain_text_agrees_with_the_full_one(text: str) -> None:
    from desktop.core.notify_rules import _measure_sent, notify_measurement, sanitise

    assert notify_measurement(text) == _measure_sent(sanitise(text), "")


@pytest.mark.parametrize(
    "text",
    ["a \nb", "a\n b", "a ,b", "a .b", "a\n\n\nb", "a  b", " a", "a ", "\na", "a\n", "a\tb", "a\u200bb", "a\u00a0b"],
)
def test_every_untidy_shape_is_tidied(text: str) -> None:
    from desktop.core.notify_rules import _tidy

    assert normalise_whitespace(text) == _tidy(text) != text


def test_a_question_mark_itself_is_sent_as_it_is() -> None:
    from desktop.core.notify_rules import is_question_mark

    assert not is_question_mark("?") and is_question_mark("😀") and not is_question_mark("é")
