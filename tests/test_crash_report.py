"""The crash report: enough to find the bug, nothing about patients."""

from __future__ import annotations

import pytest

from desktop import __version__
from desktop.crash_report import crash_report, log_crash

# What a patient's row held: the errors below quote it, as a real error's message might.
NAME, NHS_NUMBER, MOBILE = "Margaret Smith", "943 476 5919", "07700 900123"
FOLDER = "C:/Users/jsmith/Desktop"  # a member of staff's


def _fails_while_handling() -> None:
    try:
        {}[NAME]
    except KeyError:
        raise ValueError(f"NHS number {NHS_NUMBER} was not valid") from None


def _fails_from(reason: Exception) -> None:
    raise RuntimeError(f"mobile {MOBILE}") from reason


def _quotes_a_patient(report: str) -> bool:
    return any(value in report for value in (NAME, "Smith", NHS_NUMBER, MOBILE))


def test_the_report_says_where_but_never_what_the_error_quoted() -> None:
    with pytest.raises(ValueError) as caught:
        _fails_while_handling()
    report = crash_report(caught.value, {"Qt": "6.9.0"})
    assert report.startswith(f"Practice Messaging {__version__}: crash report")
    assert "Python 3." in report and "Qt 6.9.0" in report
    assert "Error: builtins.ValueError (its message is left out" in report
    assert "tests/test_crash_report.py, line" in report and "in _fails_while_handling" in report
    assert 'raise ValueError(f"NHS number {NHS_NUMBER} was not valid")' in report  # the code, not its values
    assert not _quotes_a_patient(report)
    assert "KeyError" not in report  # "from None": the error it replaced is not part of the story


def test_an_error_raised_from_another_reports_both_oldest_first() -> None:
    with pytest.raises(RuntimeError) as caught:
        try:
            {}[NAME]
        except KeyError as error:
            _fails_from(error)
    report = crash_report(caught.value)
    assert report.index("builtins.KeyError") < report.index("The error above led to this one:")
    assert report.index("The error above led to this one:") < report.index("builtins.RuntimeError")
    assert not _quotes_a_patient(report)


def test_an_error_while_handling_another_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(TypeError) as caught:
        try:
            raise OSError(f"{FOLDER}/{NAME}.xlsx")
        except OSError:
            raise TypeError(NAME)  # noqa: B904 - a second error while handling the first, on purpose
    report = log_crash(caught.value)
    assert "While handling the error above, another happened:" in report
    assert FOLDER not in report and not _quotes_a_patient(report)
    assert "Unexpected error" in caplog.text and report in caplog.text
