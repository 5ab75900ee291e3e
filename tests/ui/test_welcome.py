"""The welcome on a first start: the practice's details, the samples offered, set up without freezing."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.core.counting import Gateway
from desktop.services import first_run
from desktop.services.cohorts import all_cohorts
from desktop.services.practice import get_settings
from desktop.services.workspace import Workspace
from desktop.ui.app import create_application
from desktop.ui.dialogs.welcome import WelcomeDialog


def welcome(qtbot: QtBot, workspace: Workspace) -> WelcomeDialog:
    create_application([])
    dialog = WelcomeDialog(workspace.path, workspace.actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_practice_is_set_up_with_the_samples_in_the_background(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = welcome(qtbot, workspace)
    assert "Nothing is sent to anyone" in dialog.intro.text()
    assert dialog.samples_check.isChecked() and not dialog.price_edit.isVisibleTo(dialog)  # Notify's own price
    dialog.phone_edit.setText("12")
    dialog.name_edit.setText("Beech House Surgery")
    dialog.start_button.click()
    assert "phone" in dialog.message.text().lower() and first_run.is_first_run(workspace)  # nothing written
    dialog.phone_edit.setText("0161 496 0000")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.start_button.click()
        assert not dialog.start_button.isEnabled() and dialog.progress.isVisible()
    assert get_settings(workspace).practice_name == "Beech House Surgery"
    assert len(all_cohorts(workspace)) == 3


def test_exporting_asks_the_suppliers_price_and_samples_can_be_left_out(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = welcome(qtbot, workspace)
    dialog.gateway_combo.setCurrentIndex(dialog.gateway_combo.findData(Gateway.STANDARD.value))
    assert dialog.price_edit.isVisibleTo(dialog)
    dialog.name_edit.setText("Beech House Surgery")
    dialog.phone_edit.setText("0161 496 0000")
    dialog.price_edit.setText("3.1")
    dialog.samples_check.setChecked(False)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.start_button.click()
    settings = get_settings(workspace)
    assert settings.gateway is Gateway.STANDARD and str(settings.tariff.pence_per_fragment) == "3.1"
    assert all_cohorts(workspace) == []


def test_skipping_opens_the_sample_practice(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = welcome(qtbot, workspace)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.skip_button.click()
    assert get_settings(workspace).practice_name == "Riverside Surgery (sample)"
    assert len(all_cohorts(workspace)) == 3
