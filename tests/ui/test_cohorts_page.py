from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.services import cohorts
from desktop.services.cohort_import import import_file
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.models.patients import PAGE
from desktop.ui.pages.cohorts import CohortsPage
from tests.files import GOOD, HEADER, write_csv


@pytest.fixture
def page(window: MainWindow) -> CohortsPage:
    window.show_area("Cohorts")
    return window.cohorts_page


def test_the_sample_cohorts_are_there_on_a_fresh_install(page: CohortsPage) -> None:
    assert page.cohort_model.rowCount() == 2
    assert page.cohort_model.index(0, 0).data() == "Flu clinic 65+ (sample)"
    assert page.cohort_model.index(1, 0).data() == "Appointments next week (sample)"
    assert page.patients_model.total == 80
    assert "64 ready to text" in page.summary.text()
    assert "Sample patients, made up" in page.summary.text()  # the sample is marked as such


def test_filter_by_status(qtbot: QtBot, page: CohortsPage) -> None:
    for label, expected in [("Ready to text", 64), ("Not accepted", 12), ("Duplicates", 2), ("Declined SMS", 2)]:
        page.filter_combo.setCurrentIndex(page.filter_combo.findText(label))
        assert page.patients_model.total == expected, label
        assert page.shown_label.text() == f"{expected} shown"
    page.filter_combo.setCurrentIndex(page.filter_combo.findText("Not accepted"))
    assert all(page.patients_model.index(r, 6).data() for r in range(page.patients_model.rowCount()))


def test_search_waits_for_a_pause_in_typing(qtbot: QtBot, page: CohortsPage) -> None:
    surname = page.patients_model.patient(0).surname
    qtbot.keyClicks(page.search_edit, surname)
    assert page.patients_model.total == 80  # not yet
    qtbot.waitUntil(lambda: page.patients_model.total < 80, timeout=2000)
    shown = [page.patients_model.patient(r) for r in range(page.patients_model.rowCount())]
    assert shown and all(surname.lower() in (p.surname + p.first_name).lower() for p in shown)


def test_large_cohorts_are_fetched_a_page_at_a_time(
    qtbot: QtBot, page: CohortsPage, workspace: Workspace, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "big.csv", [HEADER] + [[*GOOD[0][:5], f"07400 {n:06d}", "Y", ""] for n in range(1200)])
    cohort_id = import_file(workspace, path).cohort_id
    page.refresh(select=cohort_id)
    model = page.patients_model
    assert model.total == 1200
    assert model.rowCount() == PAGE
    page.patients_view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE, timeout=2000)


def test_delete_asks_first(qtbot: QtBot, page: CohortsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.delete_selected()
    assert page.cohort_model.rowCount() == 2
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_selected()  # in a worker: a large cohort takes a moment to delete
    assert not page.delete_button.isEnabled() and not page.import_button.isEnabled()
    qtbot.waitUntil(lambda: page.cohort_model.rowCount() == 1)
    assert page.import_button.isEnabled() and page.delete_button.isEnabled()
    page.delete_selected()
    qtbot.waitUntil(lambda: page.cohort_model.rowCount() == 0)
    assert page.import_button.isEnabled()
    assert page.empty_note.isVisibleTo(page)
    assert not page.delete_button.isEnabled()
    assert page.patients_model.rowCount() == 0


def test_clicking_a_column_header_sorts_the_whole_list(qtbot: QtBot, page: CohortsPage) -> None:
    header = page.patients_view.horizontalHeader()
    model = page.patients_model
    surnames = sorted(
        p.surname.lower() for p in cohorts.patients(page._workspace, page.selected_cohort_id(), limit=500).patients
    )
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(3) + 5, 5))
    assert header.sortIndicatorSection() == 3
    assert model.patient(0).surname.lower() == surnames[0]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(3) + 5, 5))
    assert model.patient(0).surname.lower() == surnames[-1]
    assert model.total == 80  # the same patients, in another order


def test_digits_typed_as_staff_write_them_find_the_mobile(qtbot: QtBot, page: CohortsPage) -> None:
    model = page.patients_model
    mobile = next(model.patient(r).mobile for r in range(model.rowCount()) if model.patient(r).mobile)
    assert mobile is not None and mobile.startswith("+447")
    typed = f"0{mobile[3:7]} {mobile[7:10]}"  # e.g. 07911 123
    qtbot.keyClicks(page.search_edit, typed)
    qtbot.waitUntil(lambda: model.total < 80, timeout=2000)
    shown = [model.patient(r).mobile for r in range(model.rowCount())]
    assert shown and all(m is not None and m.startswith(mobile[:10]) for m in shown)


def test_showing_a_cohort_asks_the_database_once_for_its_patients(page: CohortsPage, workspace: Workspace) -> None:
    """Each query is a scan of an index at 100,000 patients: counted once and read once, not twice."""
    statements: list[str] = []
    workspace.db.conn.set_trace_callback(statements.append)
    try:
        page.refresh()
    finally:
        workspace.db.conn.set_trace_callback(None)
    on_patients = [sql for sql in statements if "FROM patients" in sql]
    assert len([sql for sql in on_patients if "count(*)" in sql]) == 1
    assert len([sql for sql in on_patients if "count(*)" not in sql]) == 1
