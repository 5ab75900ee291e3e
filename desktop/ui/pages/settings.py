"""Settings: the practice's name and phone, sending hours, bank-holiday region and tariff."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QRegularExpression, QTime, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.bank_holidays import Region
from desktop.core.clock import format_day
from desktop.core.cost import Tariff, TariffError
from desktop.core.counting import NOTIFY_PRICES, Gateway
from desktop.core.phone import format_mobile
from desktop.core.practice import PracticeSettings, SettingsError
from desktop.core.sms import measure
from desktop.services.practice import update_settings
from desktop.services.workspace import Workspace
from desktop.ui.allocation_panel import AllocationPanel
from desktop.ui.backup_panel import BackupPanel
from desktop.ui.bank_holidays_label import BankHolidaysLabel
from desktop.ui.do_not_text_panel import DoNotTextPanel
from desktop.ui.help_texts import add_tips, page_intro
from desktop.ui.notify_key_panel import NotifyKeyPanel
from desktop.ui.passphrase_panel import PassphrasePanel
from desktop.ui.phone_hours_panel import PhoneHoursPanel
from desktop.ui.records_panel import RecordsPanel
from desktop.ui.widgets import PRICE_PATTERN, heading, message_label, note, show_message


class SettingsPage(QWidget):
    saved = Signal(object)  # the PracticeSettings now in force
    restored = Signal(str)  # the data was replaced by a backup (its file's name): open the program again

    def __init__(self, workspace: Workspace, settings: PracticeSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Settings")
        self._workspace = workspace
        self.today: Callable[[], date] = date.today  # tests fix the date the holiday list starts from

        self.name_edit = self._line_edit("Practice name", "As patients know it, e.g. Riverside Surgery")
        self.phone_edit = self._line_edit("Practice phone number", "The number patients should call")
        self.start_edit = self._time_edit("Sending starts")
        self.end_edit = self._time_edit("Sending ends")
        self.region_combo = QComboBox()
        self.region_combo.setAccessibleName("Bank holiday region")
        for region in Region:
            self.region_combo.addItem(region.label, region.value)  # Qt turns a str enum into a plain str
        self.region_combo.currentIndexChanged.connect(self._show_holidays)
        self.holidays_label = BankHolidaysLabel(
            3,
            lambda found: (
                "No texts are sent on bank holidays. Next: "
                + "; ".join(f"{name} ({format_day(day)})" for day, name in found)
            ),
        )
        self.holidays_label.setObjectName("note")

        self.gateway_combo = QComboBox()
        self.gateway_combo.setAccessibleName("Texts go through")
        for gateway in Gateway:
            self.gateway_combo.addItem(gateway.label, gateway.value)
        self.gateway_combo.setMaximumWidth(420)
        self.price_edit = self._line_edit("Your supplier's price per fragment in pence", "e.g. 2.4")
        self.price_edit.setValidator(QRegularExpressionValidator(PRICE_PATTERN, self.price_edit))
        for edit in (self.name_edit, self.phone_edit):
            edit.setMaximumWidth(420)
        self.region_combo.setMaximumWidth(420)
        self.vat_spin = QDoubleSpinBox()
        self.vat_spin.setAccessibleName("VAT rate")
        self.vat_spin.setRange(0, 100)
        self.vat_spin.setDecimals(1)
        self.vat_spin.setSuffix(" %")
        self.budget_edit = self._line_edit("Monthly budget in pounds", "e.g. 150.00 (blank: no budget)")
        self.budget_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^\d{0,7}(\.\d{0,2})?$"), self.budget_edit)
        )
        self.allowance_spin = self._count_spin("Free fragments a year")
        self.used_spin = self._count_spin("Free fragments used this year")
        for field in (self.price_edit, self.vat_spin, self.allowance_spin, self.used_spin, self.budget_edit):
            field.setMaximumWidth(160)

        practice_box = QGroupBox("Practice")
        practice_form = QFormLayout(practice_box)
        practice_form.addRow("Practice name:", self.name_edit)
        practice_form.addRow("Phone number for patients:", self.phone_edit)
        hours = QHBoxLayout()
        hours.addWidget(self.start_edit)
        hours.addWidget(QLabel("to"))
        hours.addWidget(self.end_edit)
        hours.addStretch(1)
        practice_form.addRow("Sending hours:", hours)
        practice_form.addRow("Bank holidays:", self.region_combo)
        practice_form.addRow("", self.holidays_label)

        phones_box = QGroupBox("Phones")
        self.phones = PhoneHoursPanel()
        QVBoxLayout(phones_box).addWidget(self.phones)

        allocation_box = QGroupBox("Allocation")
        self.allocation = AllocationPanel()
        QVBoxLayout(allocation_box).addWidget(self.allocation)

        tariff_box = QGroupBox("Tariff")
        tariff_form = QFormLayout(tariff_box)
        tariff_form.addRow("Texts go through:", self.gateway_combo)
        tariff_form.addRow(
            note(
                "With GOV.UK Notify, texts are counted as Notify sends them and priced at Notify's own rate on the "
                f"day they go ({_notify_prices()}, plus VAT; Guernsey, Jersey and Isle of Man numbers cost double). "
                "The price below is your own supplier's, for texts exported for upload."
            )
        )
        tariff_form.addRow("Supplier's price per fragment (pence, before VAT):", self.price_edit)
        tariff_form.addRow("VAT:", self.vat_spin)
        tariff_form.addRow("Free allowance (fragments a year):", self.allowance_spin)
        tariff_form.addRow("Of which used so far:", self.used_spin)
        tariff_form.addRow("Monthly budget (£):", self.budget_edit)
        tariff_form.addRow(
            note("Your messaging supplier's invoice shows the price per fragment and any free allowance.")
        )

        self.footer_edit = self._line_edit("Reply wording", "Said at the end of every message")
        self.footer_edit.textChanged.connect(self._show_footer_cost)
        self.survey_footer_edit = self._line_edit("Survey reply wording", "Said at the end of every survey")
        self.survey_footer_edit.textChanged.connect(self._show_footer_cost)
        self.footer_cost = QLabel()
        self.footer_cost.setObjectName("note")
        self.footer_cost.setWordWrap(True)
        self.website_edit = self._line_edit("Practice website", "e.g. https://www.riverside-surgery.nhs.uk")
        self.domains_edit = self._line_edit("Approved websites", "Domains links may go to, separated by commas")
        messages_box = QGroupBox("Messages to patients")
        messages_form = QFormLayout(messages_box)
        messages_form.addRow("Every message ends:", self.footer_edit)
        messages_form.addRow("Every survey ends:", self.survey_footer_edit)
        messages_form.addRow("", self.footer_cost)
        messages_form.addRow("Practice website:", self.website_edit)
        messages_form.addRow("Approved websites:", self.domains_edit)
        messages_form.addRow(
            note(
                "Messages are outbound only. The wording must tell patients that replies are not read; "
                "for surveys, that medical questions must not be sent by text."
            )
        )

        self.template_id_edit = self._line_edit(
            "GOV.UK Notify template ID", "e.g. 8e3c1f9a-5b2d-4c7e-9f10-2a6b4d8c0e13"
        )
        notify_box = QGroupBox("GOV.UK Notify")
        notify_form = QFormLayout(notify_box)
        notify_form.addRow("Template ID:", self.template_id_edit)
        notify_form.addRow(
            note(
                "In Notify, make one text message template whose whole message is ((message)) and paste its "
                "ID here. The API key is kept in this computer's credential store, not in these settings."
            )
        )
        self.prefix_edit = self._line_edit("Service name before every text", "blank: Notify does not add it")
        self.prefix_edit.setMaximumWidth(420)
        notify_form.addRow("Service name before every text:", self.prefix_edit)
        notify_form.addRow(
            note(
                'Only if your Notify service is set to start every text with its name (e.g. "Riverside '
                'Surgery: "): the name is sent and billed, so it is counted.'
            )
        )
        self.staff_mobile_edit = self._line_edit("Staff mobile for test texts", "e.g. 07400 900123")
        self.staff_mobile_edit.setMaximumWidth(420)
        notify_form.addRow("Staff mobile for test texts:", self.staff_mobile_edit)
        self.export_folder_edit = self._line_edit(
            "Folder for exported blocks", "blank: Practice Messaging exports in Documents"
        )
        notify_form.addRow("Folder for exported blocks:", self.export_folder_edit)
        notify_form.addRow(
            note(
                "Before a campaign's first block, a test message goes to the staff mobile (or, when exporting, "
                "is written as a sample) and someone confirms it looked right. When exporting, send-due writes "
                "due blocks into the folder for upload."
            )
        )
        self.notify_key = NotifyKeyPanel(lambda: self.template_id_edit.text().strip().lower())
        notify_form.addRow("API key:", self.notify_key)

        do_not_text_box = QGroupBox("Do not text")
        do_not_text_layout = QVBoxLayout(do_not_text_box)
        do_not_text_layout.addWidget(
            note(
                "NHS numbers and mobiles never texted by any campaign: patients who declined, died or moved "
                "away since a list was imported, and numbers that replied STOP. Applied again before every block."
            )
        )
        self.do_not_text = DoNotTextPanel(workspace)
        do_not_text_layout.addWidget(self.do_not_text)

        records_box = QGroupBox("Patient record and data protection")
        self.records = RecordsPanel()
        QVBoxLayout(records_box).addWidget(self.records)
        approval_box = QGroupBox("Approval by a practice manager")
        self.passphrase = PassphrasePanel(workspace)
        QVBoxLayout(approval_box).addWidget(self.passphrase)
        backups_box = QGroupBox("Backups")
        self.backups = BackupPanel(workspace)
        self.backups.restored.connect(self.restored)
        QVBoxLayout(backups_box).addWidget(self.backups)

        self.message = message_label()
        self.save_button = QPushButton("Save settings")
        self.save_button.setAccessibleName("Save settings")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Undo changes")
        self.revert_button.setAccessibleName("Undo changes")
        self.revert_button.clicked.connect(lambda: self.show_settings(self._settings))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        # The groups in tabs, each scrolling on a small screen. A tab's groups join it the first time it is
        # shown: putting every group into the page at once (each re-styled as it joins) stopped the window
        # for over 100 ms as Settings opened.
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings sections")
        self._sections: list[tuple[QBoxLayout | None, tuple[QWidget, ...]]] = []
        for title, boxes in (
            ("Practice", (practice_box, tariff_box, allocation_box, approval_box)),
            ("Phones", (phones_box,)),
            ("Messages", (messages_box,)),
            ("GOV.UK Notify", (notify_box,)),
            ("Do not text", (do_not_text_box,)),
            ("Records and data", (records_box, backups_box)),
        ):
            content = QWidget()
            content.setObjectName("scrollContent")
            content_layout = QVBoxLayout(content)
            content_layout.setContentsMargins(0, 8, 12, 0)
            content_layout.setSpacing(12)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(content)
            self.tabs.addTab(scroll, title)
            self._sections.append((content_layout, boxes))
            for box in boxes:
                add_tips(box)  # now: a tab's groups join the page only when first shown
        self.tabs.currentChanged.connect(self._fill_tab)
        self._fill_tab(0)

        self.message = message_label()
        self.save_button = QPushButton("Save settings")
        self.save_button.setAccessibleName("Save settings")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Undo changes")
        self.revert_button.setAccessibleName("Undo changes")
        self.revert_button.clicked.connect(lambda: self.show_settings(self._settings))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(heading("Settings"))
        layout.addWidget(page_intro("Settings"))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.show_settings(settings)

    def show_settings(self, settings: PracticeSettings) -> None:
        self._settings = settings
        self.name_edit.setText(settings.practice_name)
        self.phone_edit.setText(settings.practice_phone)
        self.start_edit.setTime(_qtime(settings.sending_start))
        self.end_edit.setTime(_qtime(settings.sending_end))
        self.region_combo.setCurrentIndex(self.region_combo.findData(settings.region.value))
        self.price_edit.setText(str(settings.tariff.pence_per_fragment))
        self.vat_spin.setValue(float(settings.tariff.vat_rate * 100))
        self.allowance_spin.setValue(settings.tariff.annual_free_allowance)
        self.used_spin.setValue(settings.tariff.allowance_used)
        budget = settings.monthly_budget / 100
        self.budget_edit.setText(f"{budget:.2f}" if budget else "")
        self.footer_edit.setText(settings.footer)
        self.survey_footer_edit.setText(settings.survey_footer)
        self.website_edit.setText(settings.website)
        self.domains_edit.setText(", ".join(settings.allowed_domains))
        self.template_id_edit.setText(settings.notify_template_id)
        self.gateway_combo.setCurrentIndex(self.gateway_combo.findData(settings.gateway.value))
        self.prefix_edit.setText(settings.notify_prefix)
        self.staff_mobile_edit.setText(format_mobile(settings.staff_mobile) if settings.staff_mobile else "")
        self.export_folder_edit.setText(settings.export_folder)
        self.phones.show_hours(settings.phone_hours)
        self.allocation.show_allocation(settings.allocation)
        self.records.show_records(settings.retention_days, dict(settings.coding))
        self._show_holidays()
        show_message(self.message, "", "ok")

    def entered_settings(self) -> PracticeSettings:
        """What the form says, as settings; raises SettingsError for a value that cannot be read."""
        try:
            price = Decimal(self.price_edit.text().strip())
        except InvalidOperation as error:
            raise SettingsError("Enter your supplier's price per fragment in pence, for example 2.4.") from error
        try:
            tariff = Tariff(
                pence_per_fragment=price,
                vat_rate=Decimal(f"{self.vat_spin.value():.1f}") / 100,  # the spin box shows one decimal
                annual_free_allowance=self.allowance_spin.value(),
                allowance_used=self.used_spin.value(),
            )
        except TariffError as error:
            raise SettingsError(str(error)) from error
        return PracticeSettings(
            practice_name=self.name_edit.text(),
            practice_phone=self.phone_edit.text(),
            sending_start=_pytime(self.start_edit.time()),
            sending_end=_pytime(self.end_edit.time()),
            region=self._region(),
            tariff=tariff,
            footer=self.footer_edit.text(),
            survey_footer=self.survey_footer_edit.text(),
            website=self.website_edit.text(),
            allowed_domains=tuple(part.strip() for part in self.domains_edit.text().split(",") if part.strip()),
            monthly_budget=Decimal(self.budget_edit.text().strip() or "0") * 100,
            notify_template_id=self.template_id_edit.text(),
            gateway=Gateway(self.gateway_combo.currentData()),
            notify_prefix=self.prefix_edit.text(),
            staff_mobile=self.staff_mobile_edit.text(),
            export_folder=self.export_folder_edit.text(),
            phone_hours=self.phones.entered_hours(),
            allocation=self.allocation.entered_allocation(),
            retention_days=self.records.entered_retention(),
            coding=self.records.entered_coding(),
        )

    def save(self) -> bool:
        try:
            settings = update_settings(self._workspace, self.entered_settings())
        except SettingsError as error:
            show_message(self.message, str(error), "error")
            return False
        self.show_settings(settings)
        show_message(self.message, "Settings saved.", "ok")
        self.saved.emit(settings)
        return True

    def _fill_tab(self, index: int) -> None:
        layout, boxes = self._sections[index]
        if layout is None:
            return  # filled already
        for box in boxes:
            layout.addWidget(box)
            box.show()  # a widget added to a shown one waits for the event loop otherwise
        layout.addStretch(1)
        self._sections[index] = (None, boxes)

    def show_tab(self, title: str) -> None:
        """Open the tab named `title` (its groups join it now, if they had not)."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == title:
                self.tabs.setCurrentIndex(index)

    def _show_holidays(self) -> None:
        self.holidays_label.show_region(self._region(), self.today())

    def _show_footer_cost(self) -> None:
        reply = measure(" " + self.footer_edit.text().strip()).characters
        survey = measure(" " + self.survey_footer_edit.text().strip()).characters
        self.footer_cost.setText(
            f"The wording takes {reply} characters of every message ({survey} of every survey), "
            "and is counted in every estimate."
        )

    def _region(self) -> Region:
        return Region(self.region_combo.currentData() or Region.ENGLAND_AND_WALES.value)

    def _line_edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        return edit

    def _time_edit(self, name: str) -> QTimeEdit:
        edit = QTimeEdit()
        edit.setAccessibleName(name)
        edit.setDisplayFormat("HH:mm")
        return edit

    def _count_spin(self, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setAccessibleName(name)
        spin.setRange(0, 100_000_000)
        spin.setGroupSeparatorShown(True)
        return spin


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _pytime(value: QTime) -> time:
    return time(value.hour(), value.minute())


def _notify_prices() -> str:
    """Notify's prices in words: "2.33p from 1 April 2025, 2.4p from 1 April 2026"."""
    return ", ".join(f"{pence}p from {day.day} {day:%B %Y}" for day, pence in NOTIFY_PRICES)
