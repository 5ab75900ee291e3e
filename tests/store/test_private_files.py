"""The practice's data folder, database and log are readable by their owner only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.log_setup import configure_logging
from desktop.store.database import open_database
from desktop.store.paths import APP_DIR_NAME
from desktop.store.private_files import is_owner_only, private_umask

pytestmark = pytest.mark.skipif(os.name != "posix", reason="permission bits are a POSIX matter")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """A user whose umask would let the group and others read new files (as many desktops have)."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_the_data_folder_and_database_are_the_owners_alone(tmp_path: Path, loose_umask: None) -> None:
    path = tmp_path / APP_DIR_NAME / "practice-messaging.db"
    db = open_database(path)
    db.execute("CREATE TABLE t (x)")  # the write-ahead log exists now
    db.close()
    assert mode(path.parent) == 0o700 and mode(path) == 0o600
    assert is_owner_only(path) and is_owner_only(path.parent)


def test_a_database_made_readable_by_others_is_made_private_again_when_opened(
    tmp_path: Path, loose_umask: None
) -> None:
    chosen = tmp_path / "shared"
    chosen.mkdir(mode=0o755)
    path = chosen / "practice.db"
    open_database(path).close()
    path.chmod(0o644)
    assert not is_owner_only(path)
    open_database(path).close()
    assert mode(path) == 0o600 and mode(chosen) == 0o755  # a folder the user chose is left as it is


def test_new_files_of_the_process_are_the_owners_alone(tmp_path: Path, loose_umask: None) -> None:
    private_umask()
    made = tmp_path / "export.csv"
    made.write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    assert mode(made) == 0o600 and mode(tmp_path / "folder") == 0o700


def test_the_log_is_the_owners_alone(tmp_path: Path, loose_umask: None) -> None:
    log = tmp_path / "logs"
    written = configure_logging(console=False, log_dir=log)
    assert written is not None and mode(log) == 0o700 and mode(written) == 0o600
