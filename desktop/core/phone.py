"""UK mobile numbers: from however people and Excel write them to E.164."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumberType

UK_COUNTRY_CODE = 44
_NATIONAL_DIGITS = 10  # 7xxx xxxxxx after the trunk 0
_ALLOWED = re.compile(r"^[\d\s+]+$")  # once every separator is a space


def _separators() -> str:
    """What may stand between digit groups: what copying from Word, e-mail and web pages leaves.

    Every space and dash Unicode knows (tabs, no-break and narrow no-break spaces, en and em
    dashes, non-breaking hyphens), the minus sign, invisible marks (zero-width spaces and joiners,
    the byte-order mark, the soft hyphen), and the brackets, dots, slashes and tildes phone
    numbers are written with. Letters and any other symbol still make a value not a number.
    """
    spaces_and_dashes = (chr(c) for c in range(0x10000) if chr(c).isspace() or unicodedata.category(chr(c)) == "Pd")
    marks = "\u2212\u00ad\u200b\u200c\u200d\u2060\ufeff\u30fc\u2053\u223c"
    return "".join(spaces_and_dashes) + marks + "()[]./~\uff08\uff09\uff3b\uff3d\uff0f\uff5e"


SEPARATORS = _separators()
_AS_SPACES = str.maketrans(SEPARATORS, " " * len(SEPARATORS))
_SCIENTIFIC = re.compile(r"^\s*\d(?:\.\d+)?[eE]\+?\d+\s*$")
_TRUNK_IN_BRACKETS = re.compile(r"^\s*(?:\+|00)\s*44\s*\(\s*0\s*\)")
_TYPE_NAMES = {
    PhoneNumberType.FIXED_LINE: "a landline",
    PhoneNumberType.TOLL_FREE: "a freephone number",
    PhoneNumberType.PREMIUM_RATE: "a premium-rate number",
    PhoneNumberType.SHARED_COST: "a shared-cost number",
    PhoneNumberType.VOIP: "an internet (VoIP) number",
    PhoneNumberType.PERSONAL_NUMBER: "a personal (070) number",
    PhoneNumberType.PAGER: "a pager number",
    PhoneNumberType.UAN: "a non-geographic number",
    PhoneNumberType.VOICEMAIL: "a voicemail number",
}


class InvalidPhoneNumber(ValueError):
    """The value is not a UK phone number."""


class InvalidMobile(InvalidPhoneNumber):
    """The value is not a UK mobile number that a text can be sent to."""


def normalise_mobile(raw: object) -> str:
    """Return a UK mobile number as E.164 (+447911123456), or raise InvalidMobile.

    Accepts any spaces, dashes and invisible marks between the digits (SEPARATORS), brackets,
    0044, +44 (0), and the shapes Excel leaves behind: a number cell that dropped the leading
    zero, a float such as 7911123456.0, or scientific notation when no digits were lost.
    """
    # "+44 (0)07911 123456": the library reads "+44 (0)" but not a trunk zero written twice.
    text = _TRUNK_IN_BRACKETS.sub("+44", _as_text(raw)).translate(_AS_SPACES)
    if not text.strip():
        raise InvalidMobile("The mobile number is blank.")
    if any(ch.isalpha() for ch in text):
        raise InvalidMobile("The mobile number contains letters; it should contain only digits.")
    if not _ALLOWED.match(text):
        raise InvalidMobile("The mobile number contains characters that are not part of a phone number.")
    try:  # a number that lost its leading zero (7911123456) the library reads as national
        number = phonenumbers.parse(text, "GB")
    except NumberParseException as error:
        raise InvalidMobile("This is not a phone number that can be understood.") from error
    if number.country_code != UK_COUNTRY_CODE:
        raise InvalidMobile("This is not a UK number; texts can only be sent to UK mobiles.")
    national = str(number.national_number)
    if national.startswith("7") and len(national) != _NATIONAL_DIGITS:
        length = "short" if len(national) < _NATIONAL_DIGITS else "long"
        raise InvalidMobile(f"The mobile number is too {length}: a UK mobile has 11 digits, starting 07.")
    if not phonenumbers.is_valid_number(number):
        raise InvalidMobile("This is not a UK mobile number in use (it is not in any allocated range).")
    kind = phonenumbers.number_type(number)
    if kind != PhoneNumberType.MOBILE:
        what = _TYPE_NAMES.get(kind, "not a mobile number")
        raise InvalidMobile(f"This is {what}, not a mobile: texts cannot be sent to it.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


CROWN_DEPENDENCIES = frozenset({"GG", "JE", "IM"})  # Guernsey, Jersey, the Isle of Man


def is_crown_dependency(e164: str) -> bool:
    """A +44 number of Guernsey, Jersey or the Isle of Man (Notify bills these at twice the rate).

    Decided as phonenumbers' region_code_for_number decides, from the compiled metadata: it runs
    for every recipient when a cohort is costed, and parsing each number took 2 s for 100,000.
    """
    if not e164.startswith("+44") or _CROWN_SHAPES.fullmatch(e164, 3) is None:
        return False  # the usual number: not even shaped like theirs
    return _uk_region(e164[3:]) in CROWN_DEPENDENCIES


def format_mobile(e164: str) -> str:
    """Show a stored number the way UK staff write it: 07911 123456."""
    number = phonenumbers.parse(e164)  # E.164 carries its country
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _as_text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        raise InvalidMobile("The mobile number is a yes/no value, not a number.")
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if not raw.is_integer():  # nor are NaN and infinity
            raise InvalidMobile("The mobile number has a decimal part; it should contain only digits.")
        return str(int(raw))
    text = str(raw).strip()
    if text.startswith("'"):  # the apostrophe our own reports put before a leading +
        text = text[1:].lstrip()
    if _SCIENTIFIC.match(text):
        return _from_scientific(text)
    if re.fullmatch(r"\d{6,}\.\d+", text):  # a float that went through text: "7911123456.0"
        whole, fraction = text.split(".")
        if fraction.strip("0"):
            raise InvalidMobile("The mobile number has a decimal part; it should contain only digits.")
        return whole
    return text


def _from_scientific(text: str) -> str:
    try:
        value = Decimal(text)
    except InvalidOperation as error:  # pragma: no cover - the pattern only admits valid decimals
        raise InvalidMobile("This is not a phone number that can be understood.") from error
    significant = len(value.as_tuple().digits)
    if significant < _NATIONAL_DIGITS or value != value.to_integral_value():
        raise InvalidMobile(
            "Excel has shortened this number (it shows as scientific notation, like 7.9E+09), "
            "so some digits are lost. Format the column as Text and re-export it."
        )
    return str(int(value))


def normalise_practice_phone(raw: str) -> str:
    """A UK phone number patients can call (landline or mobile), in the national format."""
    text = raw.strip()
    if not text:
        raise InvalidPhoneNumber("Enter the practice phone number patients should call.")
    try:
        number = phonenumbers.parse(text, "GB")
    except NumberParseException as error:
        raise InvalidPhoneNumber("The practice phone number cannot be understood.") from error
    if number.country_code != UK_COUNTRY_CODE or not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber("The practice phone number is not a valid UK number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


# --- the fast path for cohort imports ------------------------------------------
# Full parsing costs ~50 µs a number (5 s per 100,000 rows). Most cells hold one of
# a few shapes of a UK mobile, so for those we take the national number straight
# from the text and test it against the library's own metadata patterns, compiled
# once, in the library's own order. Anything else goes the full way, so every
# verdict (and every reason) is still the library's; tests hold the two together.
_COMMON_SHAPE = re.compile(r"^(?:\+44|0044|44|0)?(7\d{9})$", re.ASCII)
_WITHOUT_SEPARATORS = str.maketrans("", "", SEPARATORS)


# The number types in the order phonenumbers tests them (phonenumberutil._number_type_helper).
_TYPE_ORDER = (
    ("premium_rate", PhoneNumberType.PREMIUM_RATE),
    ("toll_free", PhoneNumberType.TOLL_FREE),
    ("shared_cost", PhoneNumberType.SHARED_COST),
    ("voip", PhoneNumberType.VOIP),
    ("personal_number", PhoneNumberType.PERSONAL_NUMBER),
    ("pager", PhoneNumberType.PAGER),
    ("uan", PhoneNumberType.UAN),
    ("voicemail", PhoneNumberType.VOICEMAIL),
)
_Desc = tuple[frozenset[int], re.Pattern[str]] | None


def _compile_desc(desc: object) -> _Desc:
    pattern = getattr(desc, "national_number_pattern", None)
    if not pattern:
        return None
    return frozenset(getattr(desc, "possible_length", ()) or ()), re.compile(pattern)


def _matches(national: str, desc: _Desc) -> bool:
    if desc is None:
        return False
    lengths, pattern = desc
    if lengths and len(national) not in lengths:
        return False
    return pattern.fullmatch(national) is not None


class _RegionTypes:
    """One region's number-type patterns from the library's metadata, compiled once."""

    def __init__(self, metadata: PhoneMetadata) -> None:
        self.leading = re.compile(metadata.leading_digits) if metadata.leading_digits else None
        self.general = _compile_desc(metadata.general_desc)
        self.special = [(_compile_desc(getattr(metadata, name)), kind) for name, kind in _TYPE_ORDER]
        self.fixed_line = _compile_desc(metadata.fixed_line)
        self.mobile = _compile_desc(metadata.mobile)
        self.same_mobile_and_fixed = bool(metadata.same_mobile_and_fixed_line_pattern)
        self._any_special: dict[int, re.Pattern[str] | None] = {}
        self.region: str | None = getattr(metadata, "id", None)  # GB, GG, IM, JE

    def number_type(self, national: str) -> int:
        """The same decisions, in the same order, as phonenumbers' own type check."""
        if not _matches(national, self.general):
            return PhoneNumberType.UNKNOWN
        if self._may_be_special(national):
            for desc, kind in self.special:
                if _matches(national, desc):
                    return kind
        if _matches(national, self.fixed_line):
            if self.same_mobile_and_fixed or _matches(national, self.mobile):
                return PhoneNumberType.FIXED_LINE_OR_MOBILE
            return PhoneNumberType.FIXED_LINE
        if not self.same_mobile_and_fixed and _matches(national, self.mobile):
            return PhoneNumberType.MOBILE
        return PhoneNumberType.UNKNOWN

    def _may_be_special(self, national: str) -> bool:
        """One regex for 'any of the eight special types', per length, instead of eight tests."""
        length = len(national)
        if length not in self._any_special:
            patterns = [
                desc[1].pattern for desc, _ in self.special if desc is not None and (not desc[0] or length in desc[0])
            ]
            self._any_special[length] = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
        combined = self._any_special[length]
        return combined is not None and combined.fullmatch(national) is not None


def _uk_regions() -> list[_RegionTypes]:
    regions = []
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[UK_COUNTRY_CODE]:  # GB, GG, IM, JE
        metadata = PhoneMetadata.metadata_for_region(region)
        assert metadata is not None  # the library lists only regions it has metadata for
        regions.append(_RegionTypes(metadata))
    return regions


_UK_REGIONS = _uk_regions()


def _uk_region(national: str) -> str | None:
    """The region phonenumbers gives +44 `national` (region_code_for_number's own order and tests)."""
    for region in _UK_REGIONS:
        if region.leading is not None:
            if region.leading.match(national):
                return region.region
        elif region.number_type(national) != PhoneNumberType.UNKNOWN:
            return region.region
    return None


def _crown_shapes() -> re.Pattern[str]:
    """Every shape a Crown dependency number can have: a region with leading digits is chosen by them
    (the Isle of Man), the others by a number type's pattern. Most numbers fail it at once."""
    shapes = []
    for region in _UK_REGIONS:
        if region.region not in CROWN_DEPENDENCIES:
            continue
        if region.leading is not None:
            shapes.append(f"(?:{region.leading.pattern}).*")
            continue
        for desc in (region.fixed_line, region.mobile, *(d for d, _ in region.special)):
            if desc is not None:
                shapes.append(f"(?:{desc[1].pattern})")
    return re.compile("|".join(shapes))


_CROWN_SHAPES = _crown_shapes()


def _uk_number_type(national: str) -> int:
    """phonenumbers' number_type for +44 `national`, without parsing (mirrors region_code_for_number)."""
    for region in _UK_REGIONS:
        if region.leading is not None:
            if region.leading.match(national):
                return region.number_type(national)
        else:
            kind = region.number_type(national)
            if kind != PhoneNumberType.UNKNOWN:
                return kind
    return PhoneNumberType.UNKNOWN


def _one_pattern_for_mobiles(regions: list[_RegionTypes]) -> re.Pattern[str]:
    """One regex for "+44, 0044, 44, 0 or nothing, then a number the first region types as MOBILE".

    It is number_type's decisions written as one pattern (the general pattern, none of the
    special types, not a landline, a mobile), so the usual number costs one match. Where the
    first region is not one that decides alone (it has leading digits, or mobiles and landlines
    look alike), it matches nothing and every number goes the longer way.
    """
    first = regions[0]
    never = re.compile(r"(?!)")
    if first.leading is not None or first.same_mobile_and_fixed:
        return never

    def pattern(desc: _Desc) -> str | None:
        usable = desc is not None and (not desc[0] or _NATIONAL_DIGITS in desc[0])
        return f"(?:{desc[1].pattern})\\Z" if usable and desc is not None else None

    general, mobile = pattern(first.general), pattern(first.mobile)
    if general is None or mobile is None:
        return never
    refused = [p for p in [*(pattern(desc) for desc, _ in first.special), pattern(first.fixed_line)] if p]
    national = f"(?=7\\d{{9}}\\Z)(?={general})" + "".join(f"(?!{p})" for p in refused) + mobile
    return re.compile(f"(?:\\+44|0044|44|0)?({national})", re.ASCII)


_USUAL_MOBILE = _one_pattern_for_mobiles(_UK_REGIONS)


def normalise_mobile_fast(raw: object) -> str:
    """normalise_mobile, quicker for the usual shapes; same results and same errors."""
    if isinstance(raw, str):
        # Plain spaces are all most cells have: if taking those out leaves a usual mobile, no
        # other separator was there, and translating would have left the same text.
        usual = _USUAL_MOBILE.match(raw.replace(" ", ""))
        if usual is not None:
            return "+44" + usual.group(1)
        text = raw.translate(_WITHOUT_SEPARATORS)
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    elif isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
    else:
        return normalise_mobile(raw)
    usual = _USUAL_MOBILE.match(text)
    if usual is not None:
        return "+44" + usual.group(1)
    match = _COMMON_SHAPE.match(text)
    if match is None:
        return normalise_mobile(raw)
    national = match.group(1)
    if _uk_number_type(national) == PhoneNumberType.MOBILE:
        return "+44" + national
    return normalise_mobile(raw)  # for the library's exact reason
