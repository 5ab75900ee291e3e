"""Practice Messaging: run `python main.py` for the window, `python main.py --help` for commands."""

import multiprocessing
import os
import sys

from desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen build must not re-run itself for a child process
    if sys.stdout is None or sys.stderr is None:  # the windowed build (and Task Scheduler) has no console
        devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the life of the process
        sys.stdout = sys.stdout or devnull
        sys.stderr = sys.stderr or devnull
    sys.exit(main())
