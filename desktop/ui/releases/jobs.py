"""The Releases page's work off the window's thread: each runs in a worker with its own database
connection and returns what to tell the user. The gateway modules are imported here, when used,
not when the window opens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from desktop.core.campaign import CampaignError
from desktop.core.clock import utc_now
from desktop.services import first_release_test, release_board
from desktop.services.export import export_block
from desktop.services.workspace import Workspace
from desktop.ui.workers import Progress


def send(
    workspace: Workspace, campaign_id: int, sequence: int, progress: Progress, clock: Callable[[], datetime]
) -> tuple[bool, str]:
    """Send the block; (whether it all went, what to tell the user)."""
    from desktop.services.notify_setup import NotifySetupError, notify_client
    from desktop.services.sending import ReleaseBusy

    try:
        total = next(
            (v.waiting if v.block_status == "releasing" else v.size)
            for v in release_board.board(workspace, clock())
            if (v.campaign_id, v.sequence) == (campaign_id, sequence)
        )
        with notify_client(workspace) as (client, template_id):
            report = release_board.send_now(
                workspace,
                campaign_id,
                sequence,
                client,
                template_id,
                now=clock,
                progress=lambda r: progress("sending", r.sent + r.refused + r.unsettled + r.repeats, total),
            )
    except (CampaignError, NotifySetupError, ReleaseBusy) as error:
        return False, str(error)
    said = f"Block {sequence}: {report.sent:,} texts sent."
    if report.refused:
        said += f" {report.refused:,} refused by Notify (see the block's details)."
    if report.unsettled:
        said += f" {report.unsettled:,} not yet known: they are looked up before anything is sent again."
    if report.stopped:
        said += f" Stopped: {report.stopped}"
    return not (report.stopped or report.refused or report.unsettled), said


def send_test(workspace: Workspace, campaign_id: int, patient: int, folder: Path | None) -> str:
    """Send the test to the staff mobile, or write it as a sample when exporting."""
    if folder is not None:
        try:
            written = first_release_test.write_test_sample(workspace, campaign_id, folder, patient)
        except OSError as error:
            raise CampaignError(f"The sample could not be written in {folder} ({error.strerror or error}).") from error
        return f"Sample test message written to {written}. Check it, then press Test looked right."
    from desktop.gateways.notify import NotifyError
    from desktop.services.notify_setup import NotifySetupError, notify_client

    try:
        with notify_client(workspace) as (client, template_id):
            first_release_test.send_test(workspace, campaign_id, client, template_id, patient)
    except (NotifySetupError, NotifyError) as error:
        raise CampaignError(f"The test message was not sent: {error}") from error
    return "Test message sent to the staff mobile. Check it on the phone, then press Test looked right."


def export(workspace: Workspace, campaign_id: int, sequence: int, folder: Path, now: datetime) -> str:
    try:
        result = export_block(workspace, campaign_id, sequence, folder, now)
    except OSError as error:
        raise CampaignError(
            f"The files could not be written in {folder} ({error.strerror or error}). Nothing was exported."
        ) from error
    names = ", ".join(path.name for path in result.files)
    return (
        f"Block {sequence}: {result.texts:,} texts exported to {folder} ({names}). Upload them, then use "
        "Confirm export to say whether they were sent."
    )


def refresh_statuses(workspace: Workspace) -> str:
    from desktop.services.notify_setup import NotifySetupError, notify_client
    from desktop.services.send_due import refresh_statuses

    try:
        with notify_client(workspace) as (client, _):
            changed = refresh_statuses(workspace, client, utc_now())
    except NotifySetupError as error:
        return str(error)
    return f"Notify reported on {changed:,} texts."
