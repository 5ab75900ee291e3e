"""The Outcomes page on the sample story: the outcome against the baseline and the held-back group, its
charts, the exports, a follow-up list imported, the coding list, and personal data deleted."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.core.records import Coding
from desktop.core.template import Purpose
from desktop.demo.sample_story import STORY_NAME, install_sample_story
from desktop.services.practice import get_settings, update_settings
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.reports.page import OutcomesPage
from tests.files import write_csv


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow, workspace: Workspace) -> OutcomesPage:
    assert install_sample_story(workspace)
    window.show_area("Outcomes")  # the page is made now, and reads the story
    page = window.outcomes_page
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    return page


def test_the_sample_story_shows_its_outcome_against_the_baseline_and_those_held_back(page: OutcomesPage) -> None:
    assert page.campaign_combo.currentText() == f"{STORY_NAME} (Completed)"
    text = page.summary.text()
    assert "Objective: Raise flu vaccine uptake among the over-65s (baseline 62% uptake in 2025)" in text
    assert "Uptake among those texted: 65% (31 of 48)" in text
    assert "Uptake 65% among those texted vs 54% among those held back" in text
    assert "46 of 48 texts delivered; 2 not delivered: the number is not in use." in text
    assert [label for label, _ in page.outcome_chart.shown] == ["Texted", "Held back", "Baseline"]
    assert page.calls_chart.shown == [("Block 1", 1.0)]
    assert page.release_button.isEnabled() and page.purge_button.isEnabled()


def test_the_report_is_exported_as_a_workbook_and_a_page(page: OutcomesPage, tmp_path: Path) -> None:
    workbook = page.export_campaign(str(tmp_path / "report.xlsx"))
    assert workbook is not None and load_workbook(workbook)["Campaign"]["A1"].value.startswith(STORY_NAME)
    pdf = page.export_campaign(str(tmp_path / "report.pdf"))
    assert pdf is not None
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF") and content.count(b"/Type /Page\n") + content.count(b"/Type /Page ") <= 2
    assert b"/Count 1" in content  # one page
    assert "The report is in" in page.message.text()


def test_the_practice_view_and_its_export(qtbot: QtBot, page: OutcomesPage, tmp_path: Path) -> None:
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.practice is not None, timeout=10_000)
    assert page.practice is not None and sum(m.texts for m in page.practice.months) == 48
    assert "48 texts" in page.practice_summary.text()
    assert page.purpose_chart.shown == [(Purpose.CALL_TO_ACTION.label, 48.0)]
    path = page.export_practice(str(tmp_path / "practice.xlsx"))
    assert path is not None and load_workbook(path)["By month"]["A1"].value.startswith("Riverside Surgery (sample)")
    assert page.export_practice(str(tmp_path / "practice.pdf")) is not None


def test_a_follow_up_list_is_imported_through_the_dialog(qtbot: QtBot, page: OutcomesPage, tmp_path: Path) -> None:
    nhs = page._workspace.db.execute(
        "SELECT p.nhs_number FROM messages m JOIN patients p ON p.id = m.patient_id ORDER BY m.id LIMIT 5"
    ).fetchall()
    path = write_csv(tmp_path / "list.csv", [["NHS Number", "Vaccinated"], *[[n, "Y"] for (n,) in nhs]])
    page.import_follow_up()
    dialog = page.follow_up
    assert dialog is not None
    dialog.choose_file(str(path))
    qtbot.waitUntil(lambda: dialog.file_label.text() == "list.csv", timeout=10_000)
    assert dialog.combos["nhs_number"].currentText() == "NHS Number"
    assert dialog.combos["outcome"].currentText() == "Vaccinated"
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: "5 of 48" in page.summary.text(), timeout=10_000)


def test_a_list_without_nhs_numbers_is_explained(qtbot: QtBot, page: OutcomesPage, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "names.csv", [["Name", "Vaccinated"], ["Ann", "Y"]])
    page.import_follow_up()
    dialog = page.follow_up
    assert dialog is not None
    dialog.choose_file(str(path))
    qtbot.waitUntil(lambda: "none of the headings names one" in dialog.message.text(), timeout=10_000)
    dialog.import_button.click()
    assert dialog.message.text() == "Choose the column of NHS numbers." and dialog.isVisible()


def test_the_coding_list_needs_its_concept_first(page: OutcomesPage, tmp_path: Path) -> None:
    page.export_coding(str(tmp_path))
    assert "Choose the SNOMED CT concept" in page.message.text()
    settings = get_settings(page._workspace)
    coding = {Purpose.CALL_TO_ACTION: Coding("1239511000000100", "Flu invitation text sent")}
    update_settings(page._workspace, replace(settings, coding=coding))
    page.export_coding(str(tmp_path))
    assert page.message.text().startswith("46 patients to record")
    assert (tmp_path / "flu-65-last-autumn-sample-record-in-clinical-system.csv").exists()


def test_personal_data_is_deleted_when_the_manager_says_so(
    qtbot: QtBot, page: OutcomesPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.purge()
    qtbot.waitUntil(lambda: "has been deleted" in page.message.text(), timeout=20_000)
    qtbot.waitUntil(lambda: page.report is not None and "46 of 48" in page.summary.text(), timeout=10_000)
    assert page.report is not None
    left = page._workspace.db.execute(
        "SELECT count(*) FROM patients WHERE surname IS NOT NULL AND cohort_id = ?", [page.report.campaign.cohort_id]
    )
    assert left.fetchone()[0] == 0
