"""A campaign whose numbers are known, from approval with a held-back group to its outcome: every figure of
the report, the practice view, the exports, the coding list, and its personal data deleted after."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core.campaign import Campaign, CampaignError, CampaignStatus
from desktop.core.clock import UK
from desktop.core.holdback import is_held_back
from desktop.core.outcomes import Measure, Share
from desktop.core.records import Coding
from desktop.core.template import Purpose
from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify import ApiKey, NotifyClient
from desktop.services import campaigns, hold_back, outcomes, records, report_export, reports, responses, retention
from desktop.services.exclusions import HELD_BACK
from desktop.services.practice import get_settings, update_settings
from desktop.services.release_board import send_now
from desktop.services.sample_data import install_sample_data
from desktop.services.send_due import refresh_statuses
from desktop.services.workspace import Workspace
from desktop.store.campaigns import batches, held_back_nhs_numbers
from tests.campaign_helpers import approve_and_test, ready_campaign
from tests.files import write_csv

SEED = "known-seed"
CONCEPT = Coding("1239511000000100", "Influenza vaccination invitation text message sent")


@dataclass
class Story:
    campaign: Campaign
    texted: list[str]  # NHS numbers, in the order their texts went
    held_back: list[str]
    failed: list[str]
    fragments: int


def patients_by_id(workspace: Workspace, cohort_id: int) -> dict[int, str]:
    rows = workspace.db.execute(
        "SELECT id, nhs_number FROM patients WHERE cohort_id = ? AND status = 'valid'", [cohort_id]
    ).fetchall()
    return dict(rows)


@pytest.fixture
def story(workspace: Workspace, notify: NotifyStandIn) -> Iterator[Story]:
    """The sample flu campaign, a fifth held back, every block sent through the stand-in Notify; two
    numbers not in use, the rest delivered."""
    install_sample_data(workspace)
    ready = ready_campaign(workspace)
    campaigns.save_draft(
        workspace, replace(ready, options=replace(ready.options, hold_back=Decimal("0.2"), hold_back_seed=SEED))
    )
    campaign = approve_and_test(workspace, ready.id)
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway:
        for block in batches(workspace.db, campaign.id):
            at = block["planned_at"] + timedelta(minutes=5)
            send_now(workspace, campaign.id, block["sequence"], gateway, notify.template_id, lambda at=at: at)
        for text in notify.texts[:2]:
            text.status = "permanent-failure"
        notify.settle("delivered")
        refresh_statuses(workspace, gateway, datetime(2026, 12, 3, 17, tzinfo=UK))
    texted = [
        nhs
        for (nhs,) in workspace.db.execute(
            "SELECT p.nhs_number FROM messages m JOIN patients p ON p.id = m.patient_id WHERE m.campaign_id = ? "
            "ORDER BY m.id",
            [campaign.id],
        )
    ]
    ids = patients_by_id(workspace, ready.cohort_id or 0)
    held = sorted(held_back_nhs_numbers(workspace.db, campaign.id))
    assert held == sorted(nhs for pid, nhs in ids.items() if is_held_back(SEED, pid, Decimal("0.2")) and nhs in held)
    failed = texted[:2]
    fragments = workspace.db.execute("SELECT sum(fragments) FROM messages").fetchone()[0]
    yield Story(campaigns.get(workspace, campaign.id), texted, held, failed, fragments)


def follow_up(tmp_path: Path, vaccinated: list[str], not_vaccinated: list[str], others: list[str]) -> Path:
    rows = [["Search: flu vaccinations since 01/09/2026"], [], ["NHS Number", "Name", "Vaccinated", "Date given"]]
    rows += [[nhs, "A Patient", "Y", "05/12/2026"] for nhs in vaccinated]
    rows += [[nhs, "A Patient", "N", ""] for nhs in not_vaccinated]
    rows += [[nhs, "Someone Else", "Y", "06/12/2026"] for nhs in others]
    rows += [["12345", "Typo", "Y", ""]]
    return write_csv(tmp_path / "follow-up.csv", rows)


def test_the_held_back_share_is_left_out_of_every_block(workspace: Workspace, story: Story) -> None:
    assert len(story.held_back) >= 8 and len(story.texted) + len(story.held_back) == 61  # a fifth or so of 61
    left = workspace.db.execute("SELECT left_out FROM releases").fetchall()
    assert all(HELD_BACK in row[0] for row in left[:1])
    assert not set(story.held_back) & set(story.texted)
    assert campaigns.get(workspace, story.campaign.id).status is CampaignStatus.COMPLETED  # every block went


def test_the_outcome_is_measured_against_the_baseline_and_those_held_back(
    workspace: Workspace, story: Story, tmp_path: Path
) -> None:
    texted_done = story.texted[:30]
    held_done = story.held_back[:2]
    path = follow_up(tmp_path, texted_done + held_done, story.texted[30:35], ["9990001006"])
    file = outcomes.read_follow_up_file(path)
    assert file.header_index == 2 and file.guessed is not None
    result = outcomes.import_outcome(workspace, story.campaign.id, file, file.guessed)
    assert (result.read, result.matched) == (38, 37)  # the other practice's patient is not kept
    assert result.problems == [(3 + 38 + 1, "The NHS number should have 10 digits, not 5.")]
    outcome = outcomes.campaign_outcome(workspace, story.campaign.id)
    texted = Share(30, len(story.texted))
    assert outcome.measure is Measure.UPTAKE and outcome.texted == texted
    assert outcome.comparison is not None and outcome.comparison.held_back == Share(2, len(story.held_back))
    assert outcome.said.startswith(f"Uptake among those texted: {texted.describe()}, probably between")
    assert outcome.said.endswith("the baseline of 12%.")  # "12% in 2025", typed at the quick check
    assert outcome.comparison.describe().startswith(
        f"uptake {round(texted.rate * 100)}% among those texted vs {round(2 / len(story.held_back) * 100)}% among "
        "those held back; the difference is probably between"
    )
    again = outcomes.import_outcome(workspace, story.campaign.id, file, file.guessed)  # a list replaces the last
    assert again.matched == 37


def test_every_figure_of_the_campaign_report(workspace: Workspace, story: Story, tmp_path: Path) -> None:
    campaign_id = story.campaign.id
    responses.record_responses(workspace, campaign_id, [1], calls=1)
    report = reports.campaign_report(workspace, campaign_id)
    assert report.texts == len(story.texted)
    assert report.delivered == len(story.texted) - 2
    assert report.failed == {"Not delivered: the number is not in use": 2}
    assert (report.waiting, report.not_sent) == (0, 0)
    pence = Decimal(story.fragments) * Decimal("2.4") * Decimal("1.2")  # Notify bills the failures too
    assert report.fragments == story.fragments and report.cost_pence == pence.quantize(Decimal("0.01"))
    assert report.cost_per_delivered == (pence / report.delivered).quantize(Decimal("0.01"))
    assert report.estimate_pence == Decimal(story.campaign.approved_estimate["cost_after_vat"])  # type: ignore[index]
    assert [(b.block, b.texts, b.recorded_calls) for b in report.blocks][:1] == [(1, 10, 1)]
    assert report.blocks[0].expected_calls == Decimal("0.5")  # 10 texts at 5%
    assert report.survey is None and not report.outcome.imported
    assert report.outcome.said.startswith("No follow-up list has been imported yet")

    path = report_export.write_campaign_workbook(report, tmp_path / "report.xlsx")
    sheet = load_workbook(path)["Campaign"]
    values = {row[0].value: row[1] for row in sheet.iter_rows(min_row=4) if row[0].value}
    assert values["Delivered"].value == report.delivered and values["Delivered"].number_format == "#,##0"
    assert values["Cost so far"].value == float(report_export.pounds(report.cost_pence)) == 3.05
    assert values["Cost so far"].number_format == '"£"#,##0.00'
    assert sheet["A3"].value == "Figure" and sheet["A3"].font.bold
    blocks = load_workbook(path)["Calls by block"]
    assert blocks["B2"].is_date and blocks["C2"].value == 10


def test_the_practice_view_month_by_month(workspace: Workspace, story: Story, tmp_path: Path) -> None:
    settings = get_settings(workspace)
    update_settings(workspace, replace(settings, monthly_budget=Decimal(100)))
    view = reports.practice_report(workspace, date(2026, 11, 1), date(2027, 1, 1))
    assert [m.label for m in view.months] == ["Nov 2026", "Dec 2026"]
    november, december = view.months
    assert (november.texts, november.pence) == (0, 0)
    assert december.texts == len(story.texted) and december.fragments == story.fragments
    assert view.by_purpose == {Purpose.CALL_TO_ACTION.label: len(story.texted)}
    assert view.delivered == len(story.texted) - 2 and view.monthly_budget == 100
    assert view.concerns == []  # every quick-check answer was yes
    path = report_export.write_practice_workbook(view, "Riverside: this year", tmp_path / "practice.xlsx")
    book = load_workbook(path)
    months = book["By month"]
    assert months["A1"].value == "Riverside: this year" and months["A4"].value == "Nov 2026"
    assert months["D5"].value == float(report_export.pounds(december.pence)) and months["E5"].value == 1.0


def test_the_contact_is_coded_for_the_patients_a_text_reached(
    workspace: Workspace, story: Story, tmp_path: Path
) -> None:
    with pytest.raises(CampaignError, match="Choose the SNOMED CT concept"):
        records.export_coding(workspace, story.campaign.id, tmp_path)
    settings = get_settings(workspace)
    update_settings(workspace, replace(settings, coding={Purpose.CALL_TO_ACTION: CONCEPT}))
    result = records.export_coding(workspace, story.campaign.id, tmp_path)
    assert result.patients == len(story.texted) - 2  # not the two whose number is not in use
    csv_lines = result.files[0].read_text(encoding="utf-8-sig").splitlines()
    assert csv_lines[0] == "NHS Number,Date,SNOMED CT Concept ID,Term,Campaign"
    first = csv_lines[1].split(",")
    assert len(first[0]) == 12 and first[2] == CONCEPT.concept and first[3] == CONCEPT.term  # 999 123 4567
    sheet = load_workbook(result.files[1])["Record"]
    assert sheet["B2"].is_date and sheet.max_row == result.patients + 1


def test_personal_data_is_deleted_keeping_counts_costs_and_outcomes(
    workspace: Workspace, story: Story, tmp_path: Path
) -> None:
    surname = workspace.db.execute("SELECT surname FROM patients WHERE nhs_number = ?", [story.texted[5]]).fetchone()[0]
    mobile = workspace.db.execute("SELECT recipient FROM messages LIMIT 1").fetchone()[0]
    path = follow_up(tmp_path, story.texted[:30], [], [])
    file = outcomes.read_follow_up_file(path)
    outcomes.import_outcome(workspace, story.campaign.id, file, file.guessed)  # type: ignore[arg-type]
    before = reports.campaign_report(workspace, story.campaign.id)
    purged = retention.purge_campaign(workspace, story.campaign.id)
    assert purged.campaigns == [story.campaign.id] and purged.cohorts == [story.campaign.cohort_id]
    after = reports.campaign_report(workspace, story.campaign.id)
    assert (after.texts, after.delivered, after.cost_pence, after.failed) == (
        before.texts, before.delivered, before.cost_pence, before.failed
    )  # fmt: skip
    assert after.outcome.texted == before.outcome.texted
    left = workspace.db.execute(
        "SELECT count(*) FROM patients WHERE cohort_id = ? AND (first_name IS NOT NULL OR surname IS NOT NULL OR "
        "mobile IS NOT NULL OR date_of_birth IS NOT NULL OR nhs_number NOT LIKE 'h:%')",
        [story.campaign.cohort_id],
    ).fetchone()[0]
    assert left == 0
    assert workspace.db.execute("SELECT count(*) FROM messages WHERE body != '' OR recipient != ''").fetchone()[0] == 0
    workspace.db.conn.commit()
    raw = workspace.path.read_bytes() + Path(str(workspace.path) + "-wal").read_bytes()
    assert surname.encode() not in raw and mobile.encode() not in raw and story.texted[5].encode() not in raw
    again = outcomes.import_outcome(workspace, story.campaign.id, file, file.guessed)  # type: ignore[arg-type]
    assert again.matched == 30  # still matched, by the keyed hash
    with pytest.raises(CampaignError, match="personal data has been deleted"):
        update_settings(workspace, replace(get_settings(workspace), coding={Purpose.CALL_TO_ACTION: CONCEPT}))
        records.export_coding(workspace, story.campaign.id, tmp_path)


def test_the_retention_period_deletes_what_ended_long_enough_ago(workspace: Workspace, story: Story) -> None:
    ended = campaigns.get(workspace, story.campaign.id).updated_at
    assert ended is not None
    assert retention.apply_retention(workspace, ended + timedelta(days=89)).campaigns == []
    done = retention.apply_retention(workspace, ended + timedelta(days=91))
    assert done.campaigns == [story.campaign.id]
    assert retention.apply_retention(workspace, ended + timedelta(days=200)).campaigns == []  # once


def test_a_running_campaign_is_not_purged_and_a_held_back_group_can_be_texted_later(
    workspace: Workspace, story: Story
) -> None:
    other = ready_campaign(workspace, "Recall")
    approved = approve_and_test(workspace, other.id)
    with pytest.raises(CampaignError, match="cancel the campaign first"):
        retention.purge_campaign(workspace, approved.id)
    released = hold_back.release_held_back(workspace, story.campaign.id)
    assert released.status is CampaignStatus.DRAFT and released.options.hold_back_released
    assert len(campaigns.recipients(workspace, released)) == len(story.texted) + len(story.held_back)
    plan = campaigns.plan(workspace, released)
    assert plan.total_messages == 61  # numbered on from the blocks that went; only the held back are left
    with pytest.raises(CampaignError, match="holds nobody back"):
        hold_back.release_held_back(workspace, approved.id)


def test_a_hold_back_share_is_chosen_on_a_draft_and_its_seed_kept(workspace: Workspace) -> None:
    install_sample_data(workspace)
    draft = ready_campaign(workspace)
    first = hold_back.set_hold_back(workspace, draft.id, Decimal("0.1"))
    seed = first.options.hold_back_seed
    assert len(seed) == 16 and first.options.holding_back
    again = hold_back.set_hold_back(workspace, draft.id, Decimal(0))
    assert again.options.hold_back_seed == seed and not again.options.holding_back
    with pytest.raises(CampaignError, match="between 0% and 50%"):
        hold_back.set_hold_back(workspace, draft.id, Decimal("0.6"))
    recipients = len(campaigns.recipients(workspace, hold_back.set_hold_back(workspace, draft.id, Decimal("0.5"))))
    assert 15 < recipients < 45
