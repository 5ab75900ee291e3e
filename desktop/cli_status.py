"""The status command: what is due, overdue and being sent now, and the week's releases, with counts."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from typing import TextIO

from desktop.cli_common import EXIT_BAD_INPUT, EXIT_OK, open_workspace
from desktop.core.clock import UK, utc_now
from desktop.services.send_due import STATUS_DAYS, find_due, release_states, sending_allowed


def command_status(args: argparse.Namespace, out: TextIO) -> int:
    workspace = open_workspace(args.db)
    if workspace is None:
        return EXIT_BAD_INPUT
    now = utc_now()
    try:
        due, overdue = find_due(workspace, now)
        if args.campaign is not None:
            due = [b for b in due if b.campaign_id == args.campaign]
            overdue = [b for b in overdue if b.campaign_id == args.campaign]
        releases = release_states(workspace, now - timedelta(days=STATUS_DAYS), args.campaign)
        allowed = sending_allowed(workspace, now)
    finally:
        workspace.close()
    if args.json:
        figures = {
            "sending_allowed_now": allowed,
            "due": [{"campaign": b.campaign, "block": b.sequence, "size": b.size} for b in due],
            "overdue": [{"campaign": b.campaign, "block": b.sequence, "size": b.size} for b in overdue],
            "releases": [
                {"release": r.release_id, "campaign": r.campaign, "block": r.block, "texts": r.counts} for r in releases
            ],
        }
        print(json.dumps(figures, indent=2), file=out)
        return EXIT_OK
    print(
        "Within the sending hours now." if allowed else "Outside the sending hours now (or a bank holiday).", file=out
    )
    for b in due:
        print(f"Due: {b.campaign}, block {b.sequence} ({b.size:,} texts)", file=out)
    for b in overdue:
        when = b.planned_at.astimezone(UK).strftime("%d/%m/%Y %H:%M")
        print(f"Overdue: {b.campaign}, block {b.sequence} (due {when})", file=out)
    for r in releases:
        counts = ", ".join(f"{number:,} {status}" for status, number in sorted(r.counts.items()))
        block_text = f"block {r.block}" if r.block is not None else "release"
        print(f"{r.campaign}, {block_text}: {counts}", file=out)
    if not (due or overdue or releases):
        print("Nothing due, and nothing sent this week.", file=out)
    return EXIT_OK
