"""While the window is open, due blocks go out at their time, as `send-due` sends them when it is closed.

Every minute the window looks for blocks whose time has come (a quick read) and, if there are
any and nothing is being sent, runs send-due's own work in a worker: queue, send (or export, for a
practice that exports), refresh statuses and replies. The store's lock keeps it from sending a
release that a scheduled `send-due` is sending at the same moment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.clock import utc_now
from desktop.services.send_due import find_due
from desktop.services.workspace import Workspace
from desktop.store.settings import load_settings
from desktop.ui.workers import JobSlot, Worker, in_workspace

CHECK_MS = 60_000


class DueSender(QObject):
    sent = Signal(str)  # what happened, for the status bar and the Releases page

    def __init__(
        self, workspace: Workspace, clock: Callable[[], datetime] = utc_now, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._clock = clock
        self.job = JobSlot(self)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(CHECK_MS)

    def stop(self) -> None:
        """No more checks: the window is closing (its database is about to close)."""
        self._timer.stop()
        self.job.supersede()

    def check(self) -> Worker | None:
        """Send what is due now, unless something is already being sent."""
        if self.job.busy:
            return None
        due, _ = find_due(self._workspace, self._clock())
        if not due:
            return None
        exporting = not load_settings(self._workspace.db).counting.is_notify
        path, actor, clock = self._workspace.path, self._workspace.actor, self._clock
        worker = Worker(lambda progress, cancelled: in_workspace(path, lambda ws: _run(ws, exporting, clock), actor))
        worker.finished.connect(self.sent.emit)
        self.job.start(worker)
        return worker


def _run(workspace: Workspace, exporting: bool, clock: Callable[[], datetime]) -> str:
    from desktop.core.campaign import CampaignError
    from desktop.services.send_due import export_due, send_due

    if exporting:
        try:
            run = export_due(workspace, clock())
        except (OSError, CampaignError) as error:
            return f"Due blocks could not be exported: {error}"
        return f"{run.exported:,} due texts exported for upload: confirm on the Releases page once sent."
    from desktop.services.notify_setup import NotifySetupError, notify_client

    try:
        with notify_client(workspace) as (client, template_id):
            run = send_due(workspace, client, template_id, now=clock)
    except NotifySetupError as error:
        return f"Due blocks were not sent: {error}"
    if run.outside_window:
        return "Due blocks wait for the sending hours."
    said = f"Due blocks sent: {run.sent:,} texts."
    if run.stopped:
        said += f" Stopped: {run.stopped}"
    return said
