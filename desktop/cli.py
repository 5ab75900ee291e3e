"""The command line: `python main.py` opens the window; sub-commands work without one."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from desktop import APP_NAME, __version__
from desktop.core.sms import MAX_CHARACTERS, gsm_safe, measure

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description=f"{APP_NAME}: plan, cost and release outbound SMS campaigns for a GP practice. "
        "With no command, opens the application window.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", type=Path, metavar="PATH", help="the database file (default: in your user data folder)")
    parser.add_argument("--verbose", action="store_true", help="log more detail (never patient data)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    commands.add_parser("gui", help="open the application window (the default)")

    measure_cmd = commands.add_parser(
        "measure", help="show how a message is encoded, how many characters and fragments it takes"
    )
    measure_cmd.add_argument("--text", required=True, help="the message text; use - to read it from standard input")
    measure_cmd.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = stdout or sys.stdout
    if args.command == "measure":
        return command_measure(args, out)
    from desktop.log_setup import configure_logging
    from desktop.ui.app import run_gui  # Qt is loaded only for the window

    configure_logging(args.verbose)
    return run_gui(args.db)


def command_measure(args: argparse.Namespace, out: TextIO) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    m = measure(text)
    safe = gsm_safe(text)
    safer = measure(safe.text) if safe.changes else None
    if args.json:
        result = {
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
        print(f"Too long: the limit is {MAX_CHARACTERS[m.encoding]} characters ({m.encoding}).", file=out)
    return EXIT_OK
