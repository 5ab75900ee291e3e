"""The calls command and campaign record-calls: a call log counted, hourly figures typed, a campaign's tally,
and each re-planning the campaign; bad input refused in one line with nothing stored."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.campaign import Campaign, CampaignStatus
from desktop.core.clock import UK
from desktop.services import campaigns
from desktop.services.export import confirm_export, export_block
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.store import call_counts
from tests.campaign_helpers import approve_and_test, ready_campaign
from tests.files import write_csv

NOON = datetime(2026, 11, 24, 12, tzinfo=UK)  # a Tuesday


@pytest.fixture
def released(workspace: Workspace) -> Campaign:
    """The sample campaign approved, its first block of 10 exported at noon on Tuesday 24 November."""
    install_sample_data(workspace)
    campaign = approve_and_test(workspace, ready_campaign(workspace).id)
    export_block(workspace, campaign.id, 1, workspace.path.parent, now=NOON)
    confirm_export(workspace, campaign.id, 1, sent=True, now=NOON)
    return campaign


def run(workspace: Workspace, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    status = main(["--db", str(workspace.path), *args], out)
    return status, out.getvalue(), capsys.readouterr().err


def counts(workspace: Workspace) -> dict[datetime, int]:
    return call_counts.between(workspace.db, datetime(2000, 1, 1, tzinfo=UK), datetime(2100, 1, 1, tzinfo=UK))


def test_record_calls_takes_the_earliest_days_blocks_without_calls(
    workspace: Workspace, released: Campaign, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(workspace, "campaign", "record-calls", "--campaign", str(released.id), "--calls", "2",
                         capsys=capsys)  # fmt: skip
    assert status == 0
    assert out.startswith("20.0% of patients phoned (95% interval 5.7% to 51.0%), from the calls recorded")
    assert "The plan expected 5%. The remaining 51 messages are re-planned" in out
    assert campaigns.get(workspace, released.id).status is CampaignStatus.DRAFT
    campaigns.approve(workspace, released.id, "Sam Patel")
    status, _, err = run(workspace, "campaign", "record-calls", "--campaign", str(released.id), "--calls", "1",
                         capsys=capsys)  # fmt: skip
    assert status == 2 and "No block of this campaign has gone out without its calls recorded" in err
    status, _, err = run(workspace, "campaign", "record-calls", "--campaign", str(released.id), "--calls", "1",
                         "--block", "2", capsys=capsys)  # fmt: skip
    assert status == 2 and "only for blocks that have gone out" in err


def test_a_call_log_is_counted_and_learned_from(
    workspace: Workspace, released: Campaign, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [["Phone system export"], ["Caller", "Received", "Direction"]]
    for day in (10, 11, 12, 17, 18, 19, 24, 25, 26):
        for hour in range(8, 18):
            calls = 3 + (4 if (day, hour) == (24, 12) else 0)
            rows += [["07700 900123", f"2026-11-{day} {hour:02}:{m:02}:00", "Inbound"] for m in range(calls)]
    rows += [["07700 900456", "2026-11-24 12:10:00", "Outbound"], ["07700 900457", "soon", "Inbound"]]
    path = write_csv(tmp_path / "calls.csv", rows)
    status, out, _ = run(workspace, "calls", "import", str(path), capsys=capsys)
    assert status == 0
    assert out.startswith("Counted 274 calls in 90 hours, Tue 10 Nov 2026 to Thu 26 Nov 2026.")
    assert "1 call the practice made not counted. 1 row without a time that could be read not counted." in out
    assert "900123" not in "\n".join(workspace.db.conn.iterdump())
    status, out, _ = run(workspace, "calls", "learn", "--campaign", str(released.id), capsys=capsys)
    assert status == 0
    assert out.startswith("40.0% of patients phoned (95% interval")
    assert "from 26 hours of calls against the usual calls of 6 days without a release: 4 calls after 10 texts" in out


def test_a_call_log_whose_columns_are_named_by_hand(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["Caller", "Day", "Clock"], ["07700 900123", "24/11/2026", "09:14"], ["07700 900124", "24/11/2026", "9:40"]]
    path = write_csv(tmp_path / "calls.csv", rows)
    status, _, err = run(workspace, "calls", "import", str(path), capsys=capsys)
    assert status == 2 and "Which column holds each call's time? Give it with --time-column" in err
    assert "The headings are: Caller, Day, Clock." in err
    status, _, err = run(workspace, "calls", "import", str(path), "--time-column", "Hour", capsys=capsys)
    assert status == 2 and "There is no column headed 'Hour'" in err
    status, out, _ = run(workspace, "calls", "import", str(path), "--time-column", "clock", "--date-column", "DAY",
                         capsys=capsys)  # fmt: skip
    assert status == 0 and out.startswith("Counted 2 calls in 1 hour,")
    assert counts(workspace) == {datetime(2026, 11, 24, 9, tzinfo=UK): 2}


def test_a_file_that_is_not_a_call_log_is_refused_and_nothing_kept(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.csv"
    status, _, err = run(workspace, "calls", "import", str(missing), capsys=capsys)
    assert status == 2 and "cannot be found" in err
    numbers = write_csv(tmp_path / "numbers.csv", [["Caller", "Time"], ["07700 900123", "07700 900123"]])
    status, _, err = run(workspace, "calls", "import", str(numbers), capsys=capsys)
    assert status == 2 and "No call times could be read" in err
    assert counts(workspace) == {}


def test_hourly_figures_are_typed_for_the_practice_or_for_a_campaign(
    workspace: Workspace, released: Campaign, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(workspace, "calls", "set", "2026-11-17", "9=14", "10=22", capsys=capsys)
    assert (status, out) == (0, "Kept the calls of 2 hours.\n")
    assert counts(workspace) == {datetime(2026, 11, 17, 9, tzinfo=UK): 14, datetime(2026, 11, 17, 10, tzinfo=UK): 22}
    for bad in (["2026-17-11", "9=1"], ["2026-11-17", "9-1"], ["2026-11-17", "24=1"], ["2026-11-17", "9=-1"]):
        status, _, err = run(workspace, "calls", "set", *bad, capsys=capsys)
        assert status == 2 and err.startswith("error: ")
    status, out, _ = run(workspace, "calls", "set", "2026-11-24", "12=3", "--campaign", str(released.id),
                         capsys=capsys)  # fmt: skip
    assert status == 0 and "from the calls about the campaign in 1 hour: 3 calls after 10 texts" in out
    assert len(counts(workspace)) == 2  # the campaign's tally is kept apart
    status, _, err = run(workspace, "calls", "learn", "--campaign", "99", capsys=capsys)
    assert status == 2 and err.startswith("error: ")
