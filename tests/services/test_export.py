"""Releasing by export: the upload files, exactly once, confirmed sent or not by staff."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core.campaign import CampaignError
from desktop.services import campaigns, release_board
from desktop.services.export import confirm_export, export_block
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.store.campaigns import batches
from tests.campaign_helpers import approve_and_test, ready_campaign


@pytest.fixture
def approved(workspace: Workspace) -> campaigns.Campaign:
    install_sample_data(workspace)
    return approve_and_test(workspace, ready_campaign(workspace).id)


def statuses(workspace: Workspace) -> dict[str, int]:
    return dict(workspace.db.execute("SELECT status, count(*) FROM messages GROUP BY status").fetchall())


def test_a_block_is_written_for_notify_upload_and_as_a_list(
    workspace: Workspace, approved: campaigns.Campaign, tmp_path: Path
) -> None:
    result = export_block(workspace, approved.id, 1, tmp_path)
    assert result.texts == 10 and [p.name for p in result.files] == [
        "flu-2026-block-1-notify-upload.csv",
        "flu-2026-block-1-list.xlsx",
        "flu-2026-block-1-list.csv",
    ]
    with result.files[0].open(encoding="utf-8", newline="") as handle:
        upload = list(csv.reader(handle))
    assert upload[0] == ["phone number", "message"] and len(upload) == 11
    assert all(row[0].startswith("07") and "flu" in row[1].lower() for row in upload[1:])
    workbook = load_workbook(result.files[1], read_only=True)
    listed = [list(row) for row in workbook["Texts"].iter_rows(values_only=True)]
    workbook.close()
    assert listed[0] == ["NHS number", "Name", "Date of birth", "Mobile", "Message"] and len(listed) == 11
    assert len(listed[1][0]) == 12 and listed[1][2].count("/") == 2  # 943 476 5919, 01/02/1950
    assert statuses(workspace) == {"exported": 10}
    view = release_board.board(workspace)[0]
    assert (view.state, view.exported, view.can_export) == (release_board.EXPORTED, 10, False)
    with pytest.raises(CampaignError, match="already been released"):
        export_block(workspace, approved.id, 1, tmp_path)


def test_confirmed_sent_the_texts_count_as_sent(
    workspace: Workspace, approved: campaigns.Campaign, tmp_path: Path
) -> None:
    export_block(workspace, approved.id, 1, tmp_path)
    assert confirm_export(workspace, approved.id, 1, sent=True) == 10
    assert statuses(workspace) == {"sent": 10}
    assert workspace.db.execute("SELECT count(*) FROM messages WHERE sent_at IS NULL").fetchone()[0] == 0
    assert release_board.board(workspace)[0].state == "Sent"
    with pytest.raises(CampaignError, match="no exported texts"):
        confirm_export(workspace, approved.id, 1, sent=True)


def test_not_sent_the_block_waits_to_be_released_again_to_the_same_patients(
    workspace: Workspace, approved: campaigns.Campaign, tmp_path: Path
) -> None:
    first = export_block(workspace, approved.id, 1, tmp_path)
    with first.files[0].open(encoding="utf-8") as handle:
        before = handle.read()
    assert confirm_export(workspace, approved.id, 1, sent=False) == 10
    assert statuses(workspace) == {} and batches(workspace.db, approved.id)[0]["status"] == "planned"
    again = export_block(workspace, approved.id, 1, tmp_path)
    assert again.files[0].read_text(encoding="utf-8") == before


def test_a_missing_folder_stores_nothing(workspace: Workspace, approved: campaigns.Campaign, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        export_block(workspace, approved.id, 1, tmp_path / "gone")
    assert statuses(workspace) == {} and batches(workspace.db, approved.id)[0]["status"] == "planned"
    assert workspace.db.execute("SELECT count(*) FROM releases").fetchone()[0] == 0


def test_a_file_that_cannot_be_written_leaves_no_files_and_nothing_stored(
    workspace: Workspace, approved: campaigns.Campaign, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "flu-2026-block-1-list.xlsx").mkdir()  # the workbook's name is taken by a folder
    with pytest.raises(OSError):
        export_block(workspace, approved.id, 1, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["flu-2026-block-1-list.xlsx"]  # the upload CSV is gone
    assert statuses(workspace) == {} and batches(workspace.db, approved.id)[0]["status"] == "planned"


def test_a_practice_that_exports_has_send_due_write_the_due_blocks_to_its_folder(
    workspace: Workspace, approved: campaigns.Campaign, tmp_path: Path
) -> None:
    from dataclasses import replace
    from datetime import timedelta

    from desktop.core.counting import Gateway
    from desktop.services.practice import get_settings, update_settings
    from desktop.services.send_due import export_due

    update_settings(workspace, replace(get_settings(workspace), gateway=Gateway.STANDARD, export_folder=str(tmp_path)))
    now = batches(workspace.db, approved.id)[0]["planned_at"] + timedelta(minutes=10)
    assert export_due(workspace, now, dry_run=True).files == [] and statuses(workspace) == {}
    run = export_due(workspace, now)
    assert (run.releases, run.exported, len(run.files)) == (1, 10, 3) and all(p.parent == tmp_path for p in run.files)
    assert export_due(workspace, now + timedelta(minutes=5)).releases == 0  # exactly once
    assert statuses(workspace) == {"exported": 10}
