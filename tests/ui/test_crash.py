"""The window never crashes with a large practice's list: opened, used hard and closed while jobs run.

Five openings in the suite; PM_CRASH_RUNS=50 (or benchmarks/bench_ui.py --crash-runs 50) asks for more.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.cohort import CohortCounts, Patient, PatientStatus
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.store.cohorts import NewCohort, insert_cohort
from tests.ui.crash_check import run_stress

LARGE = 100_000
RUNS = int(os.environ.get("PM_CRASH_RUNS", "5"))
_FIRST = ["Margaret", "John", "Siân", "Mohammed", "Aisha", "Christopher", "Zoë", "Wei"]
_SURNAMES = ["Smith", "Jones", "O'Brien", "Patel", "Fitzgerald-Hughes", "Nowak", "Okonkwo", "Ng"]


@pytest.fixture(scope="module")
def large_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample data and a 100,000-patient cohort whose longest values are not worked out yet,
    so the Templates page reads the whole cohort in a worker, as it did when the crashes were seen."""
    path = tmp_path_factory.mktemp("large") / "large.db"
    workspace = Workspace.open(path)
    install_sample_data(workspace)
    patients = [
        Patient(
            row + 2,
            PatientStatus.VALID,
            f"{999_000_0000 + row}",
            "Mx",
            _FIRST[row % len(_FIRST)],
            _SURNAMES[row // 7 % len(_SURNAMES)],
            None,
            f"+4474{row:08d}",
            fields={"appointment_time": f"{8 + row % 9:02d}:{row % 6}0"},
        )
        for row in range(LARGE)
    ]
    with workspace.db.atomic():
        insert_cohort(
            workspace.db,
            NewCohort("Flu 65+ (large)", "large.csv", None, "test", {}, CohortCounts(LARGE, LARGE)),
            patients,
        )
    workspace.close()
    yield path


@pytest.mark.parametrize("run", range(RUNS))
def test_the_window_survives_being_used_hard_and_closed_while_jobs_run(
    large_database: Path, tmp_path: Path, run: int
) -> None:
    database = tmp_path / "practice.db"
    shutil.copyfile(large_database, database)
    outcome = run_stress(database)
    assert outcome.ok, outcome.describe()
