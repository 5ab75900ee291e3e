"""The exclusions command: the practice-wide do-not-text list (add, import, list, remove)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from desktop.cli_common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, open_workspace
from desktop.core.clock import UK
from desktop.core.exclusions import REASONS, reason_label
from desktop.services.workspace import Workspace


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add_parser(
        "exclusions", help="the do-not-text list: NHS numbers and mobiles never texted, whatever the campaign"
    )
    actions = cmd.add_subparsers(dest="exclusions_command", metavar="ACTION", required=True)
    reasons = ", ".join(f"{key} ({words})" for key, words in REASONS.items())
    add = actions.add_parser("add", help="add one NHS number or mobile")
    add.add_argument("value", metavar="NUMBER", help="an NHS number or a UK mobile number")
    add.add_argument("--reason", required=True, choices=list(REASONS), help=reasons)
    imported = actions.add_parser("import", help="add every NHS number and mobile of a spreadsheet or CSV")
    imported.add_argument("file", metavar="FILE", help="with a column headed 'NHS number' or 'Mobile' (or both)")
    imported.add_argument("--reason", required=True, choices=list(REASONS), help=reasons)
    listed = actions.add_parser("list", help="show the list, newest first")
    listed.add_argument("--json", action="store_true", help="print the list as JSON")
    removed = actions.add_parser("remove", help="take one NHS number or mobile off the list")
    removed.add_argument("value", metavar="NUMBER")


def command_exclusions(args: argparse.Namespace, out: TextIO) -> int:
    from desktop.gateways.spreadsheets import UnreadableFile
    from desktop.services import exclusions

    workspace = open_workspace(args.db)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        if args.exclusions_command == "add":
            added = exclusions.add(workspace, args.value, args.reason)
            print("Added to the do-not-text list." if added else "Already on the do-not-text list.", file=out)
        elif args.exclusions_command == "remove":
            removed = exclusions.remove(workspace, args.value)
            print("Taken off the do-not-text list." if removed else "That number is not on the list.", file=out)
            return EXIT_OK if removed else EXIT_FAILED
        elif args.exclusions_command == "import":
            result = exclusions.import_list(workspace, Path(args.file), args.reason)
            print(f"Added {result.added:,}; {result.already:,} were on the list already.", file=out)
            if result.not_understood:
                rows = ", ".join(str(n) for n in result.not_understood[:20])
                more = "…" if len(result.not_understood) > 20 else ""
                print(
                    f"{len(result.not_understood):,} rows had no valid NHS number or mobile and were not added "
                    f"(rows {rows}{more}). Check them in the file.",
                    file=out,
                )
                return EXIT_FAILED
        else:
            _print_list(workspace, args.json, out)
    except (exclusions.ExclusionError, UnreadableFile) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        workspace.close()
    return EXIT_OK


def _print_list(workspace: Workspace, as_json: bool, out: TextIO) -> None:
    from desktop.core.nhs_number import format_nhs_number
    from desktop.core.phone import format_mobile
    from desktop.store import do_not_text

    entries = do_not_text.entries(workspace.db)
    if as_json:
        rows = [
            {"kind": e.kind, "value": e.value, "reason": e.reason, "added_at": e.added_at.isoformat(), "by": e.added_by}
            for e in entries
        ]
        print(json.dumps(rows, indent=2), file=out)
        return
    if not entries:
        print("The do-not-text list is empty.", file=out)
    for e in entries:
        shown = format_nhs_number(e.value) if e.kind == do_not_text.NHS_NUMBER else format_mobile(e.value)
        when = e.added_at.astimezone(UK).strftime("%d/%m/%Y")
        print(f"{shown:<14} {reason_label(e.reason):<16} added {when} by {e.added_by}", file=out)
