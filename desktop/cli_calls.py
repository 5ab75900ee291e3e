"""The calls command: the practice's inbound calls counted by the hour (typed, or from the phone system's
call log), and a campaign re-planned from them."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import TextIO

from desktop.cli_common import EXIT_BAD_INPUT, EXIT_OK, open_workspace
from desktop.core.call_log import CallColumns, CallLogError
from desktop.core.clock import UK, format_day
from desktop.core.words import counted as words


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = commands.add_parser(
        "calls", help="inbound calls by the hour, to learn how many patients a campaign made phone"
    )
    actions = cmd.add_subparsers(dest="calls_command", metavar="ACTION", required=True)
    imported = actions.add_parser("import", help="count a call log (one row per inbound call) by the hour")
    imported.add_argument("file", type=Path, metavar="FILE", help="a spreadsheet or CSV from the phone system")
    imported.add_argument("--time-column", metavar="HEADING", help="the column with each call's time (and date)")
    imported.add_argument("--date-column", metavar="HEADING", help="the column with its date, if apart")
    typed = actions.add_parser(
        "set", help="every inbound call of some hours of one day (e.g. calls set 2026-12-01 9=14 10=22)"
    )
    typed.add_argument("day", metavar="DATE", help="YYYY-MM-DD")
    typed.add_argument("hours", nargs="+", metavar="HOUR=CALLS")
    typed.add_argument(
        "--campaign",
        type=int,
        metavar="ID",
        help="the calls were only those about this campaign (a tally): it is re-planned from them",
    )
    learn = actions.add_parser(
        "learn", help="re-estimate a campaign's response from every inbound call by the hour, against the usual"
    )
    learn.add_argument("--campaign", type=int, required=True, metavar="ID")


def command_calls(args: argparse.Namespace, out: TextIO) -> int:
    from desktop.core.campaign import CampaignError
    from desktop.gateways.spreadsheets import UnreadableFile
    from desktop.services import responses

    workspace = open_workspace(args.db)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        if args.calls_command == "import":
            log_file = responses.read_call_log(args.file)
            columns = log_file.guessed
            if args.time_column:
                direction = columns.direction if columns else None
                columns = _columns(log_file.headers, args.time_column, args.date_column, direction)
            if columns is None:
                raise CallLogError(
                    "Which column holds each call's time? Give it with --time-column (and --date-column if the "
                    f"date is apart). The headings are: {', '.join(h for h in log_file.headers if h)}."
                )
            counted = responses.import_call_log(workspace, log_file, columns)
            first, last = counted.first, counted.last
            assert first is not None and last is not None
            said = (
                f"Counted {words(counted.calls, 'call')} in {words(len(counted.by_hour), 'hour')}, "
                f"{format_day(first.date())} "
                f"to {format_day(last.date())}. Only the counts are kept, never callers' numbers."
            )
            if counted.outbound:
                said += f" {words(counted.outbound, 'call')} the practice made not counted."
            if counted.unreadable:
                said += f" {words(counted.unreadable, 'row')} without a time that could be read not counted."
        elif args.calls_command == "set":
            counts = _typed(args.day, args.hours)
            if args.campaign is not None:
                said = responses.record_hourly_tally(workspace, args.campaign, counts).describe()
            else:
                responses.save_hourly_calls(workspace, counts)
                said = f"Kept the calls of {words(len(counts), 'hour')}."
        else:
            said = responses.learn_from_hours(workspace, args.campaign).describe()
    except (CallLogError, CampaignError, UnreadableFile, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        workspace.close()
    print(said, file=out)
    return EXIT_OK


def _columns(headers: list[str], time_heading: str, date_heading: str | None, direction: int | None) -> CallColumns:
    def find(heading: str) -> int:
        wanted = heading.strip().lower()
        for index, found in enumerate(headers):
            if found.strip().lower() == wanted:
                return index
        raise CallLogError(f"There is no column headed {heading!r}. The headings are: {', '.join(headers)}.")

    if date_heading:
        return CallColumns(find(date_heading), find(time_heading), direction)
    return CallColumns(find(time_heading), direction=direction)


def _typed(day_text: str, pairs: list[str]) -> dict[datetime, int]:
    try:
        day = date.fromisoformat(day_text)
    except ValueError as error:
        raise ValueError(f"{day_text!r} is not a date: write it as YYYY-MM-DD.") from error
    counts: dict[datetime, int] = {}
    for pair in pairs:
        hour, equals, calls = pair.partition("=")
        if not (equals and hour.isdigit() and calls.isdigit() and int(hour) < 24):
            raise ValueError(f"{pair!r}: write each hour and its calls as hour=calls, e.g. 9=14.")
        counts[datetime.combine(day, time(int(hour)), UK)] = int(calls)
    return counts
