from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core import phone
from desktop.core.phone import (
    InvalidMobile,
    InvalidPhoneNumber,
    format_mobile,
    normalise_mobile,
    normalise_mobile_fast,
    normalise_practice_phone,
)

E164 = "+447911123456"


@pytest.mark.parametrize(
    "raw",
    [
        "07911123456",
        "07911 123456",
        "07911 123 456",
        "07911-123-456",
        "(07911) 123456",
        "+447911123456",
        "+44 7911 123456",
        "+44 (0)7911 123456",
        "+44(0)7911123456",
        "0044 7911 123456",
        "00447911123456",
        "447911123456",
        "7911123456",  # a number cell that lost its leading zero
        7911123456,
        7911123456.0,
        "7911123456.0",
        "7.911123456E+09",  # scientific notation with every digit kept
        "7.911123456e9",
        "  07911 123456  ",
    ],
)
def test_common_ways_of_writing_a_mobile(raw: object) -> None:
    assert normalise_mobile(raw) == E164


@pytest.mark.parametrize("raw", ["07400 123456", "07534 123456", "07797 123456", "07624 123456"])
def test_mobiles_across_uk_and_crown_dependency_ranges(raw: str) -> None:
    assert normalise_mobile(raw).startswith("+447")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "blank"),
        (None, "blank"),
        ("   ", "blank"),
        ("020 7123 4567", "landline"),
        ("0113 496 0000", "landline"),
        ("0800 123 4567", "freephone"),
        ("070 1234 5678", "personal"),
        ("079111234", "too short"),
        ("0791112345678", "too long"),
        ("07911 12345a", "letters"),
        ("mobile", "letters"),
        ("+33 6 12 34 56 78", "not a UK number"),
        ("07700 900123", "not in any allocated range"),  # Ofcom's drama range
        ("7.9111E+09", "Excel has shortened"),
        ("7911123456.5", "decimal"),
        (7911123456.5, "decimal"),
        (True, "yes/no"),
        ("07911#123456", "not part of a phone number"),
    ],
)
def test_not_a_mobile_raises_a_plain_reason(raw: object, reason: str) -> None:
    with pytest.raises(InvalidMobile, match=reason):
        normalise_mobile(raw)


def test_invalid_mobile_is_a_value_error() -> None:
    assert issubclass(InvalidMobile, ValueError)


def test_reasons_never_repeat_the_number() -> None:
    with pytest.raises(InvalidMobile) as caught:
        normalise_mobile("020 7123 4567")
    assert "7123" not in str(caught.value)


def test_format_for_display() -> None:
    assert format_mobile(E164) == "07911 123456"


@pytest.mark.parametrize(("raw", "shown"), [("01132434567", "0113 243 4567"), ("+44 20 7123 4567", "020 7123 4567")])
def test_practice_phone_may_be_a_landline(raw: str, shown: str) -> None:
    assert normalise_practice_phone(raw) == shown


@pytest.mark.parametrize("raw", ["", "12345", "+33 1 23 45 67 89", "phone us"])
def test_practice_phone_must_be_a_uk_number(raw: str) -> None:
    with pytest.raises(InvalidPhoneNumber):
        normalise_practice_phone(raw)


# --- the fast path gives the library's verdicts -----------------------------------


def verdict(function: object, raw: object) -> str:
    try:
        return function(raw)  # type: ignore[operator]
    except InvalidMobile as error:
        return f"error: {error}"


@given(
    st.sampled_from(["0", "+44", "0044", "44", "", "+44 (0)"]),
    st.text(alphabet="0123456789", min_size=8, max_size=11),
    st.sampled_from(["", " ", "-"]),
)
def test_fast_path_agrees_with_the_library(prefix: str, digits: str, separator: str) -> None:
    raw = prefix + "7" + separator.join([digits[:3], digits[3:]])
    assert verdict(normalise_mobile_fast, raw) == verdict(normalise_mobile, raw)


@given(st.integers(min_value=7_000_000_000, max_value=7_999_999_999))
def test_fast_path_agrees_for_number_cells(number: int) -> None:
    assert verdict(normalise_mobile_fast, float(number)) == verdict(normalise_mobile, float(number))


@pytest.mark.parametrize("raw", ["07700 900123", "07624 123456", "07797 123456", "07911 123456", None, "abc", 1.5])
def test_fast_path_agrees_on_edge_ranges(raw: object) -> None:
    assert verdict(normalise_mobile_fast, raw) == verdict(normalise_mobile, raw)


def test_apostrophe_from_our_own_reports_is_ignored() -> None:
    assert normalise_mobile("'+447911123456") == E164
    assert normalise_mobile("' +44 7911 123456") == E164
    with pytest.raises(InvalidMobile, match="not a UK number"):  # read as written, + and all
        normalise_mobile("'+33 6 12 34 56 78")


@pytest.mark.parametrize("raw", ["+", "++", "+()"])
def test_a_plus_alone_is_not_a_number(raw: str) -> None:
    with pytest.raises(InvalidMobile) as caught:
        normalise_mobile(raw)
    assert str(caught.value) == "This is not a phone number that can be understood."


def test_fast_path_agrees_across_every_07_range() -> None:
    # Every 07 prefix down to five digits (10,000 ranges), each with a few endings.
    for prefix in range(10_000):
        for ending in ("00000", "12345", "99999"):
            raw = f"07{prefix:04d}{ending}"
            assert verdict(normalise_mobile_fast, raw) == verdict(normalise_mobile, raw), raw


def test_a_trunk_zero_written_twice_is_still_read() -> None:
    """'+44 (0)07911…': the bracketed zero and the written one; the library alone rejects it."""
    assert normalise_mobile("+44 (0)07911 123456") == E164
    assert normalise_mobile("+44(0)07911123456") == E164


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "Enter the practice phone number patients should call."),
        ("   ", "Enter the practice phone number patients should call."),
        ("phone us", "The practice phone number cannot be understood."),
        ("12345", "The practice phone number is not a valid UK number."),
        ("+33 1 23 45 67 89", "The practice phone number is not a valid UK number."),
    ],
)
def test_a_practice_phone_that_will_not_do_says_why(raw: str, reason: str) -> None:
    with pytest.raises(InvalidPhoneNumber) as caught:
        normalise_practice_phone(raw)
    assert str(caught.value) == reason


# --- the fast path decides the usual shapes itself, from tables made as the library's ----


@pytest.mark.parametrize(
    "raw",
    [
        "07911 123456",
        "07911-123-456",
        "(07911) 123456",
        "+44 7911 123456",
        "0044 7911 123456",
        "447911123456",
        "7911123456",
        7911123456,
        7911123456.0,
    ],
)
def test_the_fast_path_decides_the_usual_shapes_without_the_full_parse(
    raw: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The point of the fast path: 100,000 full parses took five seconds of every import."""

    def full_parse(raw: object) -> str:
        raise AssertionError(f"{raw!r} went the slow way")

    monkeypatch.setattr(phone, "normalise_mobile", full_parse)
    assert normalise_mobile_fast(raw) == E164


def _national_numbers() -> list[str]:
    """Numbers of every kind in the +44 plan: each 3-digit start, at the lengths UK numbers have,
    and the starts where Guernsey, Jersey and the Isle of Man differ from Great Britain."""
    starts = [f"{n}" for n in range(100, 1000)] + ["1481", "1534", "1624", "7781", "7797", "7624", "7700", "7640"]
    return [(start + tail)[:length] for start in starts for tail in ("1234567890", "9876543210") for length in (9, 10)]


def test_freshly_made_tables_type_every_kind_of_number_as_the_library_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tables are made once, at import: make them again here, so a fault in making them shows."""
    monkeypatch.setattr(phone, "_UK_REGIONS", phone._uk_regions())
    for national in _national_numbers():
        expected = phonenumbers.number_type(phonenumbers.parse("+44" + national))
        assert phone._uk_number_type(national) == expected, national


def test_the_one_pattern_takes_only_numbers_the_tables_type_as_mobiles() -> None:
    """Made afresh, it never passes a number the tables would not, and passes most 07 numbers."""
    pattern = phone._one_pattern_for_mobiles(phone._uk_regions())
    passed = 0
    for prefix in range(10_000):
        for ending in ("00000", "12345", "99999"):
            national = f"7{prefix:04d}{ending}"
            if pattern.match("0" + national):
                passed += 1
                assert phone._uk_number_type(national) == phonenumbers.PhoneNumberType.MOBILE, national
    assert passed > 20_000


def _region(**descs: tuple[str, tuple[int, ...]] | str | bool | None) -> phone._RegionTypes:
    """A made-up region, to test the one pattern against number_type where the types overlap."""
    from types import SimpleNamespace

    names = ["general_desc", "mobile", "fixed_line", *(name for name, _ in phone._TYPE_ORDER)]
    metadata = SimpleNamespace(
        leading_digits=descs.pop("leading_digits", None),
        same_mobile_and_fixed_line_pattern=descs.pop("same_mobile_and_fixed_line_pattern", False),
    )
    for name in names:
        found = descs.get(name)
        desc = None
        if isinstance(found, tuple):
            desc = SimpleNamespace(national_number_pattern=found[0], possible_length=found[1])
        setattr(metadata, name, desc)
    return phone._RegionTypes(metadata)  # type: ignore[arg-type]


_OVERLAPPING = {
    "general_desc": (r"7\d{9}", (10,)),
    "mobile": (r"7[0-8]\d{8}", (10,)),
    "pager": (r"76\d{8}", (10,)),  # a special type inside the mobile range
    "uan": (r"75\d{8}", ()),  # ...one that gives no lengths
    "voip": (r"78\d{8}", (9,)),  # ...one whose lengths leave ten digits out, though its pattern would not
    "fixed_line": (r"77\d{8}", (10,)),  # landlines inside it too
}


def test_the_one_pattern_decides_as_number_type_does_where_types_overlap() -> None:
    region = _region(**_OVERLAPPING)
    pattern = phone._one_pattern_for_mobiles([region])
    for start in range(70, 80):
        for ending in ("00000000", "12345678", "99999999"):
            national = f"{start}{ending}"
            is_mobile = region.number_type(national) == phonenumbers.PhoneNumberType.MOBILE
            assert (pattern.match("0" + national) is not None) is is_mobile, national
    assert pattern.match("0700000000\u0669") is None  # digits of other scripts go the full way


@pytest.mark.parametrize("odd", [{"leading_digits": "7"}, {"same_mobile_and_fixed_line_pattern": True}])
def test_a_first_region_that_cannot_decide_alone_leaves_every_number_to_the_longer_way(odd: dict[str, object]) -> None:
    pattern = phone._one_pattern_for_mobiles([_region(**_OVERLAPPING, **odd)])  # type: ignore[arg-type]
    assert pattern.match("07012345678") is None


def test_digits_of_other_scripts_are_read_the_full_way_into_plain_digits() -> None:
    raw = "0790886920\u0669"  # the last digit Arabic-Indic nine
    assert normalise_mobile_fast(raw) == normalise_mobile(raw) == "+447908869209"


def test_a_usual_mobile_costs_one_match(monkeypatch: pytest.MonkeyPatch) -> None:
    def typed(national: str) -> int:
        raise AssertionError(f"{national} was typed the longer way")

    monkeypatch.setattr(phone, "_uk_number_type", typed)
    assert normalise_mobile_fast("07908 869209") == "+447908869209"
    assert normalise_mobile_fast("+44 7908-869209") == "+447908869209"


def test_a_mobile_with_plain_spaces_is_read_without_translating_separators(monkeypatch: pytest.MonkeyPatch) -> None:
    def full_parse(raw: object) -> str:
        raise AssertionError(f"{raw!r} went the slow way")

    monkeypatch.setattr(phone, "_WITHOUT_SEPARATORS", str.maketrans("0123456789", "xxxxxxxxxx"))
    monkeypatch.setattr(phone, "normalise_mobile", full_parse)
    assert normalise_mobile_fast("07908 869 209") == "+447908869209"


# --- separators copied from Word, e-mail and web pages --------------------------------------
COPIED = [
    "\t",
    "\u00a0",  # no-break space
    "\u202f",  # narrow no-break space
    "\u2009",  # thin space
    "\u200b",  # zero-width space
    "\ufeff",  # byte-order mark
    "\u2013",  # en dash
    "\u2014",  # em dash
    "\u2011",  # non-breaking hyphen
    "\u2212",  # minus sign
    "\u00ad",  # soft hyphen
    "\u3000",  # ideographic space
]
GROUPS = [("07911", "123456"), ("07911", "123", "456"), ("+44", "7911", "123456"), ("0044", "7911", "123", "456")]


@pytest.mark.parametrize("separator", COPIED)
@pytest.mark.parametrize("groups", GROUPS)
def test_a_mobile_with_copied_separators_is_read(separator: str, groups: tuple[str, ...]) -> None:
    raw = separator.join(groups)
    assert normalise_mobile(raw) == E164
    assert normalise_mobile_fast(raw) == E164


@given(
    groups=st.sampled_from(GROUPS),
    separators=st.lists(
        st.text(alphabet="".join(sorted(set(phone.SEPARATORS) - set("[]~.()/"))), min_size=1, max_size=3),
        min_size=3,
        max_size=3,
    ),
)
def test_any_spaces_and_dashes_between_the_digit_groups_read_the_same_both_ways(
    groups: tuple[str, ...], separators: list[str]
) -> None:
    raw = groups[0] + "".join(sep + group for sep, group in zip(separators, groups[1:], strict=False))
    assert normalise_mobile(raw) == E164
    assert normalise_mobile_fast(raw) == E164


def test_every_unicode_space_and_dash_is_a_separator() -> None:
    import unicodedata

    for code in range(0x10000):
        ch = chr(code)
        if ch.isspace() or unicodedata.category(ch) == "Pd":
            raw = f"07911{ch}123456"
            assert verdict(normalise_mobile, raw) == E164 == verdict(normalise_mobile_fast, raw), hex(code)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("Mob: 07911 123456", "letters"),
        ("tel:07911123456", "letters"),
        ("07911 123456 ext 2", "letters"),
        ("07911_123456", "not part of a phone number"),
        ("07911*123456", "not part of a phone number"),
        ("07911 123456 ☎", "not part of a phone number"),
        ("07911,123456", "not part of a phone number"),
    ],
)
def test_labels_and_other_symbols_are_still_refused(raw: str, reason: str) -> None:
    with pytest.raises(InvalidMobile, match=reason):
        normalise_mobile(raw)
    assert verdict(normalise_mobile_fast, raw) == verdict(normalise_mobile, raw)


@pytest.mark.parametrize("raw", ["\u200b", " \ufeff ", "\u00a0", "-", "()"])
def test_separators_alone_are_a_blank_number(raw: str) -> None:
    with pytest.raises(InvalidMobile, match="blank"):
        normalise_mobile(raw)


def test_the_separators_are_every_space_and_dash_and_the_marks_copying_leaves_and_nothing_else() -> None:
    """Made once, at import: made again here, so a fault in making them shows."""
    import unicodedata

    made = phone._separators()
    spaces_and_dashes = {chr(c) for c in range(0x10000) if chr(c).isspace() or unicodedata.category(chr(c)) == "Pd"}
    assert spaces_and_dashes <= set(made)
    assert set("\u2212\u00ad\u200b\u200c\u200d\u2060\ufeff()[]./~\uff08\uff09\uff0f") <= set(made)
    assert not any(ch.isalnum() and ch != "\u30fc" for ch in made)  # ー reads as a long dash in Japanese numbers
    assert "+" not in made and "x" not in made and "X" not in made
