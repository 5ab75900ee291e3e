"""Open the real window on a large cohort in a fresh process and use it hard while jobs run.

Pages are switched and the patient search typed in while background jobs read the whole cohort,
a cost is started and superseded, and the window is closed with jobs still running. The process
must then exit cleanly: a worker freed while a pool thread still ran it crashed it at random.
Used by tests/ui/test_crash.py and benchmarks/bench_ui.py; run alone: python -m tests.ui.crash_check DB
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 120
STEP_MS = 120


@dataclass(frozen=True)
class Outcome:
    returncode: int | None  # None: it hung
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and "Traceback" not in self.stderr and "Fatal Python error" not in self.stderr

    def describe(self) -> str:
        if self.returncode is None:
            return f"no exit within {TIMEOUT_SECONDS} s"
        how = f"killed by signal {-self.returncode}" if self.returncode < 0 else f"exit status {self.returncode}"
        return f"{how}\n{self.stderr[-3000:]}"


def run_stress(database: Path) -> Outcome:
    """One opening of the application under load, in its own process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.ui.crash_check", str(database)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired as expired:
        return Outcome(None, str(expired.stderr or ""))
    return Outcome(done.returncode, done.stderr)


def _drive() -> None:
    """Runs inside the application's event loop, as a quick and restless user would."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.ui.main_window import MainWindow

    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    steps: list[object] = []

    def area(title: str) -> None:
        window.show_area(title)

    def type_search(text: str) -> None:
        window.show_area("Cohorts")
        window.cohorts_page.search_edit.clear()
        QTest.keyClicks(window.cohorts_page.search_edit, text)

    def cost_large() -> None:
        window.show_area("Templates")
        preview = window.templates_page.preview
        preview.cohort_combo.setCurrentIndex(1)  # the newest cohort: the large one
        preview.cost_button.click()

    def choose_another() -> None:  # supersedes the cost in progress
        preview = window.templates_page.preview
        preview.cohort_combo.setCurrentIndex(preview.cohort_combo.count() - 1)

    # About three seconds: long enough for the first jobs to end while the user carries on, the
    # moment the crashes came (a job's worker freed as its result was delivered).
    for title in ("Templates", "Cohorts", "Home", "Templates", "Campaigns", "Settings", "Templates", "Cohorts"):
        steps.append(lambda title=title: area(title))
    steps += [lambda text=text: type_search(text) for text in ("s", "smi", "0791", "+447", "pat", "")]
    steps += [
        lambda: type_search("smi"),
        lambda: area("Templates"),
        lambda: type_search("0791"),
        cost_large,
        choose_another,
        cost_large,
        lambda: area("Cohorts"),
        lambda: area("Templates"),
        window.close,  # with jobs still running
    ]
    for number, step in enumerate(steps):
        QTimer.singleShot(STEP_MS * (number + 1), step)  # type: ignore[arg-type]


def main(database: str) -> int:
    from PySide6.QtCore import QTimer

    from desktop.ui.app import create_application, run_gui

    create_application([])
    QTimer.singleShot(0, _drive)
    return run_gui(Path(database))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
