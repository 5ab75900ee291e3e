"""A check that an installed (or frozen) copy works end to end on this computer, without touching the
practice's data: a temporary store opened and migrated, a message measured, the sample cohort imported
through the real importer, and the main window drawn offscreen. Run by `main.py self-check` (the
installer's build runs it on the bundle); each step prints one line, and any failure ends it."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import TextIO

EXPECTED_LINES = 5  # what a passing check prints, for the build to compare


def run_self_check(out: TextIO, report: Path | None = None) -> int:
    """0 when every step passed; 1, with the step and why, when one did not (and the report says so too)."""
    lines: list[str] = []

    class Both(io.StringIO):
        def write(self, text: str) -> int:
            out.write(text)
            lines.append(text)
            return len(text)

    try:
        status = _check(Both())
    except Exception as error:  # anything at all: the check is for what was not foreseen
        print(f"self-check FAILED: {type(error).__name__}: {error}", file=out)
        lines.append(f"self-check FAILED: {type(error).__name__}: {error}\n")
        status = 1
    if report is not None:
        report.write_text("".join(lines), encoding="utf-8")
    return status


def _check(out: TextIO) -> int:
    from desktop import APP_NAME, __version__
    from desktop.core.counting import Counting, Gateway
    from desktop.services.cohort_import import import_file
    from desktop.services.sample_data import SAMPLE_COHORT, SAMPLE_FOLDER
    from desktop.services.workspace import Workspace
    from desktop.store.database import schema_version
    from desktop.store.migrations import LATEST_VERSION

    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.open(Path(folder) / "self-check.db")
        try:
            version = schema_version(workspace.db)
            if version != LATEST_VERSION:
                raise RuntimeError(f"the store is at schema {version}, not {LATEST_VERSION}")
            print(f"store: opened and migrated to schema {version}", file=out)
            measured = Counting(Gateway.NOTIFY).measure("Dear Margaret, your flu jab is due. Book on 0113 243 4567.")
            if (measured.encoding, measured.fragments) != ("GSM-7", 1):
                raise RuntimeError(f"a plain text measured as {measured.encoding}, {measured.fragments} fragments")
            print(f"measure: {measured.characters} characters, {measured.fragments} fragment, GSM-7", file=out)
            imported = import_file(workspace, SAMPLE_FOLDER / SAMPLE_COHORT, name="Self-check")
            counts = imported.validated.counts
            if counts.accepted == 0:
                raise RuntimeError("the sample cohort imported no patients")
            print(f"import: {counts.rows_read} rows read, {counts.accepted} accepted", file=out)
            print(f"window: {_draw_window(workspace)}", file=out)
        finally:
            workspace.close()
    print(f"{APP_NAME} {__version__}: self-check passed", file=out)
    return 0


def _draw_window(workspace: object) -> str:
    """The main window made and drawn into an image offscreen; its size and the pages it lists."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # drawn, never shown on the screen
    from desktop.services.workspace import Workspace
    from desktop.ui.app import create_application
    from desktop.ui.main_window import MainWindow
    from desktop.ui.workers import jobs

    assert isinstance(workspace, Workspace)
    app = create_application([])
    window = MainWindow(workspace)
    window.resize(1100, 720)
    window.show()
    app.processEvents()
    image = window.grab().toImage()
    areas = window.navigation.count()
    window.close()
    jobs().shutdown()
    if image.isNull() or image.width() < 1000:
        raise RuntimeError("the main window could not be drawn")
    return f"drawn at {image.width()}x{image.height()} with {areas} areas"
