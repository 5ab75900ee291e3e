from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop.core.bank_holidays import Region
from desktop.store.settings import load_settings, passphrase_hash
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.settings import SettingsPage


@pytest.fixture
def page(window: MainWindow) -> SettingsPage:
    window.show_area("Settings")
    return window.settings_page


def replace_text(qtbot: QtBot, edit: object, text: str) -> None:
    edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(edit, text)


def test_editing_and_saving_settings_reaches_the_file_and_the_home_page(qtbot: QtBot, window: MainWindow) -> None:
    window.show_area("Settings")
    page = window.settings_page
    assert page.isVisible()
    replace_text(qtbot, page.name_edit, "Hillside Medical Centre")
    replace_text(qtbot, page.phone_edit, "01312345678")
    page.start_edit.setTime(QTime(8, 30))
    page.end_edit.setTime(QTime(17, 0))
    page.region_combo.setCurrentIndex(page.region_combo.findText("Scotland"))
    replace_text(qtbot, page.price_edit, "1.97")
    page.vat_spin.setValue(17.5)
    page.allowance_spin.setValue(5000)
    page.used_spin.setValue(1200)
    with qtbot.waitSignal(page.saved, timeout=2000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert page.message.isVisible() and page.message.text() == "Settings saved."
    stored = load_settings(Database(window.settings_page._workspace.path))
    assert stored.practice_name == "Hillside Medical Centre"
    assert stored.practice_phone == "0131 234 5678"
    assert (stored.sending_start, stored.sending_end) == (time(8, 30), time(17, 0))
    assert stored.region == Region.SCOTLAND
    assert stored.tariff.pence_per_fragment == Decimal("1.97")
    assert stored.tariff.vat_rate == Decimal("0.175")
    assert (stored.tariff.annual_free_allowance, stored.tariff.allowance_used) == (5000, 1200)
    assert window.home_page.title.text() == "Hillside Medical Centre"
    assert window.practice_label.text() == "Hillside Medical Centre"
    assert page.region_combo.currentText() == "Scotland"


def test_a_bad_phone_number_is_explained_and_nothing_is_saved(qtbot: QtBot, page: SettingsPage) -> None:
    replace_text(qtbot, page.name_edit, "Should Not Be Saved")
    replace_text(qtbot, page.phone_edit, "12345")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.message.isVisible()
    assert "not a valid UK number" in page.message.text()
    assert page.message.property("kind") == "error"
    assert load_settings(Database(page._workspace.path)).practice_name == "Riverside Surgery (sample)"


def test_sending_hours_must_make_sense(qtbot: QtBot, page: SettingsPage) -> None:
    page.start_edit.setTime(QTime(17, 0))
    page.end_edit.setTime(QTime(9, 0))
    assert not page.save()
    assert "start before they end" in page.message.text()


def test_a_blank_price_is_explained(qtbot: QtBot, page: SettingsPage) -> None:
    page.price_edit.clear()
    assert not page.save()
    assert "price per fragment" in page.message.text()


def test_undo_changes_restores_the_saved_values(qtbot: QtBot, page: SettingsPage) -> None:
    replace_text(qtbot, page.name_edit, "Typo Surgery")
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.name_edit.text() == "Riverside Surgery (sample)"


def test_region_choice_lists_that_regions_next_bank_holidays(qtbot: QtBot, page: SettingsPage) -> None:
    page.today = lambda: date(2027, 3, 1)
    page.region_combo.setCurrentIndex(page.region_combo.findText("Northern Ireland"))
    qtbot.waitUntil(lambda: not page.holidays_label.looking_up)
    assert page.holidays_label.text().startswith("No texts are sent on bank holidays. Next: Saint Patrick's Day")
    page.region_combo.setCurrentIndex(page.region_combo.findText("England and Wales"))
    qtbot.waitUntil(lambda: not page.holidays_label.looking_up)
    assert "Patrick" not in page.holidays_label.text()
    assert "Good Friday (Fri 26 Mar 2027)" in page.holidays_label.text()


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTabBar

    window.show_area("Settings")
    tabs = window.settings_page.tabs
    for index in range(tabs.count()):  # every tab's controls, each shown in turn
        tabs.setCurrentIndex(index)
        controls = [
            w
            for kind in (QLineEdit, QAbstractSpinBox, QComboBox, QAbstractButton, QPlainTextEdit)
            for w in window.findChildren(kind)
            if w.isVisibleTo(window) and not isinstance(w.parent(), QAbstractSpinBox | QComboBox | QTabBar | QLineEdit)
        ]
        assert controls
        own = [w for w in controls if not w.objectName().startswith("qt_")]  # not Qt's own (a table's corner)
        unnamed = [type(w).__name__ + ":" + w.objectName() for w in own if not w.accessibleName()]
        assert unnamed == [], tabs.tabText(index)


def test_a_tabs_groups_join_it_when_it_is_first_shown(page: SettingsPage) -> None:
    assert page.records.window() is not page.window()  # not yet in the page
    page.show_tab("Records and data")
    assert page.records.window() is page.window() and page.records.isVisible()
    page.show_tab("Practice")
    page.show_tab("Records and data")  # shown again: the same groups, once
    assert page.tabs.currentWidget().widget().layout().count() == 3  # its two groups and the stretch below


def test_reply_wording_that_no_longer_says_replies_are_unread_is_refused(qtbot: QtBot, page: SettingsPage) -> None:
    replace_text(qtbot, page.footer_edit, "Thanks, see you soon!")
    assert not page.save()
    assert "replies are not read" in page.message.text()
    assert (
        load_settings(Database(page._workspace.path)).footer
        == "Please do not reply to this message; replies are not read."
    )


def test_reply_wording_and_websites_are_saved(qtbot: QtBot, page: SettingsPage) -> None:
    replace_text(qtbot, page.footer_edit, "Do not reply: this number is not monitored.")
    assert "takes 44 characters of every message" in page.footer_cost.text()
    replace_text(qtbot, page.domains_edit, "nhs.uk, https://www.gov.uk/, leeds.ac.uk")
    assert page.save()
    stored = load_settings(Database(page._workspace.path))
    assert stored.footer == "Do not reply: this number is not monitored."
    assert stored.allowed_domains == ("nhs.uk", "gov.uk", "leeds.ac.uk")


def test_monthly_budget_is_saved_in_pence(qtbot: QtBot, page: SettingsPage) -> None:
    replace_text(qtbot, page.budget_edit, "150.50")
    assert page.save()
    assert load_settings(Database(page._workspace.path)).monthly_budget == Decimal("15050.00")
    assert page.budget_edit.text() == "150.50"


def test_the_notify_template_id_is_kept_tidy_and_a_wrong_one_is_explained(qtbot: QtBot, page: SettingsPage) -> None:
    replace_text(qtbot, page.template_id_edit, "not an id")
    assert not page.save()
    assert "template ID is the long code" in page.message.text()
    replace_text(qtbot, page.template_id_edit, " 8E3C1F9A-5B2D-4C7E-9F10-2A6B4D8C0E13 ")
    assert page.save()
    saved = load_settings(Database(page._workspace.path))
    assert saved.notify_template_id == "8e3c1f9a-5b2d-4c7e-9f10-2a6b4d8c0e13"
    assert page.template_id_edit.text() == saved.notify_template_id


def test_the_gateway_and_the_service_name_prefix_are_saved(
    qtbot: QtBot, page: SettingsPage, window: MainWindow
) -> None:
    from desktop.core.counting import Gateway

    assert page.gateway_combo.currentData() == "notify" and page.prefix_edit.text() == ""
    page.prefix_edit.setText("  Riverside   Surgery: ")
    page.gateway_combo.setCurrentIndex(page.gateway_combo.findData("standard"))
    assert page.save()
    saved = load_settings(Database(window._workspace.path))
    assert (saved.gateway, saved.notify_prefix) == (Gateway.STANDARD, "Riverside Surgery")
    assert saved.counting.prefix == ""  # exported texts carry no Notify prefix


def test_the_staff_mobile_for_test_texts_is_checked_and_saved(page: SettingsPage, window: MainWindow) -> None:
    page.staff_mobile_edit.setText("0161 496 0000")
    assert not page.save() and "The staff mobile for test texts:" in page.message.text()
    page.staff_mobile_edit.setText("07400 900123")
    assert page.save()
    assert load_settings(Database(window._workspace.path)).staff_mobile == "+447400900123"
    assert page.staff_mobile_edit.text() == "07400 900123"


def test_the_do_not_text_list_is_kept_from_settings(page: SettingsPage, tmp_path: Path) -> None:
    from tests.files import write_csv

    panel = page.do_not_text
    assert panel.model.row_count() == 0
    assert panel.add("943 476 5919", "deceased")
    assert not panel.add("9434765919", "other") and panel.result.text() == "Already on the list."
    assert not panel.add("not a number", "other") and "neither a valid NHS number" in panel.result.text()
    panel.import_file(write_csv(tmp_path / "stop.csv", [["Mobile"], ["07400 123456"], ["0161"]]), "declined")
    assert "Added 1;" in panel.result.text() and "(rows 3)" in panel.result.text()
    assert panel.model.row_count() == 2
    assert panel.model.data(panel.model.index(0, 0)) == "07400 123456"
    assert panel.model.data(panel.model.index(1, 1)) == "Deceased"
    panel.view.selectRow(0)
    panel.remove_selected()
    assert panel.model.row_count() == 1 and panel.result.text() == "Taken off the list."


def test_phone_hours_are_edited_in_the_grid_with_closures_and_saved(qtbot: QtBot, page: SettingsPage) -> None:
    grid, model = page.phones.grid, page.phones.model
    monday_nine = model.index(0, model.hours.index(9))
    grid.setCurrentIndex(monday_nine)
    grid.edit(monday_nine)
    editor = grid.viewport().findChild(QLineEdit)  # the cell's editor, as a person typing would meet it
    editor.selectAll()
    qtbot.keyClicks(editor, "7")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # on to the next hour, keeping the 7
    assert model.data(monday_nine) == "7"
    saturday_ten = model.index(5, model.hours.index(10))
    assert model.data(saturday_ten) == "" and "closed" in model.data(saturday_ten, Qt.ItemDataRole.AccessibleTextRole)
    assert model.setData(saturday_ten, "3") and not model.setData(saturday_ten, "lots")
    assert model.setData(model.index(4, model.hours.index(17)), "")  # Friday's phones close at 17:00
    page.phones.closures_edit.setPlainText("24/12/2026\n10/03/2027 13-18")
    assert page.save(), page.message.text()
    stored = load_settings(Database(page._workspace.path)).phone_hours
    assert stored.capacity[0][9] == 7 and stored.capacity[5] == {10: 3} and 17 not in stored.capacity[4]
    assert stored.closed_days == {date(2026, 12, 24)} and stored.closed_hours[date(2027, 3, 10)] == set(range(13, 18))


def test_phone_hours_that_cannot_be_used_are_explained_and_nothing_is_saved(page: SettingsPage) -> None:
    before = load_settings(Database(page._workspace.path)).phone_hours
    page.phones.closures_edit.setPlainText("Christmas")
    assert not page.save()
    assert page.message.text().startswith("Phone hours:") and "write a closure as a date" in page.message.text()
    page.phones.closures_edit.setPlainText("")
    for row in range(7):
        for column in range(page.phones.model.columnCount()):
            page.phones.model.setData(page.phones.model.index(row, column), "")
    assert not page.save() and "at least one hour" in page.message.text()
    assert load_settings(Database(page._workspace.path)).phone_hours == before


def test_the_allocation_is_entered_in_pounds_or_fragments_and_saved(page: SettingsPage) -> None:
    panel = page.allocation
    assert panel.per_patient_edit.text() == "0.30" and panel.start_month_combo.currentText() == "April"  # the sample's
    assert panel.list_size_spin.value() == 8_200 and panel.spent_edit.text() == "150.00"
    panel.per_patient_edit.setText("0.30")
    panel.list_size_spin.setValue(9_500)
    panel.spent_edit.setText("120.50")
    assert page.save(), page.message.text()
    stored = load_settings(Database(page._workspace.path)).allocation
    assert (stored.per_patient, stored.list_size, stored.spent_outside) == (Decimal(30), 9_500, Decimal(12_050))
    assert stored.year_start == (4, 1) and panel.per_patient_edit.text() == "0.30"
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findText("Fragments a patient"))
    assert panel.per_patient_edit.placeholderText().startswith("fragments")
    panel.per_patient_edit.setText("10")
    panel.spent_edit.setText("")
    panel.start_month_combo.setCurrentIndex(0)
    assert page.save()
    stored = load_settings(Database(page._workspace.path)).allocation
    assert (stored.kind.value, stored.per_patient, stored.spent_outside, stored.year_start) == (
        "fragments",
        Decimal(10),
        Decimal(0),
        (1, 1),
    )


def test_a_year_starting_on_a_day_that_does_not_exist_is_explained(page: SettingsPage) -> None:
    page.allocation.start_month_combo.setCurrentIndex(1)  # February
    page.allocation.start_day_spin.setValue(30)
    assert not page.save() and "real day of the year" in page.message.text()


def test_the_record_coding_and_the_retention_period_are_saved(page: SettingsPage) -> None:
    from desktop.core.records import Coding
    from desktop.core.template import Purpose

    records = page.records
    records.retention_spin.setValue(60)
    records.concepts[Purpose.CALL_TO_ACTION].setText("1239511000000100")
    records.terms[Purpose.CALL_TO_ACTION].setText("  Flu   invitation text sent ")
    assert page.save()
    saved = load_settings(page._workspace.db)
    assert saved.retention_days == 60
    assert saved.coding == {Purpose.CALL_TO_ACTION: Coding("1239511000000100", "Flu invitation text sent")}
    assert records.terms[Purpose.CALL_TO_ACTION].text() == "Flu invitation text sent"  # shown as saved
    records.concepts[Purpose.SURVEY].setText("1239511000000101")
    records.terms[Purpose.SURVEY].setText("Survey sent")
    assert not page.save() and "its last digit does not match" in page.message.text()
    records.concepts[Purpose.SURVEY].setText("")
    assert not page.save() and "Enter the SNOMED CT concept ID for the term" in page.message.text()
    assert load_settings(page._workspace.db).coding == saved.coding  # nothing half-saved


def test_the_manager_passphrase_is_set_then_changed_with_the_current_one(qtbot: QtBot, page: SettingsPage) -> None:
    page.tabs.setCurrentIndex(0)
    panel = page.passphrase
    assert panel.set_button.text() == "Set passphrase" and not panel.current_edit.isVisibleTo(panel)
    assert "No passphrase is set yet" in panel.state.text()
    panel.new_edit.setText("correct horse battery")
    panel.repeat_edit.setText("correct horse batter")
    panel.set_button.click()
    assert "not the same" in panel.message.text()
    panel.repeat_edit.setText("correct horse battery")
    panel.set_button.click()
    qtbot.waitUntil(lambda: panel.message.text().startswith("Saved"))
    assert panel.set_button.text() == "Change passphrase" and panel.current_edit.isVisibleTo(panel)
    assert panel.new_edit.text() == "" and "The passphrase is set" in panel.state.text()
    panel.current_edit.setText("not it at all")
    panel.new_edit.setText("a new passphrase")
    panel.repeat_edit.setText("a new passphrase")
    panel.set_button.click()
    qtbot.waitUntil(lambda: "not the current manager passphrase" in panel.message.text())
    kept = passphrase_hash(page._workspace.db)
    assert kept is not None and kept.matches("correct horse battery")
