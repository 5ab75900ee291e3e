"""The report of an unexpected error (a bug), for the log and for the practice to pass to its IT support.

It holds the version, the system and where in the code the error happened, and no patient data: an
exception's message can quote what it was given (a name, a mobile, an NHS number), so only the
exception's type is kept, and file paths start at the application's own folders (a user's home folder
names the member of staff).
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from desktop import APP_NAME, __version__

log = logging.getLogger(__name__)

_OWN_ROOT = Path(__file__).resolve().parent.parent  # the folder holding desktop/ (or the bundle's)


def crash_report(error: BaseException, extra: dict[str, str] | None = None) -> str:
    """A plain-text report of `error`, safe to copy into an e-mail: no messages, no patient data."""
    lines = [
        f"{APP_NAME} {__version__}: crash report",
        f"When: {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC",
        f"System: {platform.platform(terse=True)} ({platform.machine()}), Python {platform.python_version()}"
        + "".join(f", {name} {version}" for name, version in (extra or {}).items()),
        "",
    ]
    for index, link in enumerate(_chain(error)):
        if index:
            # as Python words it: raised "from" the one above, or while handling it
            lines += ["", "The error above led to this one:" if link.__suppress_context__ else
                      "While handling the error above, another happened:"]  # fmt: skip
        lines.append(f"Error: {type(link).__module__}.{type(link).__qualname__} (its message is left out: it may "
                     "hold patient data)")  # fmt: skip
        lines.append("Where (most recent call last):")
        for frame in traceback.extract_tb(link.__traceback__):
            lines.append(f"  {_short(frame.filename)}, line {frame.lineno}, in {frame.name}")
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
    return "\n".join(lines)


def log_crash(error: BaseException, extra: dict[str, str] | None = None) -> str:
    """Write the report to the log, and return it."""
    report = crash_report(error, extra)
    log.error("Unexpected error\n%s", report)
    return report


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error and those it was raised from or during, oldest first, as Python prints them."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return reversed(chain)


def _short(filename: str) -> str:
    """The file within the application or the Python library, never the folders above them."""
    path = Path(filename)
    for root in (_OWN_ROOT, Path(sys.prefix), Path(sys.base_prefix)):
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except (ValueError, OSError):
            continue
    return path.name
