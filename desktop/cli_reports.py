"""Outcomes and reports from the command line: import a campaign's follow-up list, write a campaign's
report or the practice view as .xlsx or PDF, export the coding list for the patient record, and delete
a campaign's or a cohort's personal data."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, TextIO

from desktop.cli_common import EXIT_BAD_INPUT, EXIT_OK, open_workspace
from desktop.core.clock import UK
from desktop.core.follow_up import FollowUpColumns, FollowUpError
from desktop.core.words import counted

if TYPE_CHECKING:
    from desktop.services.workspace import Workspace

_FOLLOW_UP_FIELDS = ("nhs_number", "outcome", "day", "booked", "appointment")


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser("report", help="a campaign's outcome report, or the practice view (.xlsx or .pdf)")
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--campaign", type=int, metavar="ID")
    which.add_argument("--practice", action="store_true", help="every campaign, month by month")
    report.add_argument("--out", type=Path, required=True, metavar="FILE", help="FILE.xlsx or FILE.pdf")
    report.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="the practice view from (default: the "
                        "start of this financial year)")  # fmt: skip
    report.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="until, not including (default: tomorrow)")

    outcome = commands.add_parser("import-outcome", help="a campaign's follow-up list from the clinical system")
    outcome.add_argument("--campaign", type=int, required=True, metavar="ID")
    outcome.add_argument("file", type=Path, metavar="FILE")
    outcome.add_argument(
        "--column", action="append", default=[], metavar="FIELD=HEADER",
        help=f"the column holding a field ({', '.join(_FOLLOW_UP_FIELDS)}); an empty header for none",
    )  # fmt: skip

    coding = commands.add_parser("record-coding", help="the patients a campaign's text reached, coded for the record")
    coding.add_argument("--campaign", type=int, required=True, metavar="ID")
    coding.add_argument("--folder", type=Path, required=True, metavar="DIR")

    purge = commands.add_parser("purge", help="delete a campaign's or a cohort's personal data now")
    target = purge.add_mutually_exclusive_group(required=True)
    target.add_argument("--campaign", type=int, metavar="ID")
    target.add_argument("--cohort", type=int, metavar="ID")
    purge.add_argument("--yes", action="store_true", required=True, help="yes: it cannot be undone")


def command_reports(args: argparse.Namespace, out: TextIO) -> int:
    from desktop.core.campaign import CampaignError
    from desktop.gateways.spreadsheets import UnreadableFile

    workspace = open_workspace(args.db)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        said = {
            "report": _report,
            "import-outcome": _import_outcome,
            "record-coding": _coding,
            "purge": _purge,
        }[args.command](workspace, args)
    except (CampaignError, FollowUpError, UnreadableFile, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        workspace.close()
    print(said, file=out)
    return EXIT_OK


def _report(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services import report_export, reports
    from desktop.services.practice import get_settings

    suffix = args.out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise ValueError("Write the report as FILE.xlsx (a spreadsheet) or FILE.pdf (one page to print).")
    if not args.out.parent.is_dir():
        raise ValueError(f"The folder {args.out.parent} does not exist.")
    practice = get_settings(workspace).practice_name
    if args.campaign is not None:
        report = reports.campaign_report(workspace, args.campaign)
        if suffix == ".xlsx":
            report_export.write_campaign_workbook(report, args.out)
        else:
            _pdf().write_campaign_pdf(report, practice, args.out)
        return f"The report on {report.campaign.name} is in {args.out}."
    settings = get_settings(workspace)
    today = datetime.now(UK).date()
    start = date.fromisoformat(args.start) if args.start else settings.allocation.year_of(today)[0]
    end = date.fromisoformat(args.end) if args.end else date.fromordinal(today.toordinal() + 1)
    if start >= end:
        raise ValueError("--from must come before --to.")
    view = reports.practice_report(workspace, start, end)
    heading = f"{practice}: messaging {start:%d %b %Y} to {date.fromordinal(end.toordinal() - 1):%d %b %Y}"
    if suffix == ".xlsx":
        report_export.write_practice_workbook(view, heading, args.out)
    else:
        _pdf().write_practice_pdf(view, heading, practice, args.out)
    return f"The practice view is in {args.out}."


def _pdf() -> ModuleType:
    """Qt's PDF writer, loaded only for a PDF, with no window on the screen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        QApplication([])  # kept by Qt for the process: charts are drawn as widgets
    from desktop.ui.reports import pdf

    return pdf


def _import_outcome(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services import outcomes

    file = outcomes.read_follow_up_file(args.file)
    columns = _columns(file.headers, file.guessed, args.column)
    result = outcomes.import_outcome(workspace, args.campaign, file, columns)
    said = [
        f"Read {counted(result.read, 'row')}: {counted(result.matched, 'patient')} of the campaign matched by NHS "
        "number; only they are kept."
    ]
    said += [f"Row {row}: {reason}" for row, reason in result.problems[:20]]
    if len(result.problems) > 20:
        said.append(f"... and {len(result.problems) - 20:,} more rows not read.")
    said.append(outcomes.campaign_outcome(workspace, args.campaign).said)
    return "\n".join(said)


def _columns(headers: list[str], guessed: FollowUpColumns | None, choices: list[str]) -> FollowUpColumns:
    chosen = {name: getattr(guessed, name) if guessed else None for name in _FOLLOW_UP_FIELDS}
    for choice in choices:
        name, equals, heading = choice.partition("=")
        if not equals or name not in _FOLLOW_UP_FIELDS:
            raise ValueError(f"--column takes FIELD=HEADER, FIELD one of {', '.join(_FOLLOW_UP_FIELDS)}.")
        if not heading.strip():
            chosen[name] = None
            continue
        matches = [i for i, h in enumerate(headers) if h.strip().lower() == heading.strip().lower()]
        if not matches:
            raise ValueError(f"There is no column headed {heading!r}. The headings are: {', '.join(headers)}.")
        chosen[name] = matches[0]
    nhs = chosen.pop("nhs_number")
    if nhs is None:
        raise FollowUpError(
            "The list needs a column of NHS numbers: name it with --column nhs_number=HEADER. The headings are: "
            + ", ".join(h for h in headers if h)
            + "."
        )
    return FollowUpColumns(nhs, **chosen)


def _coding(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services import records

    result = records.export_coding(workspace, args.campaign, args.folder)
    files = ", ".join(path.name for path in result.files)
    return f"{counted(result.patients, 'patient')} to record, in {files}."


def _purge(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services import retention

    if args.campaign is not None:
        done = retention.purge_campaign(workspace, args.campaign)
    else:
        done = retention.purge_cohort(workspace, args.cohort)
    return (
        f"Deleted the personal data of {counted(len(done.campaigns), 'campaign')} and "
        f"{counted(len(done.cohorts), 'cohort')}, and {counted(done.files, 'file')} written for them; counts, costs "
        "and outcomes are kept."
    )
