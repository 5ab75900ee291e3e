"""Home: the practice at a glance and a message checker for length and cost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.clock import format_day
from desktop.core.cost import estimate, format_percent, format_pounds
from desktop.core.practice import PracticeSettings
from desktop.core.sms import gsm_safe
from desktop.services.campaigns import UpcomingRelease
from desktop.ui.bank_holidays_label import BankHolidaysLabel
from desktop.ui.widgets import heading, note


class HomePage(QWidget):
    def __init__(self, settings: PracticeSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Home")
        self._settings = settings
        self.title = heading("")
        intro = note(
            "Messages from the practice are outbound only. Every text tells patients not to reply, "
            "and campaigns go out in stages at the pace your phones can answer."
        )

        self.practice_box = QGroupBox("Practice")
        practice_form = QFormLayout(self.practice_box)
        self.phone_value = QLabel()
        self.hours_value = QLabel()
        self.region_value = QLabel()
        self.holiday_value = BankHolidaysLabel(
            1, lambda found: ", ".join(f"{name}, {format_day(day)}" for day, name in found) or "None found"
        )
        practice_form.addRow("Phone for patients:", self.phone_value)
        practice_form.addRow("Sending hours:", self.hours_value)
        practice_form.addRow("Bank holidays:", self.region_value)
        practice_form.addRow("Next bank holiday:", self.holiday_value)

        self.cost_box = QGroupBox("Cost of a text")
        cost_form = QFormLayout(self.cost_box)
        self.price_value = QLabel()
        self.price_value.setWordWrap(True)  # "(GOV.UK Notify's price on the day)" was cut off at 1100 px
        self.allowance_value = QLabel()
        cost_form.addRow("Price per fragment:", self.price_value)
        cost_form.addRow("Free allowance left:", self.allowance_value)
        cost_form.addRow(
            note(
                "A fragment is 160 plain characters, or only 70 if the text has an emoji or a "
                "character such as a curly quote. Longer texts are billed as several fragments."
            )
        )

        checker = QGroupBox("Check a message")
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Message to check")
        self.editor.setPlaceholderText("Type or paste a message to see how it will be billed…")
        self.editor.setFixedHeight(110)
        self.editor.textChanged.connect(self._update_measurement)
        self.result = QLabel()
        self.result.setObjectName("measurement")
        self.result.setAccessibleName("Measurement")
        self.warning = QLabel()
        self.warning.setObjectName("warning")
        self.warning.setWordWrap(True)
        self.fix_button = QPushButton("Replace look-alike punctuation")
        self.fix_button.setAccessibleName("Replace look-alike punctuation")
        self.fix_button.setToolTip("Swap curly quotes, long dashes and odd spaces for plain ones, which cost less")
        self.fix_button.clicked.connect(self._make_gsm_safe)
        fix_row = QHBoxLayout()
        fix_row.addWidget(self.warning, 1)
        fix_row.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignTop)
        checker_layout = QVBoxLayout(checker)
        checker_layout.addWidget(self.editor)
        checker_layout.addWidget(self.result)
        checker_layout.addLayout(fix_row)

        coming = QGroupBox("Coming up")
        self.upcoming = QLabel()
        self.upcoming.setAccessibleName("Releases coming up")
        self.upcoming.setWordWrap(True)
        self.upcoming.setTextFormat(Qt.TextFormat.RichText)
        QVBoxLayout(coming).addWidget(self.upcoming)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.addWidget(self.practice_box, 0, 0)
        grid.addWidget(self.cost_box, 0, 1)
        grid.addWidget(coming, 1, 0, 1, 2)
        grid.addWidget(checker, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.show_settings(settings)

    def show_upcoming(self, releases: list[UpcomingRelease]) -> None:
        """The next releases and the calls to expect, so reception knows when phones will be busy."""
        if not releases:
            self.upcoming.setText("No releases are planned. Approved campaigns' next releases appear here.")
            return
        rows = []
        for release in releases:
            when = f"{format_day(release.release_at.date())} {release.release_at:%H:%M}"
            due = " <span style='color:#d5281b'>(due: record it when sent)</span>" if release.overdue else ""
            rows.append(
                f"<tr><td>{when}{due}</td><td>{escape(release.campaign)}</td>"
                f"<td align='right'>{release.messages:,} messages</td>"
                f"<td align='right'>about {_calls(release.expected_calls)} extra calls</td></tr>"
            )
        self.upcoming.setText("<table cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>")

    def show_settings(self, settings: PracticeSettings, today: date | None = None) -> None:
        self._settings = settings
        self.title.setText(settings.practice_name or "Welcome")
        self.phone_value.setText(settings.practice_phone or "Not set: add it in Settings")
        self.hours_value.setText(f"{settings.sending_start:%H:%M} to {settings.sending_end:%H:%M}, Monday to Friday")
        self.region_value.setText(settings.region.label)
        self.holiday_value.show_region(settings.region, today or date.today())
        tariff = settings.current_tariff
        whose = " (GOV.UK Notify's price today)" if settings.counting.is_notify else ""
        self.price_value.setText(f"{tariff.pence_per_fragment}p + VAT at {format_percent(tariff.vat_rate)}{whose}")
        self.allowance_value.setText(
            f"{tariff.allowance_left:,} fragments of {tariff.annual_free_allowance:,}"
            if tariff.annual_free_allowance
            else "No free allowance"
        )
        self._update_measurement()

    def _update_measurement(self) -> None:
        text = self.editor.toPlainText()
        m = self._settings.counting.measure(text)
        cost = estimate([m], self._settings.current_tariff).cost_after_vat if text else 0
        self.result.setText(
            f"{m.characters} characters · {m.fragments} fragment{'s' if m.fragments != 1 else ''} · "
            f"{m.encoding} · {m.remaining} left before the next fragment · {format_pounds(cost)} per patient with VAT"
        )
        problems = []
        if m.non_gsm:
            problems.append(
                "These characters make the text Unicode, so each fragment holds only 70 characters: "
                + "  ".join(m.non_gsm)
            )
        marks = self._settings.counting.question_marks(text)
        if marks:
            problems.append(f"GOV.UK Notify cannot send {'  '.join(marks)}: patients would see a question mark.")
        if m.too_long:
            problems.append(f"Too long to send: the limit is {self._settings.counting.limit(m)}.")
        self.warning.setText("\n".join(problems))
        self.warning.setVisible(bool(problems))
        self.fix_button.setVisible(bool(gsm_safe(text).changes))

    def _make_gsm_safe(self) -> None:
        cursor = self.editor.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(gsm_safe(self.editor.toPlainText()).text)  # one undo step


def _calls(expected: Decimal) -> str:
    """Whole calls once there are a few; one decimal below ten, so half a call is not 'about 0'."""
    return f"{expected:,.0f}" if expected >= 10 else f"{expected:.1f}"
