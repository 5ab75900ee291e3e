"""The command line: `python main.py` opens the window; sub-commands work without one."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from desktop import APP_NAME, __version__
from desktop.cli_common import EXIT_OK
from desktop.core.columns import Field
from desktop.core.consent import BlankConsent, ConsentMeaning
from desktop.core.counting import Counting, Gateway
from desktop.core.sms import gsm_safe
from desktop.core.template import Purpose
from desktop.log_setup import configure_logging
from desktop.store.private_files import private_umask


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description=f"{APP_NAME}: plan, cost and release outbound SMS campaigns for a GP practice. "
        "With no command, opens the application window.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", type=Path, metavar="PATH", help="the database file (default: in your user data folder)")
    parser.add_argument("--verbose", action="store_true", help="log more detail (never patient data)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the window on a demo database that sends to a stand-in GOV.UK Notify on this computer "
        "(nothing leaves it): watch a whole release without a Notify account",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    commands.add_parser("gui", help="open the application window (the default)")
    check = commands.add_parser(
        "self-check", help="check this copy works (a temporary store, a message, the sample list, the window)"
    )
    check.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="write what it prints into FILE too (the windowed build has no console)",
    )

    measure_cmd = commands.add_parser(
        "measure", help="show how a message is encoded, how many characters and fragments it takes"
    )
    measure_cmd.add_argument("--text", required=True, help="the message text; use - to read it from standard input")
    measure_cmd.add_argument(
        "--gateway",
        choices=["notify", "standard"],
        default="notify",
        help="count as GOV.UK Notify sends and bills the text (the default), or as typed by the GSM 03.38 "
        "standard (for texts exported to another supplier)",
    )
    measure_cmd.add_argument(
        "--prefix", default="", metavar="NAME", help="the service name Notify puts before every text, if it does"
    )
    measure_cmd.add_argument("--json", action="store_true", help="print the result as JSON")

    import_cmd = commands.add_parser(
        "import", help="import a patient list (.xlsx, .xls, .ods or .csv) as a cohort, checking every row"
    )
    import_cmd.add_argument("file", type=Path, metavar="FILE", help="the spreadsheet or CSV file")
    import_cmd.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the first visible one)")
    import_cmd.add_argument("--name", metavar="NAME", help="the cohort's name (default: from the file name)")
    import_cmd.add_argument(
        "--report", type=Path, metavar="PROBLEMS.xlsx", help="save the rows that were not accepted, with reasons"
    )
    import_cmd.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help='read FIELD from the column headed HEADER instead of the guess, e.g. --column consent="Receive SMS" '
        f"(fields: {', '.join(f.value for f in Field)}; an empty HEADER: the list has none)",
    )
    import_cmd.add_argument(
        "--consent-means",
        choices=[m.value for m in ConsentMeaning],
        help="what Yes means in the consent column (default: read from its header)",
    )
    import_cmd.add_argument(
        "--blank-consent",
        choices=[b.value for b in BlankConsent],
        default=BlankConsent.INCLUDE.value,
        help="a patient with nothing in the consent column is texted (include, the default) or left out (exclude)",
    )
    import_cmd.add_argument(
        "--header-row", type=int, metavar="N", help="the spreadsheet row that holds the column names (from 1)"
    )
    import_cmd.add_argument("--json", action="store_true", help="print the result as JSON")

    estimate_cmd = commands.add_parser(
        "estimate", help="cost a template (or a text) for every patient of a cohort, as the Templates page does"
    )
    estimate_cmd.add_argument("--cohort", type=int, required=True, metavar="ID", help="the cohort's id")
    message = estimate_cmd.add_mutually_exclusive_group(required=True)
    message.add_argument("--template", type=int, metavar="ID", help="a template's id (its latest version)")
    message.add_argument("--text", help="a message body with ((placeholders)); the reply wording is added")
    estimate_cmd.add_argument(
        "--purpose",
        choices=[p.value for p in Purpose],
        default=Purpose.CALL_TO_ACTION.value,
        help="with --text: the purpose, which decides the reply wording (default: call_to_action)",
    )
    estimate_cmd.add_argument("--json", action="store_true", help="print the result as JSON")

    plan_cmd = commands.add_parser("plan", help="show a campaign's staged release plan")
    plan_cmd.add_argument("--campaign", type=int, required=True, metavar="ID", help="the campaign's id")
    plan_cmd.add_argument(
        "--by-hour", action="store_true", help="expected calls in each open hour against the phones' capacity"
    )
    plan_cmd.add_argument("--json", action="store_true", help="print the result as JSON")

    due_cmd = commands.add_parser(
        "send-due",
        help="send every release that is due through GOV.UK Notify, then refresh what became of earlier texts "
        "(schedule it for when nobody has the window open)",
    )
    due_cmd.add_argument("--dry-run", action="store_true", help="say what is due, and send nothing")
    due_cmd.add_argument("--json", action="store_true", help="print the result as JSON")

    status_cmd = commands.add_parser(
        "status", help="what is due, overdue and being sent now, and this week's releases, with counts"
    )
    status_cmd.add_argument("--campaign", type=int, metavar="ID", help="only this campaign")
    status_cmd.add_argument("--json", action="store_true", help="print the result as JSON")

    settings_cmd = commands.add_parser(
        "settings", help="show or change the practice's settings; keep the GOV.UK Notify key (outside the database)"
    )
    settings_commands = settings_cmd.add_subparsers(dest="settings_command", metavar="SETTING", required=True)
    key_cmd = settings_commands.add_parser(
        "notify-key",
        help="keep the GOV.UK Notify API key in this computer's credential store (read from a prompt or "
        "standard input, never from the command line), check it with Notify, or remove it",
    )
    key_cmd.add_argument("action", choices=["set", "test", "remove"])
    settings_commands.add_parser(
        "manager-passphrase",
        help="set or change the passphrase a campaign's approver gives (read from a prompt or standard input: the "
        "current one first when one is set, then the new one twice)",
    )
    show_cmd = settings_commands.add_parser("show", help="every setting, by its dotted key (e.g. notify.template_id)")
    show_cmd.add_argument("--json", action="store_true", help="print the settings as JSON")
    set_cmd = settings_commands.add_parser(
        "set", help="change settings (KEY VALUE, as many pairs as needed), checked together as the Settings page does"
    )
    set_cmd.add_argument(
        "pairs",
        nargs="+",
        metavar="KEY VALUE",
        help="a dotted key that `settings show` lists, then its new value (lists: separated by commas)",
    )

    from desktop.cli_calls import add_parser as add_calls
    from desktop.cli_campaign import add_parsers as add_campaign
    from desktop.cli_exclusions import add_parser as add_exclusions
    from desktop.cli_reports import add_parsers as add_reports

    add_exclusions(commands)
    add_calls(commands)
    add_campaign(commands)
    add_reports(commands)
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    private_umask()  # the database, its backups and the log: readable by their owner only
    args = build_parser().parse_args(argv)
    out = stdout or sys.stdout
    window = args.command in (None, "gui")
    configure_logging(args.verbose, console=window or args.verbose)
    if args.command == "measure":
        return command_measure(args, out)
    if args.command == "self-check":
        from desktop.self_check import run_self_check

        return run_self_check(out, args.report)
    if args.command == "import":
        from desktop.cli_import import command_import

        return command_import(args, out)
    if args.command == "estimate":
        from desktop.cli_estimate import command_estimate

        return command_estimate(args, out)
    if args.command == "plan":
        from desktop.cli_plan import command_plan

        return command_plan(args, out)
    if args.command == "status":
        from desktop.cli_status import command_status

        return command_status(args, out)
    if args.command == "settings":
        from desktop.cli_settings import command_settings

        return command_settings(args, out)
    if args.command in ("campaign", "template"):
        from desktop.cli_campaign import command_campaign, command_template

        return command_campaign(args, out) if args.command == "campaign" else command_template(args, out)
    if args.command == "exclusions":
        from desktop.cli_exclusions import command_exclusions

        return command_exclusions(args, out)
    if args.command == "calls":
        from desktop.cli_calls import command_calls

        return command_calls(args, out)
    if args.command in ("report", "import-outcome", "record-coding", "purge"):
        from desktop.cli_reports import command_reports

        return command_reports(args, out)
    if args.command == "send-due":
        from desktop.cli_send_due import command_send_due

        return command_send_due(args, out)
    from desktop.ui.app import run_gui  # Qt is loaded only for the window

    if args.demo:
        return _run_demo(run_gui, args.db)
    return run_gui(args.db)


def _run_demo(run_gui: Callable[[Path | None], int], database: Path | None) -> int:
    from desktop.demo.demo_mode import Demo, demo_database_path, prepare
    from desktop.services.workspace import Workspace

    demo = Demo().start()
    try:
        path = database or demo_database_path()
        workspace = Workspace.open(path)
        try:
            prepare(workspace, demo.standin)
        finally:
            workspace.close()
        return run_gui(path)
    finally:
        demo.stop()


def command_measure(args: argparse.Namespace, out: TextIO) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    counting = Counting(Gateway(args.gateway), args.prefix.strip() if args.gateway == "notify" else "")
    m = counting.measure(text)
    sent = counting.sent_text(text)
    marks = counting.question_marks(text)
    safe = gsm_safe(text)
    safer = counting.measure(safe.text) if safe.changes else None
    if args.json:
        result = {
            "gateway": counting.gateway.value,
            "sent_text": sent,
            "question_marks": list(marks),
            "encoding": m.encoding,
            "characters": m.characters,
            "fragments": m.fragments,
            "remaining": m.remaining,
            "non_gsm": list(m.non_gsm),
            "too_long": m.too_long,
            "gsm_safe": None
            if safer is None
            else {
                "encoding": safer.encoding,
                "characters": safer.characters,
                "fragments": safer.fragments,
                "changes": [c.description for c in safe.changes],
            },
        }
        print(json.dumps(result, ensure_ascii=False, indent=2), file=out)
        return EXIT_OK
    print(f"Counted as:  {counting.gateway.label}", file=out)
    if sent != text:
        print(f"Sent as:     {sent}", file=out)
    if marks:
        print(f"Sent as '?': {' '.join(marks)} (GOV.UK Notify cannot send them: change them)", file=out)
    print(f"Encoding:    {m.encoding}", file=out)
    print(f"Characters:  {m.characters}", file=out)
    print(f"Fragments:   {m.fragments}", file=out)
    print(f"Room left:   {m.remaining} characters before the next fragment", file=out)
    if m.non_gsm:
        print(f"Unicode because of: {' '.join(m.non_gsm)}", file=out)
    if safer is not None and safer.fragments < m.fragments:
        print(
            f"Replacing look-alike punctuation would make it {safer.encoding}, "
            f"{safer.fragments} fragment(s): " + "; ".join(c.description for c in safe.changes),
            file=out,
        )
    if m.too_long:
        print(f"Too long: the limit is {counting.limit(m)}.", file=out)
    return EXIT_OK
