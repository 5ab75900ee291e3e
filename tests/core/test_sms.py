from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.sms import (
    GSM_7,
    GSM_BASIC,
    GSM_EXTENSION,
    UCS_2,
    MessageTooLong,
    check_length,
    gsm_safe,
    measure,
)


@pytest.mark.parametrize(
    ("text", "encoding", "characters", "fragments"),
    [
        ("", GSM_7, 0, 0),
        ("a", GSM_7, 1, 1),
        ("a" * 160, GSM_7, 160, 1),
        ("a" * 161, GSM_7, 161, 2),
        ("a" * 306, GSM_7, 306, 2),
        ("a" * 307, GSM_7, 307, 3),
        ("a" * 459, GSM_7, 459, 3),
        ("a" * 460, GSM_7, 460, 4),
        ("a" * 918, GSM_7, 918, 6),
        ("a" * 919, GSM_7, 919, 7),
        ("€" * 80, GSM_7, 160, 1),
        ("€" * 81, GSM_7, 162, 2),
        ("a" * 159 + "^", GSM_7, 161, 2),
        ("\f", GSM_7, 2, 1),
        ("{}[]~|\\^€", GSM_7, 18, 1),
        # An extension character is never split: 152 + [€] + 152 fills two parts exactly by count,
        # but the € cannot straddle the first boundary, so it needs three.
        ("a" * 152 + "€" + "a" * 152, GSM_7, 306, 3),
        ("á", UCS_2, 1, 1),
        ("á" * 70, UCS_2, 70, 1),
        ("á" * 71, UCS_2, 71, 2),
        ("á" * 134, UCS_2, 134, 2),
        ("á" * 135, UCS_2, 135, 3),
        ("á" * 402, UCS_2, 402, 6),
        ("😀", UCS_2, 2, 1),
        ("😀" * 35, UCS_2, 70, 1),
        ("😀" * 36, UCS_2, 72, 2),
        # A surrogate pair is never split across fragments either.
        ("á" * 66 + "😀" + "á" * 66, UCS_2, 134, 3),
    ],
)
def test_measure_at_fragment_boundaries(text: str, encoding: str, characters: int, fragments: int) -> None:
    m = measure(text)
    assert (m.encoding, m.characters, m.fragments) == (encoding, characters, fragments)


@pytest.mark.parametrize(
    "char", ["é", "ñ", "Ü", "Ç", "ß", "Å", "£", "¥", "Δ", "@", "$", "_", "§", "¿", "à", "\n", "\r"]
)
def test_gsm_basic_characters(char: str) -> None:
    assert measure(f"Hello {char}").encoding == GSM_7


@pytest.mark.parametrize(
    "char", ["á", "í", "ó", "ú", "ŵ", "ç", "‘", "’", "“", "—", "…", "`", "\t", "\u00a0", "😀", "Ā"]
)
def test_characters_outside_gsm_force_ucs2(char: str) -> None:
    m = measure(f"Hello {char} there")
    assert m.encoding == UCS_2
    assert m.non_gsm == (char,)


def test_non_gsm_characters_listed_once_in_order_of_use() -> None:
    assert measure("’a“b’c😀").non_gsm == ("’", "“", "😀")


def test_one_smart_quote_doubles_a_150_character_message() -> None:
    plain = "It's time for your flu jab. " + "x" * 122
    assert measure(plain).fragments == 1
    assert measure(plain.replace("'", "’")).fragments == 3


@pytest.mark.parametrize(
    ("text", "remaining"),
    [("", 160), ("a" * 150, 10), ("a" * 161, 145), ("á" * 60, 10), ("a" * 918, 0)],
)
def test_remaining_before_next_fragment(text: str, remaining: int) -> None:
    assert measure(text).remaining == remaining


def test_check_length_accepts_the_longest_message() -> None:
    assert check_length("a" * 918).fragments == 6
    assert check_length("á" * 402).fragments == 6


@pytest.mark.parametrize(("text", "limit"), [("a" * 919, "918"), ("á" * 403, "402")])
def test_check_length_refuses_longer_with_a_clear_message(text: str, limit: str) -> None:
    with pytest.raises(MessageTooLong) as caught:
        check_length(text)
    message = str(caught.value)
    assert "too long" in message
    assert limit in message
    assert "Shorten it by at least 1 character" in message


def test_too_long_unicode_message_names_the_cause() -> None:
    with pytest.raises(MessageTooLong, match="special characters such as á"):
        check_length("á" * 500)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It’s ‘fine’", "It's 'fine'"),
        ("“Book now”", '"Book now"'),
        ("9–5 — daily", "9-5 - daily"),
        ("Wait…", "Wait..."),
        ("a\u00a0b\u202fc", "a b c"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("tab\there", "tab here"),
        ("soft\u00adhyphen", "softhyphen"),
    ],
)
def test_gsm_safe_replaces_lookalikes(text: str, expected: str) -> None:
    result = gsm_safe(text)
    assert result.text == expected
    assert measure(result.text).encoding == GSM_7
    assert result.changes


def test_gsm_safe_reports_each_change_with_a_count() -> None:
    result = gsm_safe("It’s Jo’s — ok")
    assert [(c.original, c.replacement, c.count) for c in result.changes] == [("’", "'", 2), ("—", "-", 1)]
    assert "right single quote" in result.changes[0].description


@pytest.mark.parametrize("name", ["Siân", "Dafydd Gŵyn", "José Núñez", "Zoë", "François", "Łukasz", "Ōtsuka"])
def test_gsm_safe_never_changes_letters_in_names(name: str) -> None:
    result = gsm_safe(f"Dear {name}, your appointment")
    assert result.text == f"Dear {name}, your appointment"
    assert result.changes == ()


# --- properties ---------------------------------------------------------------

GSM_CHARS = GSM_BASIC + GSM_EXTENSION
MIXED = GSM_CHARS + "áíóúŵç’“—…😀🏥\u00a0"


def reference_measure(text: str) -> tuple[str, int, int]:
    """A slow, obviously right measure: one character at a time."""
    if not text:
        return GSM_7, 0, 0
    if all(ch in GSM_CHARS for ch in text):
        units = [2 if ch in GSM_EXTENSION else 1 for ch in text]
        single, part, encoding = 160, 153, GSM_7
    else:
        units = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
        single, part, encoding = 70, 67, UCS_2
    total = sum(units)
    if total <= single:
        return encoding, total, 1
    parts, used = 1, 0
    for unit in units:
        if used + unit > part:
            parts, used = parts + 1, unit
        else:
            used += unit
    return encoding, total, parts


@given(st.text(alphabet=MIXED, max_size=1000))
def test_measure_agrees_with_reference(text: str) -> None:
    m = measure(text)
    assert (m.encoding, m.characters, m.fragments) == reference_measure(text)


@given(st.text(alphabet=GSM_CHARS, min_size=1, max_size=1000))
def test_gsm_text_needs_at_least_the_ideal_number_of_fragments(text: str) -> None:
    m = measure(text)
    assert m.encoding == GSM_7
    ideal = 1 if m.characters <= 160 else math.ceil(m.characters / 153)
    assert ideal <= m.fragments <= ideal + 1


@given(st.text(alphabet=MIXED, max_size=500), st.sampled_from(MIXED))
def test_adding_a_character_never_makes_a_message_cheaper(text: str, extra: str) -> None:
    assert measure(text + extra).fragments >= measure(text).fragments


@given(st.text(max_size=300))
def test_gsm_safe_is_idempotent_and_keeps_letters(text: str) -> None:
    once = gsm_safe(text).text
    assert gsm_safe(once).text == once
    assert [ch for ch in once if ch.isalpha()] == [ch for ch in text if ch.isalpha()]


# --- packing at the part boundaries: what a two-unit character does to the bill ---------------


@given(st.text(alphabet=GSM_CHARS, max_size=1000))
def test_plain_text_measures_as_the_reference_does(text: str) -> None:
    m = measure(text)
    assert (m.encoding, m.characters, m.fragments) == reference_measure(text)


@given(st.text(alphabet="ab€[]{}^~|\\", min_size=150, max_size=700))
def test_text_full_of_two_unit_characters_measures_as_the_reference_does(text: str) -> None:
    m = measure(text)
    assert (m.encoding, m.characters, m.fragments) == reference_measure(text)


@given(st.text(alphabet="abé😀🏥\U00010000", min_size=60, max_size=400))
def test_unicode_text_with_emoji_measures_as_the_reference_does(text: str) -> None:
    m = measure(text)
    assert (m.encoding, m.characters, m.fragments) == reference_measure(text)


@pytest.mark.parametrize(
    ("text", "characters", "fragments"),
    [
        ("a" * 306, 306, 2),  # two parts exactly full
        ("a" * 307, 307, 3),
        ("a" * 152 + "€" + "a" * 152, 306, 3),  # € would straddle part one's end: it starts part two
        ("a" * 151 + "€" + "a" * 152, 305, 2),  # € ends part one exactly
        ("€" * 80, 160, 1),  # one part of 80 two-unit characters
        ("€" * 81, 162, 2),
        ("á" * 134, 134, 2),
        ("á" * 135, 135, 3),
        ("á" * 65 + "😀" + "á" * 65, 132, 2),  # the emoji's two units end part one exactly
        ("á" * 66 + "😀" + "á" * 66, 134, 3),  # ...or, not fitting, start part two, which then overflows
        ("\uffff" * 70, 70, 1),  # the last character that takes one unit
        ("\uffff" * 67 + "😀" + "á" * 10, 79, 2),  # one unit each beside a two-unit emoji
        ("\U00010000" * 35, 70, 1),  # the first that takes two
        ("\U00010000" * 36, 72, 2),
    ],
)
def test_fragments_at_every_part_boundary(text: str, characters: int, fragments: int) -> None:
    m = measure(text)
    assert (m.characters, m.fragments) == (characters, fragments)


def test_a_message_too_long_says_by_how_much_and_why() -> None:
    with pytest.raises(MessageTooLong) as plain:
        check_length("a" * 920)
    assert str(plain.value) == (
        "This message is too long to send. It is 920 characters and the limit is 918 (6 texts). "
        "Shorten it by at least 2 characters."
    )
    assert plain.value.measurement.characters == 920
    with pytest.raises(MessageTooLong) as special:
        check_length("á" * 100 + "í" * 100 + "ó" * 100 + "ú" * 103)
    assert "such as á í ó (6 texts)" in str(special.value)  # the first three named, no more
