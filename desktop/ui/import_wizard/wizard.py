"""The wizard that holds the steps and the one background job running at a time."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from desktop.core.cohort import ValidatedCohort
from desktop.services.cohort_import import SourceTable
from desktop.services.workspace import Workspace
from desktop.ui.help_texts import add_tips
from desktop.ui.import_wizard.check_page import CheckPage
from desktop.ui.import_wizard.file_page import FilePage
from desktop.ui.import_wizard.mapping_page import MappingPage
from desktop.ui.import_wizard.table_page import TablePage
from desktop.ui.widgets import fit_to_screen, scroll_contents
from desktop.ui.workers import JobSlot, Worker


class ImportWizard(QWizard):
    imported = Signal(int)  # the new cohort's id

    def __init__(self, workspace: Workspace, path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.path: Path | None = None
        self.sheet: str | None = None
        self.table: SourceTable | None = None
        self.validated: ValidatedCohort | None = None
        self.cohort_id: int | None = None
        self.job = JobSlot(self)
        self._closing = False
        self.setWindowTitle("Import a patient list")
        self.setAccessibleName("Import a patient list")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Import")
        self.file_page = FilePage(self)
        self.table_page = TablePage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        for page in (self.file_page, self.table_page, self.mapping_page, self.check_page):
            scroll_contents(page)
            self.addPage(page)
        fit_to_screen(self, 900, 640)
        add_tips(self)
        self.finished.connect(self._release_data)
        if path is not None:
            self.file_page.set_path(path)

    def run(self, worker: Worker) -> None:
        """Start a background job in place of any earlier one (the user went back a step)."""
        worker.ended.connect(self._worker_done)
        self.job.start(worker)

    def stop_worker(self) -> None:
        """The user left the step: its job's result is no longer wanted."""
        self.job.supersede()

    def imported_as(self, cohort_id: int) -> None:
        self.cohort_id = cohort_id
        self.imported.emit(cohort_id)
        self.accept()

    def reject(self) -> None:
        """Cancel waits for a running job to stop, so nothing is left half-imported."""
        if self.job.busy:
            self._closing = True
            self.job.cancel()
            self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
            return
        super().reject()

    def _release_data(self) -> None:
        """A large sheet and its checked rows are not kept once the wizard has closed."""
        self.table = None
        self.validated = None

    def _worker_done(self) -> None:
        if self._closing and self.cohort_id is None:
            super().reject()
