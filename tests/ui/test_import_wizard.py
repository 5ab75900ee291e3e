from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from desktop.core.columns import Field
from desktop.services.workspace import Workspace
from desktop.store.cohorts import list_cohorts
from desktop.ui.import_wizard import ImportWizard
from desktop.ui.import_wizard.check_page import CheckPage
from desktop.ui.main_window import MainWindow
from tests.files import GOOD, HEADER, write_csv, write_xlsx

MESSY = [
    ["Search: Flu 65+"],
    ["Run on 01-Sep-2026"],
    [],
    HEADER,
    *GOOD,
    ["6541230986", "Mr", "Alan", "Moss", "03/03/1941", "0113 243 4567", "Y", "11:10"],
    [],
    ["Total: 4"],
]


def open_wizard(qtbot: QtBot, window: MainWindow, path: Path) -> ImportWizard:
    window.show_area("Cohorts")
    wizard = window.cohorts_page.start_import(path)  # a child of the window, which qtbot closes
    qtbot.waitExposed(wizard)
    return wizard


def to_check_page(qtbot: QtBot, wizard: ImportWizard) -> None:
    wizard.next()
    qtbot.waitUntil(lambda: wizard.table is not None, timeout=5000)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.validated is not None, timeout=5000)


def test_import_a_messy_export_through_every_step(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "flu.xlsx", {"Lookups": [["a", "b"]], "Flu list": MESSY}, hidden=["Lookups"])
    wizard = open_wizard(qtbot, window, path)
    files = wizard.file_page
    assert [files.sheet_combo.itemText(i) for i in range(files.sheet_combo.count())] == ["Flu list"]
    files.hidden_check.setChecked(True)
    assert files.sheet_combo.count() == 2
    files.sheet_combo.setCurrentIndex(files.sheet_combo.findData("Flu list"))

    wizard.next()
    qtbot.waitUntil(lambda: wizard.table is not None, timeout=5000)
    table_page = wizard.table_page
    assert table_page.header_spin.value() == 4
    assert table_page.rows_label.text() == "4 rows of patients below the column names."

    wizard.next()
    combos = wizard.mapping_page.combos
    assert combos[Field.MOBILE].currentText() == "Mobile No."
    assert combos[Field.DATE_OF_BIRTH].currentText() == "DOB"
    assert "((appointment_time))" in wizard.mapping_page.extras_label.text()

    wizard.next()
    qtbot.waitUntil(lambda: wizard.validated is not None, timeout=5000)
    check = wizard.check_page
    assert check.count_labels["accepted"].text() == "3"
    assert check.count_labels["rejected"].text() == "1"
    assert check.problems_model.rowCount() == 1
    assert "landline" in check.problems_model.index(0, 1).data()
    check.name_edit.setText("Flu 65+ autumn")

    with qtbot.waitSignal(wizard.imported, timeout=5000) as imported:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    cohort_id = imported.args[0]
    [stored] = [c for c in list_cohorts(window.cohorts_page._workspace.db) if c.id == cohort_id]
    assert (stored.id, stored.name, stored.counts.accepted) == (cohort_id, "Flu 65+ autumn", 3)
    assert window.cohorts_page.selected_cohort_id() == cohort_id
    assert "3 patients ready to text" in window.statusBar().currentMessage()


def test_the_problems_report_can_be_saved_from_the_check_step(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    wizard = open_wizard(qtbot, window, write_xlsx(tmp_path / "flu.xlsx", {"S": MESSY}))
    to_check_page(qtbot, wizard)
    assert wizard.check_page.report_button.isEnabled()
    wizard.check_page.save_report_to(tmp_path / "problems")
    assert (tmp_path / "problems.xlsx").exists()
    assert "Problems report saved" in wizard.check_page.message.text()


def test_header_row_and_mapping_can_be_corrected(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    rows = [["Clinic", "Session"], ["Name", "Tel A", "Tel B"], ["Ann", "0113 243 4567", "07911 123456"]]
    wizard = open_wizard(qtbot, window, write_csv(tmp_path / "list.csv", rows))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.table is not None, timeout=5000)
    wizard.table_page.header_spin.setValue(2)
    assert wizard.table_page.rows_label.text() == "1 rows of patients below the column names."
    wizard.next()
    page = wizard.mapping_page
    assert not page.isComplete()
    assert "mobile numbers to continue" in page.hint.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.combos[Field.MOBILE].setCurrentIndex(page.combos[Field.MOBILE].findData(2))
    assert page.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.validated is not None, timeout=5000)
    assert wizard.validated.counts.accepted == 1


def test_an_unreadable_file_is_explained_on_the_first_step(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    broken = tmp_path / "list.xlsx"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    wizard = open_wizard(qtbot, window, broken)
    assert wizard.file_page.message.isVisible()
    assert "protected with a password" in wizard.file_page.message.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_cancel_during_the_import_leaves_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "big.csv", [HEADER] + [GOOD[0]] * 30_000)
    before = len(list_cohorts(workspace.db))
    wizard = open_wizard(qtbot, window, path)
    to_check_page(qtbot, wizard)
    # Hold the save at its first cancel check, so Cancel is pressed while it is under way.
    import threading

    import desktop.store.cohorts as store

    reached, release = threading.Event(), threading.Event()
    original = store.insert_cohort

    def slow_insert(db, cohort, patients, cancelled=None, progress=None):  # type: ignore[no-untyped-def]
        def held() -> bool:
            reached.set()
            release.wait(5)
            return bool(cancelled and cancelled())

        return original(db, cohort, patients, held, progress)

    monkeypatch.setattr(store, "insert_cohort", slow_insert)
    monkeypatch.setattr("desktop.services.cohort_import.insert_cohort", slow_insert)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert reached.wait(5)
    wizard.reject()  # the Cancel button
    assert wizard.isVisible()  # it waits for the job to stop
    release.set()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)
    assert wizard.cohort_id is None
    assert len(list_cohorts(workspace.db)) == before
    assert (
        workspace.db.execute(
            "SELECT count(*) FROM patients WHERE cohort_id NOT IN (SELECT id FROM cohorts)"
        ).fetchone()[0]
        == 0
    )


def test_a_closed_wizard_keeps_no_patient_rows(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    wizard = open_wizard(qtbot, window, write_xlsx(tmp_path / "flu.xlsx", {"S": MESSY}))
    to_check_page(qtbot, wizard)
    with qtbot.waitSignal(wizard.imported, timeout=5000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.table is None and wizard.validated is None
    second = window.cohorts_page.start_import()
    assert second is not wizard


def test_progress_counts_the_rows_of_patients_not_the_lines_of_the_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[tuple[str, int, int]] = []
    original = CheckPage._progress
    monkeypatch.setattr(CheckPage, "_progress", lambda page, *args: (reported.append(args), original(page, *args))[1])
    patients = [[f"Forename{n}", f"07400 {n:06d}"] for n in range(4_500)]
    rows = [["Flu list"], [], ["Forename", "Mobile"], *patients[:2000], [], *patients[2000:], [], ["Total: 4500"]]
    wizard = open_wizard(qtbot, window, write_csv(tmp_path / "flu.csv", rows))
    to_check_page(qtbot, wizard)
    checking = [(done, total) for stage, done, total in reported if stage == "Checking rows"]
    assert checking == [(2_000, 4_500), (4_000, 4_500), (4_500, 4_500)]
    assert wizard.validated is not None and wizard.validated.counts.rows_read == 4_500


def to_mapping_page(qtbot: QtBot, wizard: ImportWizard) -> None:
    wizard.next()
    qtbot.waitUntil(lambda: wizard.table is not None, timeout=5000)
    wizard.next()


def test_the_wizard_says_which_column_holds_consent_and_lets_yes_mean_opted_out(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    rows = [["Mobile", "SMS flag"], ["07911 123456", "Y"], ["07400 123456", "N"], ["07534 123456", ""]]
    wizard = open_wizard(qtbot, window, write_csv(tmp_path / "flag.csv", rows))
    to_mapping_page(qtbot, wizard)
    page = wizard.mapping_page
    panel = page.consent
    assert panel.warning.isVisible() and "No SMS consent column was found" in panel.warning.text()
    assert panel.use_button.text() == 'Use "SMS flag" as SMS consent'
    qtbot.mouseClick(panel.use_button, Qt.MouseButton.LeftButton)
    assert page.combos[Field.CONSENT].currentText() == "SMS flag"
    assert not panel.warning.isVisible() and panel.understood.text() == 'SMS consent is read from "SMS flag".'
    panel.means_combo.setCurrentIndex(panel.means_combo.findText("Yes means the patient has opted out of texts"))
    panel.blanks_check.setChecked(True)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.validated is not None, timeout=5000)
    counts = wizard.check_page.count_labels
    assert (counts["accepted"].text(), counts["opted_out"].text(), counts["rejected"].text()) == ("1", "1", "1")


def test_a_receive_sms_column_is_found_and_its_blanks_counted(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    rows = [["Mobile", "Receive SMS"], ["07911 123456", "Yes"], ["07400 123456", "No"], ["07534 123456", ""]]
    wizard = open_wizard(qtbot, window, write_csv(tmp_path / "systmone.csv", rows))
    to_mapping_page(qtbot, wizard)
    panel = wizard.mapping_page.consent
    assert wizard.mapping_page.combos[Field.CONSENT].currentText() == "Receive SMS"
    assert panel.means_combo.currentText() == "Yes means the patient may be texted"
    assert not panel.warning.isVisible()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.validated is not None, timeout=5000)
    counts = wizard.check_page.count_labels
    assert (counts["accepted"].text(), counts["opted_out"].text(), counts["no_preference"].text()) == ("2", "1", "1")


def test_importing_a_list_without_consent_is_warned_of_where_it_is_confirmed(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, window, write_csv(tmp_path / "plain.csv", [["Mobile"], ["07911 123456"]]))
    to_check_page(qtbot, wizard)
    message = wizard.check_page.message
    assert message.isVisible() and message.text().startswith("This list has no SMS consent column")
