"""Jobs off the UI thread: progress and results come back as signals, cancel is a flag the job checks.

Every worker is owned by one `Jobs` object until its last signal has been handled on the UI
thread. A worker freed while a pool thread still runs it crashes the application at random, so
no page may drop one: a page that wants a newer result supersedes the old job (`JobSlot`),
which cancels it and drops its results, and the owner lets go only when it has ended.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal

from desktop.core.cohort import Cancelled
from desktop.services.workspace import Workspace
from desktop.ui.dialogs.crash import report_crash

log = logging.getLogger(__name__)

# A job gets (progress, cancelled): call progress(stage, done, total) now and then, and
# check cancelled() between pieces of work, raising Cancelled (or returning) if it is set.
Progress = Callable[[str, int, int], None]
Job = Callable[[Progress, Callable[[], bool]], Any]
BUG_MESSAGE = "Something went wrong. Nothing was changed. The details are in the crash report and the log file."

_FINISHED, _FAILED, _CANCELLED = "finished", "failed", "cancelled"


class Worker(QObject):
    """One job. Its public signals are emitted on the UI thread, where the worker lives."""

    progress = Signal(str, int, int)  # stage, done, total (0 when unknown)
    finished = Signal(object)  # the job's result
    failed = Signal(str)  # a message for the user
    cancelled = Signal()
    ended = Signal()  # last of all, whatever the outcome

    # Emitted on the pool thread; queued to the UI thread, which relays them (or drops them once superseded).
    _progressed = Signal(str, int, int)
    _outcome = Signal(str, object)

    def __init__(self, job: Job, expected: tuple[type[BaseException], ...] = (), parent: QObject | None = None):
        """`expected` errors carry a message for the user; anything else is logged and reported plainly."""
        super().__init__(parent)
        self._job = job
        self._expected = expected
        self._cancel = threading.Event()
        self._superseded = False
        self.running = False
        self._progressed.connect(self._relay_progress, Qt.ConnectionType.QueuedConnection)
        self._outcome.connect(self._relay_outcome, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        jobs().start(self)

    def cancel(self) -> None:
        """Ask the job to stop at its next check; it reports `cancelled` (or its result, if it had finished)."""
        self._cancel.set()

    def supersede(self) -> None:
        """Cancel, and drop whatever the job still reports: a newer job has taken its place."""
        self._superseded = True
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run_here(self) -> None:
        """Run the job on the calling thread (the pool calls this); the outcome arrives as signals."""
        try:
            result = self._job(self._progress, self._cancel.is_set)
        except Cancelled:
            self._report(_CANCELLED, None)
        except self._expected as error:
            self._report(_FAILED, str(error))
        except Exception as error:  # a bug: the user gets a plain message, the log and crash report the detail
            report_crash(error)
            self._report(_FAILED, BUG_MESSAGE)
        else:
            # It returned, so its work is done (a save committed) even if cancel came late.
            self._report(_FINISHED, result)

    def _progress(self, stage: str, done: int, total: int) -> None:
        with contextlib.suppress(RuntimeError):  # see _report
            self._progressed.emit(stage, done, total)

    def _report(self, kind: str, value: object) -> None:
        try:
            self._outcome.emit(kind, value)
        except RuntimeError:  # the process is ending without having waited for its jobs: nobody is listening
            log.debug("Background job ended after the application closed")

    def _relay_progress(self, stage: str, done: int, total: int) -> None:
        if self.running and not self._superseded:
            self.progress.emit(stage, done, total)

    def _relay_outcome(self, kind: str, value: object) -> None:
        self.running = False
        if not self._superseded:
            if kind == _FINISHED:
                self.finished.emit(value)
            elif kind == _FAILED:
                self.failed.emit(value)
            else:
                self.cancelled.emit()
        self.ended.emit()


class Jobs(QObject):
    """The one owner of running workers, and the switch for the garbage collector while they run.

    A full collection of a heap holding a large cohort takes over 100 ms, and in whichever thread
    it happens every other thread waits: so the collector is paused while jobs run, and what they
    leave behind is frozen (kept out of later collections; it is still freed when let go).
    """

    idle = Signal()  # the last running job has ended

    def __init__(self, pool: QThreadPool | None = None) -> None:
        super().__init__()
        self._pool = pool or QThreadPool.globalInstance()
        self._running: set[Worker] = set()
        self._collector_was_enabled = gc.isenabled()

    def start(self, worker: Worker) -> None:
        if worker.running or worker in self._running:
            raise RuntimeError("This job is already running.")
        if not self._running:
            self._collector_was_enabled = gc.isenabled()
            gc.disable()
        worker.setParent(self)  # Qt owns it now: a dropped Python reference cannot free it mid-run
        worker.running = True
        self._running.add(worker)
        worker.ended.connect(self._ended)
        self._pool.start(_Runnable(worker))

    def running(self) -> int:
        return len(self._running)

    def cancel_all(self) -> None:
        for worker in self._running:
            worker.cancel()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Wait for every job to end and its signals to be handled; False if one is still running."""
        done = self._pool.waitForDone(timeout_ms)
        QCoreApplication.sendPostedEvents(None, 0)  # the outcomes queued for the UI thread
        return done and not self._running

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Quitting: stop every job (a save rolls back) and wait for it."""
        self.cancel_all()
        return self.wait(timeout_ms)

    def _ended(self) -> None:
        worker = self.sender()
        if not isinstance(worker, Worker) or worker not in self._running:
            return
        self._running.discard(worker)
        worker.deleteLater()  # on the UI thread, after this signal: nothing else refers to it
        if not self._running:
            gc.freeze()
            if self._collector_was_enabled:
                gc.enable()
            self.idle.emit()


class _Runnable(QRunnable):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker

    def run(self) -> None:
        self._worker.run_here()


_jobs: Jobs | None = None


def jobs() -> Jobs:
    """The application's job owner (made on first use, on the UI thread, and kept for the process)."""
    global _jobs
    if _jobs is None:
        _jobs = Jobs()
    return _jobs


class JobSlot:
    """At most one job of a kind at a time: a new one supersedes the one still running.

    Give the widget whose slots receive the results as `owner`: when it is destroyed (its window
    closed), its running job is superseded, so no result arrives at a widget that is gone.
    """

    def __init__(self, owner: QObject | None = None) -> None:
        self.worker: Worker | None = None
        if owner is not None:
            owner.destroyed.connect(self.supersede)

    def start(self, worker: Worker) -> Worker:
        self.supersede()
        self.worker = worker
        worker.ended.connect(lambda: self._ended(worker))
        worker.start()
        return worker

    @property
    def busy(self) -> bool:
        return self.worker is not None and self.worker.running

    def supersede(self) -> None:
        if self.worker is not None:
            self.worker.supersede()
            self.worker = None

    def cancel(self) -> None:
        """Stop the running job; unlike supersede, its `cancelled` (or result) still arrives."""
        if self.worker is not None:
            self.worker.cancel()

    def _ended(self, worker: Worker) -> None:
        if self.worker is worker:
            self.worker = None


def in_workspace(path: Path, job: Callable[[Workspace], Any], actor: str | None = None) -> Any:
    """Run `job` with a database connection of the calling thread's own (SQLite's rule), closed after."""
    workspace = Workspace.open(path)
    if actor is not None:
        workspace.actor = actor
    try:
        return job(workspace)
    finally:
        workspace.close()
