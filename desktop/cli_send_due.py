"""The send-due command: what the practice schedules (Windows Task Scheduler) for when nobody has the window open."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from desktop.cli_common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, open_workspace
from desktop.core.campaign import CampaignError
from desktop.core.clock import UK, utc_now
from desktop.services.backups import daily_backup
from desktop.services.notify_setup import NotifySetupError, notify_client
from desktop.services.retention import apply_retention
from desktop.services.send_due import DueRun, export_due, send_due
from desktop.store.settings import load_settings


def command_send_due(args: argparse.Namespace, out: TextIO) -> int:
    """0: everything due went, or nothing was due; 1: some texts failed or are unknown; 2: could not run."""
    workspace = open_workspace(args.db)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        if not load_settings(workspace.db).counting.is_notify:  # the practice exports for upload
            try:
                run = export_due(workspace, utc_now(), dry_run=args.dry_run)
            except (OSError, CampaignError) as error:
                return _cannot(f"The due blocks could not be exported: {error}")
        else:
            try:
                with notify_client(workspace) as (client, template_id):
                    run = send_due(workspace, client, template_id, dry_run=args.dry_run)
            except NotifySetupError as error:
                return _cannot(str(error))
        if not args.dry_run:  # scheduled: what ended long enough ago has its personal data deleted, then a backup
            run.purged = len(apply_retention(workspace).campaigns)
            daily_backup(workspace)
    finally:
        workspace.close()
    _show(run, args, out)
    if run.stopped and run.needs_a_person:
        return _cannot(run.stopped)
    if run.refused or run.unsettled or run.stopped:
        return EXIT_FAILED
    return EXIT_OK


def _cannot(why: str) -> int:
    print(f"error: {why}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _show(run: DueRun, args: argparse.Namespace, out: TextIO) -> None:
    if args.json:
        figures = {
            "due": [{"campaign": b.campaign, "block": b.sequence, "size": b.size} for b in run.due],
            "overdue": [{"campaign": b.campaign, "block": b.sequence, "size": b.size} for b in run.overdue],
            "releases_sent": run.releases,
            "sent": run.sent,
            "refused": run.refused,
            "unknown": run.unsettled,
            "statuses_refreshed": run.refreshed,
            "outside_sending_hours": run.outside_window,
            "stopped": run.stopped,
            "held_for_test_message": run.held,
            "replies": run.replies,
            "exported": run.exported,
            "files": [str(path) for path in run.files],
            "campaigns_purged": run.purged,
        }
        print(json.dumps(figures, indent=2), file=out)
        return
    verb = "Would send" if args.dry_run else "Due"
    for block in run.due:
        print(f"{verb}: {block.campaign}, block {block.sequence} ({block.size:,} texts)", file=out)
    for block in run.overdue:
        when = block.planned_at.astimezone(UK).strftime("%d/%m/%Y %H:%M")
        print(
            f"Overdue, not sent: {block.campaign}, block {block.sequence} (due {when}): send it now from the "
            "Releases page, or re-plan.",
            file=out,
        )
    for name in run.held:
        print(f"Held: {name}: its first block waits until a test message is sent and confirmed.", file=out)
    if args.dry_run:
        if not run.due and not run.overdue:
            print("Nothing is due.", file=out)
        return
    if run.outside_window:
        print("Outside the sending hours (or a bank holiday): nothing was sent.", file=out)
    elif not run.releases:
        print("Nothing was due.", file=out)
    elif run.files:
        print(f"Exported {run.exported:,} texts for upload. Confirm on the Releases page once they are sent:", file=out)
        for path in run.files:
            print(f"  {path}", file=out)
    else:
        print(f"Sent {run.sent:,} texts; {run.refused:,} refused by Notify; {run.unsettled:,} not yet known.", file=out)
    if run.replies:
        said = ", ".join(f"{n:,} {answer}" for answer, n in sorted(run.replies.items()))
        print(
            f"New replies: {said} (survey answers are on the Releases page; STOP numbers are never texted).", file=out
        )
    if run.stopped:
        print(f"Stopped: {run.stopped}", file=out)
    if run.purged:
        print(f"Deleted the personal data of {run.purged:,} campaigns past the retention period.", file=out)
