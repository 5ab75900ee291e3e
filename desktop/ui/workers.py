"""Jobs off the UI thread: progress and results come back as signals, cancel is a flag the job checks."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.core.cohort import Cancelled

log = logging.getLogger(__name__)

# A job gets (progress, cancelled): call progress(stage, done, total) now and then, and
# check cancelled() between pieces of work, raising Cancelled (or returning) if it is set.
Job = Callable[[Callable[[str, int, int], None], Callable[[], bool]], Any]


class Worker(QObject):
    progress = Signal(str, int, int)  # stage, done, total (0 when unknown)
    finished = Signal(object)  # the job's result
    failed = Signal(str)  # a message for the user
    cancelled = Signal()

    def __init__(self, job: Job, expected: tuple[type[BaseException], ...] = (), parent: QObject | None = None):
        """`expected` errors carry a message for the user; anything else is logged and reported plainly."""
        super().__init__(parent)
        self._job = job
        self._expected = expected
        self._cancel = threading.Event()
        self.running = False

    def start(self, pool: QThreadPool | None = None) -> None:
        self.running = True
        (pool or QThreadPool.globalInstance()).start(_Runnable(self))

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _run(self) -> None:
        try:
            result = self._job(self._progress, self._cancel.is_set)
        except Cancelled:
            self._report(self.cancelled)
            return
        except self._expected as error:
            self._report(self.failed, str(error))
            return
        except Exception:  # a bug: the user gets a plain message, the log gets the detail
            log.exception("Background job failed")
            self._report(self.failed, "Something went wrong. Nothing was changed. The details are in the log file.")
            return
        self._report(
            self.finished, result
        )  # it returned, so its work is done (a save committed) even if cancel came late

    def _progress(self, stage: str, done: int, total: int) -> None:
        self._report(self.progress, stage, done, total, finished=False)

    def _report(self, signal: Any, *values: Any, finished: bool = True) -> None:
        if finished:
            self.running = False
        try:
            signal.emit(*values)
        except RuntimeError:  # the window that asked has closed (the application is quitting)
            log.debug("Background job finished after its window closed")


class _Runnable(QRunnable):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker

    def run(self) -> None:
        self._worker._run()
