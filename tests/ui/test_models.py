"""Every item model passes Qt's model tester, which stays attached while the model changes.

Its findings are Qt warnings, and a Qt warning fails the test (qt_log_level_fail).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from desktop.core.cohort import PatientStatus
from desktop.services import campaigns, cohorts
from desktop.services.cohort_import import import_file, load_table
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.page import CampaignListModel
from desktop.ui.campaigns.plan_view import PlanModel
from desktop.ui.models.cohorts import CohortListModel
from desktop.ui.models.patients import PAGE, PatientsModel
from desktop.ui.models.rows import RowsModel
from tests.campaign_helpers import ready_campaign
from tests.files import GOOD, HEADER, write_csv


def test_the_patients_model_while_it_filters_searches_sorts_and_fetches(
    qtmodeltester: ModelTester, workspace: Workspace, tmp_path: Path
) -> None:
    rows = [[f"Mrs{n % 3}", f"Forename{n}", f"Surname{n % 7}", f"07400 {n:06d}"] for n in range(1200)]
    path = write_csv(tmp_path / "big.csv", [["Title", "Forename", "Surname", "Mobile"], *rows, ["Alan", "", "", "1"]])
    cohort_id = import_file(workspace, path).cohort_id
    model = PatientsModel(workspace)
    qtmodeltester.check(model)
    model.show(cohort_id)
    assert model.total == 1201 and model.rowCount() >= PAGE  # the tester fetches more as it checks
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            model.sort(column, order)
            assert model.total == 1201
    model.sort(3, Qt.SortOrder.DescendingOrder)  # by name: Surname6 first
    assert model.index(0, 3).data().endswith("Surname6")
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 1201
    names = [model.patient(row).surname for row in range(model.rowCount())]
    assert names == sorted(names, reverse=True)
    model.show(cohort_id, PatientStatus.INVALID)
    assert model.rowCount() == model.total == 1
    model.show(cohort_id, None, "forename11")
    assert model.total == 111  # Forename11, Forename110-119, Forename1100-1199
    model.show(None)
    assert model.rowCount() == 0


def test_the_cohort_list_model(qtmodeltester: ModelTester, workspace: Workspace, tmp_path: Path) -> None:
    model = CohortListModel()
    qtmodeltester.check(model)
    import_file(workspace, write_csv(tmp_path / "a.csv", [HEADER, *GOOD]))
    import_file(workspace, write_csv(tmp_path / "b.csv", [HEADER, GOOD[0]]))
    model.set_cohorts(cohorts.all_cohorts(workspace))
    assert model.rowCount() == 2
    assert model.index(0, 4).data() == "1"  # ready to text, newest first
    model.set_cohorts([])


def test_the_rows_model(qtmodeltester: ModelTester, tmp_path: Path) -> None:
    table = load_table(write_csv(tmp_path / "a.csv", [["Flu list"], HEADER, *GOOD]))
    model = RowsModel()
    qtmodeltester.check(model)
    model.set_rows(table.rows[0], table.rows, [str(n) for n in range(1, len(table.rows) + 1)], highlight=1)
    assert model.headerData(1, Qt.Orientation.Vertical) == "2"
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole).bold()
    model.set_rows(["Row", "Problem"], [[5, "The mobile number is blank."], [6]])
    assert model.index(1, 1).data() == ""  # a short row shows blanks, not an error
    model.set_rows([], [])


def test_the_plan_and_campaign_models(qtmodeltester: ModelTester, workspace: Workspace) -> None:
    from desktop.services.sample_data import install_sample_data

    install_sample_data(workspace)
    campaign = ready_campaign(workspace)
    plan = campaigns.plan(workspace, campaign)
    plan_model = PlanModel()
    qtmodeltester.check(plan_model)
    plan_model.set_plan(plan)
    assert plan_model.rowCount() == len(plan.blocks)
    plan_model.set_plan(None)
    assert plan_model.rowCount() == 0

    list_model = CampaignListModel()
    qtmodeltester.check(list_model)
    list_model.set_campaigns(campaigns.all_campaigns(workspace))
    assert list_model.index(0, 0).data() == campaign.name
    list_model.set_campaigns([])
