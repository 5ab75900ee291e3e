"""Background jobs: results and progress on the UI thread, cancel, supersede, and who keeps them alive."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.core.cohort import Cancelled
from desktop.ui.workers import BUG_MESSAGE, JobSlot, Worker, jobs

Progress = Callable[[str, int, int], None]


class Recorder:
    """What a page would see: every signal, with the thread it arrived on."""

    def __init__(self, worker: Worker) -> None:
        self.seen: list[tuple[str, object]] = []
        self.threads: set[QThread] = set()
        worker.progress.connect(lambda stage, done, total: self._add("progress", (stage, done, total)))
        worker.finished.connect(lambda result: self._add("finished", result))
        worker.failed.connect(lambda message: self._add("failed", message))
        worker.cancelled.connect(lambda: self._add("cancelled", None))
        worker.ended.connect(lambda: self._add("ended", None))

    def _add(self, kind: str, value: object) -> None:
        self.seen.append((kind, value))
        self.threads.add(QThread.currentThread())

    @property
    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.seen]


def run(qtbot: QtBot, worker: Worker) -> Recorder:
    recorder = Recorder(worker)
    with qtbot.waitSignal(worker.ended, timeout=5000):
        worker.start()
    return recorder


def test_progress_then_the_result_arrive_on_the_ui_thread(qtbot: QtBot) -> None:
    ran_on: list[threading.Thread] = []

    def job(progress: Progress, cancelled: Callable[[], bool]) -> int:
        ran_on.append(threading.current_thread())
        for done in (1, 2, 3):
            progress("Checking rows", done, 3)
        return 42

    recorder = run(qtbot, Worker(job))
    assert recorder.seen == [
        ("progress", ("Checking rows", 1, 3)),
        ("progress", ("Checking rows", 2, 3)),
        ("progress", ("Checking rows", 3, 3)),
        ("finished", 42),
        ("ended", None),
    ]
    assert ran_on[0] is not threading.main_thread()  # the work ran elsewhere...
    assert recorder.threads == {QThread.currentThread()}  # ...and the window heard of it on its own thread


def test_an_expected_error_reaches_the_window_in_its_own_words(qtbot: QtBot) -> None:
    def job(progress: Progress, cancelled: Callable[[], bool]) -> None:
        raise ValueError("The file is open in Excel: close it and try again.")

    recorder = run(qtbot, Worker(job, expected=(ValueError,)))
    assert recorder.seen == [("failed", "The file is open in Excel: close it and try again."), ("ended", None)]


PATIENT = ("Margaret", "Smith", "07700", "900123")


def test_a_bug_is_logged_and_the_user_told_plainly(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    def job(progress: Progress, cancelled: Callable[[], bool]) -> None:
        raise KeyError(" ".join(PATIENT))  # a message may quote a patient

    with caplog.at_level(logging.ERROR, logger="desktop.crash_report"):
        recorder = run(qtbot, Worker(job, expected=(ValueError,)))
    assert recorder.seen == [("failed", BUG_MESSAGE), ("ended", None)]
    assert "Unexpected error" in caplog.text and "builtins.KeyError" in caplog.text and "in job" in caplog.text
    assert "Margaret" not in caplog.text and "07700" not in caplog.text


def blocking_job(started: threading.Event, release: threading.Event, result: object = "done") -> Callable[..., object]:
    def job(progress: Progress, cancelled: Callable[[], bool]) -> object:
        started.set()
        release.wait(5)
        if cancelled():
            raise Cancelled
        return result

    return job


def test_cancel_is_a_request_the_job_answers(qtbot: QtBot) -> None:
    started, release = threading.Event(), threading.Event()
    worker = Worker(blocking_job(started, release))
    recorder = Recorder(worker)
    worker.start()
    assert started.wait(5) and worker.running
    worker.cancel()
    with qtbot.waitSignal(worker.ended, timeout=5000):
        release.set()
    assert recorder.kinds == ["cancelled", "ended"]
    assert not worker.running


def test_a_job_that_finished_before_the_cancel_keeps_its_result(qtbot: QtBot) -> None:
    """A save that committed is reported as saved, even if Cancel was pressed as it finished."""
    worker = Worker(lambda progress, cancelled: "saved")
    recorder = Recorder(worker)
    with qtbot.waitSignal(worker.ended, timeout=5000):
        worker.start()
        jobs().wait(5000)  # it has finished in the pool; its outcome is queued for the UI thread
        worker.cancel()
    assert recorder.kinds == ["finished", "ended"]


def test_a_superseded_job_is_cancelled_and_its_results_dropped(qtbot: QtBot) -> None:
    started, release = threading.Event(), threading.Event()
    slot = JobSlot()
    old = Worker(blocking_job(started, release, "stale"))
    old_seen = Recorder(old)
    slot.start(old)
    assert started.wait(5) and slot.busy
    new = Worker(lambda progress, cancelled: "fresh")
    new_seen = Recorder(new)
    with qtbot.waitSignals([old.ended, new.ended], timeout=5000):
        slot.start(new)  # supersedes the old one
        assert old.is_cancelled()
        release.set()
    assert old_seen.kinds == ["ended"]  # neither its result nor a cancel reaches the page
    assert new_seen.seen == [("finished", "fresh"), ("ended", None)]
    assert not slot.busy


def test_a_running_job_lives_on_when_the_page_lets_go_of_it(qtbot: QtBot) -> None:
    """The crash this prevents: a worker freed while a pool thread still runs it."""
    started, release = threading.Event(), threading.Event()
    results: list[object] = []
    worker = Worker(blocking_job(started, release, "kept"))
    worker.finished.connect(results.append)
    ended = worker.ended
    worker.start()
    assert started.wait(5)
    assert worker.parent() is jobs()  # Qt owns it: no Python reference can free it while it runs
    del worker
    gc.collect()
    assert jobs().running() >= 1
    with qtbot.waitSignal(ended, timeout=5000):
        release.set()
    assert results == ["kept"]
    qtbot.waitUntil(lambda: jobs().running() == 0)


def test_a_destroyed_page_is_sent_nothing(qtbot: QtBot) -> None:
    started, release = threading.Event(), threading.Event()
    page = QWidget()
    slot = JobSlot(page)
    worker = Worker(blocking_job(started, release))
    seen = Recorder(worker)
    slot.start(worker)
    assert started.wait(5)
    with qtbot.waitSignal(worker.ended, timeout=5000):
        page.deleteLater()
        qtbot.waitUntil(lambda: worker.is_cancelled())
        release.set()
    assert seen.kinds == ["ended"]


def test_quitting_stops_every_job_and_waits_for_it(qtbot: QtBot) -> None:
    started = [threading.Event(), threading.Event()]
    workers = []
    for flag in started:

        def job(progress: Progress, cancelled: Callable[[], bool], flag: threading.Event = flag) -> str:
            flag.set()
            while not cancelled():
                threading.Event().wait(0.01)
            raise Cancelled

        worker = Worker(job)
        workers.append(Recorder(worker))
        worker.start()
    assert all(flag.wait(5) for flag in started)
    assert jobs().shutdown(5000)
    assert jobs().running() == 0
    assert [recorder.kinds for recorder in workers] == [["cancelled", "ended"], ["cancelled", "ended"]]


def test_the_collector_pauses_while_jobs_run(qtbot: QtBot) -> None:
    """A full collection of a large cohort's objects stops every thread for over 100 ms."""
    assert gc.isenabled()
    started, release = threading.Event(), threading.Event()
    worker = Worker(blocking_job(started, release))
    worker.start()
    assert started.wait(5)
    assert not gc.isenabled()
    with qtbot.waitSignal(jobs().idle, timeout=5000):
        release.set()
    assert gc.isenabled()


def test_a_worker_runs_once(qtbot: QtBot) -> None:
    started, release = threading.Event(), threading.Event()
    worker = Worker(blocking_job(started, release))
    worker.start()
    with pytest.raises(RuntimeError, match="already running"):
        worker.start()
    with qtbot.waitSignal(worker.ended, timeout=5000):
        release.set()
