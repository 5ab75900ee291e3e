"""Practice Messaging: run `python main.py` for the window, `python main.py --help` for commands."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
