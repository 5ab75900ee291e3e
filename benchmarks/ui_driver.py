"""One run of bench_ui.py: open the window on a large database and drive each action under a heartbeat.

Prints one JSON line: per action, the longest gap between 10 ms beats and the 99th percentile.
Run through bench_ui.py; by hand: python -m benchmarks.ui_driver DATABASE WORKBOOK [ACTION ...]
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, QPoint, Qt, QThreadPool, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QWizard

from desktop.services.workspace import Workspace
from desktop.ui.app import create_application
from desktop.ui.main_window import MainWindow

PERIOD_MS = 10


class Heartbeat(QObject):
    """A precise 10 ms timer on the UI thread; the gaps between its beats are what the user feels."""

    def __init__(self) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PERIOD_MS)
        self._timer.timeout.connect(self._beat)
        self._last = time.perf_counter()
        self.gaps: list[float] = []
        self._timer.start()

    def restart(self) -> None:
        self._last = time.perf_counter()
        self.gaps = []

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def figures(self) -> dict[str, float]:
        now = time.perf_counter()
        gaps = sorted([*self.gaps, now - self._last])
        p99 = gaps[min(int(len(gaps) * 0.99), len(gaps) - 1)]
        return {"longest_ms": round(gaps[-1] * 1000, 1), "p99_ms": round(p99 * 1000, 1), "beats": len(gaps)}


def wait_until(condition: Callable[[], bool], timeout: float = 120.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting: {what}")
        QTest.qWait(20)


def pool_idle() -> bool:
    return QThreadPool.globalInstance().activeThreadCount() == 0


def settle(ms: int = 300) -> None:
    """Let queued results arrive and jobs end, then a little more."""
    wait_until(pool_idle, what="background jobs")
    QTest.qWait(ms)
    wait_until(pool_idle, what="background jobs")


class Driver:
    def __init__(self, database: Path, workbook: Path) -> None:
        self.database, self.workbook = database, workbook
        self.app = create_application([])
        self.heartbeat = Heartbeat()
        self.window: MainWindow | None = None
        # Opened before the window, as run_gui does: a schema upgrade happens before anything shows.
        self.workspace = Workspace.open(database)
        self.results: dict[str, dict[str, float]] = {}

    def measure(self, name: str, action: Callable[[], None]) -> None:
        QTest.qWait(100)
        self.heartbeat.restart()
        action()
        self.results[name] = self.heartbeat.figures()

    @property
    def main(self) -> MainWindow:
        assert self.window is not None
        return self.window

    # The actions, in the order a new user meets them.

    def open_window(self) -> None:
        self.window = MainWindow(self.workspace)
        self.window.show()
        QTest.qWait(2000)
        settle()

    def idle(self) -> None:
        QTest.qWait(1000)

    def visit_pages(self) -> None:
        navigation = self.main.navigation
        for row in range(navigation.count()):
            navigation.setCurrentRow(row)
            QTest.qWait(300)
        settle()

    def _large_cohort(self) -> None:
        self.main.show_area("Cohorts")
        page = self.main.cohorts_page
        for row in range(page.cohort_model.rowCount()):
            if "large" in page.cohort_model.cohort(row).name:
                page.cohort_view.selectRow(row)
        settle()

    def search(self) -> None:
        self._large_cohort()
        edit = self.main.cohorts_page.search_edit
        for typed in ("smi", "sian", "0791", "07912 3", "+4479", "9990", "o'b"):
            edit.clear()
            QTest.keyClicks(edit, typed, delay=90)
            QTest.qWait(500)
        edit.clear()
        settle()

    def sort(self) -> None:
        self._large_cohort()
        header = self.main.cohorts_page.patients_view.horizontalHeader()
        for section in (3, 3, 4, 2, 5, 1, 0):
            x = header.sectionViewportPosition(section) + 10
            QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
            QTest.qWait(400)
        view = self.main.cohorts_page.patients_view
        view.scrollToBottom()
        QTest.qWait(300)
        settle()

    def new_campaign(self) -> None:
        self.main.show_area("Campaigns")
        QInputDialog.getText = staticmethod(lambda *a, **k: ("Flu 65+ large", True))  # type: ignore[method-assign]
        wizard = self.main.campaigns_page.new_campaign()
        assert wizard is not None
        QTest.qWait(300)
        basics = wizard.basics_page
        QTest.keyClicks(basics.preparer_edit, "Jo Reception", delay=30)
        for index in range(basics.cohort_combo.count()):
            if "large" in basics.cohort_combo.itemText(index):
                basics.cohort_combo.setCurrentIndex(index)
        QTest.qWait(300)
        wizard.next()
        page = wizard.quick_check_page
        for group in page.groups.values():
            group.button(1).setChecked(True)
        page.objective_edit.setText("Fewer flu clinic DNAs")
        QTest.qWait(200)
        wizard.next()
        wait_until(lambda: wizard.costing is not None, what="the campaign's cost")
        QTest.qWait(200)
        wizard.next()
        wait_until(lambda: not wizard.plan_page.planning, what="the plan")  # made in a worker
        QTest.qWait(500)
        settle()
        self.campaign_wizard = wizard

    def approve(self) -> None:
        wizard = self.campaign_wizard
        wizard.next()
        QTest.qWait(300)
        page = wizard.approval_page
        QTest.keyClicks(page.approver_edit, "Sam Patel", delay=30)
        if page.overspend_check.isVisible():  # 100,000 texts cost more than the sample practice's allocation
            page.overspend_check.setChecked(True)
        page.approve_button.click()
        wait_until(lambda: page.message.text().startswith("Approved"), what="approval")
        QTest.qWait(300)
        settle()
        wizard.button(QWizard.WizardButton.FinishButton).click()
        QTest.qWait(200)

    def edit_template(self) -> None:
        self.main.show_area("Templates")
        preview = self.main.templates_page.preview
        for index in range(preview.cohort_combo.count()):
            if "large" in preview.cohort_combo.itemText(index):
                preview.cohort_combo.setCurrentIndex(index)
        QTest.qWait(300)
        preview.cost_button.click()
        body = self.main.templates_page.editor.body_edit
        body.moveCursor(body.textCursor().MoveOperation.End)
        QTest.keyClicks(body, " See you soon.", delay=60)
        wait_until(lambda: preview.progress.isHidden(), what="the template's cost")
        settle(1000)

    def import_wizard(self) -> None:
        self.main.show_area("Cohorts")
        wizard = self.main.cohorts_page.start_import(self.workbook)
        QTest.qWait(300)
        wizard.next()
        wait_until(lambda: wizard.table is not None, what="reading the workbook")
        QTest.qWait(300)
        wizard.next()
        QTest.qWait(300)
        wizard.next()
        wait_until(lambda: wizard.validated is not None, what="checking the rows")
        QTest.qWait(300)
        wizard.button(QWizard.WizardButton.FinishButton).click()
        wait_until(lambda: not wizard.isVisible(), what="the import")
        settle()

    def close(self) -> None:
        self.main.close()
        QApplication.processEvents()
        QThreadPool.globalInstance().waitForDone(30_000)
        self.workspace.close()


ACTIONS = {
    "opening the window (and 2 s after)": "open_window",
    "idle": "idle",
    "visiting every page": "visit_pages",
    "typing in the patient search": "search",
    "sorting the patient list": "sort",
    "new campaign, to its plan": "new_campaign",
    "approving it": "approve",
    "editing a template while it costs": "edit_template",
    "import wizard, 100,000-row .xlsx": "import_wizard",
}


def main(argv: list[str]) -> int:
    database, workbook, *only = argv
    driver = Driver(Path(database), Path(workbook))
    for name, method in ACTIONS.items():
        wanted = not only or method in only or method in ("open_window", "idle")
        if method == "approve" and only and "new_campaign" not in only:
            wanted = False
        if wanted:
            driver.measure(name, getattr(driver, method))
    driver.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"actions": driver.results, "peak_mb": round(peak_mb)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
