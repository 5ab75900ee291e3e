from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.cli import main as cli_main
from desktop.core.counting import Gateway
from desktop.core.template import DEFAULT_FOOTER, Purpose
from desktop.services import templates
from desktop.services.practice import get_settings, update_settings
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.templates import TemplatesPage


@pytest.fixture
def page(window: MainWindow) -> TemplatesPage:
    window.show_area("Templates")
    return window.templates_page


def select_template(page: TemplatesPage, name: str) -> None:
    items = page.library.findItems(name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    [item] = [i for i in items if i.parent() is not None]  # not the purpose group of the same name
    page.library.setCurrentItem(item)


def test_the_library_lists_starters_by_purpose(page: TemplatesPage) -> None:
    groups = [page.library.topLevelItem(i).text(0) for i in range(page.library.topLevelItemCount())]
    assert groups == [p.label for p in Purpose]
    assert all(page.library.topLevelItem(i).childCount() == 1 for i in range(len(groups)))
    assert page.editor.name_edit.text() == "Appointment reminder"


def test_typing_changes_the_counter(qtbot: QtBot, page: TemplatesPage) -> None:
    page.new_template()
    editor = page.editor
    before = editor.counter.text()
    qtbot.keyClicks(editor.body_edit, "Your flu jab is due.")
    after = editor.counter.text()
    assert before != after
    expected = len("Your flu jab is due.") + 1 + len(DEFAULT_FOOTER)
    assert after.startswith(f"At its longest: {expected} characters · 1 fragment · GSM-7")
    qtbot.keyClicks(editor.body_edit, " " + "x" * 100)
    assert "2 fragments" in editor.counter.text()


def test_the_footer_cannot_be_deleted(qtbot: QtBot, page: TemplatesPage) -> None:
    editor = page.editor
    editor.body_edit.selectAll()
    qtbot.keyClick(editor.body_edit, Qt.Key.Key_Delete)
    assert editor.body_edit.toPlainText() == ""
    qtbot.keyClicks(editor.body_edit, "Hello")
    cursor = editor.body_edit.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.body_edit.setTextCursor(cursor)
    for _ in range(10):  # backspace well past the start of what the user typed
        qtbot.keyClick(editor.body_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor.body_edit, "Hi")
    assert editor.check is not None
    assert editor.check.message == f"Hi\n{DEFAULT_FOOTER}"
    assert page.preview.bubble.text().endswith(DEFAULT_FOOTER)
    assert DEFAULT_FOOTER in editor.footer_label.text()
    assert not editor.footer_label.textInteractionFlags() & Qt.TextInteractionFlag.TextEditable


def test_a_curly_quote_is_highlighted_and_fixed(
    qtbot: QtBot, page: TemplatesPage, window: MainWindow, workspace: Workspace
) -> None:
    settings = update_settings(workspace, replace(get_settings(workspace), gateway=Gateway.STANDARD))
    window._settings_saved(settings)  # exported texts are counted as typed
    page.new_template()
    editor = page.editor
    editor.body_edit.insertPlainText("It’s time for your flu jab.")  # pasted from Word
    assert "UCS-2" in editor.counter.text()
    formats = editor.body_edit.document().firstBlock().layout().formats()
    marked = [(f.start, f.length) for f in formats if f.format.background().color().name() == "#ffc7c2"]
    assert marked == [(2, 1)]
    assert editor.fix_button.isVisible()
    qtbot.mouseClick(editor.fix_button, Qt.MouseButton.LeftButton)
    assert editor.body_edit.toPlainText() == "It's time for your flu jab."
    assert "GSM-7" in editor.counter.text() and editor.fix_button.isHidden()


def test_with_notify_a_character_sent_as_a_question_mark_is_marked_and_blocks_saving(page: TemplatesPage) -> None:
    page.new_template()
    editor = page.editor
    editor.name_edit.setText("Flu")
    editor.body_edit.insertPlainText("It’s time for your flu jab 💉")
    assert "GSM-7" in editor.counter.text()  # Notify sends the curly quote as a plain one
    formats = editor.body_edit.document().firstBlock().layout().formats()
    marked = [(f.start, f.length) for f in formats if f.format.background().color().name() == "#ffc7c2"]
    assert marked == [(27, 2)]  # only the emoji (two UTF-16 units)
    assert "GOV.UK Notify cannot send 💉" in editor.problems.text() and not editor.save_button.isEnabled()


def test_placeholders_are_inserted_from_the_list(page: TemplatesPage) -> None:
    page.new_template()
    editor = page.editor
    names = [editor.insert_combo.itemData(i) for i in range(editor.insert_combo.count())]
    assert "appointment_time" in names  # a column of the sample cohort
    editor.insert_combo.activated.emit(names.index("surname"))
    assert editor.body_edit.toPlainText() == "((surname))"


def test_save_a_new_template_and_a_new_version(qtbot: QtBot, page: TemplatesPage) -> None:
    page.new_template()
    editor = page.editor
    assert not editor.save_button.isEnabled()
    qtbot.keyClicks(editor.name_edit, "Flu 2026")
    qtbot.keyClicks(editor.body_edit, "Dear ((first_name)), book your flu jab.")
    assert editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    template_id = page.selected_id()
    assert template_id is not None and editor.message.text() == "Saved as version 1."
    editor.body_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.body_edit, " Thank you.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = templates.template(page._workspace, template_id)
    assert saved is not None and saved.latest.version == 2
    assert saved.latest.body.endswith("Thank you.")


def test_health_information_needs_an_approving_clinician(qtbot: QtBot, page: TemplatesPage) -> None:
    select_template(page, "High blood pressure information")
    editor = page.editor
    assert editor.clinician_edit.isVisible() and editor.clinician_edit.text() == "Dr Ahmed"
    editor.clinician_edit.clear()
    assert "approving clinician" in editor.problems.text()
    assert not editor.save_button.isEnabled()


def test_unsaved_changes_are_not_dropped_without_asking(
    qtbot: QtBot, page: TemplatesPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.keyClicks(page.editor.body_edit, " changed")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    select_template(page, "Booking experience survey")
    assert page.editor.name_edit.text() == "Appointment reminder"
    assert " changed" in page.editor.body_edit.toPlainText()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    select_template(page, "Booking experience survey")
    assert page.editor.name_edit.text() == "Booking experience survey"
    assert DEFAULT_FOOTER not in page.editor.footer_label.text()  # a survey ends with the survey wording


def test_archive_hides_a_template(page: TemplatesPage) -> None:
    select_template(page, "Photo upload request")
    page.archive_selected()
    assert not page.library.findItems("Photo upload request", Qt.MatchFlag.MatchRecursive)
    page.archived_check.setChecked(True)
    assert page.library.findItems("Photo upload request (archived)", Qt.MatchFlag.MatchRecursive)


def test_cohort_cost_agrees_with_the_command_line(
    qtbot: QtBot, page: TemplatesPage, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    select_template(page, "Flu vaccination invitation")
    preview = page.preview
    qtbot.mouseClick(preview.cost_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.costing is not None, timeout=5000)
    shown = preview.costing.estimate
    assert f"for <b>{shown.messages:,}</b> messages" in preview.cost_result.text()
    template_id = page.selected_id()
    status = cli_main(
        [
            "--db",
            str(page._workspace.path),
            "estimate",
            "--cohort",
            str(preview.cohort_id()),
            "--template",
            str(template_id),
            "--json",
        ]
    )
    printed = json.loads(capsys.readouterr().out)
    assert status == 0
    assert (printed["messages"], printed["fragments"]) == (shown.messages, shown.fragments)
    assert printed["cost_after_vat_pence"] == str(shown.cost_after_vat)


def test_a_longer_reply_wording_re_measures_every_template(qtbot: QtBot, window: MainWindow) -> None:
    page = window.templates_page
    body = "x" * (160 - 1 - len(DEFAULT_FOOTER))  # exactly one fragment with the reply wording
    templates.save_template(page._workspace, None, templates.TemplateDraft("Exact", Purpose.CALL_TO_ACTION, body))
    page.refresh()

    def fragments() -> str:
        items = page.library.findItems("Exact", Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return items[0].text(1)

    assert fragments() == "1 fragment"
    window.show_area("Settings")
    window.settings_page.footer_edit.setText("Please do not reply to this message: replies are never read.")
    assert window.settings_page.save()
    assert fragments() == "2 fragments"


def test_the_cohorts_longest_values_arrive_from_a_worker(qtbot: QtBot, page: TemplatesPage) -> None:
    qtbot.waitUntil(lambda: bool(page.preview._longest), timeout=5000)
    longest = page.preview._longest
    assert set(longest) >= {"first_name", "surname", "appointment_time"}
    assert page.editor._longest == longest  # the counter measures at the cohort's own longest values


def test_once_costed_the_cohorts_cost_follows_the_edits(qtbot: QtBot, page: TemplatesPage) -> None:
    select_template(page, "Flu vaccination invitation")
    preview = page.preview
    qtbot.mouseClick(preview.cost_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.costing is not None, timeout=5000)
    before = preview.costing.estimate.fragments
    page.editor.body_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(page.editor.body_edit, " Please bring a list of your medicines and your glasses.")
    assert preview.costing is None and "working out the cost again" in preview.cost_result.text()
    qtbot.waitUntil(lambda: preview.costing is not None, timeout=5000)  # after a pause in typing
    assert preview.costing.estimate.fragments > before
    assert f"{preview.costing.estimate.fragments:,} fragments" in preview.cost_result.text()


def test_choosing_another_cohort_drops_a_cost_in_progress(qtbot: QtBot, page: TemplatesPage) -> None:
    preview = page.preview
    qtbot.mouseClick(preview.cost_button, Qt.MouseButton.LeftButton)
    preview.cohort_combo.setCurrentIndex(0)  # "None: use long sample names"
    assert not preview.cost_job.busy and preview.progress.isHidden()
    qtbot.wait(300)
    assert preview.costing is None and "Choose a cohort" in preview.cost_result.text()


def test_a_cost_that_cannot_be_worked_out_says_why_in_the_window(qtbot: QtBot, page: TemplatesPage) -> None:
    page.new_template()
    qtbot.keyClicks(page.editor.body_edit, "Hello ((nickname))")
    preview = page.preview
    qtbot.mouseClick(preview.cost_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.progress.isHidden(), timeout=5000)
    assert preview.cost_result.text().startswith("((nickname)) is not a column of this cohort")
    assert preview.costing is None and preview.cost_button.isEnabled()
