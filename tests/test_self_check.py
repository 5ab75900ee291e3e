"""The self-check an installed copy runs: every step's line, and a failure named in plain words."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import main
from desktop.self_check import EXPECTED_LINES


def test_a_working_copy_passes_every_step(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["self-check", "--report", str(tmp_path / "report.txt")], out) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == EXPECTED_LINES and lines[-1] == f"Practice Messaging {__version__}: self-check passed"
    assert lines[0].startswith("store: opened and migrated to schema")
    assert lines[2] == "import: 80 rows read, 64 accepted"
    assert lines[3] == "window: drawn at 1100x720 with 7 areas"
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").splitlines() == lines


def test_a_step_that_fails_says_which_and_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.services import cohort_import

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("the sample list is missing")

    monkeypatch.setattr(cohort_import, "import_file", broken)
    out = io.StringIO()
    assert main(["self-check", "--report", str(tmp_path / "report.txt")], out) == 1
    said = out.getvalue().splitlines()
    assert said[-1] == "self-check FAILED: OSError: the sample list is missing"
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").splitlines()[-1] == said[-1]
