from __future__ import annotations

import pytest

from desktop.core.sms import measure
from desktop.core.template import (
    DEFAULT_FOOTER,
    DEFAULT_SURVEY_FOOTER,
    CompiledTemplate,
    MissingValue,
    Purpose,
    TemplateError,
    UnknownPlaceholder,
    check_footer,
    check_placeholders,
    join_footer,
    placeholders,
)


def test_every_good_use_has_a_purpose_and_there_is_no_chat() -> None:
    assert {p.value for p in Purpose} == {
        "appointment_reminder",
        "call_to_action",
        "online_consultation",
        "image_upload",
        "survey",
        "health_information",
    }
    assert not any("chat" in p.value or "conversation" in p.value for p in Purpose)
    assert [p for p in Purpose if p.is_survey] == [Purpose.SURVEY]


def test_placeholders_in_order_once_each_and_case_insensitive() -> None:
    body = "Dear ((First_Name)) ((surname)), ((first_name)) your ((appointment_time)) slot"
    assert placeholders(body) == ["first_name", "surname", "appointment_time"]


def test_unknown_placeholders_are_named() -> None:
    check_placeholders("Hi ((first_name)) at ((clinic))", ["clinic"])
    with pytest.raises(UnknownPlaceholder, match=r"\(\(apointment\)\) is not a column"):
        check_placeholders("Your ((apointment))", ["appointment"])


def test_render_appends_the_footer_and_never_interprets_values() -> None:
    template = CompiledTemplate.compile("Dear ((first_name)), book at ((practice_name)).  ", DEFAULT_FOOTER)
    message = template.render({"first_name": "((surname)) {0} %s", "practice_name": "Riverside"})
    assert message == f"Dear ((surname)) {{0}} %s, book at Riverside.\n{DEFAULT_FOOTER}"


def test_a_missing_value_is_an_error_naming_the_placeholder() -> None:
    template = CompiledTemplate.compile("Dear ((title)) ((surname))", DEFAULT_FOOTER)
    with pytest.raises(MissingValue, match=r"no value for \(\(title\)\)"):
        template.render({"surname": "Smith", "title": ""})


def test_the_footer_is_measured_with_the_message() -> None:
    template = CompiledTemplate.compile("a" * 100, DEFAULT_FOOTER)
    assert measure(template.render({})).characters == 100 + 1 + len(DEFAULT_FOOTER)


@pytest.mark.parametrize(
    "wording",
    [
        DEFAULT_FOOTER,
        "Please don't reply - replies aren't read.",
        "This number cannot receive replies: messages sent to it are not read.",
        "Do not reply. We do not read replies to this number.",
        "Replies to this text are not monitored.",
    ],
)
def test_footer_wording_that_says_replies_are_not_read(wording: str) -> None:
    assert check_footer(f"  {wording}  ", survey=False) == wording


@pytest.mark.parametrize(
    "wording",
    ["", "Thank you!", "Please reply YES to confirm.", "Call us on 0113 243 4567.", "Please do not reply."],
)
def test_footer_wording_that_does_not_protect_patients_is_refused(wording: str) -> None:
    with pytest.raises(TemplateError):
        check_footer(wording, survey=False)


@pytest.mark.parametrize(
    ("wording", "ok"),
    [
        (DEFAULT_SURVEY_FOOTER, True),
        ("Reply YES or NO only. Never send medical questions by text.", True),
        ("Reply YES or NO only; please don't include medical details.", True),
        ("Reply YES or NO.", False),
        ("Tell us about your medical problem.", False),
    ],
)
def test_survey_wording_must_warn_against_medical_issues(wording: str, ok: bool) -> None:
    if ok:
        check_footer(wording, survey=True)
    else:
        with pytest.raises(TemplateError, match="medical"):
            check_footer(wording, survey=True)


def test_reply_wording_that_will_not_do_says_why() -> None:
    with pytest.raises(TemplateError) as empty:
        check_footer("   ", survey=False)
    assert str(empty.value) == "The reply wording cannot be empty."
    with pytest.raises(TemplateError) as unsafe:
        check_footer("Thanks!", survey=False)
    assert str(unsafe.value) == f"The wording must tell patients that replies are not read, e.g. '{DEFAULT_FOOTER}'"


def test_several_unknown_placeholders_are_named_together() -> None:
    with pytest.raises(TemplateError) as unknown:
        check_placeholders("Hi ((nickname)), see you at ((ward)).", ["clinic"])
    assert str(unknown.value).startswith("((nickname)), ((ward)) are not a column of this cohort")


def test_placeholder_names_ignore_case_and_the_words_around_them_keep_theirs() -> None:
    body = "Dear ((Title)) ((SURNAME)), Your Flu Jab at ((Clinic_Time)) Awaits"
    template = CompiledTemplate.compile(body, DEFAULT_FOOTER)
    assert template.names == ("title", "surname", "clinic_time")
    text = template.render({"title": "Mrs", "surname": "Smith", "clinic_time": "10:30"})
    assert text == f"Dear Mrs Smith, Your Flu Jab at 10:30 Awaits\n{DEFAULT_FOOTER}"


def test_the_reply_wording_goes_on_a_line_of_its_own() -> None:
    assert join_footer("  Book now.  \n", "Replies are not read.") == "  Book now.\nReplies are not read."
    assert join_footer("", "Replies are not read.") == "Replies are not read."
    assert join_footer(" \n ", "Replies are not read.") == "Replies are not read."
