"""Learning from the calls a campaign's releases caused: totals staff counted, calls typed hour by hour, or
a phone system's call log; the estimate, the re-plan, and its return for approval."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.call_log import CallColumns, CallLogError
from desktop.core.campaign import Campaign, CampaignError, CampaignStatus
from desktop.core.clock import UK
from desktop.core.phone_hours import PhoneHours
from desktop.gateways.spreadsheets import UnreadableFile
from desktop.services import campaigns, exclusions, responses
from desktop.services.export import confirm_export, export_block
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.store import audit, call_counts
from desktop.store.campaigns import batches, went_out
from desktop.store.cohorts import NHS_NUMBER
from tests.campaign_helpers import SMALL_BLOCKS, approve_and_test, ready_campaign, release_by_export
from tests.files import write_csv, write_xlsx

RELEASED_AT = datetime(2026, 11, 24, 12, 5, tzinfo=UK)  # a Tuesday


@pytest.fixture
def approved(workspace: Workspace) -> Campaign:
    """The sample cohort's 61 recipients in daily blocks of 10, 20 and 31 (2 calls a day at 5 %), approved."""
    install_sample_data(workspace)
    return approve_and_test(workspace, ready_campaign(workspace).id)


def all_counts(workspace: Workspace) -> dict[datetime, int]:
    return call_counts.between(workspace.db, datetime(2000, 1, 1, tzinfo=UK), datetime(2100, 1, 1, tzinfo=UK))


def test_calls_recorded_for_a_block_re_plan_the_rest_for_approval_again(
    workspace: Workspace, approved: Campaign
) -> None:
    assert responses.blocks_awaiting_calls(workspace, approved.id) == []
    release_by_export(workspace, approved.id, 1)
    assert [b.block for b in responses.blocks_awaiting_calls(workspace, approved.id)] == [1]
    replanned = responses.record_responses(workspace, approved.id, [1], calls=2)  # 20 % of the first 10 phoned
    assert replanned.estimate.rate == Decimal("0.2") and replanned.previous_rate == Decimal("0.05")
    assert (replanned.estimate.low, replanned.estimate.high) == (Decimal("0.0567"), Decimal("0.5098"))
    plan = replanned.plan
    assert plan is not None and plan.inputs.response_rate == Decimal("0.2")
    assert max(b.size for b in plan.blocks) == 10  # 2 calls a day at 20 %
    assert sum(b.size for b in plan.blocks) == 51 and plan.blocks[0].number == 2
    campaign = campaigns.get(workspace, approved.id)
    assert campaign.status is CampaignStatus.DRAFT and campaign.approved_by == ""
    assert responses.blocks_awaiting_calls(workspace, approved.id) == []
    actions = [e.action for e in audit.recent(workspace.db, 2)]
    assert actions == ["campaign.replanned", "campaign.responses_recorded"]
    assert audit.recent(workspace.db, 1)[0].detail["low"] == "0.0567"

    again = campaigns.approve(workspace, approved.id, "Sam Patel")
    rows = batches(workspace.db, approved.id)
    assert rows[0]["status"] == "released" and rows[0]["observed_responses"] == 2
    assert sum(r["size"] for r in rows) == 61 and again.approved_plan is not None
    assert again.approved_plan["blocks"][0]["number"] == 2


def test_a_second_round_of_calls_re_plans_only_what_is_left(workspace: Workspace, approved: Campaign) -> None:
    release_by_export(workspace, approved.id, 1)
    responses.record_responses(workspace, approved.id, [1], calls=1)  # 10 % of 10
    second = campaigns.approve(workspace, approved.id, "Sam Patel")
    assert second.approved_plan is not None and second.approved_plan["blocks"][0]["number"] == 2
    release_by_export(workspace, approved.id, 2)
    again = responses.record_responses(workspace, approved.id, [2], calls=2)
    assert again.estimate.texts == 30 and again.estimate.extra_calls == 3  # both blocks: 3 calls of 30 texts
    assert again.estimate.rate == Decimal("0.1")
    plan = again.plan
    assert plan is not None and plan.blocks[0].number == 3
    sizes = {r["sequence"]: r["size"] for r in batches(workspace.db, approved.id)}
    assert sum(b.size for b in plan.blocks) == 61 - sizes[1] - sizes[2] and plan.blocks[-1].cumulative == 61
    third = campaigns.approve(workspace, approved.id, "Sam Patel")
    rows = batches(workspace.db, approved.id)
    assert sum(r["size"] for r in rows) == 61 and [r["sequence"] for r in rows] == list(range(1, len(rows) + 1))
    assert third.status is CampaignStatus.APPROVED


def test_calls_after_the_last_block_complete_the_campaign(workspace: Workspace) -> None:
    install_sample_data(workspace)
    one_block = approve_and_test(
        workspace,
        ready_campaign(workspace, inputs=replace(SMALL_BLOCKS, first_block=99, max_block=99, daily_capacity=10)).id,
    )
    release_by_export(workspace, one_block.id, 1)
    replanned = responses.record_responses(workspace, one_block.id, [1], calls=3)
    assert replanned.plan is None and replanned.estimate.texts == 61
    assert campaigns.get(workspace, one_block.id).status is CampaignStatus.COMPLETED


def test_calls_are_recorded_only_for_blocks_that_went_out(workspace: Workspace, approved: Campaign) -> None:
    with pytest.raises(CampaignError, match="only for blocks that have gone out"):
        responses.record_responses(workspace, approved.id, [1], calls=0)
    release_by_export(workspace, approved.id, 1)
    for blocks in ([], [2], [1, 2], [9]):
        with pytest.raises(CampaignError, match="only for blocks that have gone out"):
            responses.record_responses(workspace, approved.id, blocks, calls=0)
    with pytest.raises(CampaignError, match="cannot be negative"):
        responses.record_responses(workspace, approved.id, [1], calls=-1)
    assert [b["observed_responses"] for b in batches(workspace.db, approved.id)] == [None, None, None]
    campaigns.cancel(workspace, approved.id)
    with pytest.raises(CampaignError, match="cancelled"):
        responses.record_responses(workspace, approved.id, [1], calls=1)


def test_the_rate_counts_the_texts_that_went_not_the_block_planned(workspace: Workspace, approved: Campaign) -> None:
    last = campaigns.recipients(workspace, approved)[-1][NHS_NUMBER]
    exclusions.add(workspace, last, "declined")  # after approval: left out as its block is queued
    release_by_export(workspace, approved.id, 1, 2, 3)
    assert [(sequence, texts) for sequence, _, texts in went_out(workspace.db, approved.id)] == [
        (1, 10),
        (2, 20),
        (3, 30),  # the last block is one short
    ]
    assert responses.record_responses(workspace, approved.id, [3], calls=3).estimate.rate == Decimal("0.1")


def test_calls_for_a_days_releases_are_shared_by_their_texts(workspace: Workspace) -> None:
    install_sample_data(workspace)
    # 30 texts at 30 % is 9 calls, 3 of them in the first hour: more than the 2 an hour reception can take at 09:00
    hourly = replace(SMALL_BLOCKS, first_block=30, max_block=61, by_hour=True, response_rate=Decimal("0.3"))
    campaign = approve_and_test(workspace, ready_campaign(workspace, inputs=hourly).id)
    first_day = [b for b in batches(workspace.db, campaign.id) if b["planned_at"].date() == date(2026, 12, 1)]
    assert len(first_day) > 1  # a day's block goes in several releases
    release_by_export(workspace, campaign.id, *(b["sequence"] for b in first_day))
    waiting = responses.blocks_awaiting_calls(workspace, campaign.id)
    assert [b.block for b in waiting] == [b["sequence"] for b in first_day]
    responses.record_responses(workspace, campaign.id, [b.block for b in waiting], calls=7)
    observed = [b["observed_responses"] for b in batches(workspace.db, campaign.id)[: len(first_day)]]
    assert sum(observed) == 7
    sizes = [b["size"] for b in first_day]
    assert all(abs(o - 7 * s / sum(sizes)) < 1 for o, s in zip(observed, sizes, strict=True))


def test_sent_blocks_are_dated_by_when_notify_took_them(workspace: Workspace, approved: Campaign) -> None:
    export_block(workspace, approved.id, 1, workspace.path.parent, now=RELEASED_AT)
    confirm_export(workspace, approved.id, 1, sent=True, now=RELEASED_AT + timedelta(hours=5))
    assert went_out(workspace.db, approved.id)[0][1] == RELEASED_AT.replace(second=0)  # exported: when written
    workspace.db.execute(
        "UPDATE messages SET provider_id = 'n-' || id, sent_at = ? WHERE campaign_id = ?",
        ["2026-11-24T13:00:00+00:00", approved.id],
    )
    assert went_out(workspace.db, approved.id)[0][1] == datetime(2026, 11, 24, 13, tzinfo=UK)


def usual_weeks(workspace: Workspace, calls: int = 20) -> dict[datetime, int]:
    """Five weeks of every open hour's calls around the release (the default phones: weekdays 08:00-18:00)."""
    hours = PhoneHours()
    counts = {}
    day = date(2026, 10, 26)
    while day <= date(2026, 11, 27):
        for hour in hours.open_hours(day):
            counts[datetime.combine(day, time(hour), UK)] = calls
        day += timedelta(days=1)
    return counts


def test_calls_by_the_hour_re_estimate_the_rate_against_days_without_a_release(
    workspace: Workspace, approved: Campaign
) -> None:
    export_block(workspace, approved.id, 1, workspace.path.parent, now=RELEASED_AT)
    confirm_export(workspace, approved.id, 1, sent=True, now=RELEASED_AT)
    counts = usual_weeks(workspace)
    counts[datetime(2026, 11, 24, 12, tzinfo=UK)] += 5  # five of the ten patients phoned within the hour
    responses.save_hourly_calls(workspace, counts)
    replanned = responses.learn_from_hours(workspace, approved.id)
    estimate = replanned.estimate
    assert estimate.rate == Decimal("0.5") and estimate.extra_calls == 5 and estimate.texts == 10
    assert (estimate.hours_used, estimate.baseline_days) == (26, 22) and estimate.curve is None
    assert estimate.low < Decimal("0.5") < estimate.high
    assert replanned.plan is not None and replanned.plan.inputs.response_rate == Decimal("0.5")
    assert campaigns.get(workspace, approved.id).status is CampaignStatus.DRAFT
    detail = audit.recent(workspace.db, 1)[0].detail
    assert detail["response_rate"] == "0.5000" and detail["curve_learned"] is False


def test_hourly_learning_needs_a_block_out_and_calls_to_compare(workspace: Workspace, approved: Campaign) -> None:
    with pytest.raises(CampaignError, match="No block of this campaign has gone out yet"):
        responses.learn_from_hours(workspace, approved.id)
    export_block(workspace, approved.id, 1, workspace.path.parent, now=RELEASED_AT)
    confirm_export(workspace, approved.id, 1, sent=True, now=RELEASED_AT)
    with pytest.raises(CampaignError, match="import or type the calls of more days"):
        responses.learn_from_hours(workspace, approved.id)
    assert campaigns.get(workspace, approved.id).status is CampaignStatus.APPROVED


def test_typed_hours_replace_the_same_hours_and_refuse_a_negative(workspace: Workspace) -> None:
    nine = datetime(2026, 12, 1, 9, tzinfo=UK)
    responses.save_hourly_calls(workspace, {nine: 14, nine + timedelta(hours=1): 22})
    responses.save_hourly_calls(workspace, {nine: 15})
    assert all_counts(workspace) == {nine: 15, nine + timedelta(hours=1): 22}
    with pytest.raises(CampaignError, match="cannot be negative"):
        responses.save_hourly_calls(workspace, {nine: 3, nine + timedelta(hours=2): -1})
    assert all_counts(workspace) == {nine: 15, nine + timedelta(hours=1): 22}


CALL_LOG = [
    ["Call report: Riverside Surgery", ""],
    ["Direction", "Caller", "Call date", "Call time", "Duration"],
    ["Inbound", "07700 900123", "24/11/2026", "09:14:03", "00:03:12"],
    ["Inbound", "07700 900456", "24/11/2026", "09:40:00", "00:01:00"],
    ["Outbound", "07700 900789", "24/11/2026", "09:45:00", "00:02:00"],
    ["Inbound", "withheld", "24/11/2026", "10:02:00", "00:00:40"],
    ["Inbound", "07700 900123", "", "", ""],
    ["Total", "5"],
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_call_log_is_counted_by_the_hour_and_only_counts_are_kept(
    workspace: Workspace, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"calls{suffix}"
    write_csv(path, CALL_LOG) if suffix == ".csv" else write_xlsx(path, {"Calls": CALL_LOG})
    log_file = responses.read_call_log(path)
    assert log_file.header_index == 1 and log_file.guessed == CallColumns(2, 3, direction=0)
    counted = responses.import_call_log(workspace, log_file, log_file.guessed)
    nine = datetime(2026, 11, 24, 9, tzinfo=UK)
    assert counted.by_hour == {nine: 2, nine + timedelta(hours=1): 1}
    assert (counted.calls, counted.outbound, counted.unreadable) == (3, 1, 1)
    assert all_counts(workspace) == counted.by_hour
    assert workspace.db.execute("SELECT DISTINCT source FROM call_counts").fetchall() == [("call log",)]
    workspace.db.conn.commit()
    dump = "\n".join(workspace.db.conn.iterdump())
    assert "900123" not in dump and "withheld" not in dump and "900789" not in dump
    again = responses.import_call_log(workspace, log_file, log_file.guessed)  # the same log twice: not doubled
    assert all_counts(workspace) == again.by_hour == counted.by_hour


def test_a_call_log_that_cannot_be_counted_keeps_what_was_stored(workspace: Workspace, tmp_path: Path) -> None:
    nine = datetime(2026, 12, 1, 9, tzinfo=UK)
    responses.save_hourly_calls(workspace, {nine: 14})
    numbers_only = write_csv(tmp_path / "numbers.csv", [["Caller", "Duration"], ["07700 900123", "00:01:00"]])
    log_file = responses.read_call_log(numbers_only)
    assert log_file.guessed is None
    with pytest.raises(CallLogError, match="No call times could be read"):
        responses.import_call_log(workspace, log_file, CallColumns(0))
    not_a_sheet = tmp_path / "calls.xlsx"
    not_a_sheet.write_bytes(b"this is not a workbook")
    with pytest.raises(UnreadableFile):
        responses.read_call_log(not_a_sheet)
    assert all_counts(workspace) == {nine: 14}


def test_a_tally_of_calls_about_the_campaign_by_the_hour_re_plans_it(workspace: Workspace, approved: Campaign) -> None:
    with pytest.raises(CampaignError, match="No block of this campaign has gone out yet"):
        responses.record_hourly_tally(workspace, approved.id, {RELEASED_AT: 1})
    export_block(workspace, approved.id, 1, workspace.path.parent, now=RELEASED_AT)
    confirm_export(workspace, approved.id, 1, sent=True, now=RELEASED_AT)
    noon = datetime(2026, 11, 24, 12, tzinfo=UK)
    with pytest.raises(CampaignError, match="cannot be negative"):
        responses.record_hourly_tally(workspace, approved.id, {noon: -1})
    with pytest.raises(CampaignError, match="enter the calls of the hours after the release"):
        responses.record_hourly_tally(workspace, approved.id, {noon - timedelta(hours=2): 4})
    assert campaigns.get(workspace, approved.id).status is CampaignStatus.APPROVED
    assert call_counts.of_campaign(workspace.db, approved.id) == {}  # nothing kept from a tally that failed
    first = responses.record_hourly_tally(workspace, approved.id, {noon: 3})  # the first hour: 35 % of its calls
    assert first.estimate.rate == Decimal("0.8571") and first.estimate.hours_used == 1
    assert all_counts(workspace) == {}  # a campaign's tally is not the practice's inbound calls
    campaigns.approve(workspace, approved.id, "Sam Patel")
    later = {noon + timedelta(hours=1): 1, noon + timedelta(hours=2): 0}
    second = responses.record_hourly_tally(workspace, approved.id, later)  # kept with the earlier hours
    assert second.estimate.hours_used == 3 and second.estimate.extra_calls == 4
    assert call_counts.of_campaign(workspace.db, approved.id) == {noon: 3, **later}
    assert "from the calls about the campaign in 3 hours" in second.describe()
