"""The first start: a short welcome asking for the practice's details, offering the samples, and saying that
nothing is sent until a gateway is set up and a campaign approved. Setting up runs in a worker (the larger
sample list is 10,000 patients), with progress."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.core.bank_holidays import Region
from desktop.core.counting import Gateway
from desktop.core.practice import SettingsError
from desktop.services import first_run
from desktop.services.workspace import Workspace
from desktop.ui.help_texts import add_tips
from desktop.ui.widgets import PRICE_PATTERN, message_label, note, show_message
from desktop.ui.workers import JobSlot, Worker, in_workspace


class WelcomeDialog(QDialog):
    def __init__(self, path: Path, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path, self._actor = path, actor
        self.job = JobSlot(self)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.setAccessibleName(f"Welcome to {APP_NAME}")
        self.intro = intro = QLabel(
            f"<h2>Welcome to {APP_NAME}</h2>"
            "<p>Plan, cost and release text messages to your patients safely: outbound only, every text telling "
            "patients not to reply, costs understood first, and large lists sent in stages at the pace your "
            "phones can answer.</p>"
            "<p><b>Nothing is sent to anyone</b> until a GOV.UK Notify account is set up in Settings and a practice "
            "manager has approved a campaign. You can prepare everything first.</p>"
        )
        intro.setWordWrap(True)
        self.name_edit = self._edit("Practice name", "As patients know it, e.g. Riverside Surgery")
        self.phone_edit = self._edit("Practice phone number", "The number patients should call")
        self.region_combo = QComboBox()
        self.region_combo.setAccessibleName("Bank holiday region")
        for region in Region:
            self.region_combo.addItem(region.label, region.value)
        self.gateway_combo = QComboBox()
        self.gateway_combo.setAccessibleName("Texts go through")
        for gateway in Gateway:
            self.gateway_combo.addItem(gateway.label, gateway.value)
        self.gateway_combo.currentIndexChanged.connect(self._show_price)
        self.price_edit = self._edit("Supplier's price per fragment in pence", "e.g. 2.4 (on your supplier's bill)")
        self.price_edit.setValidator(QRegularExpressionValidator(PRICE_PATTERN, self.price_edit))
        self.samples_check = QCheckBox("Add samples to try things out")
        self.samples_check.setAccessibleName("Add samples")
        self.samples_check.setChecked(True)
        self.samples_check.setToolTip(
            "Two short lists, a 10,000-patient list, starter templates and a finished campaign, all made up. "
            "Sample patients are never texted through Notify; delete them on Cohorts when done."
        )
        self.form = QFormLayout()
        self.form.addRow("Practice name:", self.name_edit)
        self.form.addRow("Phone number for patients:", self.phone_edit)
        self.form.addRow("Bank holidays:", self.region_combo)
        self.form.addRow("Texts go through:", self.gateway_combo)
        self.form.addRow("Supplier's price (pence):", self.price_edit)
        self.form.addRow("", self.samples_check)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Setting up")
        self.progress.setVisible(False)
        self.message = message_label()
        self.start_button = QPushButton("Start")
        self.start_button.setAccessibleName("Start")
        self.start_button.clicked.connect(self.start)
        self.skip_button = QPushButton("Skip: try the sample practice")
        self.skip_button.setAccessibleName("Skip: try the sample practice")
        self.skip_button.setToolTip("Opens with a made-up practice and its samples; change it later in Settings.")
        self.skip_button.clicked.connect(self.skip)
        buttons = QDialogButtonBox()
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.skip_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.skip_button.setAutoDefault(False)  # Enter means Start, whichever field has the focus
        self.start_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(note("Everything here can be changed later in Settings."))
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self._show_price()
        add_tips(self)

    def _edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _show_price(self) -> None:
        exporting = self.gateway_combo.currentData() == Gateway.STANDARD.value
        self.form.setRowVisible(self.price_edit, exporting)  # Notify's own price applies otherwise

    def welcome(self) -> first_run.Welcome:
        """The answers; raises SettingsError for a price that is not a number."""
        price = None
        if self.gateway_combo.currentData() == Gateway.STANDARD.value and self.price_edit.text().strip():
            try:
                price = Decimal(self.price_edit.text().strip())
            except InvalidOperation as error:
                raise SettingsError("Enter the price per fragment in pence, such as 2.4.") from error
        return first_run.Welcome(
            practice_name=self.name_edit.text(),
            practice_phone=self.phone_edit.text(),
            region=Region(self.region_combo.currentData()),
            gateway=Gateway(self.gateway_combo.currentData()),
            pence_per_fragment=price,
            samples=self.samples_check.isChecked(),
        )

    def start(self) -> None:
        try:
            welcome = self.welcome()
            first_run.check_welcome(welcome)  # said here, before any work starts
        except SettingsError as error:
            show_message(self.message, str(error), "error")
            return
        self._run(lambda ws, progress: first_run.set_up(ws, welcome, progress))

    def skip(self) -> None:
        self._run(first_run.install_samples)

    def _run(self, work: Callable[[Workspace, first_run.Progress], None]) -> None:
        path, actor = self._path, self._actor
        worker = Worker(
            lambda progress, cancelled: in_workspace(path, lambda ws: work(ws, progress), actor),
            expected=(SettingsError,),
        )
        worker.progress.connect(self._progressed)
        worker.finished.connect(lambda _: self.accept())
        worker.failed.connect(self._failed)
        for widget in (self.start_button, self.skip_button, self.samples_check):
            widget.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        show_message(self.message, "Setting up…", "ok")
        self.job.start(worker)

    def _progressed(self, stage: str, done: int, total: int) -> None:
        show_message(self.message, f"{stage}…", "ok")

    def _failed(self, message: str) -> None:
        for widget in (self.start_button, self.skip_button, self.samples_check):
            widget.setEnabled(True)
        self.progress.setVisible(False)
        show_message(self.message, message, "error")

    def reject(self) -> None:
        if not self.job.busy:  # closed while setting up: it finishes first
            super().reject()


def welcome_if_first_run(workspace: Workspace, parent: QWidget | None = None) -> bool:
    """On a fresh database, the welcome; False if it was closed without setting up (the program then stops)."""
    if not first_run.is_first_run(workspace):
        return True
    return WelcomeDialog(workspace.path, workspace.actor, parent).exec() == QDialog.DialogCode.Accepted
