"""A label listing a region's next bank holidays, looked up off the UI thread.

The first lookup loads the holidays package (a few hundred modules): done on the UI thread it
froze the window for a third of a second as it opened. Later lookups come from a cache.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from desktop.core.bank_holidays import Region, next_bank_holidays
from desktop.ui.workers import JobSlot, Worker

Holidays = list[tuple[date, str]]


class BankHolidaysLabel(QLabel):
    def __init__(self, count: int, describe: Callable[[Holidays], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._count = count
        self._describe = describe
        self._job = JobSlot(self)

    def show_region(self, region: Region, after: date) -> None:
        """Show the region's next holidays on or after a date (a newer request replaces one in progress)."""
        if not self.text():
            self.setText("Looking up the bank holidays…")
        count = self._count
        worker = Worker(lambda progress, cancelled: next_bank_holidays(region, after, count))
        worker.finished.connect(self._found)
        self._job.start(worker)

    @property
    def looking_up(self) -> bool:
        return self._job.busy

    def _found(self, holidays: Holidays) -> None:
        self.setText(self._describe(holidays))
